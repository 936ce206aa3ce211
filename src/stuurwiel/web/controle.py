"""The control role's worklist of signals: filtered by rule, status, municipality, provider and period,
sorted and paged by the server, exported as shown, and followed up (status, owner, note) for the
signals ticked or on a signal's own page. Purpose limitation: only for case-level rights, refused by
the scope for every other role (the pages, the form and the export alike).

A change is written to the store through the dashboard's writer (`Opslag.schrijven`, as a load from
the browser), kept in the signal's history, and recorded in the audit log."""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import QueryParams

from stuurwiel.analyses.signalen import REGELS
from stuurwiel.begrippen.opvolging import STATUSSEN, TERUGGEVORDERD
from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing import opvolging
from stuurwiel.toepassing.signalen import PER_BLADZIJDE, VOLGORDEN
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.weergave import html as tabellen
from stuurwiel.uitvoer.weergave.bestand import slak
from stuurwiel.web import gebruikers
from stuurwiel.web.beheer import Token
from stuurwiel.web.filters import kwartalen, maanden
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, controleer_csrf, terugpad
from stuurwiel.web.weergave import DOWNLOADS, download, pagina

router = APIRouter(include_in_schema=False)
FORMULIER = "wijzig"  # the id of the form the worklist's checkboxes belong to
Veld = Annotated[str, Form()]


# --- the question in the URL --------------------------------------------------------------------------

def _waarden(q: QueryParams, naam: str) -> tuple[str, ...]:
    return tuple(w for w in q.getlist(naam) if w)


def _vraag(q: QueryParams, opslag: Opslag, s: Sessie) -> Vraag:
    """The worklist asked in the URL: rule, status, municipality, provider, period, order and page."""
    try:
        perioden = tuple(ontleed_periode(p) for p in _waarden(q, "periode"))
    except ValueError as e:
        raise HTTPException(400, str(e)) from None
    if not (q.get("bladzijde") or "1").isdigit():
        raise HTTPException(400, f"'{q.get('bladzijde')}' is geen bladzijde")
    return Vraag("signaalregels", perioden, bereik=bereik_van(opslag, s),
                 selectie=Selectie.van(gemeente=_waarden(q, "gemeente"), aanbieder=_waarden(q, "aanbieder")),
                 regel=q.get("regel") or None, status=_waarden(q, "status"), volgorde=q.get("volgorde") or None,
                 bladzijde=int(q.get("bladzijde") or 1))


def _query(vraag: Vraag, **anders: object) -> str:
    """The URL's query string of a worklist (for its links: pages, export, a rule's lines)."""
    waarden = {"regel": vraag.regel, "status": list(vraag.status), "gemeente": list(vraag.selectie.gemeenten),
               "aanbieder": list(vraag.selectie.aanbieders), "periode": [p.label for p in vraag.perioden],
               "volgorde": vraag.volgorde, **anders}
    return urlencode({k: v for k, v in waarden.items() if v}, doseq=True)


def _antwoorden(opslag: Opslag, *vragen: Vraag) -> list[Tabel]:
    """The answers, in one view of the data; outside the scope 403, a question that cannot be 400."""
    with opslag.momentopname():
        try:
            return [beantwoord(opslag, v) for v in vragen]
        except BuitenBereik as e:
            raise HTTPException(403, str(e)) from None
        except Vraagfout as e:
            raise HTTPException(400, str(e)) from None


# --- the worklist -------------------------------------------------------------------------------------

