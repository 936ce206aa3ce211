"""The pages an analyst expects, in a real browser (Debian's Chromium, Playwright, axe-core): a
municipal account opens on its own municipality, names in tables open their view, municipalities
side by side, tables sorted, searched and paged, the providers with too few clients folded, every
figure's definition on hover and a click away on /hulp, and the story behind a figure written on
the page by the region, then shown there and in the report."""

from __future__ import annotations

import re

import lxml.html
import pytest

from stuurwiel.maten.catalogus import MATEN
from stuurwiel.web.app import maak_app
from tests.support.browser import axe, pagina, server
from tests.support.dashboard import als, browser, db, grafieken_getekend, inloggen, schermafdruk, url  # noqa: F401
from tests.support.webregio import EIGEN, kopie

pytestmark = pytest.mark.slow


def test_a_municipal_account_lands_on_its_own_municipality(browser, url):
    with pagina(browser) as b:
        inloggen(b.page, url, "dordrecht")
        assert b.page.url == url + "/gemeente"
        assert "Dordrecht" in b.page.locator("h1").inner_text()
        assert b.page.locator("#f-gemeente").input_value() == EIGEN
        assert b.problemen() == []


@pytest.mark.parametrize("van, rijkop, naar", [
    ("/?periode=2024", "gemeente", "/gemeente"),
    ("/segmenten?periode=2024", "segment", "/segmenten"),
    ("/aanbieders?periode=2024", "aanbieder", "/aanbieders"),
])
def test_a_name_in_a_table_opens_its_view_with_that_selection(browser, url, van, rijkop, naar):
    with als(browser, url, "regio") as p:
        p.goto(url + van)
        kop = p.locator("table.lijst thead th:first-child", has_text=re.compile(f"^{rijkop}$")).first
        link = kop.locator("xpath=ancestor::table").locator("tbody th a").first
        naam = link.inner_text()
        link.click()
        p.wait_for_url(re.compile(re.escape(url + naar) + r"\?.*"))
        assert p.locator(f"#f-{rijkop} option:checked").inner_text() == naam
        assert axe(p) == []


def test_several_municipalities_are_shown_side_by_side(browser, url):
    with als(browser, url, "regio") as p:
        p.goto(url + "/vergelijken?periode=2024")
        p.locator("#f-gemeente").select_option(label=["Dordrecht", "Papendrecht", "Zwijndrecht"])
        p.get_by_role("button", name="Toon").click()
        p.wait_for_url(re.compile(r".*/vergelijken\?periode=2024&gemeente=0505&gemeente=0590&gemeente=0642"))
        rijen = p.locator("#blok-0 table tbody th").all_inner_texts()
        assert rijen == ["Dordrecht", "Papendrecht", "Zwijndrecht", "Regio"]
        assert all(n > 0 for n in grafieken_getekend(p))
        staven = p.locator("#blok-1 div.grafiek svg").get_attribute("aria-label")
        assert staven and "Jeugdigen" in staven
        schermafdruk(p, "regio", "vergelijken-drie")
        assert axe(p) == []


def test_a_gemeente_account_compares_totals_but_opens_only_its_own_detail(browser, url):
    with als(browser, url, "dordrecht") as p:
        p.goto(url + "/vergelijken?periode=2024&gemeente=0505&gemeente=1963")
        assert p.locator("#blok-0 table tbody th").all_inner_texts() == ["Dordrecht", "Hoeksche Waard", "Regio"]
        links = p.locator("#blok-0 table tbody th a").all_inner_texts()
        assert links == ["Dordrecht"]  # another municipality's view is not for this account


def _kolom(p, blok: str, i: int) -> list[str]:
    return p.locator(f"{blok} table tbody tr:not([hidden]) > :nth-child({i})").all_inner_texts()


def test_a_table_sorts_by_its_headers_filters_as_you_type_and_pages(browser, url):
    with als(browser, url, "controle") as p:  # nothing suppressed: every provider has its outcomes
        p.goto(url + "/aanbieders?periode=2024")
        blok = "section.blok:has(h2:text-is('Uitkomsten per aanbieder'))"
        tabel = p.locator(f"{blok} table")
        alle = tabel.locator("tbody tr:not(.regio)").count()
        assert alle > 15
        assert len(_kolom(p, blok, 1)) == 15 + 1  # a page, and the region's row below it
        bladeren = p.locator(f"{blok} nav.bladeren")
        assert bladeren.inner_text().replace("\n", " ").count(f"van {alle}") == 1
        bladeren.get_by_role("button", name="Volgende").click()
        assert len(_kolom(p, blok, 1)) == min(15, alle - 15) + 1
        bladeren.get_by_role("button", name="Vorige").click()
        kop = tabel.get_by_role("button", name="uitval", exact=True)
        for oplopend in (True, False):
            kop.click()
            waarden = [float(w) for w in tabel.locator("tbody tr:not([hidden]):not(.regio) td:nth-child(2)")
                       .evaluate_all("ts => ts.map(t => t.dataset.waarde)") if w]
            assert waarden == sorted(waarden, reverse=not oplopend)
            assert tabel.locator(f"th[aria-sort={'ascending' if oplopend else 'descending'}]").count() == 1
        assert _kolom(p, blok, 1)[-1] == "Regio"
        zoek = _kolom(p, blok, 1)[0].split()[0]
        p.locator(blok).get_by_label(re.compile("^Zoek in")).fill(zoek)
        gevonden = _kolom(p, blok, 1)[:-1]
        assert gevonden and all(zoek.lower() in n.lower() for n in gevonden) and len(gevonden) < alle
        schermafdruk(p, "controle", "aanbieders-gezocht")
        assert axe(p) == []


