"""The workbook of a sample: its layout, written by uitvoer/steekproef/werkmap.py, and reading it back
once the file check is done (`stuurwiel steekproef verwerk`).

One sheet `Steekproef` holds a row per drawn line: what a file check needs (pseudonyms only, never a
BSN) and three columns to fill in: oordeel (goed, fout, onzeker), juist bedrag (only with fout) and
toelichting. A very hidden, protected sheet `Trekking` identifies the draw. Reading checks the file
itself; whether it still matches the stored draw is for toepassing/verwerking.py to say.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from stuurwiel.config.invoer import Invoergrenzen
from stuurwiel.invoer import grens
from stuurwiel.invoer.problemen import Afgewezen, Probleem

BLAD, VERBORGEN = "Steekproef", "Trekking"
VOLGNUMMER, SLEUTEL, BEDRAG = "volgnummer", "sleutel", "bedrag (€)"
OORDEEL, JUIST, TOELICHTING = "oordeel", "juist bedrag (€)", "toelichting"
INVULLEN = (OORDEEL, JUIST, TOELICHTING)
OORDELEN = ("goed", "fout", "onzeker")
# the population's columns (analyses.steekproef.populatie.DETAIL) as the workbook heads them
KOPPEN = {"gemeentecode": "gemeente", "agb_code": "aanbieder (AGB)", "aanbieder": "aanbieder",
          "referentienummer": "referentienummer", "toewijzingnummer": "toewijzingnummer",
          "client_id": "cliënt (pseudoniem)", "productcode": "product", "segmentcode": "segment",
          "periode_begin": "periode van", "periode_eind": "periode tot", "ingangsdatum": "ingangsdatum",
          "einddatum": "einddatum", "geleverd_volume": "volume", "volume": "volume", "eenheid": "eenheid",
          "treffers": "treffers"}
WERKMAPGRENZEN = Invoergrenzen(max_bestand_mb=200)  # a sample's workbook of thousands of lines is a few MB
VELDEN = ("trekking_id", "vingerafdruk", "populatie", "methode", "omvang", "zaad")  # the hidden sheet, A1:B6


@dataclass(frozen=True)
class Bevinding:
    regelnummer: int
    volgnummer: int
    sleutel: str
    bedrag_cent: int
    oordeel: str
    juist_cent: int | None
    toelichting: str | None


@dataclass(frozen=True)
class Ingevuld:
    trekking_id: str
    vingerafdruk: str
    bevindingen: list[Bevinding]


def lees(pad: Path) -> Ingevuld:
    """The filled-in workbook; raises Afgewezen with every problem in Dutch."""
    from openpyxl import load_workbook

    naam = pad.name
    geen_werkmap = Afgewezen([Probleem(naam, None, None, "geen Excel-werkmap (.xlsx) van een steekproef")])
    if not zipfile.is_zipfile(pad):
        raise geen_werkmap
    try:
        grens.xlsx_inhoud(pad, WERKMAPGRENZEN)  # a returned file may be a bomb: its parts' sizes first, no DTD
    except grens.Onleesbaar as e:
        raise Afgewezen([Probleem(naam, None, None, str(e))]) from None
    try:
        wb = load_workbook(pad, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise geen_werkmap from None
    if BLAD not in wb.sheetnames or VERBORGEN not in wb.sheetnames:
        raise Afgewezen([Probleem(naam, None, None, "geen werkmap van een Stuurwiel-steekproef (het blad "
                                  f"'{BLAD}' of de identificatie van de trekking ontbreekt)")])
    kenmerk = {str(r[0].value): r[1].value for r in wb[VERBORGEN].iter_rows(max_col=2) if r[0].value}
    if not kenmerk.get("trekking_id"):
        raise Afgewezen([Probleem(naam, None, None, "de identificatie van de trekking ontbreekt of is gewijzigd")])
    ws = wb[BLAD]
    kop = [c.value for c in ws[1]]
    ontbreekt = [k for k in (VOLGNUMMER, SLEUTEL, BEDRAG, *INVULLEN) if k not in kop]
    if ontbreekt:
        raise Afgewezen([Probleem(f"{naam}, blad {BLAD}", k, None, "deze kolom ontbreekt of heeft een andere kop")
                         for k in ontbreekt])
    plek = {k: kop.index(k) for k in (VOLGNUMMER, SLEUTEL, BEDRAG, *INVULLEN)}
    bevindingen, problemen = [], []
    for nummer, rij in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(w is None or w == "" for w in rij):
            continue
        waarden = {k: rij[i] if i < len(rij) else None for k, i in plek.items()}
        bron = f"{naam}, regel {nummer}"
        b = _bevinding(nummer, waarden, bron, problemen)
        if b is not None:
            bevindingen.append(b)
    if problemen:
        raise Afgewezen(problemen)
    return Ingevuld(str(kenmerk["trekking_id"]), str(kenmerk.get("vingerafdruk") or ""), bevindingen)


def _cent(waarde) -> int | None:
    """Euros as Excel holds them (a number, or text a person typed) in eurocent; None when empty."""
    from stuurwiel.begrippen.waarden import lees_getal

    if waarde is None or (isinstance(waarde, str) and not waarde.strip()):
        return None
    getal = waarde if isinstance(waarde, int | float) else lees_getal(str(waarde))
    return round(getal * 100)


def _bevinding(nummer: int, w: dict, bron: str, problemen: list[Probleem]) -> Bevinding | None:
    aantal = len(problemen)
    oordeel = str(w[OORDEEL]).strip().lower() if w[OORDEEL] not in (None, "") else None
    try:
        bedrag, juist = _cent(w[BEDRAG]), _cent(w[JUIST])
    except ValueError:
        problemen.append(Probleem(bron, JUIST, str(w[JUIST]), "geen bedrag in euro's"))
        return None
    if oordeel is None:
        problemen.append(Probleem(bron, OORDEEL, None, "oordeel ontbreekt: vul goed, fout of onzeker in"))
    elif oordeel not in OORDELEN:
        problemen.append(Probleem(bron, OORDEEL, str(w[OORDEEL]), "onbekend oordeel (goed, fout of onzeker)"))
    elif oordeel == "fout" and juist is None:
        problemen.append(Probleem(bron, JUIST, None, "bij oordeel fout hoort het juiste bedrag (0 als niets "
                                  "terecht is gedeclareerd)"))
    elif oordeel != "fout" and juist is not None:
        problemen.append(Probleem(bron, JUIST, str(w[JUIST]), f"bij oordeel {oordeel} hoort geen juist bedrag; "
                                  "alleen bij fout"))
    elif oordeel == "fout" and juist == bedrag:
        problemen.append(Probleem(bron, JUIST, str(w[JUIST]), "oordeel fout, maar het juiste bedrag is het bedrag "
                                  "zelf"))
    if juist is not None and juist < 0:
        problemen.append(Probleem(bron, JUIST, str(w[JUIST]), "een juist bedrag is niet negatief"))
    if not isinstance(w[VOLGNUMMER], int) or bedrag is None or not w[SLEUTEL]:
        problemen.append(Probleem(bron, None, None, "volgnummer, sleutel of bedrag ontbreekt of is gewijzigd"))
    if len(problemen) > aantal:
        return None
    toelichting = str(w[TOELICHTING]).strip() if w[TOELICHTING] not in (None, "") else None
    return Bevinding(nummer, w[VOLGNUMMER], str(w[SLEUTEL]), bedrag, oordeel, juist, toelichting)
