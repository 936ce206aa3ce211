"""The dashboard over real HTTP (FastAPI's TestClient): accounts, sessions, CSRF, throttling,
security headers, the views, exports, reports, the API, loading in the browser and the audit log.

The scope tests ask every figure on a page, in an export and from the API of the catalogue again
in the user's scope (`tests/cijfers.py`): what a gemeente account sees of another municipality is
only what the catalogue gives as an aggregate, and asking for its detail gives nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html
import openpyxl
import pandas as pd
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from stuurwiel.begrippen.periode import jaar
from stuurwiel.config.regio import Privacy, lees_regio
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.web import gebruikers
from stuurwiel.web.app import CSP, maak_app
from tests.support.cijfers import (
    Naslag,
    gelijk,
    lees_export,
    lees_html,
    tabel_van_blok,
    zelfde_tabel,
)
from tests.support.helpers import cli, sleutel, tellingen
from tests.support.omgeving import pg_adres
from tests.support.voorbeeld import schrijf, variant
from tests.support.webregio import (
    ACCOUNTS,
    ANDER,
    EIGEN,
    csrf,
    gestart,
    inloggen,
    kopie,
    synthetiseer,
    vul,
    wachtwoord,
)

PAGINAS = ["/", "/gemeente", "/segmenten", "/aanbieders", "/toegang", "/kosten"]


@pytest.fixture(scope="module")
def bron(tmp_path_factory):
    return synthetiseer(tmp_path_factory.mktemp("webbron") / "bron")


@pytest.fixture(scope="module")
def map_(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    with sleutel(tmp / "sleutel"):
        yield tmp


@pytest.fixture(scope="module")
def db(bron, map_) -> Path:
    """The region with its accounts in a closed DuckDB file; tests that change it work on a copy."""
    pad = map_ / "bron" / "stuurwiel.duckdb"
    pad.parent.mkdir()
    vul(str(pad), bron)
    return pad


@pytest.fixture(scope="module")
def app(db, map_):
    app = maak_app(kopie(db, map_ / "gedeeld"), voorberekenen=False)
    with gestart(app):  # runs the app's start and its end
        yield app


def client(app, naam: str | None = None) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    if naam:
        assert inloggen(c, naam).status_code == 303
    return c


@pytest.fixture(scope="module")
def clients(app):
    return {naam: client(app, naam) for naam in ACCOUNTS}


def catalogus(app, bereik: Bereik) -> Naslag:
    return Naslag(app.state.opslag, bereik)


def privacy(app) -> Privacy:
    return app.state.opslag.regio().privacy


def bereik(app, naam: str) -> Bereik:
    rol, gemeenten = ACCOUNTS[naam]
    return Bereik(frozenset(gemeenten) if rol == "gemeente" else None, None if rol == "controle" else privacy(app))


# --- logging in -----------------------------------------------------------------------------------

def test_the_login_form_has_a_csrf_token_and_a_login_sets_a_strict_httponly_session_cookie(app):
    c = client(app)
    r = c.get("/login")
    assert r.status_code == 200 and 'name="csrf_token"' in r.text and 'name="gebruikersnaam"' in r.text
    r = inloggen(c, "regio")
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("stuurwiel_sessie="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert c.get("/").status_code == 200


def test_a_login_without_the_forms_token_or_with_a_wrong_password_gives_no_session(app):
    c = client(app)
    c.get("/login")
    r = c.post("/login", data={"gebruikersnaam": "regio", "wachtwoord": wachtwoord("regio"), "csrf_token": "vals"})
    assert r.status_code == 403 and "verlopen" in r.text and "stuurwiel_sessie" not in r.headers.get("set-cookie", "")
    r = inloggen(c, "regio", "geen goed wachtwoord")
    assert r.status_code == 401 and "Onbekende naam of verkeerd wachtwoord" in r.text
    r = inloggen(c, "niemand", "geen goed wachtwoord")
    assert r.status_code == 401 and "Onbekende naam of verkeerd wachtwoord" in r.text  # says nothing of the name
    assert c.get("/").status_code == 303


def test_after_five_failed_attempts_even_the_right_password_waits(db, map_):
    with TestClient(maak_app(kopie(db, map_ / "remmen"), voorberekenen=False), follow_redirects=False) as c:
        for _ in range(gebruikers.MAX_MISLUKT):
            assert inloggen(c, "regio", "fout wachtwoord nummer").status_code == 401
        r = inloggen(c, "regio")
        assert r.status_code == 429 and "Te veel mislukte pogingen" in r.text
        assert "stuurwiel_sessie" not in r.headers.get("set-cookie", "")
        with c.app.state.opslag.verbinding() as s:
            acties = [a for _, _, a, _, _ in gebruikers.auditlog(s)]
        assert acties.count("inloggen mislukt") == gebruikers.MAX_MISLUKT


def test_after_logging_in_the_browser_returns_where_it_came_from_but_never_to_another_site(app):
    c = client(app)
    r = c.get("/segmenten?periode=2024")
    assert r.status_code == 303 and r.headers["location"] == "/login?volgende=%2Fsegmenten%3Fperiode%3D2024"
    for volgende, naar in (("/segmenten?periode=2024", "/segmenten?periode=2024"), ("//evil.example/", "/"),
                           ("https://evil.example/", "/")):
        token = csrf(c.get(f"/login?volgende={volgende}").text)
        r = c.post("/login", data={"gebruikersnaam": "regio", "wachtwoord": wachtwoord("regio"), "csrf_token": token,
                                   "volgende": volgende})
        assert r.headers["location"] == naar


def test_logging_out_needs_the_token_and_ends_the_session(app):
    c = client(app, "regio")
    assert c.post("/uitloggen", data={"csrf_token": "vals"}).status_code == 403
    assert c.get("/").status_code == 200
    token = csrf(c.get("/").text)
    r = c.post("/uitloggen", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert c.get("/").status_code == 303 and c.get("/api/maten").status_code == 401


def test_without_a_session_pages_send_to_the_login_and_the_api_answers_401(app):
    c = client(app)
    for pad in [*PAGINAS, "/rapporten", "/cyclus", "/laden", "/auditlog", "/export/segmenten/0.csv"]:
        r = c.get(pad)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?volgende="), pad
    for pad in ["/api/maten", "/api/maten/kosten?jaar=2024", "/api/docs"]:
        r = c.get(pad)
        assert r.status_code == 401 and r.json() == {"detail": "niet ingelogd"}, pad


# --- what every answer carries ----------------------------------------------------------------------

def test_every_answer_carries_the_security_headers_and_pages_have_no_inline_script_or_style(app, clients):
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    c = clients["regio"]
    for pad in ["/login", "/", "/gemeente", "/cyclus", "/api/maten", "/static/stijl.css", "/bestaat-niet"]:
        r = (client(app) if pad == "/login" else c).get(pad)
        assert r.headers["content-security-policy"] == CSP, pad
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "same-origin"
        if r.headers["content-type"].startswith("text/html"):
            doc = lxml.html.fromstring(r.text)
            assert not doc.xpath("//style | //*[@style]"), pad
            assert not [a for el in doc.xpath("//*") for a in el.attrib if a.startswith("on")], pad
            assert all(s.get("src") or s.get("type") == "application/json" for s in doc.xpath("//script")), pad
            assert all(s.get("src", "").startswith("/static/") for s in doc.xpath("//script[@src]")), pad
    assert c.get("/").headers["cache-control"] == "no-store"


# --- roles --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("naam, mag, niet", [
    ("beheer", {"/cyclus", "/laden", "/accounts", "/auditlog"}, {"/signalen", "/steekproeven"}),
    ("regio", {"/cyclus"}, {"/laden", "/accounts", "/auditlog", "/signalen", "/steekproeven"}),
    ("dordrecht", {"/cyclus"}, {"/laden", "/accounts", "/auditlog", "/signalen", "/steekproeven"}),
    ("contract", {"/cyclus"}, {"/laden", "/accounts", "/auditlog", "/signalen", "/steekproeven"}),
    ("controle", {"/signalen", "/steekproeven"}, {"/cyclus", "/laden", "/accounts", "/auditlog"}),
])
def test_each_role_sees_its_menu_and_is_refused_the_pages_of_other_roles(clients, naam, mag, niet):
    c = clients[naam]
    menu = set(lxml.html.fromstring(c.get("/").text).xpath("//nav//a/@href"))
    assert {*PAGINAS, "/vergelijken", "/normen", "/doelen", "/verevening", "/rapporten"} | mag == menu
    for pad in mag:
        assert c.get(pad).status_code == 200, pad
    for pad in niet:
        r = c.get(pad)
        assert r.status_code == 403 and "Geen toegang" in r.text and "uw rol" in r.text, pad


def test_a_page_rendered_once_for_a_scope_shows_every_user_their_own_name_menu_and_form_token(clients):
    """regio and beheer ask the same question in the same scope, so they are shown one kept page (and one
    kept export); what is theirs around it is their own."""
    paginas = {naam: clients[naam].get("/segmenten?periode=2024") for naam in ("regio", "beheer")}
    assert {r.status_code for r in paginas.values()} == {200}
    regio, beheer = (lxml.html.fromstring(paginas[n].text) for n in ("regio", "beheer"))
    assert regio.xpath("string(//main)") == beheer.xpath("string(//main)")
    for boom, naam, rol in ((regio, "regio", "regio"), (beheer, "beheer", "beheerder")):
        assert boom.xpath("string(//form[@class='wie']/span)") == f"{naam} · {rol}"
    assert ("/laden" in beheer.xpath("//nav//a/@href")) and "/laden" not in regio.xpath("//nav//a/@href")
    tokens = [set(boom.xpath("//input[@name='csrf_token']/@value")) for boom in (regio, beheer)]
    assert all(len(t) == 1 for t in tokens) and tokens[0] != tokens[1]
    exports = [clients[n].get("/export/segmenten/0.xlsx?periode=2024") for n in ("regio", "beheer", "regio")]
    assert len({(r.status_code, r.content) for r in exports}) == 1 and exports[0].status_code == 200


# --- scope and suppression, through pages, exports and the API ---------------------------------------

def _figuren_kloppen(app, naam: str, html: str) -> list[dict]:
    """Every figure on the page equals the catalogue's answer in the user's scope; returns them."""
    figuren = lees_html(html)
    cat = catalogus(app, bereik(app, naam))
    cat.vooraf([(f["data-maat"], f["data-periode"], json.loads(f["data-sleutels"])) for f in figuren])
    for f in figuren:
        waarde, onderdrukt = cat(f["data-maat"], f["data-periode"], json.loads(f["data-sleutels"]))
        getoond = None if f["data-waarde"] == "" else float(f["data-waarde"])
        assert gelijk(getoond, waarde) and (f["data-onderdrukt"] == "1") == onderdrukt, f
    return figuren


def _vreemd(figuren: list[dict], eigen: set[str]) -> list[dict]:
    """Figures of another municipality split by anything: detail a gemeente account may not see."""
    uit = []
    for f in figuren:
        s = json.loads(f["data-sleutels"])
        if s.get("gemeente") and s["gemeente"] not in eigen and len(s) > 1:
            uit.append(f)
    return uit


@pytest.mark.parametrize("pad", PAGINAS)
def test_every_figure_on_a_page_is_the_catalogues_in_the_users_scope(app, clients, pad):
    for naam in ("regio", "dordrecht", "controle"):
        r = clients[naam].get(pad + "?periode=2024" if pad != "/gemeente" else pad + "?periode=2024-06")
        assert r.status_code == 200, (naam, r.text[:500])
        figuren = _figuren_kloppen(app, naam, r.text)
        assert figuren, (pad, naam)
        if naam == "dordrecht":
            assert not _vreemd(figuren, {EIGEN})
        if naam == "controle":
            assert not any(f["data-onderdrukt"] == "1" for f in figuren)


def test_small_counts_are_suppressed_for_the_region_and_shown_to_the_control_role(app, clients):
    vraag = "/api/maten/jeugdigen_in_zorg?jaar=2024&per=gemeente&per=product"
    openbaar, intern = clients["regio"].get(vraag).json(), clients["controle"].get(vraag).json()
    assert openbaar["onderdrukt_als"] == f"<{privacy(app).drempel}" and intern["onderdrukt_als"] == ""
    onderdrukt = [r for r in openbaar["rijen"] if r["onderdrukt"]]
    assert onderdrukt and all(r["waarde"] is None for r in onderdrukt)
    assert not any(r["onderdrukt"] for r in intern["rijen"])
    exact = {(r["gemeentecode"], r["productcode"]): r["waarde"] for r in intern["rijen"]}
    assert all(0 < exact[(r["gemeentecode"], r["productcode"])] < privacy(app).drempel for r in onderdrukt)
    assert all(r["waarde"] % privacy(app).afronding == 0 for r in openbaar["rijen"] if not r["onderdrukt"])


@pytest.mark.parametrize("vraag", [
    f"/gemeente?gemeente={ANDER}",
    f"/segmenten?gemeente={ANDER}",
    f"/aanbieders?gemeente={ANDER}&periode=2024",
    f"/kosten?gemeente={ANDER}",
    f"/toegang?gemeente={ANDER}",
    f"/export/gemeente/0.csv?gemeente={ANDER}",
    f"/export/segmenten/0.xlsx?gemeente={ANDER}",
    f"/rapporten/download?soort=maand&periode=2025-03&formaat=html&gemeente={ANDER}",
    f"/api/maten/kosten?jaar=2024&gemeente={ANDER}&per=aanbieder",
    f"/api/maten/kosten?jaar=2024&gemeente={ANDER}&per=product",
    f"/api/maten/jeugdigen_in_zorg?jaar=2024&gemeente={ANDER}&gemeente={EIGEN}",
])
def test_a_gemeente_account_that_edits_a_url_to_reach_another_municipality_gets_nothing_of_it(app, clients, vraag):
    r = clients["dordrecht"].get(vraag)
    assert r.status_code == 403, r.text[:300]
    assert f"gemeente {ANDER}" in r.text
    if vraag.startswith("/api/"):
        assert r.json() == {"detail": f"geen toegang tot de gegevens van gemeente {ANDER}"}
    else:
        assert "data-maat" not in r.text and "<table" not in r.text and "Hoeksche Waard" not in r.text
        assert r.headers["content-type"].startswith("text/html")


def test_a_gemeente_account_sees_other_municipalities_only_as_totals_in_the_api(app, clients):
    c = clients["dordrecht"]
    totalen = c.get("/api/maten/kosten?jaar=2024&per=gemeente").json()["rijen"]
    assert len({r["gemeentecode"] for r in totalen}) == 10  # the benchmark: every municipality's total
    totalen_per_aanbieder = c.get("/api/maten/kosten?jaar=2024&per=aanbieder").json()["rijen"]
    aanbieder = max((r for r in totalen_per_aanbieder if r["waarde"] is not None), key=lambda r: r["waarde"])["agb_code"]
    for vraag in ("per=gemeente&per=aanbieder", "per=gemeente&per=segment", "per=gemeente&product=44V01",
                  f"per=gemeente&aanbieder={aanbieder}", "per=gemeente&verwijzer=01"):
        regio_ = clients["regio"].get(f"/api/maten/kosten?jaar=2024&{vraag}").json()["rijen"]
        assert len({r["gemeentecode"] for r in regio_ if r["waarde"]}) > 1, vraag  # there is detail to refuse
        rijen = c.get(f"/api/maten/kosten?jaar=2024&{vraag}").json()["rijen"]
        assert {r["gemeentecode"] for r in rijen} == {EIGEN}, vraag
    # the region's figures per provider, except those of one other municipality (docs/privacy.md)
    regio_ = clients["regio"].get("/api/maten/kosten?jaar=2024&per=aanbieder").json()["rijen"]
    assert len(totalen_per_aanbieder) == len(regio_)
    for r, regio_rij in zip(totalen_per_aanbieder, regio_, strict=True):
        assert r == regio_rij or (r["reden"] == "buiten_bereik" and r["waarde"] is None), r
    eigen = clients["drechtsteden"].get("/api/maten/kosten?jaar=2024&per=gemeente&per=segment").json()["rijen"]
    assert {r["gemeentecode"] for r in eigen} == {"0505", "0590"}


def test_the_api_gives_the_catalogues_rows_with_names_and_refuses_wrong_questions(app, clients):
    c = clients["regio"]
    maten = c.get("/api/maten").json()
    assert {"kosten", "jeugdigen_in_zorg"} <= {m["naam"] for m in maten}
    assert all(m["definitie"] and m["indelingen"] is not None for m in maten)
    r = c.get("/api/maten/kosten?jaar=2024&per=gemeente").json()
    verwacht = meet(app.state.opslag, "kosten", [jaar(2024)], ["gemeente"], bereik=bereik(app, "regio"))
    assert r["eenheid"] == "eurocent" and r["perioden"] == ["2024"] and r["per"] == ["gemeente"]
    assert [(x["gemeentecode"], x["waarde"]) for x in r["rijen"]] == list(zip(verwacht.gemeentecode,
                                                                               verwacht.waarde.astype(float)))
    assert {x["gemeente_naam"] for x in r["rijen"]} >= {"Dordrecht", "Hoeksche Waard"}
    kwartalen = c.get("/api/maten/kosten?periode=2024-Q1&periode=2024-Q2").json()
    assert [x["periode"] for x in kwartalen["rijen"]] == ["2024-Q1", "2024-Q2"]
    assert c.get("/api/maten/bestaat_niet?jaar=2024").status_code == 404
    assert c.get("/api/maten/kosten").json()["detail"] == "geef een jaar of een periode"
    assert "kan niet per" in c.get("/api/maten/budget?jaar=2024&per=verwijzer").json()["detail"]
    assert c.get("/api/maten/kosten?periode=gisteren").status_code == 400
    schema = c.get("/api/openapi.json").json()
    assert {"/api/maten", "/api/maten/{naam_maat}"} <= set(schema["paths"])
    assert "/login" not in schema["paths"]
    documentatie = c.get("/api/docs")
    assert documentatie.status_code == 200 and 'data-spec="/api/openapi.json"' in documentatie.text


# --- pages, filters, exports ---------------------------------------------------------------------------

def test_the_views_are_in_dutch_with_their_parts_and_filters_that_make_a_shareable_url(clients):
    c = clients["regio"]
    verwacht = {"/": ["Overzicht", "In het kort", "Kosten per maand", "Prognose", "Wat aandacht vraagt"],
                "/gemeente": ["Maandrapportage jeugdhulp", "In het kort"],
                "/segmenten": ["Segmenten"], "/aanbieders": ["Aanbieders", "Budgetplafonds"],
                "/toegang": ["Toegang"], "/kosten": ["Kosten en budget", "Prognose"]}
    for pad, teksten in verwacht.items():
        doc = lxml.html.fromstring(c.get(pad).text)
        koppen = " | ".join(doc.xpath("//h1/text() | //h2/text()"))
        assert all(t in koppen for t in teksten), (pad, koppen)
        assert doc.xpath("//form[@method='get']//select[@name='periode']"), pad
    r = c.get("/segmenten?periode=2024-Q2&gemeente=0505&product=44V01")
    doc = lxml.html.fromstring(r.text)
    assert doc.xpath("//select[@name='periode']/option[@selected]/@value") == ["2024-Q2"]
    assert doc.xpath("//select[@name='gemeente']/option[@selected]/@value") == ["0505"]
    assert doc.xpath("//select[@name='product']/option[@selected]/@value") == ["44V01"]
    exports = doc.xpath("//p[@class='export']/a/@href")
    assert exports and all("periode=2024-Q2" in e and "gemeente=0505" in e and "product=44V01" in e for e in exports)
    assert c.get("/segmenten?periode=morgen").status_code == 400
    for vraag in ("gemeente=0599", "product=99X99", "aanbieder=123"):
        r = c.get(f"/segmenten?{vraag}")
        assert r.status_code == 400 and "hoort niet bij deze regio" in r.text, vraag


def test_a_question_about_data_that_are_not_there_is_refused_with_the_datas_range(clients):
    c = clients["regio"]
    for vraag in ("/segmenten?periode=2099", "/gemeente?periode=2099-01&gemeente=0505", "/kosten?periode=2019-Q2",
                  "/rapporten/download?soort=kwartaal&periode=2099-Q1&formaat=html"):
        r = c.get(vraag)
        assert r.status_code == 400 and r.headers["content-type"].startswith("text/html"), vraag
        melding = " ".join(lxml.html.fromstring(r.text).xpath("//main//text()")[:60])
        assert re.search(r"geen gegevens voor [\w ]+; de gegevens lopen van \w+ 20\d\d t/m \w+ 20\d\d", melding), melding
    api = c.get("/api/maten/kosten?jaar=2099")
    assert api.status_code == 400 and api.json()["detail"].startswith("geen gegevens voor 2099; de gegevens lopen van")


def test_a_municipality_by_name_or_without_its_leading_zero_is_the_same_question_on_pages_and_in_the_api(clients):
    c = clients["dordrecht"]
    pagina = {g: c.get(f"/segmenten?periode=2024&gemeente={g}") for g in ("0505", "Dordrecht", "505")}
    assert {r.status_code for r in pagina.values()} == {200}
    assert pagina["Dordrecht"].text == pagina["0505"].text == pagina["505"].text
    api = {g: c.get(f"/api/maten/kosten?jaar=2024&per=segment&gemeente={g}") for g in ("0505", "dordrecht", "505")}
    assert api["dordrecht"].json() == api["0505"].json() == api["505"].json() and api["505"].json()["rijen"]


@pytest.mark.parametrize("naam", ["regio", "dordrecht"])
@pytest.mark.parametrize("pad", PAGINAS)
def test_every_table_exports_to_csv_and_excel_with_the_figures_of_the_page(clients, pad, naam):
    c = clients[naam]
    html = c.get(pad).text
    doc = lxml.html.fromstring(html)
    links = doc.xpath("//p[@class='export']/a/@href")
    assert len(links) == 2 * len(doc.xpath("//section[@class='blok']"))
    for link in links:
        index = int(link.split("/")[3].split(".")[0])
        r = c.get(link)
        assert r.status_code == 200 and "attachment" in r.headers["content-disposition"], link
        zelfde_tabel(lees_export(r.content, link.split("?")[0].rsplit(".", 1)[1]), tabel_van_blok(html, index), link)


def test_the_year_forecast_and_the_ceilings_export_in_euros_and_percentages(clients):
    c = clients["regio"]
    doc = lxml.html.fromstring(c.get("/kosten").text)
    titel = doc.xpath("//section[@id='blok-0']//h2/text()")[0]
    assert titel.startswith("Prognose ")
    df = pd.read_csv(io.BytesIO(c.get("/export/kosten/0.csv").content), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(df.columns) == ["naam", "gerealiseerd (euro)", "rest van het jaar (euro)", "jaartotaal (euro)",
                                "80%: laag (euro)", "80%: hoog (euro)", "budget (euro)", "kans > budget (%)",
                                "aandacht"]
    regio_ = df[df.naam == "Regio"].iloc[0]
    assert regio_["jaartotaal (euro)"] == pytest.approx(regio_["gerealiseerd (euro)"] + regio_["rest van het jaar (euro)"],
                                                       abs=0.02)
    assert df["kans > budget (%)"].between(0, 100).all()


def test_report_downloads_in_three_formats_within_the_users_scope(app, clients):
    c = clients["dordrecht"]
    pagina = lxml.html.fromstring(c.get("/rapporten").text)
    assert pagina.xpath("//select[@name='gemeente']/option/@value") == [EIGEN]
    for formaat, soort in (("html", "text/html"), ("pdf", "application/pdf"), ("xlsx", "spreadsheetml")):
        r = c.get(f"/rapporten/download?soort=maand&periode=2025-03&formaat={formaat}&gemeente={EIGEN}")
        assert r.status_code == 200 and soort in r.headers["content-type"], formaat
        assert f'filename="maandrapportage-{EIGEN}-2025-03.{formaat}"' in r.headers["content-disposition"]
    html = c.get(f"/rapporten/download?soort=maand&periode=2025-03&formaat=html&gemeente={EIGEN}").text
    assert not _vreemd(_figuren_kloppen(app, "dordrecht", html), {EIGEN})
    r = c.get("/rapporten/download?soort=kwartaal&periode=2025-Q1&formaat=xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "Kerncijfers"
    assert c.get("/rapporten/download?soort=maand&periode=2025&formaat=html&gemeente=0505").status_code == 400
    assert c.get("/rapporten/download?soort=week&periode=2025-03&formaat=html").status_code == 422


# --- loading in the browser --------------------------------------------------------------------------

@pytest.fixture
def beheer(db, map_):
    """The beheerder on a copy of the region, with a second connection for a reader."""
    app = maak_app(kopie(db, map_ / f"laden-{uuid.uuid4().hex[:6]}"), voorberekenen=False)
    with gestart(app) as c:
        assert inloggen(c, "beheer").status_code == 303
        yield c


def _bestanden(map_: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("bestanden", (p.name, p.read_bytes(), "text/csv")) for p in sorted(map_.glob("*.csv"))]


def test_a_rejected_upload_shows_every_problem_and_stores_nothing(beheer, tmp_path):
    opslag = beheer.app.state.opslag
    voor = tellingen(opslag)
    fout = schrijf(tmp_path / "fout", variant(declaraties={0: {"bedrag_cent": "veel"}}))
    token = csrf(beheer.get("/laden").text)
    r = beheer.post("/laden", data={"csrf_token": token}, files=_bestanden(fout))
    assert r.status_code == 422 and "Afgewezen: niets opgeslagen" in r.text
    assert "declaraties.csv" in r.text and "veel" in r.text
    assert tellingen(opslag) == voor
    r = beheer.post("/laden", data={"csrf_token": "vals"}, files=_bestanden(schrijf(tmp_path / "goed")))
    assert r.status_code == 403 and tellingen(opslag) == voor


def test_an_upload_loads_through_the_same_path_as_the_command_and_is_in_the_audit_log(beheer, tmp_path):
    opslag = beheer.app.state.opslag
    batches = opslag.aantal("batch")
    token = csrf(beheer.get("/laden").text)
    r = beheer.post("/laden", data={"csrf_token": token}, files=_bestanden(schrijf(tmp_path / "goed")))
    assert r.status_code == 200 and f"Geladen als lading {batches + 1}" in r.text
    assert opslag.aantal("batch") == batches + 1
    r = beheer.post("/laden", data={"csrf_token": token}, files=_bestanden(schrijf(tmp_path / "goed")))
    assert "Eerder geladen en overgeslagen" in r.text  # the same files again: skipped by their hash
    log = lxml.html.fromstring(beheer.get("/auditlog").text).xpath("//tbody/tr")
    acties = [tr.xpath("./td[2]/text()")[0] for tr in log]
    assert "laden" in acties and "inloggen" in acties
    assert any("declaraties.csv" in tr.text_content() for tr in log)


def _even_geduld(r) -> bool:
    """The answer while a load has the DuckDB file alone (web/bezig.py): ask again in a moment."""
    return r.status_code == 503 and r.headers["Retry-After"] == "3" and "geladen" in r.text


def test_a_load_while_others_browse_gives_no_errors_and_no_half_loaded_view(beheer, tmp_path):
    """Readers see the data before the load, after it, or (DuckDB, while it writes) a page that says it
    is loading and asks again; never an error, never half a load."""
    opslag = beheer.app.state.opslag
    lezer = client(beheer.app, "regio")
    totaal = "/api/maten/kosten?jaar=2024"
    voor = lezer.get(totaal).json()["rijen"][0]["waarde"]
    gezien, fouten, klaar = set(), [], threading.Event()

    def lees():
        while not klaar.is_set():
            r = lezer.get(totaal)
            if r.status_code == 200:
                gezien.add(r.json()["rijen"][0]["waarde"])
            elif not _even_geduld(r):
                fouten.append(r.text)
            p = lezer.get("/?periode=2024")
            if p.status_code != 200 and not _even_geduld(p):
                fouten.append(p.text[:300])

    draad = threading.Thread(target=lees)
    draad.start()
    try:
        extra = schrijf(tmp_path / "extra")  # claims for 2024
        token = csrf(beheer.get("/laden").text)
        assert beheer.post("/laden", data={"csrf_token": token}, files=_bestanden(extra)).status_code == 200
    finally:
        klaar.set()
        draad.join()
    na = lezer.get(totaal).json()["rijen"][0]["waarde"]
    assert not fouten and na != voor and gezien <= {voor, na}
    assert opslag.aantal("batch") > 0


def test_two_uploads_at_once_both_load_one_after_the_other(beheer, tmp_path):
    """Each is validated on its own; the second finds the first's files stored and is validated again."""
    opslag = beheer.app.state.opslag
    batches = opslag.aantal("batch")
    uitslagen = {}

    def upload(c, naam: str) -> None:
        token = csrf(c.get("/laden").text)
        bron = schrijf(tmp_path / naam, variant(declaraties={0: {"referentienummer": f"R1-{naam}"}}))
        uitslagen[naam] = c.post("/laden", data={"csrf_token": token}, files=_bestanden(bron))

    draden = [threading.Thread(target=upload, args=(c, naam))
              for c, naam in ((beheer, "een"), (client(beheer.app, "beheer"), "twee"))]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert all(r.status_code == 200 and "Geladen als lading" in r.text for r in uitslagen.values())
    assert opslag.aantal("batch") == batches + 2
    assert {r for (r,) in opslag.rijen("SELECT referentienummer FROM declaratieregel")} >= {"R1-een", "R1-twee"}


