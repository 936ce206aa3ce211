"""The Verevening page over real HTTP: the region sees every municipality's line, a municipal account its
own line and the totals only, in the page and in its export; another municipality's line is refused."""

from __future__ import annotations

import io

import lxml.html
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from stuurwiel.web.app import maak_app
from tests.support.helpers import sleutel
from tests.support.webregio import ANDER, EIGEN, gestart, inloggen, kopie, synthetiseer, vul

JAAR = "periode=2024"


@pytest.fixture(scope="module")
def map_(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("webverevening")
    with sleutel(tmp / "sleutel"):
        yield tmp


@pytest.fixture(scope="module")
def app(map_):
    pad = map_ / "bron" / "stuurwiel.duckdb"
    pad.parent.mkdir()
    vul(str(pad), synthetiseer(map_ / "regio"))
    app = maak_app(kopie(pad, map_ / "gedeeld"), voorberekenen=False)
    with gestart(app):
        yield app


def _ingelogd(app, naam: str) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    assert inloggen(c, naam).status_code == 303
    return c


def _verevening(html: str) -> list[list[str]]:
    """The rows of the first settlement table on the page (the nacalculatie)."""
    blok = lxml.html.fromstring(html).get_element_by_id("blok-0")
    return [[c.text_content().strip() for c in tr.xpath("./th | ./td")] for tr in blok.xpath(".//table/tbody/tr")]


def _export(c: TestClient) -> pd.DataFrame:
    r = c.get(f"/export/verevening/0.csv?{JAAR}")
    assert r.status_code == 200
    return pd.read_csv(io.BytesIO(r.content), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_the_region_sees_every_municipality_and_the_municipality_its_own_line_and_the_totals(app):
    regio, dordrecht = _ingelogd(app, "regio"), _ingelogd(app, "dordrecht")
    r = regio.get(f"/verevening?{JAAR}")
    assert r.status_code == 200 and "Verevening 2024, nacalculatie" in r.text
    alle = _verevening(r.text)
    assert len(alle) == 11 and alle[-1][1] == "Totaal"
    r = dordrecht.get(f"/verevening?{JAAR}")
    assert r.status_code == 200
    eigen = _verevening(r.text)
    assert [rij[0] for rij in eigen] == [EIGEN, ""] and eigen[-1] == alle[-1]
    assert eigen[0] == next(rij for rij in alle if rij[0] == EIGEN)
    assert "Hoeksche Waard" not in lxml.html.fromstring(r.text).get_element_by_id("blok-0").text_content()
    export = _export(dordrecht)
    assert export.iloc[:, 0].tolist() == [EIGEN, ""] and len(_export(regio)) == 11


def test_another_municipalitys_line_is_refused(app):
    r = _ingelogd(app, "dordrecht").get(f"/verevening?{JAAR}&gemeente={ANDER}")
    assert r.status_code == 403


def test_the_page_is_in_the_menu(app):
    r = _ingelogd(app, "regio").get("/")
    assert 'href="/verevening"' in r.text


def test_the_api_splits_by_subregion_within_the_scope(app):
    def subregios(naam: str, *per: str) -> set[str]:
        q = "&".join(f"per={p}" for p in per)
        r = _ingelogd(app, naam).get(f"/api/maten/kosten?jaar=2024&{q}")
        assert r.status_code == 200, r.text
        return {rij["subregio"] for rij in r.json()["rijen"]}
    alle = {"Alblasserwaard", "Drechtsteden", "Hoeksche Waard"}
    assert subregios("regio", "subregio", "segment") == alle
    assert subregios("dordrecht", "subregio") == alle  # the totals per subregion are open
    assert subregios("dordrecht", "subregio", "segment") == alle - {"Hoeksche Waard"}


def test_the_board_report_downloads_in_the_scope_of_the_account(app):
    r = _ingelogd(app, "dordrecht").get("/rapporten/download?soort=verevening&periode=2024&formaat=html")
    assert r.status_code == 200 and "Verevening 2024, nacalculatie" in r.text
    tabellen = [t.text_content() for t in lxml.html.fromstring(r.text).xpath("//table")]
    verevening = [t for t in tabellen if "Dordrecht" in t]  # the settlements: its own line and the totals
    assert len(verevening) >= 3 and not any("Hoeksche Waard" in t or "Zwijndrecht" in t for t in verevening)
