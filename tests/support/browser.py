"""Browser tests: Debian's Chromium driven by Playwright, axe-core, and a live server on 127.0.0.1.

    @pytest.fixture(scope="module")
    def browser():
        with chromium() as b:
            yield b

    def test_page(browser):
        with server(maak_app(db)) as url, pagina(browser) as p:
            p.page.goto(url + "/")
            assert p.problemen() == []      # console errors, CSP violations, requests off this machine
            assert axe(p.page) == []        # WCAG 2.1 A/AA, serious and critical

Chromium comes from `make systeem` (/usr/bin/chromium), axe-core from `make install-test`
(.cache/npm); Playwright's own browser downloads are not used. Without them a test is skipped,
and under CI=true it fails.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
VLAGGEN = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).resolve().parents[2] / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOKAAL = {"127.0.0.1", "localhost", "::1"}

# Runs before any script of the page (and outside its CSP): hands every CSP violation to Python.
CSP_MELDER = """document.addEventListener("securitypolicyviolation", e => window.meldCsp({
    directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
    sample: e.sample}));"""


def ontbreekt(wat: Path, hoe: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{wat} ontbreekt onder CI; {hoe}")
    pytest.skip(f"{wat} ontbreekt; {hoe}")


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, offline flags; Playwright gives it a fresh profile and removes it after."""
    if not CHROMIUM.exists():
        ontbreekt(CHROMIUM, "make systeem installeert het Debian-pakket chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=VLAGGEN)
        try:
            yield browser
        finally:
            browser.close()


def geen_internet(page: Page) -> list[str]:
    """Abort every request that would leave this machine; the returned list fills with their URLs."""
    pogingen: list[str] = []

    def route(r: Route) -> None:
        if urlsplit(r.request.url).hostname in LOKAAL:
            r.continue_()
        else:
            pogingen.append(r.request.url)
            r.abort("blockedbyclient")

    page.route("**/*", route)
    return pogingen


@dataclass
class Bezoek:
    """A page with what went wrong on it: console errors, uncaught errors, CSP violations, outside requests."""
    page: Page
    extern: list[str]
    fouten: list[str] = field(default_factory=list)
    csp: list[dict] = field(default_factory=list)

    def console(self, melding: ConsoleMessage) -> None:
        if melding.type == "error":
            self.fouten.append(f"console: {melding.text}")

    def meld_csp(self, schending: dict) -> None:
        self.csp.append(schending)

    def problemen(self) -> list[str]:
        return (self.fouten + [f"CSP {c['directive']}: {c['blocked']} ({c['source']}:{c['line']}) {c['sample']}"
                               for c in self.csp] + [f"extern verzoek: {u}" for u in self.extern])


@contextmanager
def pagina(browser: Browser) -> Iterator[Bezoek]:
    """A fresh context (nl-NL, Europe/Amsterdam) and page that records its problems and cannot reach the internet."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    bezoek = Bezoek(page, geen_internet(page))
    page.on("console", bezoek.console)
    page.on("pageerror", lambda e: bezoek.fouten.append(f"pageerror: {e}"))
    page.expose_function("meldCsp", bezoek.meld_csp)
    page.add_init_script(CSP_MELDER)
    try:
        yield bezoek
    finally:
        context.close()


def axe(page: Page) -> list[dict]:
    """The serious and critical WCAG 2.0/2.1 A and AA violations axe-core finds on the page as it is now."""
    if not AXE.exists():
        ontbreekt(AXE, "make install-test installeert axe-core")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the debugger protocol, not subject to the CSP
    uitslag = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                            "resultTypes: ['violations']})", WCAG)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]]}
            for v in uitslag["violations"] if v["impact"] in ("serious", "critical")]


@contextmanager
def server(app) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on a free port of 127.0.0.1 in a background thread; yields its base URL
    once the pages of a first visit are computed."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    uvi = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5))
    draad = threading.Thread(target=uvi.run, kwargs={"sockets": [sock]}, daemon=True)
    draad.start()
    try:
        _wacht_op(uvi, draad)
        voorberekening = getattr(app.state, "voorberekening", None)
        if voorberekening is not None:  # the pages of a first visit (web/voorberekening.py)
            assert voorberekening.wacht(600), "de voorberekening is niet klaar gekomen"
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        uvi.should_exit = True
        draad.join(timeout=10)
        sock.close()


def _wacht_op(uvi: uvicorn.Server, draad: threading.Thread, seconden: float = 10) -> None:
    einde = time.monotonic() + seconden
    while not uvi.started:
        if not draad.is_alive() or time.monotonic() > einde:
            raise RuntimeError("de testserver is niet gestart (zie de log hierboven)")
        time.sleep(0.02)
