"""The dashboard as an ASGI app: `maak_app(db)` for `stuurwiel serve`, the tests and the benchmark;
`werker()` for each process of `stuurwiel serve --werkers N`.

Every request gets its own connection to the store (`Opslag.verbinding`), so a load in the browser
runs in its own transaction while others go on reading what was committed before it. Who is
logged in, and what they may see, comes from the session (`rechten.py`); the catalogue applies it
(`privacy/bereik.py`). Every response carries the security headers below; pages load nothing from
elsewhere, and no inline script or style is allowed.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from http import HTTPStatus
from importlib import resources
from urllib.parse import quote

import anyio
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware

from stuurwiel.opslag.gedeeld import OpslagBezet, open_gedeeld
from stuurwiel.opslag.pool import PoolOpslag
from stuurwiel.toepassing.inrichten import vereis_ingericht
from stuurwiel.web import (
    api,
    beheer,
    bezig,
    controle,
    cyclus,
    doelen,
    gebruikers,
    onderbouwing,
    paginas,
    rapporten,
    sessies,
    steekproeven,
    uitleg,
)
from stuurwiel.web.gebruikers import sessie
from stuurwiel.web.verzoek import SESSIE_COOKIE, NietIngelogd
from stuurwiel.web.voorberekening import Voorberekening, WordtBerekend, wordt_berekend
from stuurwiel.web.weergave import pagina

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
KOPPEN = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class Beveiliging(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        antwoord = await call_next(request)
        for naam, waarde in KOPPEN.items():
            antwoord.headers.setdefault(naam, waarde)
        if not request.url.path.startswith("/static/"):
            antwoord.headers.setdefault("Cache-Control", "no-store")
        return antwoord


def maak_app(db: str | None = None, *, voorberekenen: bool = True) -> FastAPI:
    """`voorberekenen=False`: every page is computed when it is asked (web/voorberekening.py)."""
    opslag = open_gedeeld(db)  # DuckDB read-only, letting go while a load writes (opslag/gedeeld.py)
    try:
        vereis_ingericht(opslag)
        gebruikers.richt_in(opslag)
    except BaseException:
        opslag.sluit()
        raise
    voorberekening = Voorberekening(opslag)

    @asynccontextmanager
    async def levensloop(_: FastAPI):
        if voorberekenen:
            voorberekening.start()
        yield
        voorberekening.stop()
        opslag.sluit()

    app = FastAPI(title="Stuurwiel", description="De maten van de catalogus, zoals de ingelogde gebruiker ze mag zien.",
                  docs_url=None, redoc_url=None, openapi_url=None, lifespan=levensloop)  # web/api.py, behind login
    app.state.opslag = opslag
    app.state.voorberekening = voorberekening
    # a pool lends so many connections at once; a request awaits its turn (web/verzoek.py)
    app.state.beurten = anyio.Semaphore(opslag.gelijktijdig) if isinstance(opslag, PoolOpslag) else None
    app.add_middleware(Beveiliging)
    app.mount("/static", StaticFiles(directory=str(resources.files("stuurwiel.web") / "static")), name="static")
    app.include_router(sessies.router)
    app.include_router(api.router)
    app.include_router(paginas.router)
    app.include_router(rapporten.router)
    app.include_router(controle.router)
    app.include_router(steekproeven.router)
    app.include_router(onderbouwing.router)
    app.include_router(doelen.router)
    app.include_router(beheer.router)
    app.include_router(uitleg.router)
    app.include_router(cyclus.router)
    bezig.richt_in(app)

    @app.exception_handler(StarletteHTTPException)
    async def _http_fout(request: Request, e: StarletteHTTPException):
        """The API answers in JSON; a page or a download that cannot be given, with a page that says why."""
        if request.url.path.startswith("/api/"):
            return await http_exception_handler(request, e)
        return await run_in_threadpool(_foutpagina, request, e)

    @app.exception_handler(WordtBerekend)
    async def _wordt_berekend(request: Request, e: WordtBerekend):
        return await run_in_threadpool(wordt_berekend, request, e)

    @app.exception_handler(NietIngelogd)
    async def _niet_ingelogd(request: Request, _: NietIngelogd):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "niet ingelogd"}, status_code=401)
        volgende = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?volgende={_veilig(volgende)}", status_code=303)

    return app


def werker() -> FastAPI:
    """The app of one worker process of `stuurwiel serve --werkers N`: each opens the store itself
    (`STUURWIEL_DB`, as every command does without --db), read-only beside the others; sessions and
    accounts live in the store or beside it, so any worker serves any request."""
    return maak_app()


def _foutpagina(request: Request, e: StarletteHTTPException) -> HTMLResponse:
    titels = {403: "Geen toegang", 404: "Niet gevonden", 400: "Onjuiste vraag", 405: "Niet toegestaan"}
    melding = e.detail if isinstance(e.detail, str) and e.detail != HTTPStatus(e.status_code).phrase else (
        "Deze pagina bestaat niet." if e.status_code == 404 else "Dit kan niet.")
    try:
        with request.app.state.opslag.verbinding(wacht=0) as opslag:
            s = sessie(opslag, request.cookies.get(SESSIE_COOKIE))
            antwoord = pagina(request, opslag if s else None, "fout.html.j2", s, e.status_code,
                              titel=titels.get(e.status_code, "Fout"), melding=melding)
    except OpslagBezet:  # a load writes: the reason without the menu
        antwoord = pagina(request, None, "fout.html.j2", None, e.status_code, titel=titels.get(e.status_code, "Fout"),
                          melding=melding)
    for naam, waarde in (e.headers or {}).items():
        antwoord.headers[naam] = waarde
    return antwoord


def _veilig(pad: str) -> str:
    """Only a path on this site is a place to return to after logging in."""
    return quote(pad if pad.startswith("/") and not pad.startswith("//") else "/", safe="")
