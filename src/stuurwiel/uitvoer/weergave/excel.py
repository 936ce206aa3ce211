"""A table for people who work in Excel: the columns people see, with their headers; amounts in
euros, shares as percentages, a suppressed figure as its sign ("<8", "–*") with the footnote under
the table.

- `csv_nl`: what Dutch Excel opens with a double click: semicolons, a decimal comma, UTF-8 with BOM,
  euros with cents, percentages as numbers of percent ("(%)" in the header), counts as whole numbers;
- `xlsx`: a workbook with a sheet per table, numbers as numbers with a number format per unit
  (`getalformaat`): euros, real Excel percentages, counts without decimals.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel
from stuurwiel.uitvoer.weergave import machine, veilig

# unit -> Excel number format, {d} standing for the decimals; units not here are text
FORMATEN = {"aantal": "#,##0{d}", "dagen": "#,##0{d}", "index": "#,##0{d}", "per_1000": "#,##0{d}",
            "getal": "#,##0{d}", "cijfer": "0{d}", "eurocent": '"€" #,##0{d}', "euro": '"€" #,##0{d}',
            "procent": "0{d}%", "fractie": "0{d}%", "procentverschil": "+0{d}%;-0{d}%;0{d}%"}
DECIMALEN = {"per_1000": 1, "cijfer": 1, "procent": 1, "fractie": 1, "procentverschil": 1, "getal": 2}  # else 0
DATUM = "dd-mm-yyyy"
NAAR_XLSX = {"eurocent": 0.01, "procent": 0.01, "procentverschil": 0.01}  # to euros; to Excel's fractions for %
NAAR_CSV = {"eurocent": 0.01, "fractie": 100}  # to euros; to numbers of percent
KOPTOEVOEGING = {"eurocent": " (euro)", "euro": " (euro)", "fractie": " (%)", "procent": " (%)",
                 "procentverschil": " (%)"}  # the unit, where the header lacks it
GELD = {"eurocent", "euro"}  # a CSV writes cents: the sum of a column is exact
KOPBREEDTE = 24  # a header wraps between words beyond this width; a text column, beyond BREEDST
BREEDST = 60


def kop(k: Kolom) -> str:
    return (k.kop or k.naam) + KOPTOEVOEGING.get(k.eenheid, "")


def decimalen(c: Cel, k: Kolom) -> int:
    """The decimals people read of a cell: the column's own choice, else its unit's."""
    if k.decimalen is not None and c.eenheid == k.eenheid:
        return k.decimalen
    return DECIMALEN.get(c.eenheid, 0)


def getalformaat(eenheid: str, decimalen_: int | None = None) -> str | None:
    """The Excel number format of a unit (None: text)."""
    if eenheid == "datum":
        return DATUM
    if eenheid not in FORMATEN:
        return None
    d = DECIMALEN.get(eenheid, 0) if decimalen_ is None else decimalen_
    return FORMATEN[eenheid].format(d="." + "0" * d if d else "")


def waarde(c: Cel, verborgen: str) -> Any:
    """The value as a workbook holds it: euros, fractions for percentages, whole counts, the suppression sign."""
    if c.onderdrukt:
        return notatie.onderdrukt_als(c.eenheid, verborgen, c.reden)
    if isinstance(c.waarde, dt.date):
        return c.waarde
    if c.eenheid == "ja_nee":
        return None if c.waarde is None else notatie.waarde(c.waarde, "ja_nee")
    w = machine.waarde(c)
    if not isinstance(w, int | float) or isinstance(w, bool):
        return w
    w = w * NAAR_XLSX.get(c.eenheid, 1)
    if c.eenheid in GELD:
        return round(w, 2)  # to the cent: what is below it is noise of a computation
    return int(w) if isinstance(w, float) and w.is_integer() and not DECIMALEN.get(c.eenheid) else w


def csv_nl(tabel: Tabel) -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    zichtbaar = tabel.voor_mensen
    schrijver.writerow([veilig.csv_tekst(kop(tabel.kolommen[i])) for i in zichtbaar])
    for rij in tabel.rijen:
        schrijver.writerow([_nl(rij[i], tabel.kolommen[i], tabel.verborgen) for i in zichtbaar])
    return buffer.getvalue().encode("utf-8-sig")


def _nl(c: Cel, k: Kolom, verborgen: str) -> str:
    """A value as Dutch Excel reads it: a decimal comma, as many decimals as people read (cents of euros)."""
    if c.onderdrukt:
        return notatie.onderdrukt_als(c.eenheid, verborgen, c.reden)
    if isinstance(c.waarde, dt.date):
        return f"{c.waarde:%d-%m-%Y}"
    if c.eenheid == "ja_nee":
        return "" if c.waarde is None else notatie.waarde(c.waarde, "ja_nee")
    w = machine.waarde(c)
    if w is None:
        return ""
    if isinstance(w, str):
        return veilig.csv_tekst(w)
    if isinstance(w, float) and c.eenheid not in FORMATEN:
        return repr(w).replace(".", ",")  # one decimal separator in the whole file
    if not isinstance(w, int | float) or c.eenheid not in FORMATEN:
        return str(w)
    d = 2 if c.eenheid in GELD else decimalen(c, k)
    afgerond = round(w * NAAR_CSV.get(c.eenheid, 1), d) or 0  # no "-0,0"
    return f"{afgerond:.{d}f}".replace(".", ",")


def bladnaam(titel: str, bestaand: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters cut between words, unique in the
    workbook (Excel compares sheet names without case)."""
    naam = " ".join(re.sub(r"[\[\]:*?/\\]", " ", titel).split()).strip("'") or "tabel"
    gebruikt = {b.lower() for b in bestaand}
    kandidaat, i = _kort(naam, 31), 2
    while kandidaat.lower() in gebruikt:
        achter = f" ({i})"
        kandidaat, i = _kort(naam, 31 - len(achter)) + achter, i + 1
    return kandidaat


