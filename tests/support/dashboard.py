"""What the browser tests of the dashboard share: a filled region served by `stuurwiel serve`'s app
(fixtures `db`, `url`, `browser`, imported by the test modules), logging in, screenshots, drawn charts."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from stuurwiel.web.app import maak_app
from tests.support.browser import chromium, pagina, server
from tests.support.webregio import gevulde_regio, kopie, wachtwoord


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    with gevulde_regio(tmp) as pad:
        yield pad


@pytest.fixture(scope="module")
def url(db, tmp_path_factory):
    with server(maak_app(kopie(db, tmp_path_factory.mktemp("server")), voorberekenen=False)) as adres:
        yield adres


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def inloggen(page, url: str, naam: str, wachtwoord_: str | None = None) -> None:
    page.goto(url + "/login")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(wachtwoord_ or wachtwoord(naam))
    page.get_by_role("button", name="Inloggen").click()
    # the start page; a municipal account opens on its own municipality
    page.wait_for_url(re.compile(re.escape(url) + r"/(gemeente)?$"), timeout=120_000)


@contextmanager
def als(browser, url: str, naam: str):
    """A fresh browser logged in as `naam`; when the test is done, no page has logged a problem."""
    with pagina(browser) as b:
        inloggen(b.page, url, naam)
        yield b.page
        assert b.problemen() == [], b.problemen()


def schermafdruk(page, naam: str, view: str) -> Path:
    """The whole page as the role sees it, to look at after the run (STUURWIEL_SCHERMEN or .cache/schermen)."""
    map_ = Path(os.environ.get("STUURWIEL_SCHERMEN", Path(__file__).resolve().parents[2] / ".cache" / "schermen"))
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / f"{naam}-{view.strip('/').replace('/', '-') or 'overzicht'}.png"
    page.screenshot(path=str(pad), full_page=True)
    return pad


def grafieken_getekend(page) -> list[int]:
    """Wait until every chart on the page is drawn; the number of marks (paths in Vega's mark groups) per chart."""
    page.wait_for_function("[...document.querySelectorAll('div.grafiek')].every(d => d.dataset.gerenderd)",
                           timeout=60_000)
    assert page.eval_on_selector_all("div.grafiek", "ds => ds.map(d => d.dataset.gerenderd)") == \
        ["ja"] * page.locator("div.grafiek").count()
    return page.eval_on_selector_all("div.grafiek", "ds => ds.map(d => d.querySelectorAll("
                                                    "'svg g.role-mark path, svg g.role-mark line, svg g.role-mark text').length)")
