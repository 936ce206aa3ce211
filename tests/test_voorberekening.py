"""No view waits on a cold computation: at the server's start and after a load, the page a first visit
asks is computed in the background for every scope (web/voorberekening.py), and a view whose page is
not ready yet says so at once. Where a page came from is in its `X-Stuurwiel-Berekend` header.

The figures under those pages are computed once for every audience (`toepassing.meter.gemeten`):
each scope gets exactly what the catalogue gives it.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import lxml.html
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from stuurwiel.begrippen.periode import jaar, kwartaal
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.regio import lees_regio
from stuurwiel.maten.catalogus import CATALOGUS, meet
from stuurwiel.privacy.bereik import Bereik, BuitenBereik
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.meter import gemeten
from stuurwiel.web import paginas
from stuurwiel.web.app import CSP, maak_app
from tests.support import dashboard, voorbeeld
from tests.support.browser import chromium, pagina, server
from tests.support.webregio import ACCOUNTS, gevulde_regio, inloggen, kopie
from tests.test_catalogue import uitgebreid

VIEWS = ["/", "/gemeente", "/segmenten", "/aanbieders", "/toegang", "/kosten"]
EXPORTS = [f"/export/{v.strip('/') or 'overzicht'}/0.{f}" for v in VIEWS for f in ("csv", "xlsx")]


# --- one computation for every audience ----------------------------------------------------------------

# one of each kind: counts filled with zeros, a ratio, trajectories, a share within each group, the top
# providers of each group, providers new to their group, a budget
SOORTEN = ("jeugdigen_in_zorg", "kosten_per_client", "nieuwe_trajecten", "verwijzermix", "systeemspelers",
           "nieuwe_aanbieders", "budget")


def test_a_measure_computed_once_for_everyone_gives_each_scope_exactly_what_the_catalogue_gives_it(
        opslag, tmp_path):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", uitgebreid())])  # the catalogue tests' example
    privacy = lees_regio("zhz").privacy
    scopes = [Bereik(None, privacy), Bereik(frozenset({"0505", "0590"}), privacy)]
    perioden = [jaar(2024), kwartaal(2024, 2)]
    vergeleken = 0
    for m in (CATALOGUS[naam] for naam in SOORTEN):
        # a gemeente account's scope narrows the municipalities of a split by municipality (privacy/bereik.py)
        splitsingen = [("gemeente", d) for d in m.dimensies if d != "gemeente"]
        for per in [("gemeente",)] * (not m.verplicht) + [p for p in splitsingen if set(m.verplicht) <= set(p)]:
            for selectie in (Selectie(), Selectie.van(segment="2"), Selectie.van(gemeente="1963")):
                for b in scopes:
                    verwacht, gekregen = _of_weigering(meet, opslag, m.naam, perioden, per, selectie, b), \
                        _of_weigering(gemeten, opslag, m.naam, perioden, per, selectie, b)
                    if isinstance(verwacht, pd.DataFrame):
                        pd.testing.assert_frame_equal(gekregen, verwacht, obj=f"{m.naam} {per} {selectie} {b}")
                    else:
                        assert gekregen == verwacht, (m.naam, per, selectie, b)
                    vergeleken += 1
    assert vergeleken > 100


def _of_weigering(f, *args):
    try:
        return f(*args)
    except BuitenBereik as e:
        return str(e)


# --- the server -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voorberekening")
    with gevulde_regio(tmp) as pad:
        yield pad


def _client(app, naam: str) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    assert inloggen(c, naam).status_code == 303
    return c


@contextmanager
def _opgehouden(monkeypatch):
    """While inside, the background thread cannot finish a page: it waits for the test."""
    vrij = threading.Event()
    echt = paginas.bouw_pagina

    def opgehouden(*args, **kwargs):
        vrij.wait()
        return echt(*args, **kwargs)
    monkeypatch.setattr(paginas, "bouw_pagina", opgehouden)
    try:
        yield
    finally:
        vrij.set()


def test_a_view_whose_page_is_still_being_computed_says_so_at_once_and_asks_again_by_itself(db, tmp_path,
                                                                                             monkeypatch):
    app = maak_app(kopie(db, tmp_path))
    with TestClient(app):
        with _opgehouden(monkeypatch):
            app.state.voorberekening.plan(app.state.opslag)  # planned now, whether or not the thread did already
            c = _client(app, "regio")
            for pad in ["/", "/kosten", "/export/segmenten/0.csv"]:
                r = c.get(pad)
                assert r.status_code == 503 and r.headers["retry-after"] == "5", pad
                assert r.headers["content-security-policy"] == CSP
                doc = lxml.html.fromstring(r.text)
                assert doc.xpath("//meta[@http-equiv='refresh']/@content") == ["5"]
                assert not doc.xpath("//script[not(@src)]")
                assert "Deze pagina wordt berekend" in doc.xpath("//h1/text()")
        assert app.state.voorberekening.wacht(600)
        r = c.get("/")
        assert r.status_code == 200 and r.headers["x-stuurwiel-berekend"] == "vooraf"
        assert c.get("/export/segmenten/0.csv").headers["x-stuurwiel-berekend"] == "vooraf"
        gefilterd = c.get("/segmenten?periode=2024&segment=2")  # not what a first visit asks: computed when asked
        assert gefilterd.status_code == 200 and gefilterd.headers["x-stuurwiel-berekend"] == "nu"
        assert c.get("/segmenten?periode=2024&segment=2").headers["x-stuurwiel-berekend"] == "eerder"


# --- in the browser: every role's first visit, at the start and after a load ----------------------------

@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _eerste_bezoeken(browser, url: str) -> dict[tuple[str, str], tuple[int, str]]:
    """Every role logs in and visits every view and every view's exports: (role, path) -> (status, header)."""
    gezien = {}
    for naam in ACCOUNTS:
        with pagina(browser) as b:
            p = b.page
            dashboard.inloggen(p, url, naam)
            for pad in VIEWS:
                r = p.goto(url + pad)
                gezien[naam, pad] = r.status, r.headers.get("x-stuurwiel-berekend")
                assert p.locator("main > h1").count() == 1
            for pad in EXPORTS:
                r = p.request.get(url + pad)
                gezien[naam, pad] = r.status, r.headers.get("x-stuurwiel-berekend")
            assert b.problemen() == []
    return gezien


@pytest.mark.slow
def test_every_roles_first_visit_of_every_view_and_export_comes_from_the_precomputation_at_start_and_after_a_load(
        browser, db, tmp_path):
    app = maak_app(kopie(db, tmp_path / "db"))
    with server(app) as url:  # returns once the precomputation is done
        voor = _eerste_bezoeken(browser, url)
        assert set(voor.values()) == {(200, "vooraf")}, {k: v for k, v in voor.items() if v != (200, "vooraf")}
        beheer = TestClient(app, follow_redirects=False)
        assert inloggen(beheer, "beheer").status_code == 303
        extra = voorbeeld.schrijf(tmp_path / "extra")
        token = lxml.html.fromstring(beheer.get("/laden").text).xpath("//input[@name='csrf_token']/@value")[0]
        bestanden = [("bestanden", (p.name, p.read_bytes(), "text/csv")) for p in sorted(extra.glob("*.csv"))]
        voor_lading = app.state.opslag.toestand()
        assert beheer.post("/laden", data={"csrf_token": token}, files=bestanden).status_code == 200
        assert app.state.opslag.toestand() != voor_lading
        assert app.state.voorberekening.wacht(600)
        na = _eerste_bezoeken(browser, url)
        assert set(na.values()) == {(200, "vooraf")}, {k: v for k, v in na.items() if v != (200, "vooraf")}