# --- accounts in the browser and on the command line -----------------------------------------------

def _accounts(opslag) -> dict[str, tuple]:
    return {g.naam: (g.rol, g.gemeenten) for g in gebruikers.gebruikers(opslag)}


def _getoond_wachtwoord(html: str) -> str:
    return lxml.html.fromstring(html).xpath("//code[@class='wachtwoord']/text()")[0]


def test_the_beheerder_makes_changes_and_removes_accounts_in_the_browser_and_the_log_names_who(beheer):
    opslag = beheer.app.state.opslag
    pagina = lxml.html.fromstring(beheer.get("/accounts").text)
    assert set(pagina.xpath("//table[@class='accounts']/tbody/tr/th/text()")) == set(ACCOUNTS)
    assert "uw eigen account" in pagina.xpath("//tr[th='beheer']")[0].text_content()
    token = csrf(beheer.get("/accounts").text)

    r = beheer.post("/accounts/toevoegen", data={"csrf_token": token, "naam": "wijk", "rol": "gemeente",
                                                 "gemeente": ["0505", "0590"], "wachtwoord": ""})
    assert r.status_code == 200 and "Account wijk (gemeente) aangemaakt" in r.text
    eerste = _getoond_wachtwoord(r.text)
    assert _accounts(opslag)["wijk"] == ("gemeente", ("0505", "0590"))
    wijk = client(beheer.app)
    assert inloggen(wijk, "wijk", eerste).status_code == 303
    assert wijk.get(f"/gemeente?gemeente={ANDER}").status_code == 403 and wijk.get("/gemeente").status_code == 200

    r = beheer.post("/accounts/wijzig", data={"csrf_token": token, "naam": "wijk", "rol": "regio"})
    assert r.status_code == 200 and _accounts(opslag)["wijk"] == ("regio", ())
    assert wijk.get("/").status_code == 303  # its session ended with the change of rights
    r = beheer.post("/accounts/wachtwoord", data={"csrf_token": token, "naam": "wijk"})
    tweede = _getoond_wachtwoord(r.text)
    assert tweede != eerste and inloggen(wijk, "wijk", eerste).status_code == 401
    assert inloggen(wijk, "wijk", tweede).status_code == 303
    assert wijk.get(f"/gemeente?gemeente={ANDER}").status_code == 200  # now regio

    r = beheer.post("/accounts/verwijder", data={"csrf_token": token, "naam": "wijk"})
    assert r.status_code == 200 and "wijk" not in _accounts(opslag) and wijk.get("/").status_code == 303
    log = [(wie, actie, wat) for _, wie, actie, wat, _ in gebruikers.auditlog(opslag) if "wijk" in wat]
    assert [regel for regel in log if regel[0] == "beheer"] == [
        ("beheer", "gebruiker verwijderd", "wijk"), ("beheer", "gebruiker gewijzigd", "wijk (regio, nieuw wachtwoord)"),
        ("beheer", "gebruiker gewijzigd", "wijk (regio)"), ("beheer", "gebruiker toegevoegd", "wijk (gemeente)")]
    assert ("-", "inloggen mislukt", "naam 'wijk'") in log  # the old password, after it was replaced
    assert eerste not in beheer.get("/auditlog").text and tweede not in beheer.get("/auditlog").text


