"""Excel-ready: a table of every unit as a workbook and as Dutch Excel's CSV (number formats, decimals,
widths, the frozen header and its filter, sheet names, suppression and its footnote), the report's key
figures each under its own header, and `--formaat csv-nl|xlsx` with `--uit` on every command that
has `--formaat`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
import typer.main

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel, tabel
from stuurwiel.cli import app
from stuurwiel.uitvoer.rapporten.model import TEGEN_REGIO, Kerncijfer
from stuurwiel.uitvoer.rapporten.xlsx import kerncijfers
from stuurwiel.uitvoer.weergave import excel
from tests.support import voorbeeld
from tests.support.helpers import cli, sleutel
from tests.support.omgeving import SHARED

pytestmark = pytest.mark.unit

TITEL = "Jeugdigen in zorg per 1.000 jeugdigen in de gemeenten van de regio"


def _alle_eenheden() -> Tabel:
    kolommen = [Kolom("naam", "gemeente"), Kolom("kosten_cent", "kosten", "eurocent"),
                Kolom("in_zorg", "in zorg", "aantal"), Kolom("per_1000", "per 1.000", "per_1000"),
                Kolom("uitval", "uitval", "procent"), Kolom("kans", "kans > budget", "fractie"),
                Kolom("groei", "groei", "procentverschil"), Kolom("tevredenheid", "tevredenheid", "cijfer"),
                Kolom("verhouding", "verhouding", "getal"), Kolom("duur", "duur", "dagen"),
                Kolom("bereikt", "bereikt", "datum")]
    rijen = [["Dordrecht", 123_456_789.4, 595.0, 3.327495621716287, 15.384615384615385, 0.5374, 4.26, 7.2518,
              1.23456, 45.0, dt.date(2025, 10, 3)],
             ["Papendrecht", Cel(None, "eurocent", True), Cel(None, "aantal", True), Cel(None, "per_1000", True),
              Cel(None, "procent", True), None, -1.5, None, None, None, None]]
    return tabel(TITEL, kolommen, rijen, uitleg="wat de kolommen zijn", verborgen="<8")


def _werkmap(*tabellen: Tabel) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(excel.xlsx(list(tabellen))))


# --- the renderer -------------------------------------------------------------------------------

def test_every_unit_gets_its_number_format_and_a_value_to_compute_with():
    ws = _werkmap(_alle_eenheden()).worksheets[0]
    verwacht = {  # column: (value, number format)
        "B": (1234567.89, '"€" #,##0'), "C": (595, "#,##0"), "D": (3.327495621716287, "#,##0.0"),
        "E": (0.15384615384615385, "0.0%"), "F": (0.5374, "0.0%"), "G": (0.0426, "+0.0%;-0.0%;0.0%"),
        "H": (7.2518, "0.0"), "I": (1.23456, "#,##0.00"), "J": (45, "#,##0"),
        "K": (dt.datetime(2025, 10, 3), "dd-mm-yyyy")}
    for kolom, (waarde, formaat) in verwacht.items():
        cel = ws[f"{kolom}2"]
        assert (cel.value, cel.number_format) == (pytest.approx(waarde) if isinstance(waarde, float) else waarde,
                                                  formaat), kolom
    assert isinstance(ws["C2"].value, int) and isinstance(ws["J2"].value, int)  # a count is whole: 595, not 595,0
    assert ws["G3"].value == pytest.approx(-0.015)


def test_the_header_is_frozen_with_a_filter_over_the_table_and_the_footnote_under_it():
    t = _alle_eenheden()
    ws = _werkmap(t).worksheets[0]
    assert [c.value for c in ws[1]] == ["gemeente", "kosten (euro)", "in zorg", "per 1.000", "uitval (%)",
                                        "kans > budget (%)", "groei (%)", "tevredenheid", "verhouding", "duur",
                                        "bereikt"]
    assert all(c.font.bold and c.alignment.wrap_text for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:K3"
    # suppressed figures stay the notation's text, without a number format
    assert [ws[f"{k}3"].value for k in "BCDE"] == [notatie.ONDERDRUKT, "<8", notatie.ONDERDRUKT, notatie.ONDERDRUKT]
    assert all(ws[f"{k}3"].number_format == "General" for k in "BCDE")
    assert ws["A4"].value is None and ws["A5"].value == t.voetnoot
    assert "<8: 1 tot 8" in t.voetnoot and f"{notatie.ONDERDRUKT}: berust op minder dan 8" in t.voetnoot


def test_columns_are_as_wide_as_what_they_show():
    ws = _werkmap(_alle_eenheden()).worksheets[0]
    breedte = {k: ws.column_dimensions[k].width for k in "ABCDEFGHIJK"}
    assert breedte["A"] >= len("Papendrecht") and breedte["B"] >= len("€ 1.234.568") and breedte["K"] >= 10
    assert breedte["C"] < breedte["B"]  # a count needs less room than a sum of euros
    lang = tabel("Lang", [Kolom("tekst", "tekst")], [["woord " * 40]])
    assert _werkmap(lang).worksheets[0].column_dimensions["A"].width == excel.BREEDST  # a long text wraps instead


def test_sheet_names_are_cut_between_words_and_unique():
    t = _alle_eenheden()
    wb = _werkmap(t, t, tabel("Kosten: [per] segment?", [Kolom("naam", "naam")], []))
    namen = wb.sheetnames
    assert namen[0] == "Jeugdigen in zorg per 1.000" and TITEL.startswith(namen[0] + " ")
    assert namen[1] == "Jeugdigen in zorg per 1.000 (2)" and namen[2] == "Kosten per segment"
    assert all(len(n) <= 31 for n in namen) and len({n.lower() for n in namen}) == len(namen)
    assert excel.bladnaam("Overzicht", {"OVERZICHT"}) == "Overzicht (2)"  # Excel ignores case
    assert excel.bladnaam("Zorgaanbiedersconcentratieoverzichtsindex", set()) == "Zorgaanbiedersconcentratieoverz"


def test_dutch_excel_csv_has_the_decimals_people_read_and_whole_counts():
    regels = excel.csv_nl(_alle_eenheden()).decode("utf-8-sig").split("\r\n")
    assert regels[0] == ("gemeente;kosten (euro);in zorg;per 1.000;uitval (%);kans > budget (%);groei (%);"
                         "tevredenheid;verhouding;duur;bereikt")
    assert regels[1] == "Dordrecht;1234567,89;595;3,3;15,4;53,7;4,3;7,3;1,23;45;03-10-2025"
    assert regels[2] == f"Papendrecht;{notatie.ONDERDRUKT};<8;{notatie.ONDERDRUKT};{notatie.ONDERDRUKT};;-1,5;;;;"


def test_the_key_figures_each_stand_under_their_own_header():
    """A comparison goes under the header of what it compares with, even when the other is missing."""
    def kerncijfer(label, waarde, vergelijkingen):
        return Kerncijfer(label, Cel(waarde, "aantal"), [(wat, Cel(w, "aantal")) for wat, w in vergelijkingen],
                          f"lezing van {label}")

    rapport = SimpleNamespace(titel="Maandrapportage", ondertitel="Maart 2025", verborgen="<8", kerncijfers=[
        kerncijfer("beide", 10, [("maart 2024", 9), (TEGEN_REGIO, 100)]),
        kerncijfer("alleen de regio", 11, [(TEGEN_REGIO, 101)]),
        kerncijfer("alleen vorig jaar", 12, [("maart 2024", 8)])])
    wb = openpyxl.Workbook()
    excel.werkblad(wb.active, kerncijfers(rapport), ["waarschuwing"])
    ws = openpyxl.load_workbook(_bewaar(wb)).active
    assert [c.value for c in ws[4]] == ["kerncijfer", "waarde", "vorig jaar", "regio", "lezing", "toelichting"]
    assert [c.value for c in ws[5]] == ["beide", 10, 9, 100, "lezing van beide", None]
    assert [c.value for c in ws[6]] == ["alleen de regio", 11, None, 101, "lezing van alleen de regio", None]
    assert [c.value for c in ws[7]] == ["alleen vorig jaar", 12, 8, None, "lezing van alleen vorig jaar", None]
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:F7"
    rapport.kerncijfers = rapport.kerncijfers[2:]
    assert [k.naam for k in kerncijfers(rapport).kolommen] == ["kerncijfer", "waarde", "vorig_jaar", "lezing",
                                                               "toelichting"]  # no empty region column


def _bewaar(wb: openpyxl.Workbook) -> io.BytesIO:
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


# --- the command line ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    """The hand-made example in a DuckDB store."""
    tmp = tmp_path_factory.mktemp("excel")
    with sleutel(tmp / "sleutel"):
        db = str(tmp / "k.duckdb")
        assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
        assert cli("laad", str(voorbeeld.schrijf(tmp / "bron")), "--db", db).exit_code == 0
    return db


KERNCIJFERS = ("kerncijfers", "--jaar", "2024", "--per", "gemeente")


def test_kerncijfers_as_a_workbook_in_the_file_asked_for(db, tmp_path):
    r = cli(*KERNCIJFERS, "--formaat", "xlsx", "--uit", str(tmp_path / "k.xlsx"), "--db", db)
    assert r.exit_code == 0 and f"Geschreven: {tmp_path / 'k.xlsx'}" in r.output
    ws = openpyxl.load_workbook(tmp_path / "k.xlsx").worksheets[0]
    assert [c.value for c in ws[1]] == ["code", "gemeente", "in zorg", "per 1.000", "nieuw", "beëindigd",
                                        "kosten (euro)", "per cliënt in zorg (euro)"]
    dordrecht = next(rij for rij in ws.iter_rows(min_row=2) if rij[1].value == "Dordrecht")
    assert [(c.value, c.number_format) for c in dordrecht[2:]] == [
        (1, "#,##0"), (0, "#,##0.0"), (1, "#,##0"), (1, "#,##0"), (2467.4, '"€" #,##0'), (2467.4, '"€" #,##0')]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:H12"


def test_a_workbook_without_uit_is_named_after_its_table_in_the_current_directory(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli(*KERNCIJFERS, "--formaat", "xlsx", "--db", db)
    assert r.exit_code == 0 and "Geschreven: kerncijfers-2024-de-regio.xlsx" in r.output
    assert openpyxl.load_workbook(tmp_path / "kerncijfers-2024-de-regio.xlsx").sheetnames == [
        "Kerncijfers 2024, de regio", "Over deze tabellen"]
    r = cli(*KERNCIJFERS, "--formaat", "csv-nl", "--uit", "uit", "--db", db)  # a directory, made as rapport does
    assert r.exit_code == 0 and (tmp_path / "uit" / "kerncijfers-2024-de-regio.csv").exists()


def test_dutch_excel_csv_on_standard_output_and_machine_csv_unchanged(db):
    nl = cli(*KERNCIJFERS, "--formaat", "csv-nl", "--db", db).stdout_bytes
    assert nl.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    regels = nl.decode("utf-8-sig").split("\r\n")
    assert regels[0] == "code;gemeente;in zorg;per 1.000;nieuw;beëindigd;kosten (euro);per cliënt in zorg (euro)"
    assert "0505;Dordrecht;1;0,0;1;1;2467,40;2467,40" in regels and ";Totaal;2;0,0;2;1;4081,88;2040,94" in regels
    machine = cli(*KERNCIJFERS, "--formaat", "csv", "--db", db).stdout.splitlines()
    assert machine[0] == ("periode,gemeentecode,naam,jeugdigen_in_zorg,per_1000_jeugdigen,nieuwe_trajecten,"
                          "beeindigde_trajecten,kosten_cent,kosten_per_client_cent")
    assert "2024,0505,Dordrecht,1,0.0,1,1,246740,246740" in machine


@pytest.mark.parametrize("formaat, uit, melding", [
    ("tabel", "k.xlsx", "--uit schrijft een bestand: kies ook --formaat csv, json, csv-nl, xlsx"),
    ("xlsx", "k.csv", "een bestand in formaat xlsx eindigt op .xlsx"),
    ("csv-nl", "k.json", "een bestand in formaat csv-nl eindigt op .csv"),
    ("xls", "k.xls", "onbekend formaat 'xls' (kies uit tabel, csv, json, csv-nl, xlsx)"),
])
def test_a_file_that_does_not_fit_the_form_is_refused_and_nothing_is_written(db, tmp_path, formaat, uit, melding):
    r = cli(*KERNCIJFERS, "--formaat", formaat, "--uit", str(tmp_path / uit), "--db", db)
    assert r.exit_code == 1 and melding in " ".join(r.output.split())
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_says_so(db, tmp_path):
    (tmp_path / "bestand").write_text("geen map")
    r = cli(*KERNCIJFERS, "--formaat", "xlsx", "--uit", str(tmp_path / "bestand" / "k.xlsx"), "--db", db)
    assert r.exit_code == 1 and f"kan {tmp_path / 'bestand' / 'k.xlsx'} niet schrijven" in " ".join(r.output.split())
    assert [p.name for p in tmp_path.iterdir()] == ["bestand"]


def test_every_command_with_formaat_can_write_a_file():
    def commandos(groep, pad=()):
        for naam, c in getattr(groep, "commands", {}).items():
            yield from commandos(c, (*pad, naam))
        if any(p.name == "formaat" for p in groep.params):
            yield pad, {p.name for p in groep.params}

    gevonden = dict(commandos(typer.main.get_command(app)))
    assert len(gevonden) >= 12
    assert [pad for pad, opties in gevonden.items() if "uit" not in opties and pad != ("synth",)] == []


IV3 = SHARED / "reference" / "iv3" / "jeugd-lasten-per-gemeente.csv"


@pytest.mark.parametrize("opdracht", [
    ["maten"], ["kerncijfers", "--jaar", "2024"], ["meet", "kosten", "--periode", "2024", "--per", "gemeente"],
    ["signalen"], ["signalen", "--regel", "zonder_toewijzing"], ["toelichting", "toon"], ["gebruiker", "toon"],
    ["prognose"], ["prognose", "maanden"], ["prognose", "aanvulling"],
    ["begroting", "--reeks", str(IV3), "--doeljaar", "2023"],
], ids=lambda o: " ".join(o[:2]))
def test_each_command_writes_a_workbook_and_dutch_csv(db, tmp_path, opdracht):
    opslag = [] if opdracht == ["maten"] else ["--db", db]  # the catalogue needs no store
    for formaat in ("xlsx", "csv-nl"):
        r = cli(*opdracht, "--formaat", formaat, "--uit", str(tmp_path / formaat), *opslag)
        assert r.exit_code == 0, r.output
    [werkmap], [tekst] = (list((tmp_path / f).iterdir()) for f in ("xlsx", "csv-nl"))
    ws = openpyxl.load_workbook(werkmap).worksheets[0]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    koppen = [c.value for c in ws[1]]
    assert tekst.read_bytes().decode("utf-8-sig").split("\r\n")[0] == ";".join(koppen)
    assert Path(werkmap).stem == Path(tekst).stem
