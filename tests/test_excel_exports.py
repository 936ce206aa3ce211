"""Excel-ready on the small synthetic region: every dashboard export (`/export/{pagina}/{index}.xlsx`
and `.csv`, logged in over HTTP) and the report workbooks that `stuurwiel rapport` writes, opened
with openpyxl: number formats per unit, whole counts, euros to the cent, real percentages, the
frozen header with its filter, widths, sheet names, the suppression signs with their footnote,
and the key figures each under their own header."""

from __future__ import annotations

import datetime as dt
import io
import re

import lxml.html
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from stuurwiel.begrippen import notatie
from stuurwiel.web.app import maak_app
from tests.support.helpers import cli
from tests.support.webregio import gestart, gevulde_regio, inloggen, kopie

PAGINAS = ["/", "/gemeente", "/segmenten", "/aanbieders", "/toegang", "/kosten"]
GETAL = {"#,##0": r"-?\d+", "#,##0.0": r"-?\d+,\d", "0.0": r"-?\d+,\d"}  # format -> its CSV value
EURO, PROCENT = '"€" #,##0', "0.0%"
ONDERDRUKT = ("<8", notatie.ONDERDRUKT)


@pytest.fixture(scope="module")
def regio(tmp_path_factory):
    with gevulde_regio(tmp_path_factory.mktemp("excel")) as pad:
        yield pad


