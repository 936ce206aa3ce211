"""The dashboard's vendored browser code, proven in Debian's Chromium under the pages' strict CSP.

A small FastAPI app serves the package's own static files, an Altair bar chart and line chart
through grafiek.js, a broken chart, and Swagger UI on its OpenAPI document, every response with
the dashboard's own CSP (`web/app.py`): no 'unsafe-inline', no 'unsafe-eval'.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

import altair as alt
import pandas as pd
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from playwright.sync_api import Error as PlaywrightError

from stuurwiel.web.app import CSP
from tests.support.browser import axe, chromium, pagina, server

STATIC = resources.files("stuurwiel.web") / "static"
VEGA = ["vendor/vega/vega.min.js", "vendor/vega-lite/vega-lite.min.js", "vendor/vega-embed/vega-embed.min.js",
        "grafiek.js"]
PAGINA = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{titel}</title>{css}</head>
<body><main><h1>{titel}</h1>{inhoud}</main>{scripts}</body></html>"""
GEMEENTEN = {"Dordrecht": 41_234_567, "Gorinchem": 9_876_543, "Molenlanden": 6_543_210, "Zwijndrecht": 12_345_678}


def pagina_html(titel: str, inhoud: str, css: list[str], scripts: list[str]) -> str:
    return PAGINA.format(titel=titel, inhoud=inhoud,
                         css="".join(f'<link rel="stylesheet" href="/static/{c}">' for c in css),
                         scripts="".join(f'<script src="/static/{s}"></script>' for s in scripts))


def grafiek(doel: str, spec: dict) -> str:
    json_tekst = json.dumps(spec).replace("<", "\\u003c")
    return (f'<div id="{doel}"></div>'
            f'<script type="application/json" class="grafiek" data-doel="{doel}">{json_tekst}</script>')


def staafgrafiek() -> dict:
    data = pd.DataFrame({"gemeente": list(GEMEENTEN), "kosten": list(GEMEENTEN.values())})
    return alt.Chart(data, title="Kosten jeugdhulp 2024", description="Kosten jeugdhulp 2024 per gemeente").mark_bar(
    ).encode(x=alt.X("kosten:Q", title="Kosten", axis=alt.Axis(format="$,.0f")), y=alt.Y("gemeente:N", title=None),
             tooltip=["gemeente:N", alt.Tooltip("kosten:Q", format="$,.0f")]).properties(width=500).to_dict()


def lijngrafiek() -> dict:
    data = pd.DataFrame({"maand": pd.date_range("2025-01-01", periods=12, freq="MS"), "jongeren": range(100, 112)})
    return alt.Chart(data, title="Jongeren in zorg, 2025").mark_line().encode(
        x=alt.X("maand:T", title=None, axis=alt.Axis(format="%b", tickCount="month")),
        y=alt.Y("jongeren:Q", title="Jongeren")).properties(width=600).to_dict()


