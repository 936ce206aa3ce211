"""Logging in and out. The login form is protected against cross-site requests by a double-submit
token (a cookie and a hidden field that must match); after login every form carries the
session's own token."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stuurwiel.web import gebruikers
from stuurwiel.web.verzoek import (
    SESSIE_COOKIE,
    Ingelogd,
    Verbinding,
    adres,
    controleer_csrf,
    terugpad,
)
from stuurwiel.web.weergave import pagina

router = APIRouter()
CSRF_COOKIE = "stuurwiel_csrf"


def _cookie(request: Request, antwoord: Response, naam: str, waarde: str, max_age: int | None = None) -> None:
    antwoord.set_cookie(naam, waarde, max_age=max_age, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


def _formulier(request: Request, melding: str = "", status: int = 200, volgende: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    antwoord = pagina(request, None, "login.html.j2", None, status, csrf=token, melding=melding, volgende=volgende)
    _cookie(request, antwoord, CSRF_COOKIE, token)
    return antwoord


def _start(gebruiker: gebruikers.Gebruiker, volgende: str) -> str:
    """Where a login lands: where the browser came from; a municipal account that came to the start
    page opens on its own municipality."""
    if volgende == "/" and gebruiker.rol == "gemeente":
        return "/gemeente"
    return volgende


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def inlogformulier(request: Request, volgende: str = "/") -> HTMLResponse:
    return _formulier(request, volgende=terugpad(volgende))


@router.post("/login", include_in_schema=False)
def inloggen_formulier(request: Request, opslag: Verbinding, gebruikersnaam: Annotated[str, Form()] = "",
               wachtwoord: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
               volgende: Annotated[str, Form()] = "/") -> Response:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not csrf_token or not secrets.compare_digest(csrf_token, cookie):
        return _formulier(request, "Het formulier is verlopen; probeer het opnieuw.", 403, terugpad(volgende))
    try:
        gebruiker = gebruikers.inloggen(opslag, gebruikersnaam, wachtwoord, adres(request))
    except gebruikers.Afgeremd as e:
        return _formulier(request, f"Te veel mislukte pogingen. Probeer het over {e.minuten} minuten opnieuw.", 429,
                          terugpad(volgende))
    if gebruiker is None:
        return _formulier(request, "Onbekende naam of verkeerd wachtwoord.", 401, terugpad(volgende))
    token, _ = gebruikers.nieuwe_sessie(opslag, gebruiker)
    antwoord = RedirectResponse(_start(gebruiker, terugpad(volgende)), status_code=303)
    _cookie(request, antwoord, SESSIE_COOKIE, token, max_age=gebruikers.SESSIE_UREN * 3600)
    antwoord.delete_cookie(CSRF_COOKIE, path="/")
    return antwoord


@router.post("/uitloggen", include_in_schema=False)
def uitloggen(request: Request, opslag: Verbinding, s: Ingelogd,
              csrf_token: Annotated[str, Form()] = "") -> Response:
    controleer_csrf(s, csrf_token)
    gebruikers.uitloggen(opslag, request.cookies.get(SESSIE_COOKIE, ""), s.gebruiker.naam, adres(request))
    antwoord = RedirectResponse("/login", status_code=303)
    antwoord.delete_cookie(SESSIE_COOKIE, path="/")
    return antwoord
