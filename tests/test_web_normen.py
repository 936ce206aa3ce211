"""The Normenkader page and the control role's form for an onderbouwing, over real HTTP: the region
sees the evaluation and the shares, only the control role the allocations above their norm, and an
onderbouwing from the form goes through the loader of the exchange file, with its checks, into the
audit log and onto the page."""

from __future__ import annotations

import csv
import io

import lxml.html
import pytest

from stuurwiel.invoer.uitwisseling import ONDERBOUWINGSOORTEN
from stuurwiel.web import gebruikers
from stuurwiel.web.app import maak_app
from tests.support.helpers import sleutel, tellingen
from tests.support.webregio import ANDER, csrf, gestart, inloggen, kopie, synthetiseer, vul

JAAR = "periode=2024"
LIJST = "Toewijzingen boven de norm, ingegaan in 2024"


@pytest.fixture(scope="module")
def map_(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("webnormen")
    with sleutel(tmp / "sleutel"):
        yield tmp


@pytest.fixture(scope="module")
def db(map_):
    pad = map_ / "bron" / "stuurwiel.duckdb"
    pad.parent.mkdir()
    vul(str(pad), synthetiseer(map_ / "regio"))
    return pad


def _ingelogd(app, naam: str):
    from fastapi.testclient import TestClient

    c = TestClient(app, follow_redirects=False)
    assert inloggen(c, naam).status_code == 303
    return c


@pytest.fixture(scope="module")
def app(db, map_):
    app = maak_app(kopie(db, map_ / "gedeeld"), voorberekenen=False)
    with gestart(app):
        yield app


def _koppen(html: str) -> list[str]:
    return [h.text_content() for h in lxml.html.fromstring(html).xpath("//main//h2")]


def test_the_region_sees_the_evaluation_and_the_shares_but_not_the_allocations(app):
    for naam in ("regio", "dordrecht", "contract"):
        r = _ingelogd(app, naam).get(f"/normen?{JAAR}")
        assert r.status_code == 200, naam
        koppen = _koppen(r.text)
        assert "Normenkader 2024, toewijzingen van 2023 en 2024 tegen de norm van 2024" in koppen
        assert {"Binnen de norm per segment, toewijzingen van 2024", "Binnen de norm per aanbieder, toewijzingen "
                "van 2024", "Binnen de norm per verwijzer, toewijzingen van 2024"} <= set(koppen)
        assert LIJST not in koppen and "&lt;8" in r.text  # aggregates, suppressed
    dordrecht = _ingelogd(app, "dordrecht")
    assert dordrecht.get(f"/normen?{JAAR}&gemeente={ANDER}").status_code == 403
    assert "Normenkader" in lxml.html.fromstring(dordrecht.get("/").text).xpath("//nav//a/text()")


def test_the_control_role_sees_every_allocation_above_its_norm_and_exports_it(app):
    c = _ingelogd(app, "controle")
    r = c.get(f"/normen?{JAAR}")
    koppen = _koppen(r.text)
    assert LIJST in koppen
    i = koppen.index(LIJST)
    export = c.get(f"/export/normen/{i}.csv?{JAAR}")
    regels = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert regels[0][:7] == ["toewijzing", "gemeente", "aanbieder", "product", "ingang", "einde", "boven de norm"]
    assert {r[-1] for r in regels[1:]} == {"aanwezig", "ontbreekt", "niet nodig"}
    assert _ingelogd(app, "regio").get(f"/export/normen/{i}.csv?{JAAR}").status_code == 404  # no such block


@pytest.fixture
def controle(db, map_):
    app = maak_app(kopie(db, map_ / "onderbouwing"), voorberekenen=False)
    with gestart(app) as c:
        assert inloggen(c, "controle").status_code == 303
        yield c


def _onderbouwing_zonder(c) -> str:
    """An allocation above its norm whose onderbouwing is missing, from the control role's list."""
    html = c.get(f"/normen?{JAAR}").text
    i = _koppen(html).index(LIJST)
    regels = list(csv.reader(io.StringIO(c.get(f"/export/normen/{i}.csv?{JAAR}").content.decode("utf-8-sig")),
                             delimiter=";"))
    return next(r[0] for r in regels[1:] if r[-1] == "ontbreekt")


def test_the_control_role_registers_an_onderbouwing_on_its_page_and_it_shows(controle):
    html = controle.get("/signalen").text
    formulier = lxml.html.fromstring(html).xpath("//form[@action='/onderbouwing']")[0]
    assert formulier.xpath(".//select[@name='soort']/option/@value") == ONDERBOUWINGSOORTEN.split("|")
    nummer = _onderbouwing_zonder(controle)
    velden = {"toewijzingnummer": nummer, "datum": "2024-05-01", "soort": "verklarende_analyse",
              "auteur": "jeugdconsulent lokaal team", "samenvatting": "Verlenging met afbouwplan.",
              "volgende": "/signalen", "csrf_token": csrf(html)}
    r = controle.post("/onderbouwing", data=velden)
    assert r.status_code == 303 and r.headers["location"] == "/signalen"
    opslag = controle.app.state.opslag
    assert opslag.rijen("SELECT soort FROM onderbouwing_actueel WHERE toewijzingnummer = ?", [nummer]) == [
        ("verklarende_analyse",)]
    assert ("controle", "onderbouwing", f"toewijzing {nummer} (verklarende_analyse)") in [
        r[1:4] for r in gebruikers.auditlog(opslag)]
    i = _koppen(controle.get(f"/normen?{JAAR}").text).index(LIJST)
    regels = csv.reader(io.StringIO(controle.get(f"/export/normen/{i}.csv?{JAAR}").content.decode("utf-8-sig")),
                        delimiter=";")
    assert {r[-1] for r in regels if r[0] == nummer} == {"aanwezig"}


def test_a_bad_onderbouwing_from_the_form_is_refused_audited_and_stores_nothing(controle):
    token = csrf(controle.get("/signalen").text)
    opslag = controle.app.state.opslag
    voor = tellingen(opslag)
    velden = {"toewijzingnummer": "100001", "datum": "2024-05-01", "soort": "verklarende_analyse",
              "auteur": "lokaal team", "samenvatting": "BSN 999900031 heeft meer nodig.", "csrf_token": token}
    r = controle.post("/onderbouwing", data=velden)
    assert r.status_code == 422 and "Onderbouwing niet opgeslagen" in r.text and "een BSN kan zijn" in r.text
    assert "999900031" not in r.text and tellingen(opslag) == voor
    assert "onderbouwing afgewezen" in [r[2] for r in gebruikers.auditlog(opslag)]
    assert controle.post("/onderbouwing", data={**velden, "csrf_token": "vals"}).status_code == 403
    regio = _ingelogd(controle.app, "regio")
    assert regio.post("/onderbouwing", data={**velden, "csrf_token": csrf(regio.get("/").text)}).status_code == 403
    assert tellingen(opslag) == voor