def test_the_providers_with_enough_clients_come_first_and_the_rest_is_folded(browser, url):
    with als(browser, url, "contract") as p:
        p.goto(url + "/aanbieders?periode=2024")
        eerst = p.locator("section.blok:has(h2:text-is('Uitkomsten per aanbieder'))")
        assert eerst.locator("details.ingeklapt").count() == 0
        cellen = eerst.locator("tbody tr:not(.regio) td[data-maat=uitval]").evaluate_all(
            "ts => ts.map(t => [t.dataset.waarde, t.dataset.onderdrukt])")
        rest = p.locator("section.blok:has(h2:has-text('te weinig cliënten'))")
        gevouwen = rest.locator("details.ingeklapt")
        assert gevouwen.count() == 1 and not gevouwen.evaluate("d => d.open")
        assert not rest.locator("table").is_visible()
        rest.locator("summary").click()
        assert rest.locator("table").is_visible()
        getoond = rest.locator("td[data-maat]").evaluate_all("ts => ts.map(t => [t.dataset.waarde, t.dataset.onderdrukt])")
        assert all(w == "" or o == "1" for w, o in getoond)  # nothing to show in the folded rows
        assert any(w != "" and o == "0" for w, o in cellen)
        assert axe(p) == []


def test_every_figure_has_its_definition_on_hover_and_a_click_away(browser, url):
    definities = {m.naam: f"{m.label}: {m.definitie}" for m in MATEN}
    with als(browser, url, "regio") as p:
        p.goto(url + "/?periode=2024")
        koppen = p.locator("table.lijst thead th[data-betekenis]").evaluate_all(
            "ts => ts.map(t => [t.dataset.betekenis, t.title])")
        assert koppen and all(titel == definities[m] for m, titel in koppen)
        kern = p.locator("article.kerncijfer h3").evaluate_all("hs => hs.map(h => h.title)")
        assert kern and all(t in definities.values() for t in kern)
        vraag = p.locator("table.lijst thead a.definitie").filter(visible=True).first
        naam = vraag.get_attribute("href").split("#")[1]
        vraag.click()
        p.wait_for_url(re.compile(r".*/hulp#" + naam))
        assert p.locator(f"dt#{naam}").is_visible()
        assert p.locator(f"dt#{naam} + dd").inner_text().startswith(definities[naam].split(": ", 1)[1][:40])
        assert axe(p) == []


def test_the_help_page_lists_every_measure_with_the_catalogues_definition_and_explains_the_pages(browser, url):
    with als(browser, url, "dordrecht") as p:
        p.get_by_role("link", name="Hulp", exact=True).click()
        p.wait_for_url(url + "/hulp")
        doc = lxml.html.fromstring(p.content())
        for m in MATEN:
            tekst = " ".join(doc.get_element_by_id(m.naam).getnext().xpath("./p[1]")[0].text_content().split())
            assert tekst == m.definitie.replace("`", ""), m.naam
        uitleg = p.locator("#paginas-kop + dl").inner_text()
        for pagina_ in ("Overzicht", "Gemeente", "Vergelijken", "Segmenten", "Aanbieders", "Toegang", "Kosten en budget"):
            assert pagina_ in uitleg
        assert "Sorteren" in p.locator("main").inner_text()


def test_the_region_writes_the_story_behind_a_figure_which_shows_on_the_page_and_in_the_report(browser, db, tmp_path):
    tekst = "Twee dure verblijven gestart in de zomer."
    with server(maak_app(kopie(db, tmp_path / "db"), voorberekenen=False)) as adres, als(browser, adres, "regio") as p:
        p.goto(adres + f"/gemeente?gemeente={EIGEN}&periode=2025-06")
        p.get_by_label("Bij welk cijfer").select_option("kosten")
        p.get_by_label("Toelichting", exact=True).fill(tekst)
        p.get_by_role("button", name="Toelichting opslaan").click()
        p.wait_for_url(re.compile(r".*/gemeente\?gemeente=0505&periode=2025-06$"))
        assert tekst in " ".join(p.locator("p.toelichting").all_inner_texts())
        schermafdruk(p, "regio", "gemeente-met-toelichting")
        assert axe(p) == []
        rapport = p.request.get(adres + f"/rapporten/download?soort=maand&periode=2025-06&gemeente={EIGEN}&formaat=html")
        assert rapport.status == 200 and tekst in rapport.text()
        definities = {f"{m.label}: {m.definitie}" for m in MATEN}  # in the report too, on hover
        koppen = lxml.html.fromstring(rapport.text()).xpath("//article[@class='kerncijfer']/h3/@title")
        assert koppen and set(koppen) <= definities
        with als(browser, adres, "dordrecht") as d:  # the municipality reads it; it cannot write one
            d.goto(adres + "/gemeente?periode=2025-06")
            assert tekst in d.locator("main").inner_text()
            assert d.locator("form.toelichting-invoer").count() == 0


def test_a_toelichting_needs_the_forms_token_and_the_region_role(browser, url):
    velden = {"maat": "kosten", "periode": "2025-06", "gemeente": EIGEN, "tekst": "mag niet", "volgende": "/"}
    with als(browser, url, "regio") as p:
        zonder = p.request.post(url + "/toelichting", form=velden, max_redirects=0)
        assert zonder.status == 403
    with als(browser, url, "dordrecht") as d:
        d.goto(url + "/gemeente")
        token = d.locator("form.wie input[name=csrf_token]").input_value()
        antwoord = d.request.post(url + "/toelichting", form={**velden, "csrf_token": token}, max_redirects=0)
        assert antwoord.status == 403
        d.goto(url + "/gemeente?periode=2025-06")
        assert "mag niet" not in d.locator("main").inner_text()
