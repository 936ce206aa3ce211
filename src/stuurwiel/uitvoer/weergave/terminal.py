"""A table in the terminal: Dutch headers and notation, the explanation under it, its notes after it.

A figure is never cut short: a table wider than the terminal is printed in blocks of columns, each
repeating the columns that name the row, as a spreadsheet user would freeze them.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from stuurwiel.begrippen.notatie import waarde
from stuurwiel.begrippen.tabel import Kolom, Tabel

LANGSTE_TEKST = 30  # a text column wraps between words beyond this width
RAND = 3  # per column: a space either side and a border line


def toon(tabel: Tabel, console: Console) -> None:
    zichtbaar = [tabel.kolommen[i] for i in tabel.voor_mensen]
    teksten = [[waarde(rij[i].waarde, rij[i].eenheid, rij[i].onderdrukt, tabel.verborgen,
                       tabel.kolommen[i].decimalen) for i in tabel.voor_mensen] for rij in tabel.rijen]
    smal = [_breedte(k, [r[j] for r in teksten], False) for j, k in enumerate(zichtbaar)]
    ruim = [_breedte(k, [r[j] for r in teksten], True) for j, k in enumerate(zichtbaar)]
    blokken = _blokken(smal, _vaste_kolommen(zichtbaar), console.width)
    for n, blok in enumerate(blokken):
        breedtes = ruim if _past([ruim[j] for j in blok], console.width) else smal
        rich = Table(title=tabel.titel + (" (vervolg)" if n else ""),
                     caption=(tabel.uitleg or None) if n == len(blokken) - 1 else None)
        for j in blok:
            k = zichtbaar[j]
            rich.add_column(k.kop, justify="right" if k.numeriek else "left", width=breedtes[j], overflow="fold")
        for r in teksten:
            rich.add_row(*(r[j] for j in blok))
        console.print(rich)
    for opmerking in tabel.opmerkingen:
        console.print(opmerking, highlight=False, markup=False, soft_wrap=True)


def _breedte(kolom: Kolom, teksten: list[str], ruim: bool) -> int:
    """A column's width: every figure whole, a text up to LANGSTE_TEKST, and the header on one line
    (`ruim`) or its longest word (narrow: headers and longer texts wrap between words)."""
    breedste = max((len(t) for t in teksten), default=0)
    kop = len(kolom.kop or "") if ruim else max((len(w) for w in (kolom.kop or "").split()), default=0)
    return max(breedste if kolom.numeriek else min(breedste, LANGSTE_TEKST), kop, 1)


def _past(breedtes: list[int], ruimte: int) -> bool:
    return 1 + sum(b + RAND for b in breedtes) <= ruimte


def _vaste_kolommen(kolommen: list[Kolom]) -> int:
    """How many columns name the row (the leading texts and codes, at least one): repeated in every block."""
    return next((j for j, k in enumerate(kolommen) if k.numeriek and j > 0), len(kolommen))


def _blokken(breedtes: list[int], vast: int, ruimte: int) -> list[list[int]]:
    """The columns in blocks that fit `ruimte` characters, the `vast` first columns in every block."""
    blokken: list[list[int]] = []
    for j in range(vast, len(breedtes)):
        if not blokken or not _past([breedtes[i] for i in blokken[-1]] + [breedtes[j]], ruimte):
            blokken.append(list(range(vast)))
        blokken[-1].append(j)
    return blokken or [list(range(len(breedtes)))]
