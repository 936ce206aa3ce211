"""The workbook of a drawn sample (layout in invoer/steekproefwerkmap.py): the lines to check,
the columns to fill in with data validation, the rest protected, and the draw's identification on a
very hidden sheet, so `stuurwiel steekproef verwerk` knows which draw a returned file belongs to."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from stuurwiel.begrippen import notatie
from stuurwiel.invoer import steekproefwerkmap as w
from stuurwiel.toepassing.trekkingen import Trekking
from stuurwiel.uitvoer.weergave import veilig

SLOT = "stuurwiel"  # the sheet protection's password: a guard against slips, not a secret


def werkmap(t: Trekking, regels: pd.DataFrame, aanbieders: dict[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    regels = regels.assign(aanbieder=regels.agb_code.map(lambda c: aanbieders.get(c, c)))
    detail = [k for k in w.KOPPEN if k in regels.columns and k != "treffers"]
    kolommen = [w.VOLGNUMMER, w.SLEUTEL, *(w.KOPPEN[k] for k in detail), w.BEDRAG]
    if t.methode == "mus":
        kolommen.append(w.KOPPEN["treffers"])
    kolommen += list(w.INVULLEN)
    wb = Workbook()
    ws = wb.active
    ws.title = w.BLAD
    ws.append(kolommen)
    for _, r in regels.iterrows():
        rij = [int(r.volgnummer), r.sleutel, *(_waarde(r[k]) for k in detail), r.bedrag_cent / 100]
        if t.methode == "mus":
            rij.append(int(r.treffers))
        ws.append([*rij, None, None, None])
    laatste, n = len(kolommen), len(regels) + 1
    invul = PatternFill("solid", fgColor="FFF2CC")
    for rij in range(2, n + 1):
        for kolom in range(laatste - 2, laatste + 1):
            cel = ws.cell(rij, kolom)
            cel.protection, cel.fill = Protection(locked=False), invul
    oordeel = DataValidation(type="list", formula1=f'"{",".join(w.OORDELEN)}"', allow_blank=True,
                             showErrorMessage=True, errorTitle="Oordeel", error="Kies goed, fout of onzeker.")
    juist = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="Juist bedrag",
                           error="Een bedrag in euro's, 0 of meer; alleen bij oordeel fout.")
    letter = ws.cell(1, laatste - 2).column_letter, ws.cell(1, laatste - 1).column_letter
    oordeel.add(f"{letter[0]}2:{letter[0]}{n}")
    juist.add(f"{letter[1]}2:{letter[1]}{n}")
    ws.add_data_validation(oordeel)
    ws.add_data_validation(juist)
    for cel in ws[1]:
        cel.font = Font(bold=True)
    bedrag = kolommen.index(w.BEDRAG) + 1
    for rij in ws.iter_rows(min_row=2, min_col=bedrag, max_col=bedrag):
        rij[0].number_format = '"€" #,##0.00'
    for rij in ws.iter_rows(min_row=2, min_col=laatste - 1, max_col=laatste - 1):
        rij[0].number_format = '"€" #,##0.00'
    for rij in ws.iter_rows(min_row=2):
        for cel in rij:
            if isinstance(cel.value, dt.date):
                cel.number_format = "DD-MM-YYYY"
    for i, k in enumerate(kolommen, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(12, len(k) + 2)
    ws.column_dimensions[ws.cell(1, laatste).column_letter].width = 50
    ws.freeze_panes = "C2"
    ws.protection.set_password(SLOT)
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.auto_filter.ref = f"A1:{ws.cell(1, laatste).column_letter}{n}"
    _uitleg(wb.create_sheet("Uitleg"), t)
    _kenmerk(wb.create_sheet(w.VERBORGEN), t)
    return veilig.bewaar(wb)


def _waarde(x):
    if x is None or (isinstance(x, float) and x != x) or type(x).__name__ == "NaTType":
        return None
    if isinstance(x, pd.Timestamp):
        return x.date()
    if hasattr(x, "item"):
        return x.item()
    return x


def _uitleg(ws, t: Trekking) -> None:
    regels = [
        f"Steekproef {t.trekking_id}",
        f"Populatie: {t.populatiedefinitie.omschrijving()}: {notatie.aantal(t.populatie_aantal, 'post', 'posten')}, "
        f"{notatie.euro(t.populatie_cent)}",
        f"Methode: {t.methode}, omvang {t.omvang}, zaad {t.zaad}, risico {notatie.getal(t.risico_pct, 1)} %",
        f"Getrokken door {t.getrokken_door} op {notatie.datum(t.getrokken_op.date())}",
        "",
        "Vul per regel in: oordeel (goed, fout of onzeker); bij fout het juiste bedrag (0 als niets terecht is "
        "gedeclareerd); een toelichting waar dat helpt.",
        "Wijzig niets anders: Stuurwiel controleert bij het verwerken of volgnummer, sleutel en bedrag nog die van "
        "de trekking zijn.",
        "Verwerken: stuurwiel steekproef verwerk BESTAND.xlsx (of op de pagina Steekproeven).",
        f"Vingerafdruk van de populatie: {t.vingerafdruk}",
    ]
    for regel in regels:
        ws.append([regel])
    ws.column_dimensions["A"].width = 120
    ws.protection.sheet = True


def _kenmerk(ws, t: Trekking) -> None:
    for veld in w.VELDEN:
        ws.append([veld, getattr(t, veld)])
    ws.append(["geschreven_op", dt.datetime.now().replace(microsecond=0)])
    ws.sheet_state = "veryHidden"
    ws.protection.set_password(SLOT)
    ws.protection.sheet = True
