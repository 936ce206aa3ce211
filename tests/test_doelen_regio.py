"""The example ZHZ goals (package data) on a small synthetic region: they load with `stuurwiel doelen laad`,
their values are the catalogue's, they show as traffic lights on the Doelen page over HTTP, the region role
edits the register there, and the quarterly and annual reports carry them."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import pytest

from stuurwiel.begrippen.periode import jaar, ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing import doelregister
from stuurwiel.toepassing.doelen import status
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.uitvoer.rapporten import bouw
from stuurwiel.uitvoer.rapporten.html import html
from stuurwiel.web import gebruikers
from stuurwiel.web.app import maak_app
from tests.support.helpers import cli
from tests.support.webregio import csrf, gevulde_regio, inloggen, kopie

VOORBEELD = Path(str(resources.files("stuurwiel.data").joinpath("doelen", "zhz.yaml")))


@pytest.fixture(scope="module")
def regio(tmp_path_factory):
    """The small region with the example goals loaded from the command line; (store, synthetic files)."""
    tmp = tmp_path_factory.mktemp("doelenregio")
    with gevulde_regio(tmp) as db:
        r = cli("doelen", "laad", str(VOORBEELD), "--door", "analist", "--db", str(db))
        assert r.exit_code == 0, r.output
        assert "Doelenregister versie 1 vastgelegd: 9 doelen." in r.output
        yield db, tmp / "regio"


def test_the_example_goals_show_their_status_from_the_catalogue(regio):
    db, _ = regio
    r = cli("doelen", "--jaar", "2024", "--formaat", "json", "--db", str(db))
    assert r.exit_code == 0, r.output
    rijen = json.loads(r.stdout)
    assert [d["code"] for d in rijen][:3] == ["VERW-HA-MS", "VT-OVERDRACHT", "CRISIS"] and len(rijen) == 9
    with Opslag.open(str(db), alleen_lezen=True) as opslag:
        marge = opslag.regio().doelen.marge_pct
        for d in rijen:
            selectie = Selectie.van(**{k: d[c] for k, c in (("gemeente", "gemeentecode"), ("segment", "segmentcode"))
                                       if d[c]})
            catalogus = meet(opslag, d["maat"], [ontleed_periode(d["periode"])], selectie=selectie).waarde.iloc[0]
            assert d["waarde"] == pytest.approx(float(catalogus)), d["code"]
            assert d["status"] == status(d["waarde"], d["streefwaarde"], d["richting"], marge) != "onbekend"
        # a relative target: last year's figure of the same measure, +7,5 %
        vorig = meet(opslag, "aanmeldingen_huisarts_specialist", [jaar(2023)]).waarde.iloc[0]
        assert rijen[0]["streefwaarde"] == pytest.approx(vorig * 1.075)


def test_the_referrals_from_gps_and_specialists_match_the_ground_truth(regio):
    db, bron = regio
    with (bron / "grondwaarheid" / "aanmeldingen_herkomst.csv").open(encoding="utf-8") as f:
        waar = [r for r in csv.DictReader(f) if r["herkomst"] in ("huisarts", "medisch_specialist")]
    with Opslag.open(str(db), alleen_lezen=True) as opslag:
        for j in (2023, 2024):
            gemeten = meet(opslag, "aanmeldingen_huisarts_specialist", [jaar(j)]).waarde.iloc[0]
            assert gemeten == sum(int(r["aantal"]) for r in waar if int(r["jaar"]) == j) > 0


def test_the_doelen_page_shows_traffic_lights_and_the_region_role_edits_the_register(regio, tmp_path):
    db = kopie(regio[0], tmp_path / "kopie")
    app = maak_app(db, voorberekenen=False)
    from fastapi.testclient import TestClient

    with TestClient(app, follow_redirects=False) as c:
        assert inloggen(c, "dordrecht").status_code == 303
        pagina = c.get("/doelen")
        assert pagina.status_code == 200
        assert pagina.text.count('<td class="status status-') == 9 and "DORDRECHT-1000" in pagina.text
        # status in a word and a sign, not by colour alone
        assert '<span aria-hidden="true">✖</span> niet gehaald' in pagina.text
        assert "Het doelenregister bewerken" not in pagina.text
        assert c.post("/doelen", data={"inhoud": "doelen: []", "csrf_token": csrf(pagina.text)}).status_code == 403
        c.post("/uitloggen", data={"csrf_token": csrf(pagina.text)})

        assert inloggen(c, "regio").status_code == 303
        pagina = c.get("/doelen?jaar=2024&segment=6")
        assert pagina.text.count('<td class="status status-') == 2  # MAATREGEL-AANTAL and -DUUR
        tekst = VOORBEELD.read_text(encoding="utf-8")
        zes = tekst.replace("    titel: Maatregelen van kortere duur\n",
                            "    titel: Maatregelen van kortere duur\n    prioriteit: 2\n")
        r = c.post("/doelen", data={"inhoud": zes, "csrf_token": csrf(pagina.text)})
        assert r.status_code == 422 and "hoogstens 5 doelen mogen er een dragen" in r.text
        r = c.post("/doelen", data={"inhoud": tekst.replace("verandering_pct: 7.5", "verandering_pct: 10"),
                                    "csrf_token": csrf(pagina.text)})
        assert r.status_code == 303
    with Opslag.open(db, alleen_lezen=True) as opslag:
        assert [(v, door) for v, door, *_ in doelregister.versies(opslag)] == [(2, "regio"), (1, "analist")]
        assert doelregister.geldend(opslag).register.doelen[0].verandering_pct == 10
        acties = [(naam, actie) for _, naam, actie, *_ in gebruikers.auditlog(opslag)]
    assert ("regio", "doelen") in acties and ("regio", "doelen afgewezen") in acties


def test_the_quarterly_and_annual_reports_carry_the_goals(regio):
    db, _ = regio
    with Opslag.open(str(db), alleen_lezen=True) as opslag:
        bereik = Bereik(privacy=opslag.regio().privacy)
        rapporten = {}
        for soort, periode in (("kwartaal", "2024-Q4"), ("jaar", "2024")):
            vraag = Vraag("rapport", (ontleed_periode(periode),), bereik=bereik)
            rapporten[soort] = bouw(Meter.voor(opslag, vraag), vraag, soort)
    secties = {s.titel: s for s in rapporten["kwartaal"].secties}
    samen = secties["Samen Sturen: doelen per segment"]
    assert [o.titel for o in samen.onderdelen] == ["Doelen 2024, segment 5", "Doelen 2024, segment 6"]
    assert [r[0].waarde for r in samen.onderdelen[1].tabel.rijen] == ["MAATREGEL-AANTAL", "MAATREGEL-DUUR"]
    jaarsectie = {s.titel: s for s in rapporten["jaar"].secties}["Doelen"]
    assert len(jaarsectie.onderdelen[0].tabel.rijen) == 9
    pagina = html(rapporten["jaar"])
    assert "VERW-HA-MS" in pagina and "aanmeldingen_huisarts_specialist" in pagina  # and its definition
