"""One table, every medium: the same `Tabel` as a terminal table, machine CSV and JSON, a Dutch Excel
CSV, an XLSX sheet with number formats and HTML with provenance — each showing the same figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import lxml.html
import openpyxl
import pytest
from rich.console import Console

from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel, tabel
from stuurwiel.maten.catalogus import CATALOGUS
from stuurwiel.uitvoer.weergave import excel, html, machine, terminal

pytestmark = pytest.mark.unit


def _voorbeeld() -> Tabel:
    kolommen = [Kolom("gemeentecode", None, "code"), Kolom("naam", "gemeente"),
                Kolom("kosten_cent", "kosten", "eurocent"), Kolom("in_zorg", "in zorg", "aantal"),
                Kolom("kans", "kans > budget", "fractie"), Kolom("bereikt", "bereikt", "datum")]
    rijen = [["0505", "Dordrecht", 123_456_789, Cel(None, "aantal", True, "jeugdigen_in_zorg", "2025",
                                                     (("gemeente", "0505"),)), 0.537, dt.date(2025, 10, 3)],
             ["0590", "Papendrecht", 9_999_900, 120, None, None]]
    return tabel("Voorbeeld", kolommen, rijen, uitleg="wat de kolommen zijn", opmerkingen=["Hoe het berekend is."],
                 verborgen="<8")


def test_machines_get_names_and_values_as_they_are():
    t = _voorbeeld()
    rijen = json.loads(machine.json(t))
    # for an audience with suppression, as precise as the page shows it: 54%, not 53.7% (docs/privacy.md)
    assert rijen[0] == {"gemeentecode": "0505", "naam": "Dordrecht", "kosten_cent": 123456789, "in_zorg": None,
                        "kans": 0.54, "bereikt": "2025-10-03"}
    t.verborgen = ""  # case-level rights: exact
    assert json.loads(machine.json(t))[0]["kans"] == 0.537
    gelezen = list(csv.DictReader(io.StringIO(machine.csv(t))))
    assert gelezen[1] == {"gemeentecode": "0590", "naam": "Papendrecht", "kosten_cent": "9999900", "in_zorg": "120",
                          "kans": "", "bereikt": ""}


def test_people_get_dutch_notation_the_suppression_sign_and_the_notes_in_the_terminal():
    uit = io.StringIO()
    terminal.toon(_voorbeeld(), Console(file=uit, width=200))
    tekst = uit.getvalue()
    assert "gemeentecode" not in tekst  # a column for machines only
    for gezien in ("Voorbeeld", "€ 1,23 mln", "€ 0,10 mln", "<8", "54%", "3 oktober 2025", "wat de kolommen zijn",
                   "Hoe het berekend is."):
        assert gezien in tekst, gezien


def test_a_table_wider_than_the_terminal_comes_in_blocks_with_every_figure_whole():
    uit = io.StringIO()
    terminal.toon(_voorbeeld(), Console(file=uit, width=40))
    regels = uit.getvalue().splitlines()
    assert max(len(r) for r in regels) <= 40
    tekst = uit.getvalue()
    assert "Voorbeeld (vervolg)" in tekst
    assert tekst.count("Dordrecht") >= 2 and tekst.count("Papendrecht") >= 2  # the row's name in every block
    for gezien in ("€ 1,23 mln", "€ 0,10 mln", "3 oktober 2025", "54%"):
        assert gezien in tekst, gezien


def test_excel_gets_euros_percentages_and_dutch_decimals():
    regels = excel.csv_nl(_voorbeeld()).decode("utf-8-sig").splitlines()
    assert regels[0] == "gemeente;kosten (euro);in zorg;kans > budget (%);bereikt"
    assert regels[1] == "Dordrecht;1234567,89;<8;53,7;03-10-2025"


def test_an_xlsx_export_has_numbers_with_formats_a_frozen_header_and_a_filter():
    wb = openpyxl.load_workbook(io.BytesIO(excel.xlsx([_voorbeeld()])))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["gemeente", "kosten (euro)", "in zorg", "kans > budget (%)", "bereikt"]
    assert ws["B2"].value == 1234567.89 and ws["B2"].number_format == '"€" #,##0'
    assert ws["C2"].value == "<8" and ws["C3"].value == 120 and ws["C3"].number_format == "#,##0"
    assert ws["D2"].value == 0.537 and ws["D2"].number_format == "0.0%"  # a real Excel percentage
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E3"
    assert wb.sheetnames[-1] == "Over deze tabellen" and wb.worksheets[-1]["A2"].value == "wat de kolommen zijn"


def test_html_shows_what_people_see_with_the_provenance_of_catalogue_figures():
    doc = lxml.html.fromstring(str(html.tabel(_voorbeeld())))
    assert doc.xpath("//thead//th/span[@class='kop']/text()") == ["gemeente", "kosten", "in zorg", "kans > budget",
                                                                   "bereikt"]
    cel = doc.xpath("//td[@data-maat]")[0]
    assert (cel.get("data-maat"), cel.get("data-onderdrukt"), cel.text) == ("jeugdigen_in_zorg", "1", "<8")
    assert json.loads(cel.get("data-sleutels")) == {"gemeente": "0505"}
    assert [tr.xpath("./th/text()")[0] for tr in doc.xpath("//tbody/tr")] == ["Dordrecht", "Papendrecht"]


def test_a_column_of_one_measure_carries_its_definition_and_rows_link_to_their_view_when_asked():
    zonder = lxml.html.fromstring(str(html.tabel(_voorbeeld())))
    kop = zonder.xpath("//thead//th[@data-betekenis]")[0]
    m = CATALOGUS["jeugdigen_in_zorg"]
    assert kop.get("title") == f"{m.label}: {m.definitie}" and not zonder.xpath("//a")  # a report links nowhere
    met = lxml.html.fromstring(str(html.tabel(_voorbeeld(), lambda t, rij: f"/gemeente?gemeente={rij[0].waarde}",
                                              "/hulp")))
    assert met.xpath("//thead//a[@class='definitie']/@href") == ["/hulp#jeugdigen_in_zorg"]
    assert met.xpath("//tbody/tr/th/a/@href") == ["/gemeente?gemeente=0505", "/gemeente?gemeente=0590"]


def test_an_empty_table_says_so():
    leeg = Tabel("Leeg", [Kolom("naam", "naam")], [])
    assert "Niets te melden." in str(html.tabel(leeg))
    assert machine.json(leeg) == "[]"


def test_a_unit_outside_the_model_is_refused():
    with pytest.raises(ValueError, match="onbekende eenheid 'kilo'"):
        Kolom("gewicht", "gewicht", "kilo")
