"""A table in the terminal: Dutch headers and notation, the explanation under it, its notes after it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from stuurwiel.begrippen.notatie import waarde
from stuurwiel.begrippen.tabel import Tabel

SMALSTE_TEKSTKOLOM = 14  # a text column is never squeezed below this (names stay readable)


def toon(tabel: Tabel, console: Console) -> None:
    rich = Table(title=tabel.titel, caption=tabel.uitleg or None)
    zichtbaar = tabel.voor_mensen
    teksten = [[waarde(rij[i].waarde, rij[i].eenheid, rij[i].onderdrukt, tabel.verborgen,
                       tabel.kolommen[i].decimalen) for i in zichtbaar] for rij in tabel.rijen]
    for j, i in enumerate(zichtbaar):
        k = tabel.kolommen[i]
        breedste = max((len(r[j]) for r in teksten), default=0)
        rich.add_column(k.kop, justify="right" if k.numeriek else "left", no_wrap=k.numeriek,
                        min_width=None if k.numeriek else min(breedste, SMALSTE_TEKSTKOLOM))
    for r in teksten:
        rich.add_row(*r)
    console.print(rich)
    for opmerking in tabel.opmerkingen:
        console.print(opmerking, highlight=False, markup=False, soft_wrap=True)
