"""The burap report (`stuurwiel rapport burap`): PDF and XLSX for the first and the second burap of
a synthetic region whose data stop on 31 August, the figures equal to the forecast's answers, the
amendment per municipality by its rule, the risks, a live year, and the download on the reports
page."""

from __future__ import annotations

import datetime as dt
import math
import subprocess

import openpyxl
import pytest

from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.weergave.excel import kop
from stuurwiel.web.app import maak_app
from tests.support.helpers import cli, sleutel
from tests.support.webregio import gestart, inloggen, kopie, vul

PEILDATA = {"2025-04-30": "Eerste bestuursrapportage", "2025-08-31": "Tweede bestuursrapportage"}
GEMEENTEN = ["Alblasserdam", "Dordrecht", "Hendrik-Ido-Ambacht", "Papendrecht", "Sliedrecht", "Zwijndrecht",
             "Gorinchem", "Hardinxveld-Giessendam", "Molenlanden", "Hoeksche Waard"]


@pytest.fixture(scope="module")
def regio(tmp_path_factory):
    """A small region whose data stop on 31 August 2025, as the demo's do, in a closed DuckDB file."""
    from stuurwiel.config.regio import lees_regio
    from stuurwiel.synth import genereer

    tmp = tmp_path_factory.mktemp("burap")
    genereer(lees_regio("zhz"), range(2021, 2026), seed=3, schaal=0.05, uit=tmp / "bron",
             peildatum=dt.date(2025, 8, 31))
    with sleutel(tmp / "k.sleutel"):
        db = tmp / "db" / "stuurwiel.duckdb"
        db.parent.mkdir()
        vul(str(db), tmp / "bron")
        yield tmp, db


@pytest.fixture(scope="module")
def rapporten(regio):
    tmp, db = regio
    uit = {}
    for peildatum in PEILDATA:
        r = cli("rapport", "burap", "--peildatum", peildatum, "--pdf", "--xlsx", "--uit", str(tmp / "uit"),
                "--db", str(db))
        assert r.exit_code == 0, r.output
        uit[peildatum] = {f: tmp / "uit" / f"burap-{peildatum}.{f}" for f in ("pdf", "xlsx")}
    return uit


def _antwoord(db, onderwerp: str, peildatum: str):
    with Opslag.open(str(db), alleen_lezen=True) as opslag:
        t = beantwoord(opslag, Vraag(onderwerp, peildatum=dt.date.fromisoformat(peildatum)))
    return t, [{k.naam: c.waarde for k, c in zip(t.kolommen, r, strict=True)} for r in t.rijen]


def _blad(wb, titel: str) -> list[dict]:
    """A sheet of the workbook as rows by header: the title in A1, the headers in row 3."""
    ws = next(ws for ws in wb.worksheets if ws["A1"].value == titel)
    koppen = [c.value for c in ws[3]]
    rijen = []
    for rij in ws.iter_rows(min_row=4):
        if all(c.value is None for c in rij):
            break  # the notes under the table follow a blank row
        rijen.append(dict(zip(koppen, (c.value for c in rij), strict=False)))
    return rijen


def _eerste(rij: dict):
    return next(iter(rij.values()))


@pytest.mark.parametrize("peildatum", PEILDATA)
def test_the_burap_exists_as_pdf_and_xlsx_with_its_parts(regio, rapporten, peildatum):
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(rapporten[peildatum]["pdf"]), "-"], capture_output=True,
                         check=True, text=True).stdout
    assert PEILDATA[peildatum] in pdf
    aaneen = "".join(pdf.replace("\u2010", "").split())  # table cells wrap and hyphenate their words
    for deel in ("Prognose tegen begroting", "De hele begroting", "Afwijkingen", "Voorstel begrotingswijziging",
                 "Risico's", "Stichting Jeugdteams", *GEMEENTEN):
        assert "".join(deel.split()) in aaneen, deel
    wb = openpyxl.load_workbook(rapporten[peildatum]["xlsx"])
    assert wb.sheetnames[0] == "Kerncijfers" and wb.sheetnames[-1] == "Bronnen"


@pytest.mark.parametrize("peildatum", PEILDATA)
def test_the_workbooks_figures_are_the_forecasts_answer(regio, rapporten, peildatum):
    _, db = regio
    wb = openpyxl.load_workbook(rapporten[peildatum]["xlsx"])
    t, prognose = _antwoord(db, "prognose", peildatum)
    blad = _blad(wb, t.titel)
    koppen = {k.naam: kop(k) for k in t.kolommen if k.kop is not None}
    assert len(blad) == len(prognose) == len(GEMEENTEN) + 1
    for rij, x in zip(blad, prognose, strict=True):
        for naam in ("jaartotaal", "ondergrens", "bovengrens", "budget"):
            assert rij[koppen[naam]] == pytest.approx(x[naam] / 100, abs=0.005), (x["naam"], naam)
        assert rij[koppen["kans_overschrijding"]] == pytest.approx(x["kans_overschrijding"])
    per_segment = _blad(wb, f"{t.titel}, per gemeente en segment")
    segmenten = [r for r in per_segment if _eerste(r).startswith("  ")]
    assert len(segmenten) > len(GEMEENTEN)  # every municipality with its segments