@pytest.mark.parametrize("pad, velden, melding", [
    ("toevoegen", {"naam": "wijk", "rol": "baas"}, "onbekende rol 'baas'"),
    ("toevoegen", {"naam": "wijk", "rol": "gemeente"}, "hoort bij een of meer gemeenten"),
    ("toevoegen", {"naam": "wijk", "rol": "gemeente", "gemeente": ["0599"]}, "gemeente 0599 hoort niet bij deze regio"),
    ("toevoegen", {"naam": "wijk", "rol": "regio", "gemeente": ["0505"]}, "alleen de rol gemeente"),
    ("toevoegen", {"naam": "wijk", "rol": "regio", "wachtwoord": "kort"}, "minstens 12 tekens"),
    ("toevoegen", {"naam": "regio", "rol": "regio"}, "er is al een account 'regio'"),
    ("toevoegen", {"naam": "<script>", "rol": "regio"}, "'<script>' is geen geldige naam"),
    ("wijzig", {"naam": "beheer", "rol": "regio"}, "Uw eigen account"),
    ("wijzig", {"naam": "dordrecht", "rol": "gemeente"}, "hoort bij een of meer gemeenten"),
    ("wachtwoord", {"naam": "niemand"}, "er is geen account 'niemand'"),
    ("verwijder", {"naam": "beheer"}, "Uw eigen account"),
    ("verwijder", {"naam": "niemand"}, "er is geen account 'niemand'"),
])
def test_an_account_change_that_cannot_be_done_says_why_and_changes_nothing(beheer, pad, velden, melding):
    opslag = beheer.app.state.opslag
    voor = tellingen(opslag)
    token = csrf(beheer.get("/accounts").text)
    r = beheer.post(f"/accounts/{pad}", data={"csrf_token": token, **velden})
    melding_ = lxml.html.fromstring(r.text).xpath("//section[@role='alert']")[0].text_content()
    assert r.status_code == 400 and "Niet gedaan" in melding_ and melding in melding_, melding_
    assert "<script>" not in r.text
    assert tellingen(opslag) == voor