def _kort(tekst: str, lengte: int) -> str:
    """At most `lengte` characters, cut at the last space that fits (a word longer than that is cut)."""
    if len(tekst) <= lengte:
        return tekst
    deel = tekst[:lengte + 1].rsplit(" ", 1)[0] if " " in tekst[:lengte + 1] else tekst[:lengte]
    return deel.rstrip(" ,;–-(") or tekst[:lengte]


def werkblad(ws, tabel: Tabel, boven: list[str] | None = None) -> None:
    """Write `tabel` on a sheet to work with: the header frozen and with a filter, every number in its
    unit's format, columns as wide as what they show, the footnote under the table. With `boven`
    (a report's sheet): the title and those lines above the table, its notes under it."""
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
    for rij in tabel.rijen:
        ws.append([waarde(rij[i], tabel.verborgen) for i in zichtbaar])
    laatste = kopregel + len(tabel.rijen)
    for j, i in enumerate(zichtbaar, start=1):
        k = tabel.kolommen[i]
        kopcel = ws.cell(row=kopregel, column=j)
        kopcel.font, kopcel.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        breedte = max([len(w) for w in kopcel.value.split()] + [min(len(kopcel.value), KOPBREEDTE)])
        for r, rij in enumerate(tabel.rijen, start=kopregel + 1):
            c, xl = rij[i], ws.cell(row=r, column=j)
            formaat = None if c.onderdrukt else getalformaat(c.eenheid, decimalen(c, k))
            if formaat and xl.value is not None:
                xl.number_format = formaat
            breedte = max(breedte, _breedte(xl.value, formaat))
            if k.numeriek:
                xl.alignment = Alignment(horizontal="right")
            elif isinstance(xl.value, str) and len(xl.value) > BREEDST:
                xl.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = min(BREEDST, max(8, breedte + 2))
    onder = [tabel.voetnoot] if tabel.voetnoot else []
    for regel in onder + (tabel.opmerkingen if boven is not None else []):
        ws.append([])
        ws.append([regel])
        ws.cell(row=ws.max_row, column=1).font = Font(italic=True)
    # set last: asking a cell of a row that is not there yet would make the row
    ws.freeze_panes = f"A{kopregel + 1}"
    ws.auto_filter.ref = f"A{kopregel}:{get_column_letter(max(1, len(zichtbaar)))}{laatste}"


def _breedte(w: Any, formaat: str | None) -> int:
    """About how many characters Excel shows of a value in its format."""
    if isinstance(w, dt.date):
        return 10
    if isinstance(w, bool) or not isinstance(w, int | float):
        return len(str(w or ""))
    eerste = (formaat or "0").split(";")[0]
    d = len(eerste.split(".")[1].rstrip('%"')) if "." in eerste else 0
    tekst = f"{w * (100 if '%' in eerste else 1):,.{d}f}"
    return len(tekst) + ("€" in eerste) * 2 + ("%" in eerste) + ("+" in eerste)


def xlsx(tabellen: list[Tabel]) -> bytes:
    """A workbook with one sheet per table to work with, and a last sheet saying what each is."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for t in tabellen:
        werkblad(wb.create_sheet(bladnaam(t.titel, set(wb.sheetnames))), t)
    over = wb.create_sheet(bladnaam("Over deze tabellen", set(wb.sheetnames)))
    for t in tabellen:
        over.append([t.titel])
        over.cell(row=over.max_row, column=1).font = Font(bold=True)
        for regel in (t.uitleg, *t.opmerkingen, t.voetnoot):
            if regel:
                over.append([regel])
                over.cell(row=over.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        over.append([])
    over.column_dimensions["A"].width = 100
    return veilig.bewaar(wb)
