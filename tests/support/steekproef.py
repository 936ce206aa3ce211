"""A population to sample from (the hand-made example plus sixty claim lines), the population as the
source files define it (to check a draw against, engine-free), and filling in a sample's workbook as a
controller does."""

from __future__ import annotations

from pathlib import Path

from stuurwiel.analyses.steekproef.trekking import Post
from stuurwiel.invoer import steekproefwerkmap as w
from tests.support import voorbeeld


def rijen() -> dict[str, list[dict[str, str]]]:
    """The example with sixty more claim lines of allocation 1001 in 2024 (1 to 17 hours each)."""
    r = voorbeeld.variant()
    basis = r["declaraties"][0]
    for i in range(60):
        maand, uren = 1 + i % 6, 1 + (i * 7) % 17
        r["declaraties"].append(dict(basis, referentienummer=f"T{i:03d}", periode_begin=f"2024-{maand:02d}-01",
                                     periode_eind=f"2024-{maand:02d}-28", geleverd_volume=str(uren),
                                     bedrag_cent=str(uren * 9490), declaratiedatum="2024-07-15"))
    return r


def bron(map_: Path) -> Path:
    return voorbeeld.schrijf(map_, rijen())


def posten(jaar: int = 2024) -> list[Post]:
    """The claim-line population as the files define it: debit, not rejected, not credited, in the year."""
    d = rijen()["declaraties"]
    gecrediteerd = {(r["agb_code"], r["vorig_referentienummer"]) for r in d if r["debet_credit"] == "C"}
    return [Post(f"{r['agb_code']}/{r['referentienummer']}", int(r["bedrag_cent"])) for r in d
            if r["debet_credit"] == "D" and r["status"] != "afgewezen" and r["periode_begin"].startswith(str(jaar))
            and (r["agb_code"], r["referentienummer"]) not in gecrediteerd]


def vul_in(werkmap: Path, doel: Path, oordelen: dict[int, tuple[str, float | None]] | None = None,
           standaard: str | None = "goed") -> Path:
    """The workbook with every line judged `standaard`, except the volgnummers in `oordelen`
    (oordeel, juist bedrag in euros)."""
    from openpyxl import load_workbook

    wb = load_workbook(werkmap)
    ws = wb[w.BLAD]
    kop = [c.value for c in ws[1]]
    for rij in range(2, ws.max_row + 1):
        volgnummer = ws.cell(rij, kop.index(w.VOLGNUMMER) + 1).value
        oordeel, juist = (oordelen or {}).get(volgnummer, (standaard, None))
        ws.cell(rij, kop.index(w.OORDEEL) + 1).value = oordeel
        ws.cell(rij, kop.index(w.JUIST) + 1).value = juist
    wb.save(doel)
    return doel


def cel(werkmap: Path, doel: Path, rij: int, kolom: str, waarde, blad: str = w.BLAD) -> Path:
    """The workbook with one cell changed (rij 2 is the first line; on the hidden sheet, by row and column A/B)."""
    from openpyxl import load_workbook

    wb = load_workbook(werkmap)
    ws = wb[blad]
    if blad == w.BLAD:
        kop = [c.value for c in ws[1]]
        ws.cell(rij, kop.index(kolom) + 1).value = waarde
    else:
        ws[f"{kolom}{rij}"].value = waarde
    wb.save(doel)
    return doel