def test_accounts_are_changed_only_by_a_beheerder_with_the_forms_token(beheer):
    opslag = beheer.app.state.opslag
    voor = tellingen(opslag)
    velden = {"naam": "wijk", "rol": "regio", "wachtwoord": "lang genoeg wachtwoord"}
    assert beheer.post("/accounts/toevoegen", data={"csrf_token": "vals", **velden}).status_code == 403
    assert beheer.post("/accounts/toevoegen", data=velden).status_code == 403  # no token at all
    regio_ = client(beheer.app, "regio")
    r = regio_.post("/accounts/toevoegen", data={"csrf_token": csrf(regio_.get("/").text), **velden})
    assert r.status_code == 403 and "uw rol" in r.text
    r = regio_.post("/accounts/verwijder", data={"csrf_token": csrf(regio_.get("/").text), "naam": "dordrecht"})
    assert r.status_code == 403
    assert tellingen(opslag) == voor


def test_accounts_are_made_changed_and_removed_on_the_command_line(db, map_):
    url = kopie(db, map_ / "accounts")
    r = cli("gebruiker", "toevoegen", "--naam", "wijk", "--rol", "gemeente", "--db", url)
    assert r.exit_code == 1 and "gemeente hoort bij een of meer gemeenten" in r.output  # (read from empty stdin)
    for args, melding in ((["--rol", "baas"], "onbekende rol 'baas'"),
                          (["--rol", "gemeente", "--gemeente", "0599"], "gemeente 0599 hoort niet bij deze regio"),
                          (["--rol", "regio", "--gemeente", "0505"], "alleen de rol gemeente")):
        r = cli("gebruiker", "toevoegen", "--naam", "wijk", *args, "--db", url, invoer="lang genoeg wachtwoord\n")
        assert r.exit_code == 1 and melding in r.output, r.output
    r = cli("gebruiker", "toevoegen", "--naam", "wijk", "--rol", "regio", "--db", url, invoer="kort\n")
    assert r.exit_code == 1 and "minstens 12 tekens" in r.output
    with Opslag.open(url) as s:
        assert "wijk" not in {g.naam for g in gebruikers.gebruikers(s)}
    r = cli("gebruiker", "toevoegen", "--naam", "wijk", "--rol", "gemeente", "--gemeente", "Dordrecht",
                         "--gemeente", "590", "--db", url, invoer="lang genoeg wachtwoord\n")
    assert r.exit_code == 0 and "Account wijk (gemeente: 0505, 0590) aangemaakt." in r.output, r.output
    r = cli("gebruiker", "toevoegen", "--naam", "medewerker.wijkteam.noord", "--rol", "regio", "--genereer-wachtwoord",
            "--db", url)
    gemaakt = r.output.split("Wachtwoord: ")[1].rstrip("\n")  # on the same line, however narrow the terminal
    app = maak_app(url, voorberekenen=False)
    c = client(app)
    assert inloggen(c, "medewerker.wijkteam.noord", gemaakt).status_code == 303
    assert inloggen(c, "wijk", "lang genoeg wachtwoord").status_code == 303
    opslag = app.state.opslag
    gebruikers.wijzig(opslag, "wijk", rol="regio")  # as `stuurwiel gebruiker wijzig` does; the session ends
    assert c.get("/").status_code == 303
    opslag.sluit()
    r = cli("gebruiker", "wijzig", "--naam", "wijk", "--wachtwoord", "--db", url, invoer="nieuw lang wachtwoord\n")
    assert r.exit_code == 0, r.output
    r = cli("gebruiker", "toon", "--formaat", "csv", "--db", url)
    assert "wijk,regio," in r.output
    assert cli("gebruiker", "verwijder", "--naam", "wijk", "--db", url).exit_code == 0
    assert "er is geen account 'wijk'" in cli("gebruiker", "verwijder", "--naam", "wijk", "--db", url).output
    with Opslag.open(url) as s:
        assert [a for _, _, a, d, _ in gebruikers.auditlog(s) if "wijk" in d][:3] == [
            "gebruiker verwijderd", "gebruiker gewijzigd", "gebruiker gewijzigd"]