def maak_testapp() -> FastAPI:
    app = FastAPI(title="Testapp", docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.middleware("http")
    async def csp(request, call_next):
        antwoord = await call_next(request)
        antwoord.headers["Content-Security-Policy"] = CSP
        return antwoord

    @app.get("/api/gemeenten")
    def gemeenten() -> dict[str, int]:
        return GEMEENTEN

    @app.get("/grafieken", response_class=HTMLResponse, include_in_schema=False)
    def grafieken():
        return pagina_html("Kosten", grafiek("kosten", staafgrafiek()) + grafiek("verloop", lijngrafiek()),
                           ["vendor/vega-embed/vega-tooltip.css"], VEGA)

    @app.get("/kapot", response_class=HTMLResponse, include_in_schema=False)
    def kapot():
        return pagina_html("Kapot", grafiek("kapot", {"mark": "bestaat-niet", "data": {"values": []}}), [], VEGA)

    @app.get("/ontoegankelijk", response_class=HTMLResponse, include_in_schema=False)
    def ontoegankelijk():
        return '<!doctype html><html><head><title>x</title></head><body><img src="/static/grafiek.js"></body></html>'

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def documentatie():
        return pagina_html("API", '<div id="swagger-ui" data-spec="/openapi.json"></div>',
                           ["vendor/swagger-ui-dist/swagger-ui.css"],
                           ["vendor/swagger-ui-dist/swagger-ui-bundle.js", "swagger.js"])

    return app


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def url():
    with server(maak_testapp()) as u:
        yield u


def teksten(page, selector: str) -> list[str]:
    return page.locator(selector).all_text_contents()


@pytest.mark.unit
def test_vendored_files_are_the_registry_files_and_vega_lite_matches_altair():
    bron = json.loads((STATIC / "vendor" / "BRON.json").read_text(encoding="utf-8"))
    assert "v" + bron["vega-lite"]["versie"] == alt.SCHEMA_VERSION
    for pakket, gegevens in bron.items():
        assert gegevens["integrity"].startswith("sha512-") and gegevens["tarball"].startswith("https://")
        for naam, sha in gegevens["bestanden"].items():
            assert hashlib.sha256((STATIC / "vendor" / pakket / naam).read_bytes()).hexdigest() == sha, naam


def test_charts_render_under_a_strict_csp_in_dutch_without_the_internet(browser, url):
    with pagina(browser) as p:
        p.page.goto(url + "/grafieken")
        for doel in ("kosten", "verloop"):
            p.page.wait_for_selector(f"#{doel}[data-gerenderd]")
            assert p.page.get_attribute(f"#{doel}", "data-gerenderd") == "ja"

        assert p.page.locator("#kosten .mark-rect path").count() == len(GEMEENTEN)
        assert p.page.locator("#verloop .mark-line path").count() == 1
        svg = p.page.locator("#kosten svg")
        assert svg.get_attribute("role") == "img"
        assert svg.get_attribute("aria-label") == "Kosten jeugdhulp 2024 per gemeente"
        assert p.page.get_attribute("#verloop svg", "aria-label") == "Jongeren in zorg, 2025"

        bedragen = teksten(p.page, "#kosten .role-axis-label text")
        assert any(re.fullmatch(r"€ \d{1,3}(\.\d{3})+", b) for b in bedragen), bedragen
        maanden = teksten(p.page, "#verloop .role-axis-label text")
        assert {"mrt", "mei", "okt"} <= set(maanden), maanden

        p.page.hover("#kosten .mark-rect path >> nth=0")
        tooltip = p.page.wait_for_selector("#vg-tooltip-element.visible")
        assert "€ 41.234.567" in tooltip.text_content()
        assert tooltip.evaluate("e => getComputedStyle(e).position") == "fixed"  # vega-tooltip.css applies

        assert p.problemen() == []
        assert axe(p.page) == []


def test_a_chart_that_cannot_be_drawn_says_so_in_dutch(browser, url):
    with pagina(browser) as p:
        p.page.goto(url + "/kapot")
        p.page.wait_for_selector("#kapot[data-gerenderd]")
        assert p.page.get_attribute("#kapot", "data-gerenderd") == "fout"
        assert p.page.text_content("#kapot") == "Deze grafiek kon niet worden getoond."
        assert p.csp == [] and p.extern == []
        assert len(p.fouten) == 1 and "Grafiek kapot niet getoond" in p.fouten[0]


def test_swagger_ui_shows_and_tries_the_api_under_the_csp(browser, url):
    with pagina(browser) as p:
        p.page.goto(url + "/docs")
        p.page.wait_for_selector(".swagger-ui .opblock-summary-path")
        assert "Testapp" in p.page.text_content(".swagger-ui .info .title")
        assert teksten(p.page, ".opblock-summary-path") == ["/api/gemeenten"]
        p.page.click(".opblock-summary-control")
        p.page.click("button.try-out__btn")
        p.page.click("button.execute")
        antwoord = p.page.wait_for_selector(".live-responses-table .response-col_description pre")
        assert json.loads(antwoord.text_content()) == GEMEENTEN
        assert p.problemen() == []


def test_requests_off_this_machine_are_aborted_and_recorded(browser):
    with pagina(browser) as p:
        with pytest.raises(PlaywrightError):
            p.page.goto("https://example.org/")
        assert p.extern == ["https://example.org/"]


def test_axe_reports_serious_violations_with_their_targets(browser, url):
    with pagina(browser) as p:
        p.page.goto(url + "/ontoegankelijk")
        gevonden = {v["id"]: v for v in axe(p.page)}
        assert set(gevonden) == {"html-has-lang", "image-alt"}
        assert gevonden["image-alt"]["impact"] == "critical" and gevonden["image-alt"]["targets"] == [["img"]]
