"""The control role's worklist of signals over real HTTP, on DuckDB and PostgreSQL: filtered, sorted and
paged by the server, exported as a workbook, followed up with a form (CSRF, audited, refused with the
reason and nothing stored when it cannot be), and refused to every other role (purpose limitation)."""

from __future__ import annotations

import io
import re
import uuid

import lxml.html
import openpyxl
import pytest
from fastapi.testclient import TestClient

from stuurwiel.web import gebruikers
from stuurwiel.web.app import maak_app
from tests.support.helpers import sleutel
from tests.support.omgeving import pg_adres
from tests.support.signaalregio import AANTAL, vul
from tests.support.webregio import ACCOUNTS, csrf, gestart, inloggen


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def app(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("signalen")
    with sleutel(tmp / "sleutel"):
        if request.param == "duckdb":
            adres = str(tmp / "stuurwiel.duckdb")
        else:
            admin = request.getfixturevalue("pg_admin")
            naam = f"stuurwiel_test_{uuid.uuid4().hex[:12]}"
            admin.execute(f'CREATE DATABASE "{naam}"')
            adres = pg_adres(naam)
        vul(adres, tmp / "bron")
        app = maak_app(adres, voorberekenen=False)
        with gestart(app):
            yield app
        if request.param == "postgres":
            admin.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


def client(app, naam: str) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    assert inloggen(c, naam).status_code == 303
    return c


def _werklijst(html: str) -> list[dict[str, str]]:
    """The worklist's rows as {header: text}, with the value of the row's checkbox under 'gekozen'."""
    tabel = lxml.html.fromstring(html).xpath("//section[contains(@class, 'werklijst')]//table")[0]
    koppen = [th.text_content().strip() for th in tabel.xpath("./thead/tr/th")]
    rijen = []
    for tr in tabel.xpath("./tbody/tr[not(@class='leeg')]"):
        cellen = tr.xpath("./th|./td")
        rij = {k: c.text_content().strip() for k, c in zip(koppen, cellen, strict=True)}
        rij["gekozen"] = cellen[0].xpath(".//input/@value")[0]
        rijen.append(rij)
    return rijen


def _stand(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).xpath(
        "//section[contains(@class, 'werklijst')]/p[@class='uitleg']")[0].text_content().split())


def _opgeslagen(app) -> int:
    with app.state.opslag.verbinding() as opslag:
        return opslag.aantal("signaalopvolging")


def _audit(app) -> list[tuple]:
    with app.state.opslag.verbinding() as opslag:
        return gebruikers.auditlog(opslag)


def test_the_worklist_is_paged_filtered_and_sorted_by_the_server(app):
    c = client(app, "controle")
    r = c.get("/signalen")
    assert r.status_code == 200
    assert len(_werklijst(r.text)) == 50 and _stand(r.text).startswith(f"Signaal 1–50 van {AANTAL} ")
    assert "bladzijde 1 van 3" in r.text
    laatste = c.get("/signalen?bladzijde=3")
    assert len(_werklijst(laatste.text)) == AANTAL - 100 and _stand(laatste.text).startswith(f"Signaal 101–{AANTAL} ")
    assert _werklijst(c.get("/signalen?bladzijde=99").text) == _werklijst(laatste.text)  # past the end: the last
    alle = {rij["id"] for b in (1, 2, 3) for rij in _werklijst(c.get(f"/signalen?bladzijde={b}").text)}
    assert len(alle) == AANTAL

    dordrecht = [rij for b in (1, 2) for rij in _werklijst(c.get(f"/signalen?gemeente=0505&bladzijde={b}").text)]
    assert len(dordrecht) == AANTAL // 2 and {rij["gemeente"] for rij in dordrecht} == {"0505"}
    assert {rij["aanbieder"] for rij in _werklijst(c.get("/signalen?aanbieder=42420002").text)} == {"42420002"}
    februari = _werklijst(c.get("/signalen?periode=2024-02").text)
    assert len(februari) == AANTAL // 4 and {rij["periode"] for rij in februari} == {"1 februari 2024"}
    assert _werklijst(c.get("/signalen?regel=TR321").text) == []
    bedragen = [int(re.sub(r"\D", "", rij["bedrag"])) for rij in _werklijst(c.get("/signalen?volgorde=bedrag").text)]
    assert bedragen == sorted(bedragen, reverse=True) and bedragen[0] == 17 * 9490 // 100
    assert c.get("/signalen?status=klaar").status_code == 400
    assert c.get("/signalen?bladzijde=twee").status_code == 400