def test_a_command_on_a_duckdb_file_that_another_program_holds_for_writing_says_so(db, map_):
    url = kopie(db, map_ / "slot")
    houder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({url!r}); "
                               "print('open', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        assert houder.stdout.readline().strip() == "open"
        r = cli("gebruiker", "toevoegen", "--naam", "wijk", "--rol", "regio", "--db", url,
                invoer="lang genoeg wachtwoord\n")
        assert r.exit_code == 1 and "in gebruik door een ander proces dat het bestand schrijvend" in r.output
    finally:
        houder.kill()
        houder.wait()


@pytest.mark.unit
def test_accounts_that_an_earlier_release_kept_in_the_duckdb_file_are_moved_beside_it_once(tmp_path, sleutel_env):
    db = str(tmp_path / "oud.duckdb")
    eerder = dt.datetime(2025, 1, 2, 3, 4, 5, 678901)
    with Opslag.open(db) as s:
        initialiseer(s, lees_regio("zhz"))
        s.maak_tabellen(gebruikers.TABELLEN)  # where an earlier release kept them
        s.voer_uit("INSERT INTO gebruiker VALUES (%s, %s, %s, %s, %s, %s)",
                   ["oud", PasswordHasher().hash("een oud lang wachtwoord"), "gemeente", "0505", eerder, eerder])
        s.voer_uit("INSERT INTO auditlog VALUES (%s, %s, %s, %s, %s)", [eerder, "beheer", "laden", "lading 1", "-"])
    for _ in range(2):  # the second time finds them moved and copies nothing again
        with Opslag.open(db, alleen_lezen=True) as s:
            gebruikers.richt_in(s)
            assert gebruikers.gebruikers(s) == [gebruikers.Gebruiker("oud", "gemeente", ("0505",))]
            assert gebruikers.auditlog(s)[-1] == (eerder, "beheer", "laden", "lading 1", "-")
    with Opslag.open(db, alleen_lezen=True) as s:
        assert gebruikers.inloggen(s, "oud", "een oud lang wachtwoord", "-") is not None


