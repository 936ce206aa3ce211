"""A controller works the signals' worklist in a real browser: filters it, ticks two signals and gives
them a status, without an accessibility, console or CSP problem (tests/support/browser.py)."""

from __future__ import annotations

import re

import pytest

from stuurwiel.web.app import maak_app
from tests.support.browser import axe, chromium, server
from tests.support.dashboard import als, schermafdruk
from tests.support.helpers import sleutel
from tests.support.signaalregio import vul

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("werklijst")
    with sleutel(tmp / "sleutel"):
        vul(str(tmp / "stuurwiel.duckdb"), tmp / "bron")
        with server(maak_app(str(tmp / "stuurwiel.duckdb"), voorberekenen=False)) as adres:
            yield adres


def test_a_controller_filters_the_worklist_and_changes_the_status_of_the_signals_ticked(browser, url):
    with als(browser, url, "controle") as p:
        p.goto(url + "/signalen")
        filters = p.get_by_role("form", name="Filters")
        filters.get_by_label("Gemeente").select_option(label="Hoeksche Waard")
        filters.get_by_label("Periode").select_option(label="februari 2024")
        filters.get_by_role("button", name="Toon").click()
        p.wait_for_url(re.compile(r".*/signalen\?.*gemeente=1963.*periode=2024-02"))
        rijen = p.locator("section.werklijst tbody tr")
        assert rijen.count() == 30  # every claim of February is of Hoeksche Waard
        gekozen = [rijen.nth(i).get_by_role("checkbox").get_attribute("value") for i in (0, 1)]
        for i in (0, 1):
            rijen.nth(i).get_by_role("checkbox").check()
        wijzig = p.get_by_role("group", name="Wijzig de aangevinkte signalen")
        wijzig.get_by_label("Status").select_option("terecht")
        wijzig.get_by_label("Eigenaar").fill("Fatima")
        wijzig.get_by_label("Notitie").fill("zorg geleverd, toewijzing komt")
        wijzig.get_by_role("button", name="Wijzig de aangevinkte signalen").click()
        p.wait_for_url(re.compile(r".*gewijzigd=2$"))
        assert p.get_by_role("status").inner_text().endswith("2 signalen gewijzigd.")
        kolom = p.locator("section.werklijst thead th").all_inner_texts().index("status")
        status = {r.locator("th").inner_text(): r.locator("th, td").nth(kolom).inner_text() for r in rijen.all()}
        assert [status[i] for i in gekozen] == ["terecht", "terecht"] and list(status.values()).count("terecht") == 2
        schermafdruk(p, "controle", "signalen-werklijst")
        assert axe(p) == []
        p.get_by_role("link", name=gekozen[0]).click()
        p.wait_for_url(re.compile(rf".*/signaal/{gekozen[0]}$"))
        assert "zorg geleverd, toewijzing komt" in p.locator("section", has=p.locator("#geschiedenis-kop")).inner_text()
        assert axe(p) == []
