"""What every request needs: its own connection to the store, the session of who is logged in,
their rights, and a check of the CSRF token on every form that changes something."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from stuurwiel.opslag.database import Opslag
from stuurwiel.web.gebruikers import Sessie, sessie

SESSIE_COOKIE = "stuurwiel_sessie"
WACHTEN = 5  # seconds a request waits for a load that writes the DuckDB file; then "being loaded" (web/bezig.py)


class NietIngelogd(Exception):
    """No valid session: pages send the browser to /login, the API answers 401."""


async def _beurt(request: Request) -> AsyncIterator[None]:
    """A turn at a store that lends a limited number of connections (a PostgreSQL pool), awaited without
    holding one of the server's worker threads. Waiting for the pool in a worker thread could wait for
    ever under load: every thread waiting for a connection, while the requests that hold the connections
    wait for a thread to finish in."""
    beurten = request.app.state.beurten
    if beurten is None:
        yield
        return
    async with beurten:
        yield


def _verbinding(request: Request, _: Annotated[None, Depends(_beurt)]) -> Iterator[Opslag]:
    with request.app.state.opslag.verbinding(wacht=WACHTEN) as s:
        yield s


Verbinding = Annotated[Opslag, Depends(_verbinding)]


def _ingelogd(request: Request, opslag: Verbinding) -> Sessie:
    s = sessie(opslag, request.cookies.get(SESSIE_COOKIE))
    if s is None:
        raise NietIngelogd()
    return s


Ingelogd = Annotated[Sessie, Depends(_ingelogd)]


def adres(request: Request) -> str:
    return request.client.host if request.client else "-"


def vereist(s: Sessie, *rollen: str) -> None:
    """Refuse (403) a user whose role is not among `rollen`."""
    if s.gebruiker.rol not in rollen:
        raise HTTPException(403, "uw rol geeft geen toegang tot deze pagina")


def controleer_csrf(s: Sessie, token: str | None) -> None:
    if not token or not secrets.compare_digest(token, s.csrf):
        raise HTTPException(403, "het formulier is verlopen of niet van deze site; laad de pagina opnieuw")


def terugpad(volgende: str) -> str:
    """Only a path on this site is a place to return to (after logging in, after a form)."""
    return volgende if volgende.startswith("/") and not volgende.startswith("//") else "/"
