"""The rule for a budget that needs attention lives in one place (`burap.KANS_AANDACHT`): the
command's forecast table, the dashboard's forecast and its "Wat aandacht vraagt", and the report's
forecast section are one code path, so changing the rule changes all of them."""

from __future__ import annotations

import json

import lxml.html
import pytest

from stuurwiel.analyses.prognose import burap
from stuurwiel.begrippen.periode import jaar
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.uitvoer.rapporten import bouw
from stuurwiel.web.app import maak_app
from tests.support.helpers import cli, sleutel
from tests.support.webregio import gestart, gevulde_regio, inloggen, kopie


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("aandacht")
    with gevulde_regio(tmp) as pad:
        yield pad, tmp


def _cli(db: str) -> list[bool]:
    rijen = json.loads(cli("prognose", "--formaat", "json", "--db", db).stdout)
    return [r["aandacht"] for r in rijen if r["niveau"] == "gemeente"]


def _dashboard(db: str) -> tuple[list[str], list[str]]:
    """The attention column of the forecast on Kosten en budget, and the budgets Overzicht names."""
    with gestart(maak_app(db, voorberekenen=False)) as c:
        assert inloggen(c, "regio").status_code == 303
        blok = lxml.html.fromstring(c.get("/kosten").text).get_element_by_id("blok-0")
        koppen = [th.text_content() for th in blok.xpath(".//thead//th")]
        kolom = koppen.index("aandacht")
        vlag = [tr.xpath("./th | ./td")[kolom].text_content() for tr in blok.xpath(".//tbody/tr")
                if tr.xpath("./th/text()")[0] != "Regio"]
        overzicht = lxml.html.fromstring(c.get("/").text)
        lijst = next(s for s in overzicht.xpath("//section[@class='blok']") if "aandacht" in s.xpath(".//h2/text()")[0])
        budgetten = [t for t in lijst.xpath(".//tbody/tr/th/text()") if t.startswith("Budget ")]
    return vlag, budgetten


def _rapport(db: str) -> list[bool]:
    with Opslag.open(db, alleen_lezen=True) as opslag:
        vraag = Vraag("rapport", (jaar(opslag.stand().year),))
        r = bouw(Meter.voor(opslag, vraag), vraag, "jaar")
    t = next(o.tabel for o in r.onderdelen if o.titel.startswith("Prognose "))
    return [rij[t.index("aandacht")].waarde for rij in t.rijen if rij[t.index("niveau")].waarde == "gemeente"]


@pytest.mark.parametrize("drempel, verwacht", [(-1.0, True), (1.0, False)])
def test_changing_the_rule_in_one_place_changes_the_command_the_dashboard_and_the_report(
        db, monkeypatch, drempel, verwacht):
    bron, tmp = db
    monkeypatch.setattr(burap, "KANS_AANDACHT", drempel)
    with sleutel(tmp / "sleutel"):
        pad = kopie(bron, tmp / f"drempel{drempel}")  # a store of its own: nothing kept from the other rule
        assert set(_cli(pad)) == {verwacht}
        vlag, budgetten = _dashboard(pad)
        assert set(vlag) == {"ja" if verwacht else "nee"} and len(vlag) == 10
        assert len(budgetten) == (10 if verwacht else 0)
        assert set(_rapport(pad)) == {verwacht}
