"""The page Steekproeven over HTTP (FastAPI's TestClient, as tests/test_web.py): the control role
plans, draws (the workbook comes back), uploads the filled-in workbook and reads the outcome and the
reports; a tampered upload is refused with nothing stored; every other role is refused, page, forms
and downloads alike."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from stuurwiel.invoer import steekproefwerkmap as w
from stuurwiel.web.app import maak_app
from tests.support import steekproef
from tests.support.helpers import sleutel
from tests.support.webregio import ACCOUNTS, csrf, gestart, inloggen, vul


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("steekproefweb")
    with sleutel(tmp / "sleutel"):
        db = tmp / "stuurwiel.duckdb"
        vul(str(db), steekproef.bron(tmp / "bron"))
        app = maak_app(str(db), voorberekenen=False)
        with gestart(app):
            yield app


def _client(app, naam):
    from fastapi.testclient import TestClient

    c = TestClient(app, follow_redirects=False)
    assert inloggen(c, naam).status_code == 303
    return c


def _trek(c, zaad=7, omvang=231):
    token = csrf(c.get("/steekproeven?jaar=2024").text)
    return c.post("/steekproeven/trek", data={"jaar": "2024", "populatie": "declaraties", "methode": "mus",
                                              "omvang": str(omvang), "zaad": str(zaad), "csrf_token": token})


def _bevindingen(app) -> int:
    return app.state.opslag.rijen("SELECT count(*) FROM steekproefbevinding")[0][0]


def test_the_control_role_plans_draws_processes_and_reads_the_report(app, tmp_path):
    c = _client(app, "controle")
    pagina = c.get("/steekproeven?jaar=2024")
    assert pagina.status_code == 200
    assert "Controle-auditplan 2024" in pagina.text and "Populaties 2024" in pagina.text
    assert '<a href="/steekproeven"' in pagina.text  # in the menu
    getrokken = _trek(c)
    assert getrokken.status_code == 200, getrokken.text
    assert getrokken.headers["content-type"].startswith("application/vnd.openxmlformats")
    id_ = re.search(r'filename="steekproef-(SP2024-[0-9a-f]+)\.xlsx"', getrokken.headers["content-disposition"])[1]
    werkmap = tmp_path / "sp.xlsx"
    werkmap.write_bytes(getrokken.content)
    assert openpyxl.load_workbook(werkmap)[w.VERBORGEN]["B1"].value == id_

    geknoeid = steekproef.cel(steekproef.vul_in(werkmap, tmp_path / "i.xlsx"), tmp_path / "k.xlsx", 2, w.BEDRAG, 1.0)
    token = csrf(c.get("/steekproeven").text)
    afgewezen = c.post("/steekproeven/verwerk", data={"csrf_token": token},
                       files={"bestand": ("k.xlsx", geknoeid.read_bytes())})
    assert afgewezen.status_code == 422
    assert "Afgewezen: niets vastgelegd" in afgewezen.text and "gewijzigd; in de trekking" in afgewezen.text
    assert _bevindingen(app) == 0

    verwerkt = c.post("/steekproeven/verwerk", data={"csrf_token": token},
                      files={"bestand": ("i.xlsx", (tmp_path / "i.xlsx").read_bytes())})
    assert verwerkt.status_code == 200
    assert "Verwerkt: binnen de tolerantie: fouten en onzekerheden" in verwerkt.text
    assert _bevindingen(app) > 0
    pdf = c.get(f"/steekproeven/{id_}/verslag.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    boek = openpyxl.load_workbook(io.BytesIO(c.get(f"/steekproeven/{id_}/verslag.xlsx").content))
    assert boek.sheetnames[0].startswith("Uitkomst van steekproef")
    opnieuw = c.get(f"/steekproeven/{id_}/werkmap.xlsx")
    assert opnieuw.status_code == 200
    assert c.get("/auditplan/2024.pdf").content.startswith(b"%PDF")
    log = app.state.opslag.beheer.rijen("SELECT actie FROM auditlog WHERE naam = 'controle'")
    assert {"steekproef getrokken", "steekproef afgewezen", "steekproef verwerkt"} <= {a for (a,) in log}


@pytest.mark.parametrize("naam", [n for n in ACCOUNTS if n != "controle"])
def test_every_other_role_is_refused_the_page_the_forms_and_the_downloads(app, naam):
    id_ = app.state.opslag.rijen("SELECT min(trekking_id) FROM steekproef")[0][0] or "SP2024-0000000000"
    c = _client(app, naam)
    assert '<a href="/steekproeven"' not in c.get("/rapporten").text
    assert c.get("/steekproeven").status_code == 403
    for pad in (f"/steekproeven/{id_}/werkmap.xlsx", f"/steekproeven/{id_}/verslag.pdf", "/auditplan/2024.xlsx"):
        assert c.get(pad).status_code == 403, pad
    token = csrf(c.get("/rapporten").text)  # every page has one, in its log-out form
    voor = app.state.opslag.rijen("SELECT count(*) FROM steekproef")[0][0]
    r = c.post("/steekproeven/trek", data={"jaar": "2024", "populatie": "declaraties", "methode": "mus",
                                           "omvang": "5", "zaad": "99", "csrf_token": token})
    assert r.status_code == 403 and "dossierinzage" in r.text
    assert app.state.opslag.rijen("SELECT count(*) FROM steekproef")[0][0] == voor
