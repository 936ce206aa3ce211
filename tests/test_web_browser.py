"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against `stuurwiel
serve`'s app on 127.0.0.1, nothing loaded from the internet. Log in per role, selectie, charts
whose marks exist, an export that matches the page, the gemeente scope through the UI and the
API, loading data, logging out; axe-core finds no serious or critical WCAG 2.1 AA violation on
any view, and no page logs an error or breaks its CSP.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stuurwiel.web.app import maak_app
from tests.support.browser import axe, pagina, server
from tests.support.cijfers import lees_export, tabel_van_blok, zelfde_tabel
from tests.support.dashboard import als, browser, db, grafieken_getekend, inloggen, schermafdruk, url  # noqa: F401
from tests.support.voorbeeld import schrijf, variant
from tests.support.webregio import ACCOUNTS, ANDER, EIGEN, kopie

pytestmark = pytest.mark.slow

VIEWS = ["/", "/gemeente", "/vergelijken", "/segmenten", "/aanbieders", "/toegang", "/kosten", "/normen", "/doelen", "/verevening",
         "/rapporten", "/hulp", "/api/docs"]
NIET_IN_MENU = {"/hulp", "/api/docs"}  # the help page is linked beside the menu, the API from the footer
EXTRA = {"beheer": ["/cyclus", "/laden", "/accounts", "/auditlog"], "controle": ["/signalen", "/steekproeven"],
         **{naam: ["/cyclus"] for naam in ("regio", "dordrecht", "drechtsteden", "contract")}}


@pytest.mark.parametrize("naam", list(ACCOUNTS))
def test_each_role_logs_in_sees_its_views_without_a_single_accessibility_or_csp_problem_and_logs_out(
        browser, url, naam):
    with pagina(browser) as b:
        p = b.page
        p.goto(url + "/")
        assert p.url.startswith(url + "/login")
        assert axe(p) == []
        inloggen(p, url, naam)
        menu = p.locator("nav[aria-label=Hoofdmenu] a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        assert menu == [v for v in VIEWS if v not in NIET_IN_MENU] + EXTRA.get(naam, [])
        assert naam in p.locator("form.wie").inner_text()
        for view in VIEWS + EXTRA.get(naam, []):
            p.goto(url + view, timeout=120_000)
            assert p.locator("main > h1").count() == 1, view
            if p.locator("div.grafiek").count():
                assert all(n > 0 for n in grafieken_getekend(p)), view
            if view == "/api/docs":
                p.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
            schermafdruk(p, naam, view)
            assert axe(p) == [], view
        p.get_by_role("button", name="Uitloggen").click()
        p.wait_for_url(re.compile(r".*/login$"))
        p.goto(url + "/kosten")
        assert "/login" in p.url
        assert b.problemen() == []


def test_filters_make_a_url_that_can_be_shared_and_the_charts_follow(browser, url):
    with als(browser, url, "regio") as p:
        p.goto(url + "/segmenten")
        p.get_by_label("Periode").select_option("2024")
        p.get_by_label("Gemeente").select_option(label="Dordrecht")
        p.get_by_label("Verwijzer").select_option(label="Huisarts")
        p.get_by_role("button", name="Toon").click()
        p.wait_for_url(re.compile(r".*/segmenten\?periode=2024&gemeente=0505&.*verwijzer=02.*"))
        gedeeld = p.url
        assert "Dordrecht" in p.locator("p.intro").inner_text()
        assert all(n > 0 for n in grafieken_getekend(p))
        with als(browser, url, "contract") as ander:  # a colleague opens the shared link
            ander.goto(gedeeld)
            assert ander.get_by_label("Periode").input_value() == "2024"
            assert ander.get_by_label("Verwijzer").input_value() == "02"
            inhoud = "main > :not(section.toelichten)"  # the region's annotation form is not for the contract role
            assert ander.locator(inhoud).all_inner_texts() == p.locator(inhoud).all_inner_texts()


def test_a_chart_has_a_tooltip_and_a_text_alternative(browser, url):
    with als(browser, url, "regio") as p:
        p.goto(url + "/kosten?periode=2024")
        grafieken_getekend(p)
        svg = p.locator("div.grafiek svg").first
        assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label")
        p.locator("div.grafiek svg g.role-mark path").first.hover(force=True)
        p.wait_for_selector("#vg-tooltip-element.visible", timeout=10_000)
        assert re.search(r"\d", p.locator("#vg-tooltip-element").inner_text())


@pytest.mark.parametrize("naam, view, formaat", [("regio", "/segmenten", "csv"), ("dordrecht", "/gemeente", "xlsx"),
                                                  ("regio", "/kosten", "csv")])
def test_an_export_downloads_and_matches_the_table_on_the_page(browser, url, naam, view, formaat):
    with als(browser, url, naam) as p:
        p.goto(url + view + "?periode=2024" if view != "/gemeente" else url + view)
        p.locator("details.achter-grafiek").evaluate_all("ds => ds.forEach(d => d.open = true)")
        with p.expect_download() as downloaden:
            p.locator("#blok-0 p.export").get_by_role("link", name="CSV" if formaat == "csv" else "Excel").click()
        bestand = downloaden.value
        assert bestand.suggested_filename.endswith(f".{formaat}")
        zelfde_tabel(lees_export(Path(bestand.path()).read_bytes(), formaat), tabel_van_blok(p.content(), 0),
                     f"{view} {formaat}")


def test_a_gemeente_account_cannot_reach_another_municipality_through_the_ui_or_the_api(browser, url):
    with pagina(browser) as b:
        p = b.page
        inloggen(p, url, "dordrecht")
        p.goto(url + "/gemeente")
        assert p.get_by_label("Gemeente").locator("option").evaluate_all("os => os.map(o => o.value)") == [EIGEN]
        assert "Dordrecht" in p.locator("h1").inner_text()
        for pad in (f"/gemeente?gemeente={ANDER}", f"/segmenten?gemeente={ANDER}&periode=2024"):
            antwoord = p.goto(url + pad)
            assert antwoord.status == 403
            assert p.locator("h1").inner_text() == "Geen toegang"
            assert p.locator("table, div.grafiek, [data-maat]").count() == 0
            assert "Hoeksche Waard" not in p.content()
        api = p.request.get(url + f"/api/maten/kosten?jaar=2024&gemeente={ANDER}&per=product")
        assert api.status == 403 and api.json() == {"detail": f"geen toegang tot de gegevens van gemeente {ANDER}"}
        eigen = p.request.get(url + f"/api/maten/kosten?jaar=2024&gemeente={EIGEN}&per=product")
        assert eigen.status == 200 and eigen.json()["rijen"]
        assert axe(p) == []
        p.get_by_role("button", name="Uitloggen").click()
        p.wait_for_url(re.compile(r".*/login$"))
        assert p.request.get(url + "/api/maten").status == 401


def test_the_beheerder_loads_files_in_the_browser_and_sees_the_validation_report(browser, db, tmp_path):
    goed = schrijf(tmp_path / "goed")
    fout = schrijf(tmp_path / "fout", variant(toewijzingen={0: {"gemeentecode": "9999"}}))
    with server(maak_app(kopie(db, tmp_path / "db"), voorberekenen=False)) as adres, pagina(browser) as b:
        p = b.page
        inloggen(p, adres, "beheer")
        p.goto(adres + "/laden")
        p.get_by_label("Bestanden of een zip-archief").set_input_files(sorted(fout.glob("*.csv")))
        p.get_by_role("button", name="Controleren en laden").click()
        p.wait_for_selector("h2#uitslag-kop")
        assert p.locator("h2#uitslag-kop").inner_text() == "Afgewezen: niets opgeslagen"
        assert "9999" in p.locator("ul.problemen").inner_text()
        assert axe(p) == []
        p.get_by_label("Bestanden of een zip-archief").set_input_files(sorted(goed.glob("*.csv")))
        p.get_by_role("button", name="Controleren en laden").click()
        p.wait_for_selector("h2#uitslag-kop")
        assert p.locator("h2#uitslag-kop").inner_text().startswith("Geladen als lading")
        assert axe(p) == []
        p.goto(adres + "/auditlog")
        acties = p.locator("tbody tr td:nth-child(3)").all_inner_texts()
        assert {"inloggen", "laden afgewezen", "laden"} <= set(acties)
        # the rejected load's page comes with status 422, which the browser logs
        assert [x for x in b.problemen() if "status of 422" not in x] == []


def test_the_beheerder_adds_a_municipal_account_in_the_browser_which_then_sees_only_its_own_detail(browser, db, tmp_path):
    with server(maak_app(kopie(db, tmp_path / "db"), voorberekenen=False)) as adres, als(browser, adres, "beheer") as p:
        p.goto(adres + "/accounts")
        p.get_by_label("Gebruikersnaam").fill("wijkteam")
        p.get_by_label("Rol", exact=True).select_option("gemeente")
        p.get_by_label("Gemeenten (bij rol gemeente").select_option([EIGEN])
        p.get_by_role("button", name="Account aanmaken").click()
        p.wait_for_selector("h2#uitslag-kop")
        assert "Account wijkteam (gemeente) aangemaakt" in p.locator("section[role=status]").inner_text()
        nieuw = p.locator("code.wachtwoord").inner_text()
        assert "wijkteam" in p.locator("table.accounts").inner_text()
        assert axe(p) == []
        with pagina(browser) as wijk:
            w = wijk.page
            inloggen(w, adres, "wijkteam", nieuw)
            assert w.goto(adres + f"/gemeente?gemeente={ANDER}").status == 403
            assert w.goto(adres + "/gemeente").status == 200 and "Dordrecht" in w.locator("h1").inner_text()
            p.get_by_role("button", name="verwijder wijkteam").click()
            p.wait_for_selector("section[role=status]")
            assert "wijkteam" not in p.locator("table.accounts").inner_text()
            w.goto(adres + "/gemeente")
            assert "/login" in w.url  # removed: the session is gone
            assert [x for x in wijk.problemen() if "status of 403" not in x] == []