def test_a_controller_follows_up_the_signals_ticked_and_the_audit_log_says_so(app):
    c = client(app, "controle")
    lijst = c.get("/signalen?gemeente=1963&periode=2024-02")
    gekozen = [rij["gekozen"] for rij in _werklijst(lijst.text)[:2]]
    volgende = "/signalen?gemeente=1963&periode=2024-02&bladzijde=1"
    r = c.post("/signalen/status", data={"csrf_token": csrf(lijst.text), "signaal": gekozen, "status": "in onderzoek",
                                         "eigenaar": "Fatima", "notitie": "navragen", "volgende": volgende})
    assert r.status_code == 303 and r.headers["location"] == volgende + "&gewijzigd=2"
    terug = c.get(r.headers["location"])
    assert "2 signalen gewijzigd." in terug.text
    rijen = {rij["id"]: rij for rij in _werklijst(terug.text)}
    assert [(rijen[i]["status"], rijen[i]["eigenaar"], rijen[i]["notitie"]) for i in gekozen] == [
        ("in onderzoek", "Fatima", "navragen")] * 2
    assert sorted(rij["id"] for rij in _werklijst(c.get("/signalen?status=in+onderzoek").text)) == sorted(gekozen)
    assert ("controle", "signaalstatus", f"in onderzoek, eigenaar Fatima, met notitie: {', '.join(gekozen)}") in [
        (wie, actie, wat) for _, wie, actie, wat, _ in _audit(app)]

    pagina = c.get(f"/signaal/{gekozen[0]}")
    r = c.post("/signalen/status", data={"csrf_token": csrf(pagina.text), "signaal": gekozen[0],
                                         "status": "teruggevorderd", "bedrag": "47,45", "volgende": f"/signaal/{gekozen[0]}"})
    assert r.status_code == 303
    geschiedenis = lxml.html.fromstring(c.get(r.headers["location"]).text).xpath(
        "//section[.//h2[@id='geschiedenis-kop']]//tbody/tr")
    assert [[td.text_content().strip() for td in tr.xpath("./th|./td")][1:5] for tr in geschiedenis] == [
        ["controle", "nieuw", "in onderzoek", "Fatima"], ["controle", "in onderzoek", "teruggevorderd", "Fatima"]]


@pytest.mark.parametrize(("velden", "melding"), [
    ({"status": "klaar"}, "onbekende status 'klaar'"),
    ({"status": "teruggevorderd"}, "bij de status teruggevorderd hoort het teruggevorderde bedrag"),
    ({"status": "terecht", "bedrag": "10"}, "een bedrag hoort alleen bij de status teruggevorderd"),
    ({"status": "terecht", "signaal": ["0123456789ab"]}, "onbekend signaal '0123456789ab'"),
    ({"status": "terecht", "signaal": []}, "kies een of meer signalen"),
])
def test_a_change_that_cannot_be_made_is_refused_on_the_page_and_nothing_is_stored(app, velden, melding):
    c = client(app, "controle")
    lijst = c.get("/signalen?aanbieder=42420001")
    eerste = _werklijst(lijst.text)[0]["gekozen"]
    voor = _opgeslagen(app)
    r = c.post("/signalen/status", data={"csrf_token": csrf(lijst.text), "signaal": [eerste],
                                         "volgende": "/signalen?aanbieder=42420001", **velden})
    assert r.status_code == 400
    assert melding in " ".join(lxml.html.fromstring(r.text).xpath("//*[@role='alert']")[0].text_content().split())
    assert {rij["aanbieder"] for rij in _werklijst(r.text)} == {"42420001"}  # the page it was sent from
    assert _opgeslagen(app) == voor


def test_a_change_without_the_forms_token_is_refused(app):
    c = client(app, "controle")
    eerste = _werklijst(c.get("/signalen").text)[0]["gekozen"]
    voor = _opgeslagen(app)
    for token in ("", "vervalst"):
        r = c.post("/signalen/status", data={"csrf_token": token, "signaal": [eerste], "status": "terecht"})
        assert r.status_code == 403
    assert _opgeslagen(app) == voor


@pytest.mark.parametrize("naam", [n for n, (rol, _) in ACCOUNTS.items() if rol != "controle"])
def test_every_other_role_is_refused_the_worklist_a_signal_its_export_and_the_form(app, naam):
    eerste = _werklijst(client(app, "controle").get("/signalen").text)[0]["gekozen"]
    c = client(app, naam)
    for pad in ("/signalen", f"/signaal/{eerste}", "/export/signalen.xlsx", "/export/signalen.csv"):
        r = c.get(pad)
        assert r.status_code == 403 and "dossierinzage" in r.text, pad
    voor = _opgeslagen(app)
    r = c.post("/signalen/status", data={"csrf_token": csrf(c.get("/").text), "signaal": [eerste], "status": "terecht"})
    assert r.status_code == 403 and _opgeslagen(app) == voor


def test_the_export_is_the_selection_on_every_page_as_a_workbook(app):
    c = client(app, "controle")
    r = c.get("/export/signalen.xlsx?gemeente=0505&volgorde=bedrag")
    assert r.status_code == 200 and r.headers["content-disposition"].endswith('.xlsx"')
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    koppen = [cel.value for cel in ws[1]]
    assert koppen[:3] == ["id", "status", "eigenaar"] and {"regel", "bedrag (euro)", "notitie"} <= set(koppen)
    rijen = [dict(zip(koppen, [cel.value for cel in rij], strict=True)) for rij in ws.iter_rows(min_row=2)]
    assert len(rijen) == AANTAL // 2  # every page of the selection, not the first fifty
    assert {rij["gemeente"] for rij in rijen} == {"0505"} and {rij["regel"] for rij in rijen} == {"zonder_toewijzing"}
    bedragen = [rij["bedrag (euro)"] for rij in rijen]
    assert bedragen == sorted(bedragen, reverse=True) and bedragen[0] == pytest.approx(17 * 94.90)
    assert ("controle", "export") in [(wie, actie) for _, wie, actie, _, _ in _audit(app)]