@router.get("/signalen", response_class=HTMLResponse)
def signalen(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    q = request.query_params
    gewijzigd = q.get("gewijzigd", "")
    return _werklijst(request, opslag, s, q, melding=f"{gewijzigd} signalen gewijzigd." if gewijzigd.isdigit()
                      else None)


def _werklijst(request: Request, opslag: Opslag, s: Sessie, q: QueryParams, status: int = 200,
               **uitslag: str | None) -> HTMLResponse:
    vraag = _vraag(q, opslag, s)
    telling, lijst = _antwoorden(opslag, vraag.met(onderwerp="signalen"), vraag)
    bladzijde = lijst.vanaf // PER_BLADZIJDE + 1
    laatste = max(1, math.ceil((lijst.totaal or 0) / PER_BLADZIJDE))
    return pagina(request, opslag, "signalen.html.j2", s, status, vraag=vraag, telling=telling, lijst=lijst,
                  bladzijde=bladzijde, laatste=laatste, query=_query(vraag), opties=_opties(opslag),
                  volgende=f"/signalen?{_query(vraag, bladzijde=bladzijde)}",
                  tabel=lambda t: tabellen.tabel(t, _naar_regel(vraag)),
                  werklijst=lambda t: tabellen.tabel(t, _naar_signaal, keuze=tabellen.Keuze(
                      FORMULIER, "signaal", "signaal_id")), **_formulier(), **uitslag)


def _opties(opslag: Opslag) -> dict:
    jaren = opslag.gegevensjaren()
    return {"regels": REGELS, "gemeenten": sorted(namen(opslag, "gemeente").items(), key=lambda x: x[1]),
            "aanbieders": sorted(namen(opslag, "aanbieder").items(), key=lambda x: x[1] or x[0]),
            "perioden": [(str(j), str(j)) for j in jaren] + kwartalen(jaren) + maanden(jaren),
            "volgorden": {k: label for k, (label, _) in VOLGORDEN.items()}}


def _formulier() -> dict:
    """What the follow-up form offers."""
    return {"statussen": STATUSSEN, "teruggevorderd": TERUGGEVORDERD, "formulier": FORMULIER}


def _naar_regel(vraag: Vraag) -> tabellen.Doorklik:
    """A rule's count opens its lines (a message's breach: those of its official code), in the same selection."""
    def doel(t: Tabel, rij: list[Cel]) -> str:
        regel, ijw_regel = rij[t.index("regel")].waarde, rij[t.index("ijw_regel")].waarde
        return f"/signalen?{_query(vraag, regel=ijw_regel if regel == 'berichtregel' else regel)}"
    return doel


def _naar_signaal(t: Tabel, rij: list[Cel]) -> str:
    return f"/signaal/{rij[t.index('signaal_id')].waarde}"


@router.get("/export/signalen.{formaat}")
def exporteer(request: Request, opslag: Verbinding, s: Ingelogd, formaat: str) -> Response:
    """The worklist's selection as shown, every page of it."""
    if formaat not in DOWNLOADS:
        raise HTTPException(404)
    vraag = _vraag(request.query_params, opslag, s).met(bladzijde=None)
    [t] = _antwoorden(opslag, vraag)
    bestand = f"{slak(t.titel)}.{formaat}"
    gebruikers.log(opslag, s.gebruiker.naam, "export", f"{bestand} ({_query(vraag)})", adres(request))
    return download(t, bestand, formaat)


# --- one signal ---------------------------------------------------------------------------------------

@router.get("/signaal/{signaal}", response_class=HTMLResponse)
def signaal(request: Request, opslag: Verbinding, s: Ingelogd, signaal: str) -> HTMLResponse:
    return _signaal(request, opslag, s, signaal, melding="Gewijzigd." if request.query_params.get("gewijzigd")
                    else None)


def _signaal(request: Request, opslag: Opslag, s: Sessie, signaal: str, status: int = 200,
             **uitslag: str | None) -> HTMLResponse:
    """The signal as it holds now (if it does), its history, and the form that follows it up."""
    vraag = Vraag("signaalgeschiedenis", bereik=bereik_van(opslag, s), signaal=signaal)
    try:
        geschiedenis, regels = _antwoorden(opslag, vraag, vraag.met(onderwerp="signaalregels"))
    except HTTPException as e:
        raise HTTPException(404 if e.status_code == 400 else e.status_code, e.detail) from None
    id_ = opvolging.herken_id(signaal)
    nu = dict(zip([k.naam for k in regels.kolommen], [c.waarde for c in regels.rijen[0]], strict=True)) \
        if regels.rijen else None
    return pagina(request, opslag, "signaal.html.j2", s, status, id_=id_, geschiedenis=geschiedenis, regels=regels,
                  nu=nu, tabel=tabellen.tabel, volgende=f"/signaal/{id_}", **_formulier(), **uitslag)


# --- following up -------------------------------------------------------------------------------------

@router.post("/signalen/status")
def wijzig(request: Request, opslag: Verbinding, s: Ingelogd, status: Veld = "", eigenaar: Veld = "",
           notitie: Veld = "", bedrag: Veld = "", volgende: Veld = "/signalen",
           signaal: Annotated[list[str] | None, Form()] = None, csrf_token: Token = "") -> Response:
    """Give the signals ticked (or the one on its page) a status, owner and note; back to where it was done,
    or there with the reason it was refused (400, nothing stored)."""
    try:
        bereik_van(opslag, s).vereis_dossierinzage("signalen")
    except BuitenBereik as e:
        raise HTTPException(403, str(e)) from None
    controleer_csrf(s, csrf_token)
    volgende = terugpad(volgende)
    try:
        w = opvolging.wijziging(signaal or [], status, s.gebruiker.naam, eigenaar, notitie, bedrag)
        opvolging.controleer(opslag, w)  # before the dashboard lets go of the store for the write
        with request.app.state.opslag.schrijven(opslag) as schrijver:
            n = opvolging.zet(schrijver, w)
    except opvolging.Opvolgfout as e:
        return _terug(request, opslag, s, volgende, str(e))
    wat = f"{w.status}" + (f", eigenaar {w.eigenaar}" if w.eigenaar else "") + (
        f", bedrag {w.bedrag_cent} cent" if w.bedrag_cent else "") + (", met notitie" if w.notitie else "")
    gebruikers.log(opslag, s.gebruiker.naam, "signaalstatus", f"{wat}: {', '.join(w.signalen)}", adres(request))
    return RedirectResponse(f"{volgende}{'&' if '?' in volgende else '?'}gewijzigd={n}", status_code=303)


def _terug(request: Request, opslag: Opslag, s: Sessie, volgende: str, fout: str) -> HTMLResponse:
    """The page the form was on, with why nothing was changed."""
    pad = urlsplit(volgende)
    if pad.path.startswith("/signaal/"):
        return _signaal(request, opslag, s, pad.path.removeprefix("/signaal/"), 400, fout=fout)
    return _werklijst(request, opslag, s, QueryParams(pad.query), 400, fout=fout)