# --- PostgreSQL -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pg_app(bron, map_, request):
    admin = request.getfixturevalue("pg_admin")
    naam = f"stuurwiel_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{naam}"')
    vul(pg_adres(naam), bron)
    app = maak_app(pg_adres(naam), voorberekenen=False)
    with gestart(app):
        yield app
    app.state.opslag.sluit()
    admin.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


@pytest.mark.slow
def test_the_dashboard_on_postgresql_gives_the_same_pages_exports_and_api(app, pg_app):
    for naam in ("regio", "dordrecht"):
        duck, pg = client(app, naam), client(pg_app, naam)
        for pad in PAGINAS:
            a, b = duck.get(pad + "?periode=2024" if pad != "/gemeente" else pad), pg.get(
                pad + "?periode=2024" if pad != "/gemeente" else pad)
            assert b.status_code == 200, (pad, b.text[:300])
            assert [(f["data-maat"], f["data-sleutels"], f["tekst"]) for f in lees_html(a.text)] == [
                (f["data-maat"], f["data-sleutels"], f["tekst"]) for f in lees_html(b.text)], pad
        assert duck.get("/export/segmenten/0.csv?periode=2024").content == pg.get(
            "/export/segmenten/0.csv?periode=2024").content
        assert duck.get("/api/maten/kosten?jaar=2024&per=gemeente").json() == pg.get(
            "/api/maten/kosten?jaar=2024&per=gemeente").json()
    assert client(pg_app, "dordrecht").get(f"/api/maten/kosten?jaar=2024&gemeente={ANDER}&per=product").status_code == 403


@pytest.mark.slow
def test_more_users_at_once_than_the_server_has_threads_all_get_their_answer_from_the_postgresql_pool(pg_app):
    """Eighty questions at once, none asked before, against one server process: twice its 40 worker
    threads and five times its pool of 16 connections. Each awaits its turn at the pool without holding a
    thread; otherwise every thread waits for a connection while the requests holding the connections wait
    for a thread, until the pool gives up after 30 seconds."""
    import httpx

    from tests.support.browser import server

    vragen = [f"/api/maten/{maat}?periode={j}-{m:02d}&per=gemeente" for maat in ("kosten", "jeugdigen_in_zorg")
              for j in (2022, 2023, 2024, 2025) for m in range(1, 11)]
    tweede = maak_app(pg_app.state.opslag.url, voorberekenen=False)
    with server(tweede) as url, httpx.Client(base_url=url, timeout=120) as c:
        assert inloggen(c, "regio").status_code == 303
        with ThreadPoolExecutor(len(vragen)) as gebruikers_:
            antwoorden = list(gebruikers_.map(c.get, vragen))
    assert len(vragen) == 80 and [a.status_code for a in antwoorden] == [200] * 80
    assert all(a.json()["rijen"] for a in antwoorden)