@pytest.mark.parametrize("peildatum", PEILDATA)
def test_the_amendment_per_municipality_follows_its_rule(regio, rapporten, peildatum):
    _, db = regio
    t, wijzigingen = _antwoord(db, "begrotingswijziging", peildatum)
    _, geheel = _antwoord(db, "begrotingsrealisatie", peildatum)
    assert [w["gemeente"] for w in wijzigingen] == [*GEMEENTEN, "Regio"]
    for w in wijzigingen:
        totaal = next(g for g in geheel if g["gemeentecode"] == w["gemeentecode"] and g["postcode"] == "totaal")
        assert (w["budget"], w["jaartotaal"]) == (totaal["budget"], totaal["jaartotaal"])
        if w["ondergrens"] > w["budget"]:  # certain overrun: up to the lower bound, whole thousands towards zero
            verwacht = math.floor((w["ondergrens"] - w["budget"]) / 100_000) * 100_000
        elif w["bovengrens"] < w["budget"]:
            verwacht = math.ceil((w["bovengrens"] - w["budget"]) / 100_000) * 100_000
        else:
            verwacht = 0
        assert w["wijziging"] == verwacht and w["nieuw"] == w["budget"] + verwacht, w
    blad = _blad(openpyxl.load_workbook(rapporten[peildatum]["xlsx"]), t.titel)
    assert [(r["gemeente"], r["voorgestelde wijziging (euro)"]) for r in blad] == \
        [(w["gemeente"], w["wijziging"] / 100) for w in wijzigingen]


@pytest.mark.parametrize("peildatum", PEILDATA)
def test_the_risks_name_what_remains_above_the_amended_budget(regio, rapporten, peildatum):
    _, db = regio
    t, risicos = _antwoord(db, "risicos", peildatum)
    _, wijzigingen = _antwoord(db, "begrotingswijziging", peildatum)
    for w in wijzigingen:
        rest = w["bovengrens"] - (w["budget"] + w["wijziging"])
        gevonden = [r["bedrag"] for r in risicos if r["soort"] == "Begroting" and r["wie"] == w["gemeente"]]
        assert gevonden == ([pytest.approx(rest)] if rest > 0 else [])
    assert any(r["soort"] == "Late declaraties" for r in risicos)  # the months gone by are not all claimed yet
    blad = _blad(openpyxl.load_workbook(rapporten[peildatum]["xlsx"]), t.titel)
    assert len(blad) == len(risicos)


@pytest.mark.parametrize("peildatum", PEILDATA)
def test_a_demo_that_stops_mid_year_shows_a_live_year(regio, peildatum):
    _, db = regio
    _, prognose = _antwoord(db, "prognose", peildatum)
    gemeenten = [r for r in prognose if r["niveau"] == "gemeente"]
    assert all(r["rest"] > 0 for r in gemeenten)  # the forecast is not the realised total
    assert len({round(r["kans_overschrijding"], 2) for r in gemeenten}) > 3
    assert not all(r["kans_overschrijding"] == 1 for r in gemeenten)
    _, aandacht = _antwoord(db, "aandacht", peildatum)
    assert [r["signaal"] for r in aandacht if r["signaal"].startswith("Budget ")] == \
        [f"Budget {r['naam']}" for r in gemeenten if r["kans_overschrijding"] > 0.5]


@pytest.mark.parametrize("peildatum, verwacht", [
    ("2025-02-30", "--peildatum"),
    ("2026-04-30", "geen gegevens"),
])
def test_a_wrong_peildatum_is_refused_in_dutch(regio, tmp_path, peildatum, verwacht):
    _, db = regio
    r = cli("rapport", "burap", "--peildatum", peildatum, "--pdf", "--uit", str(tmp_path), "--db", str(db))
    assert r.exit_code != 0 and verwacht in r.output, r.output
    assert not list(tmp_path.iterdir())


def test_the_reports_page_offers_the_buraps_for_download(regio):
    tmp, db = regio
    app = maak_app(kopie(db, tmp / "web"), voorberekenen=False)
    with sleutel(tmp / "k.sleutel"), gestart(app) as c:
        assert inloggen(c, "dordrecht").status_code == 303
        pagina = c.get("/rapporten").text
        assert "Bestuursrapportage (burap)" in pagina and "2e burap 2025 (t/m augustus)" in pagina
        for formaat, soort in (("pdf", "application/pdf"), ("xlsx", "spreadsheetml")):
            r = c.get(f"/rapporten/download?soort=burap&periode=2025-04&formaat={formaat}")
            assert r.status_code == 200 and soort in r.headers["content-type"], formaat
            assert f'filename="burap-2025-04-30.{formaat}"' in r.headers["content-disposition"]
        wb = openpyxl.load_workbook(__import__("io").BytesIO(
            c.get("/rapporten/download?soort=burap&periode=2025-08&formaat=xlsx").content))
        titels = [ws["A1"].value for ws in wb.worksheets]
        # a municipality's account sees every municipality's totals, but only its own segments
        segmenten = _blad(wb, next(t for t in titels if t and t.endswith("per gemeente en segment")))
        assert [_eerste(r) for r in segmenten if not _eerste(r).startswith("  ")] == ["Dordrecht"]
