"""A table for people who work in Excel: the columns people see, with their headers; amounts in
euros, shares in percent, a suppressed figure as its sign ("<8").

- `csv_nl`: what Dutch Excel opens with a double click: semicolons, a decimal comma, UTF-8 with BOM;
- `xlsx`: a workbook with a sheet per table, numbers as numbers with a number format.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel
from stuurwiel.uitvoer.weergave import machine

EURO, PROCENT = '"€" #,##0', '0.0"%"'
# unit -> Excel number format; the units not here are text
NOTATIE = {"aantal": "#,##0", "dagen": "#,##0", "index": "#,##0", "eurocent": EURO, "euro": EURO, "procent": PROCENT,
           "fractie": PROCENT, "procentverschil": '+0.0"%";-0.0"%";0.0"%"', "per_1000": "#,##0.0",
           "getal": "#,##0.0", "cijfer": "0.0", "datum": "dd-mm-yyyy"}
OMREKENING = {"eurocent": 0.01, "fractie": 100}  # to euros and to percent: what people read
KOPTOEVOEGING = {"eurocent": " (euro)", "euro": " (euro)", "fractie": " (%)"}  # the unit, where the header lacks it
DECIMALEN_CSV = {"eurocent": 2, "euro": 2}  # decimals a CSV writes of these units (cents); of others four


def kop(k: Kolom) -> str:
    return (k.kop or k.naam) + KOPTOEVOEGING.get(k.eenheid, "")


def waarde(c: Cel, verborgen: str) -> Any:
    """The value as exported for people: euros, percentages, the suppression sign."""
    if c.onderdrukt:
        return notatie.onderdrukt_als(c.eenheid, verborgen)
    if isinstance(c.waarde, dt.date):
        return c.waarde
    w = machine.waarde(c)
    return w * OMREKENING[c.eenheid] if w is not None and c.eenheid in OMREKENING else w


def csv_nl(tabel: Tabel) -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    zichtbaar = tabel.voor_mensen
    schrijver.writerow([kop(tabel.kolommen[i]) for i in zichtbaar])
    for rij in tabel.rijen:
        schrijver.writerow([_nl(waarde(rij[i], tabel.verborgen), rij[i].eenheid) for i in zichtbaar])
    return buffer.getvalue().encode("utf-8-sig")


def _nl(w: Any, eenheid: str) -> str:
    """A value as Dutch Excel reads it: a decimal comma, no more decimals than are worth reading."""
    if w is None:
        return ""
    if isinstance(w, float):
        return repr(round(w, DECIMALEN_CSV.get(eenheid, 4))).replace(".", ",")
    if isinstance(w, dt.date):
        return f"{w:%d-%m-%Y}"
    return str(w)


def bladnaam(titel: str, bestaand: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique in the workbook."""
    naam = re.sub(r"[\[\]:*?/\\]", " ", titel).strip()[:31] or "tabel"
    basis, i = naam, 2
    while naam in bestaand:
        naam = f"{basis[:28]} {i}"
        i += 1
    return naam


def werkblad(ws, tabel: Tabel, boven: list[str] | None = None) -> None:
    """Write `tabel` on a sheet: with `boven`, its title and those lines above it (a report's
    sheet); without, the header on the first row, frozen, with a filter (an export to work with)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    zichtbaar = tabel.voor_mensen
    if boven is not None:
        for i, regel in enumerate([tabel.titel, *boven]):
            ws.append([regel])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12) if i == 0 else Font(italic=True)
        ws.append([])
    ws.append([kop(tabel.kolommen[i]) for i in zichtbaar])
    kopregel = ws.max_row
    for kolom in range(1, len(zichtbaar) + 1):
        ws.cell(row=kopregel, column=kolom).font = Font(bold=True)
    for rij in tabel.rijen:
        ws.append([waarde(rij[i], tabel.verborgen) for i in zichtbaar])
        for j, i in enumerate(zichtbaar, start=1):
            c = ws.cell(row=ws.max_row, column=j)
            if rij[i].eenheid in NOTATIE and not rij[i].onderdrukt:
                c.number_format = NOTATIE[rij[i].eenheid]
            if tabel.kolommen[i].numeriek:
                c.alignment = Alignment(horizontal="right")
    if boven is None:  # set after the rows: asking a cell of an empty row would make the row
        ws.freeze_panes = f"A{kopregel + 1}"
        ws.auto_filter.ref = f"A{kopregel}:{get_column_letter(len(zichtbaar))}{ws.max_row}"
    for j, i in enumerate(zichtbaar, start=1):
        langste = max([len(kop(tabel.kolommen[i]))] + [len(str(ws.cell(row=r, column=j).value or ""))
                                                     for r in range(ws.max_row - len(tabel.rijen) + 1, ws.max_row + 1)])
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(50, langste + 2))
    if boven is not None:
        for opmerking in tabel.opmerkingen:
            ws.append([])
            ws.append([opmerking])


def xlsx(tabellen: list[Tabel]) -> bytes:
    """A workbook with one sheet per table to work with, and a last sheet saying what each is."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for t in tabellen:
        werkblad(wb.create_sheet(bladnaam(t.titel, set(wb.sheetnames))), t)
    over = wb.create_sheet("Over deze tabellen")
    for t in tabellen:
        over.append([t.titel])
        over.cell(row=over.max_row, column=1).font = Font(bold=True)
        for regel in (t.uitleg, *t.opmerkingen):
            if regel:
                over.append([regel])
        over.append([])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
