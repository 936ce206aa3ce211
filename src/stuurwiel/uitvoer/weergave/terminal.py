"""A table in the terminal: Dutch headers and notation, the explanation under it, its notes after it.

A figure is never cut short: a table wider than the terminal is printed in blocks of columns, each
repeating the columns that name the row, as a spreadsheet user would freeze them; rows of long
texts that no table fits (the catalogue's definitions) are printed as one card per row.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from stuurwiel.begrippen.notatie import waarde
from stuurwiel.begrippen.tabel import Kolom, Tabel

LANGSTE_TEKST = 30  # a text column wraps between words beyond this width
RAND = 3  # per column: a space either side and a border line


def toon(tabel: Tabel, console: Console) -> None:
    zichtbaar = [tabel.kolommen[i] for i in tabel.voor_mensen]
    schaal = {i: tabel.euroschaal(i) for i in tabel.voor_mensen}
    teksten = [[waarde(rij[i].waarde, rij[i].eenheid, rij[i].onderdrukt, tabel.verborgen,
                       tabel.kolommen[i].decimalen, schaal[i], rij[i].reden) for i in tabel.voor_mensen]
               for rij in tabel.rijen]
    smal = [_breedte(k, [r[j] for r in teksten], False) for j, k in enumerate(zichtbaar)]
    vast = _vaste_kolommen(zichtbaar)
    if vast < len(zichtbaar) and _past(smal[:vast + 1], console.width) or _past(smal, console.width):
        _als_tabel(tabel, zichtbaar, teksten, smal, vast, console)
    else:
        _als_kaarten(tabel, zichtbaar, teksten, console)
    for opmerking in tabel.opmerkingen:
        console.print(opmerking, highlight=False, markup=False, soft_wrap=True)


def _als_tabel(tabel: Tabel, zichtbaar: list[Kolom], teksten: list[list[str]], smal: list[int], vast: int,
               console: Console) -> None:
    ruim = [_breedte(k, [r[j] for r in teksten], True) for j, k in enumerate(zichtbaar)]
    blokken = _blokken(smal, vast, console.width)
    for n, blok in enumerate(blokken):
        breedtes = ruim if _past([ruim[j] for j in blok], console.width) else smal
        onder = "\n".join(d for d in (tabel.uitleg, tabel.voetnoot) if d)
        rich = Table(title=tabel.titel + (" (vervolg)" if n else ""),
                     caption=(onder or None) if n == len(blokken) - 1 else None)
        for j in blok:
            k = zichtbaar[j]
            rich.add_column(k.kop, justify="right" if k.numeriek else "left", width=breedtes[j], overflow="fold")
        for r in teksten:
            rich.add_row(*(r[j] for j in blok))
        console.print(rich)


def _als_kaarten(tabel: Tabel, zichtbaar: list[Kolom], teksten: list[list[str]], console: Console) -> None:
    """Rows of long texts that no table fits: one card per row, its first column as the heading and
    every other column as 'header  value' beneath (as psql's expanded display)."""
    console.print(Text(tabel.titel, style="bold"))
    kop = max((len(k.kop or "") for k in zichtbaar[1:]), default=0)
    for r in teksten:
        console.print()
        console.print(Text(r[0], style="bold"))
        kaart = Table.grid(padding=(0, 2))
        kaart.add_column(width=kop, style="dim")
        kaart.add_column(overflow="fold")
        for k, t in zip(zichtbaar[1:], r[1:], strict=True):
            kaart.add_row(k.kop or "", t)
        console.print(kaart)
    for onder in (tabel.uitleg, tabel.voetnoot):
        if onder:
            console.print()
            console.print(onder, highlight=False, markup=False)


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
