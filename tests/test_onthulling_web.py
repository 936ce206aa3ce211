"""Suppression that cannot be undone (issue 20), tried over real HTTP as the municipal account
`dordrecht` against a small synthetic region: shares, rates and cost per client give back only
the rounded counts; a provider's figure that comes from one other municipality is that
municipality's detail and reads "buiten uw bereik"; downloads are as precise as the page. The
truth each attack is checked against is the catalogue without any suppression (`meet_volledig`)."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from stuurwiel.begrippen.periode import jaar
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.catalogus import meet_volledig
from stuurwiel.privacy.onthulling import rond_af
from stuurwiel.web.app import maak_app
from tests.support.helpers import cli
from tests.support.webregio import EIGEN, gestart, gevulde_regio, inloggen, kopie

JAAR = 2024
AFRONDING, DREMPEL = 5, 8  # the region's privacy settings (zhz: CBS-like defaults)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    with gevulde_regio(tmp_path_factory.mktemp("onthulling")) as pad:
        yield pad


@pytest.fixture(scope="module")
def app(db, tmp_path_factory):
    app = maak_app(kopie(db, tmp_path_factory.mktemp("server")), voorberekenen=False)
    with gestart(app):
        yield app


@pytest.fixture(scope="module")
def als(app):
    clients: dict[str, TestClient] = {}

    def client(naam: str) -> TestClient:
        if naam not in clients:
            clients[naam] = TestClient(app, follow_redirects=False)
            assert inloggen(clients[naam], naam).status_code == 303
        return clients[naam]
    return client


def waarheid(app, maat: str, per: list[str], selectie: Selectie = Selectie()) -> pd.DataFrame:
    return meet_volledig(app.state.opslag, maat, [jaar(JAAR)], per, selectie)


def api(client: TestClient, maat: str, query: str = "") -> list[dict]:
    r = client.get(f"/api/maten/{maat}?jaar={JAAR}{query}")
    assert r.status_code == 200, r.text
    return r.json()["rijen"]


def per_aanbieder(rijen: list[dict]) -> dict[str, dict]:
    return {r["agb_code"]: r for r in rijen}


def getoond(rij: dict) -> bool:
    return rij["waarde"] is not None


def test_shares_of_referrers_give_back_no_suppressed_count(app, als):
    rijen = api(als("dordrecht"), "verwijzermix", "&per=aanbieder&per=verwijzer")
    echt = waarheid(app, "verwijzermix", ["aanbieder", "verwijzer"])
    echt = {(r.agb_code, None if pd.isna(r.verwijzer_type) else r.verwijzer_type): r for r in echt.itertuples()}
    klein = herbouwd = 0
    for r in rijen:
        e = echt[(r["agb_code"], r["verwijzer_type"])]
        if 0 < e.teller < DREMPEL:
            klein += 1
            assert not getoond(r), (r, e)  # the share of a suppressed count is suppressed with it
        if getoond(r):
            # the share is the rounded count over the rounded group: times the group it gives a multiple of 5
            assert r["waarde"] == pytest.approx(100 * rond_af(e.teller, AFRONDING) / rond_af(e.noemer, AFRONDING),
                                                abs=0.05)
            herbouwd += e.teller % AFRONDING != 0 and r["waarde"] == pytest.approx(100 * e.teller / e.noemer,
                                                                                       abs=0.05)
    assert klein > 10 and herbouwd == 0


def test_a_rate_per_1000_times_the_youth_population_gives_the_rounded_count_only(app, als):
    c = als("dordrecht")
    bevolking = api(c, "jeugdigen_0_17")[0]["waarde"]
    tarieven = per_aanbieder(api(c, "jeugdigen_per_1000", "&per=aanbieder"))
    aantallen = per_aanbieder(api(c, "jeugdigen_in_zorg", "&per=aanbieder"))
    echt = waarheid(app, "jeugdigen_in_zorg", ["aanbieder"]).set_index("agb_code").waarde
    getoonde = [(agb, r["waarde"]) for agb, r in tarieven.items() if getoond(r)]
    assert len(getoonde) > 5
    for agb, tarief in getoonde:
        # the rate times the population is the shown, rounded count (up to the page's one decimal per 1,000)
        assert abs(tarief * bevolking / 1000 - aantallen[agb]["waarde"]) <= bevolking / 20_000
        assert aantallen[agb]["waarde"] % AFRONDING == 0
    assert any(echt[agb] % AFRONDING for agb, _ in getoonde)  # the exact counts were not all multiples of 5
    for agb, r in tarieven.items():
        if 0 < echt[agb] < DREMPEL:
            assert not getoond(r) and not getoond(aantallen[agb])


def test_cost_divided_by_cost_per_client_gives_the_rounded_count_only(app, als):
    c = als("dordrecht")
    kosten = per_aanbieder(api(c, "kosten", "&per=aanbieder"))
    per_client = per_aanbieder(api(c, "kosten_per_client", "&per=aanbieder"))
    aantallen = per_aanbieder(api(c, "jeugdigen_in_zorg", "&per=aanbieder"))
    echt = waarheid(app, "jeugdigen_in_zorg", ["aanbieder"]).set_index("agb_code").waarde
    paren = [(agb, kosten[agb]["waarde"] / r["waarde"]) for agb, r in per_client.items()
             if getoond(r) and getoond(kosten[agb])]
    assert len(paren) > 5
    for agb, terug in paren:
        assert terug == pytest.approx(aantallen[agb]["waarde"], abs=0.01)  # the shown, rounded count
        assert round(terug) % AFRONDING == 0
    assert not [agb for agb, terug in paren if echt[agb] % AFRONDING and round(terug) == echt[agb]]


def eenzijdige_aanbieder(app) -> tuple[str, str]:
    """A provider whose claims in the year all come from one municipality other than Dordrecht."""
    k = waarheid(app, "kosten", ["aanbieder", "gemeente"])
    k = k[k.waarde != 0]
    n = k.groupby("agb_code").gemeentecode.agg(["nunique", "first"])
    kandidaten = n[(n["nunique"] == 1) & (n["first"] != EIGEN)]
    assert len(kandidaten), "geen aanbieder met declaraties uit één gemeente in de testregio"
    return kandidaten.index[0], kandidaten["first"].iloc[0]


def test_a_providers_figure_from_one_other_municipality_is_that_municipalitys_detail(app, als):
    agb, gemeente = eenzijdige_aanbieder(app)
    c = als("dordrecht")
    assert c.get(f"/api/maten/kosten?jaar={JAAR}&aanbieder={agb}&gemeente={gemeente}").status_code == 403
    rijen = api(c, "kosten", f"&per=aanbieder&per=segment&per=product&aanbieder={agb}")
    assert rijen and all(r["waarde"] is None and r["onderdrukt"] and r["reden"] == "buiten_bereik" for r in rijen)
    assert api(c, "kosten", f"&aanbieder={agb}")[0]["reden"] == "buiten_bereik"
    # complementary suppression: the region's total minus the providers shown does not give it back
    alle = api(c, "kosten", "&per=aanbieder")
    totaal = api(c, "kosten")[0]["waarde"]
    echt = waarheid(app, "kosten", ["aanbieder"]).set_index("agb_code").waarde
    verborgen = [r["agb_code"] for r in alle if r["reden"] == "buiten_bereik"]
    assert agb in verborgen and len(verborgen) >= 2
    assert totaal - sum(r["waarde"] for r in alle if getoond(r)) != echt[agb]
    # the region sees it in full, to the cent
    regio = per_aanbieder(api(als("regio"), "kosten", "&per=aanbieder"))
    assert regio[agb]["waarde"] == echt[agb] and not regio[agb]["onderdrukt"]


def test_a_page_shows_another_municipalitys_detail_as_outside_the_scope(app, als):
    agb, _ = eenzijdige_aanbieder(app)
    r = als("dordrecht").get(f"/aanbieders?jaar={JAAR}&aanbieder={agb}")
    assert r.status_code == 200
    assert "buiten uw bereik" in r.text
    assert "buiten uw bereik" not in als("regio").get(f"/aanbieders?jaar={JAAR}&aanbieder={agb}").text


def test_the_control_role_with_case_level_rights_gets_exact_figures(app, als):
    rijen = api(als("controle"), "verwijzermix", "&per=aanbieder&per=verwijzer")
    echt = waarheid(app, "verwijzermix", ["aanbieder", "verwijzer"])
    assert len(rijen) == len(echt) and not any(r["onderdrukt"] for r in rijen)
    assert [r["waarde"] for r in rijen] == pytest.approx(echt.waarde.tolist())
    assert [r["basis"] for r in rijen] == echt.basis.tolist()


def test_downloads_carry_the_precision_of_the_page_and_no_figure_of_a_suppressed_count(app, als, db):
    # the dashboard's export of the access page, as the municipal account sees it
    c = als("dordrecht")
    pagina = c.get(f"/toegang?jaar={JAAR}")
    assert pagina.status_code == 200
    exports = sorted(set(re.findall(r"/export/toegang/(\d+)\.csv", pagina.text)))
    assert exports
    for i in exports:
        r = c.get(f"/export/toegang/{i}.csv?jaar={JAAR}")
        assert r.status_code == 200
        for rij in csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"):
            for veld in rij:
                assert not re.fullmatch(r"-?\d+,\d{3,}", veld), veld
    # the command line's CSV for machines, as an audience without case-level rights
    uit = cli("meet", "verwijzermix", "--periode", str(JAAR), "--per", "aanbieder", "--per", "verwijzer",
              "--openbaar", "--formaat", "csv", "--db", str(db))
    assert uit.exit_code == 0, uit.output
    regels = list(csv.DictReader(io.StringIO(uit.output)))
    echt = waarheid(app, "verwijzermix", ["aanbieder", "verwijzer"])
    klein = {(r.agb_code, r.verwijzer_type or "") for r in echt.itertuples() if 0 < r.teller < DREMPEL}
    assert regels and klein
    for r in regels:
        assert not re.fullmatch(r"-?\d+\.\d{2,}", r["waarde"]), r  # 22.2, never 22.22222222222222
        if (r["agb_code"], r["verwijzer_type"]) in klein:
            assert r["waarde"] == "" and r["onderdrukt"] == "True"  # no share, and no 0.0, for a hidden count


def test_the_rules_are_documented():
    from pathlib import Path

    tekst = (Path(__file__).resolve().parents[1] / "docs" / "privacy.md").read_text()
    for woord in ("afgeronde aantallen", "buiten uw bereik", "aanvullende onderdrukking", "dossierinzage"):
        assert woord in tekst

