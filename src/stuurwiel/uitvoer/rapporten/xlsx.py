"""The tables behind every chart as an Excel workbook: one sheet per table, real numbers with
Dutch-readable number formats (euros, percentages), the key figures first, sources last."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from stuurwiel.uitvoer import notatie
from stuurwiel.uitvoer.rapporten.html import voet
from stuurwiel.uitvoer.rapporten.model import Cel, Rapport, Tabel

# unit -> (factor from the catalogue's value to the cell's, Excel number format)
FORMATEN = {
    "aantal": (1, "#,##0"),
    "eurocent": (0.01, '"€" #,##0'),
    "procent": (0.01, "0.0%"),
    "per_1000": (1, "#,##0.0"),
    "dagen": (1, "#,##0"),
    "cijfer": (1, "0.0"),
    "index": (1, "#,##0"),
}
VET = Font(bold=True)
RECHTS = Alignment(horizontal="right")


def celwaarde(c: Cel | None, verborgen: str) -> tuple[object, str | None]:
    """What the cell holds: the number in the sheet's unit with its format, or the text shown."""
    if c is None or (c.waarde is None and not c.onderdrukt):
        return None, None
    if c.onderdrukt:
        return verborgen, None
    factor, formaat = FORMATEN[c.eenheid]
    return c.waarde * factor, formaat


def _blad(wb: Workbook, titel: str):
    naam = re.sub(r"[\[\]:*?/\\]", "", titel)[:31]
    bestaand = set(wb.sheetnames)
    basis, i = naam, 2
    while naam in bestaand:
        naam = f"{basis[:28]} {i}"
        i += 1
    return wb.create_sheet(naam)


def _schrijf_tabel(ws, t: Tabel, verborgen: str, start: int = 3) -> None:
    ws.append([t.titel])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(t.kopjes)
    for kolom in range(1, len(t.kopjes) + 1):
        ws.cell(row=start, column=kolom).font = VET
    for rij in t.rijen:
        ws.append([rij[0]])
        r = ws.max_row
        for j, c in enumerate(rij[1:], start=2):
            waarde, formaat = celwaarde(c, verborgen)
            cel = ws.cell(row=r, column=j, value=waarde)
            if formaat:
                cel.number_format = formaat
            cel.alignment = RECHTS
    ws.column_dimensions["A"].width = max(12, min(50, max(len(str(r[0])) for r in t.rijen) + 2) if t.rijen else 12)
    for kolom in range(2, len(t.kopjes) + 1):
        ws.column_dimensions[get_column_letter(kolom)].width = max(12, min(30, len(t.kopjes[kolom - 1]) + 2))


def xlsx(r: Rapport, pad: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kerncijfers"
    ws.append([f"{r.titel} – {r.ondertitel}"])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([r.waarschuwing])
    kop = ["kerncijfer", "waarde", *[label for label, _ in r.kerncijfers[0].vergelijkingen], "lezing", "toelichting"]
    ws.append(kop)
    for kolom in range(1, len(kop) + 1):
        ws.cell(row=3, column=kolom).font = VET
    for k in r.kerncijfers:
        ws.append([k.label])
        rij = ws.max_row
        for j, c in enumerate([k.cel, *(c for _, c in k.vergelijkingen)], start=2):
            waarde, formaat = celwaarde(c, r.verborgen)
            cel = ws.cell(row=rij, column=j, value=waarde)
            if formaat:
                cel.number_format = formaat
        ws.cell(row=rij, column=2 + 1 + len(k.vergelijkingen), value=k.lezing)
        ws.cell(row=rij, column=3 + 1 + len(k.vergelijkingen), value=" ".join(t.kort for t in k.toelichtingen) or None)
    ws.column_dimensions["A"].width = 40
    for o in r.onderdelen:
        _schrijf_tabel(_blad(wb, o.tabel.titel), o.tabel, r.verborgen)
        blad = wb.worksheets[-1]
        for t in o.toelichtingen:
            blad.append([])
            blad.append([f"Toelichting: {t}"])
    bronnen = wb.create_sheet("Bronnen")
    bronnen.append(["Bronnen en definities"])
    bronnen["A1"].font = Font(bold=True, size=12)
    bronnen.append([" · ".join(voet(r))])
    bronnen.append([f"Gegevens t/m {notatie.datum(r.herkomst.stand)}"])
    for lading in r.herkomst.ladingen:
        bronnen.append([f"Lading {lading.batch_id} ({lading.soort}), geladen {notatie.datum(lading.geladen_op.date())}",
                        ", ".join(lading.bestanden)])
    for b in r.herkomst.bevolking:
        bronnen.append(["Jeugdigen 0-17 en inwoners", b])
    bronnen.append([])
    bronnen.append(["maat", "naam", "definitie"])
    for m in r.maten:
        bronnen.append([m.naam, m.label, m.definitie])
    bronnen.column_dimensions["A"].width = 40
    wb.save(pad)