@pytest.fixture(scope="module")
def exports(regio, tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """Every export of every page, as the regional analyst downloads them: link -> format -> content."""
    with gestart(maak_app(kopie(regio, tmp_path_factory.mktemp("web")), voorberekenen=False)) as c:
        assert inloggen(c, "regio").status_code == 303
        uit: dict[str, dict[str, bytes]] = {}
        for pad in PAGINAS:
            pagina = c.get(pad)
            assert pagina.status_code == 200, pad
            for link in lxml.html.fromstring(pagina.text).xpath("//p[@class='export']/a/@href"):
                r = c.get(link)
                assert r.status_code == 200, link
                basis, formaat = link.split("?")[0].rsplit(".", 1)
                uit.setdefault(basis, {})[formaat] = r.content
    return uit


def _tabel(ws, kopregel: int) -> tuple[list[str], list[tuple], int]:
    """The header, the rows of the table (up to the first empty row) and its last row."""
    koppen = [c.value for c in ws[kopregel]]
    rijen = []
    for rij in ws.iter_rows(min_row=kopregel + 1):
        if all(c.value is None for c in rij):
            break
        rijen.append(rij)
    return koppen, rijen, kopregel + len(rijen)


def _klaar_om_mee_te_werken(ws, kopregel: int, titel: str) -> set[str]:
    """The checks every table sheet passes; returns the number formats seen."""
    koppen, rijen, laatste = _tabel(ws, kopregel)
    assert ws.freeze_panes == f"A{kopregel + 1}", titel
    assert ws.auto_filter.ref == f"A{kopregel}:{get_column_letter(len(koppen))}{laatste}", titel
    assert all(c.font.bold for c in ws[kopregel]), titel
    for j, kop in enumerate(koppen, start=1):
        breedte = ws.column_dimensions[get_column_letter(j)].width
        assert breedte >= 8 and breedte >= max((len(str(r[j - 1].value)) for r in rijen if isinstance(
            r[j - 1].value, str) and len(r[j - 1].value) < 40), default=0), (titel, kop)
    # the sheet's name is the title, or its first words (a comma ending them left out)
    assert len(ws.title) <= 31 and (ws.title == titel or titel.startswith((ws.title + " ", ws.title + ", "))), (
        ws.title, titel)
    gezien, onderdrukt = set(), set()
    for rij in rijen:
        for kop, c in zip(koppen, rij, strict=True):
            if isinstance(c.value, str) and c.value in ONDERDRUKT and kop != koppen[0]:
                assert c.number_format == "General"
                onderdrukt.add(c.value)
            if not isinstance(c.value, int | float):
                continue
            if kop.endswith("(euro)"):
                assert c.number_format == EURO and round(c.value, 2) == c.value, (titel, kop, c.value)
            elif kop.endswith("(%)"):
                assert c.number_format == PROCENT and abs(c.value) < 20, (titel, kop, c.value)  # 0.123, not 12.3
            else:
                assert c.number_format in GETAL, (titel, kop, c.number_format)
                vrij = c.number_format != "#,##0" or re.search(r"duur|wachttijd|HHI", kop)  # days and indices
                assert vrij or c.value == int(c.value), (titel, kop, c.value)  # a count is whole
            gezien.add(c.number_format)
    if onderdrukt:  # the footnote under the table says what the signs mean
        voetnoot = ws.cell(row=laatste + 2, column=1).value
        assert ws.cell(row=laatste + 1, column=1).value is None and all(f"{s}: " in voetnoot for s in onderdrukt)
        gezien.add("voetnoot")
    return gezien


def test_every_dashboard_workbook_is_ready_to_work_with(exports):
    gezien = set()
    for link, formaten in exports.items():
        wb = openpyxl.load_workbook(io.BytesIO(formaten["xlsx"]))
        titel = wb.worksheets[-1]["A1"].value  # "Over deze tabellen" names the table in full
        assert wb.sheetnames[-1] == "Over deze tabellen", link
        gezien |= _klaar_om_mee_te_werken(wb.worksheets[0], 1, titel)
    assert {EURO, PROCENT, "#,##0", "#,##0.0", "0.0", "voetnoot"} <= gezien  # every kind was checked


def test_every_dashboard_csv_is_dutch_excels_with_the_decimals_of_the_workbook(exports):
    for link, formaten in exports.items():
        assert formaten["csv"].startswith(b"\xef\xbb\xbf"), link
        regels = [r.split(";") for r in formaten["csv"].decode("utf-8-sig").split("\r\n") if r]
        ws = openpyxl.load_workbook(io.BytesIO(formaten["xlsx"])).worksheets[0]
        koppen, rijen, _ = _tabel(ws, 1)
        assert regels[0] == koppen and len(regels) == len(rijen) + 1, link
        for tekst, xl in zip(regels[1:], rijen, strict=True):
            for kop, t, c in zip(koppen, tekst, xl, strict=True):
                if isinstance(c.value, dt.datetime):
                    assert t == f"{c.value:%d-%m-%Y}" and c.number_format == "dd-mm-yyyy", (link, kop, t)
                    continue
                if not isinstance(c.value, int | float):
                    assert t == ("" if c.value is None else str(c.value)), (link, kop, t)
                    continue
                patroon = {EURO: r"-?\d+,\d\d", PROCENT: r"-?\d+,\d"}.get(c.number_format) or GETAL[c.number_format]
                assert re.fullmatch(patroon, t), (link, kop, t)  # a count is 595, not 595,0
                factor = 100 if c.number_format == PROCENT else 1
                marge = 0.005 if c.number_format == EURO else 0.5 if c.number_format == "#,##0" else 0.05
                assert abs(float(t.replace(",", ".")) - c.value * factor) <= marge + 1e-9, (link, kop, t, c.value)


@pytest.fixture(scope="module")
def rapporten(regio, tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    """The monthly report of Dordrecht and the quarterly report, as `stuurwiel rapport` writes them."""
    tmp = tmp_path_factory.mktemp("rapporten")
    db = kopie(regio, tmp / "db")
    for opdracht in (("maand", "--gemeente", "0505", "--periode", "2025-03"), ("kwartaal", "--periode", "2025-Q1")):
        r = cli("rapport", *opdracht, "--xlsx", "--uit", str(tmp / "uit"), "--db", db)
        assert r.exit_code == 0, r.output
    return {soort: openpyxl.load_workbook(tmp / "uit" / naam) for soort, naam in (
        ("maand", "maandrapportage-0505-2025-03.xlsx"), ("kwartaal", "kwartaalrapportage-2025-Q1.xlsx"))}


def test_the_report_workbooks_key_figures_each_stand_under_their_own_header(rapporten):
    ws = rapporten["maand"]["Kerncijfers"]
    koppen, rijen, laatste = _tabel(ws, 4)
    assert koppen == ["kerncijfer", "waarde", "vorig jaar", "regio", "lezing", "toelichting"]
    rij = {r[0].value: dict(zip(koppen, r, strict=True)) for r in rijen}["Jeugdigen in zorg per 1.000 jeugdigen"]
    assert all(isinstance(rij[k].value, float) and rij[k].number_format == "#,##0.0"
               for k in ("waarde", "vorig jaar", "regio"))
    assert rij["lezing"].value.startswith("Maart 2025: ") and "de regio" in rij["lezing"].value
    budget = {r[0].value: dict(zip(koppen, r, strict=True)) for r in rijen}["Budgetrealisatie dit jaar tot nu"]
    assert budget["regio"].number_format == PROCENT and 0 < budget["regio"].value < 5
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == f"A4:F{laatste}"
    koppen, _, _ = _tabel(rapporten["kwartaal"]["Kerncijfers"], 4)
    assert koppen == ["kerncijfer", "waarde", "vorig jaar", "lezing", "toelichting"]  # the region compares with none


@pytest.mark.parametrize("soort", ["maand", "kwartaal"])
def test_every_sheet_of_a_report_workbook_is_ready_to_work_with(rapporten, soort):
    wb = rapporten[soort]
    assert wb.sheetnames[0] == "Kerncijfers" and wb.sheetnames[-1] == "Bronnen"
    assert len({n.lower() for n in wb.sheetnames}) == len(wb.sheetnames)
    gezien = set()
    for ws in wb.worksheets[1:-1]:
        gezien |= _klaar_om_mee_te_werken(ws, 3, ws["A1"].value)  # under the title and a blank line
    assert {EURO, PROCENT, "#,##0"} <= gezien
