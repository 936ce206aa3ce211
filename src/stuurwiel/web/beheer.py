"""The beheerder's pages: accounts, loading data, the audit log.

Accounts are managed here and on the command line (`stuurwiel gebruiker …`) through the same
functions (`web/gebruikers.py`), also while the server runs. A load here writes as `stuurwiel laad`
does: with DuckDB the server lets go of the file meanwhile (`Opslag.schrijven`). A beheerder cannot
change or remove their own account here, so a region never locks itself out.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from stuurwiel.invoer.problemen import Afgewezen, Probleem
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bsn import zonder_bsn
from stuurwiel.toepassing.laden import Resultaat, lees, schrijf
from stuurwiel.web import gebruikers
from stuurwiel.web.gebruikers import GebruikerFout, Sessie
from stuurwiel.web.rollen import ROLLEN
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, controleer_csrf, vereist
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)

Token = Annotated[str, Form()]  # every form's CSRF token; missing is refused like wrong (403)


def _beheerder(s: Sessie, csrf_token: str | None = None) -> None:
    vereist(s, "beheerder")
    if csrf_token is not None:
        controleer_csrf(s, csrf_token)


# --- accounts ------------------------------------------------------------------------------------------

def _accounts(request: Request, opslag: Opslag, s: Sessie, status: int = 200, **uitslag) -> HTMLResponse:
    return pagina(request, opslag, "accounts.html.j2", s, status, accounts=gebruikers.gebruikers(opslag),
                  rollen=ROLLEN, gemeenten=sorted(namen(opslag, "gemeente").items()), **uitslag)


def _doe(request: Request, opslag: Opslag, s: Sessie, naam: str, actie, gelukt: str, nieuw: bool = False,
         wachtwoord_: str | None = None) -> HTMLResponse:
    """Carry out an account change; a refusal is shown on the page (400), nothing changed. A password
    made here is shown once."""
    if naam == s.gebruiker.naam and not nieuw:
        return _accounts(request, opslag, s, 400, fout="Uw eigen account wijzigt of verwijdert u hier niet "
                                                      "(zo sluit een beheerder zich nooit buiten).")
    try:
        actie()
    except GebruikerFout as e:
        return _accounts(request, opslag, s, 400, fout=str(e))
    return _accounts(request, opslag, s, melding=gelukt, wachtwoord=wachtwoord_)


@router.get("/accounts", response_class=HTMLResponse)
def accounts(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    _beheerder(s)
    return _accounts(request, opslag, s)


@router.post("/accounts/toevoegen", response_class=HTMLResponse)
def toevoegen(request: Request, opslag: Verbinding, s: Ingelogd, naam: Annotated[str, Form()],
              rol: Annotated[str, Form()], gemeente: Annotated[list[str] | None, Form()] = None,
              wachtwoord: Annotated[str, Form()] = "", csrf_token: Token = "") -> HTMLResponse:
    _beheerder(s, csrf_token)
    naam = naam.strip()
    nieuw = wachtwoord or gebruikers.nieuw_wachtwoord()
    return _doe(request, opslag, s, naam, lambda: gebruikers.toevoegen(
        opslag, naam, nieuw, rol, gemeente or [], s.gebruiker.naam, adres(request)),
        f"Account {naam} ({rol}) aangemaakt.", nieuw=True, wachtwoord_=None if wachtwoord else nieuw)


@router.post("/accounts/wijzig", response_class=HTMLResponse)
def wijzig(request: Request, opslag: Verbinding, s: Ingelogd, naam: Annotated[str, Form()],
           rol: Annotated[str, Form()], gemeente: Annotated[list[str] | None, Form()] = None,
           csrf_token: Token = "") -> HTMLResponse:
    _beheerder(s, csrf_token)
    return _doe(request, opslag, s, naam, lambda: gebruikers.wijzig(
        opslag, naam, rol=rol, gemeenten=gemeente or [], door=s.gebruiker.naam, adres=adres(request)),
        f"Account {naam} gewijzigd; lopende sessies van het account zijn beëindigd.")


@router.post("/accounts/wachtwoord", response_class=HTMLResponse)
def wachtwoord(request: Request, opslag: Verbinding, s: Ingelogd, naam: Annotated[str, Form()],
               csrf_token: Token = "") -> HTMLResponse:
    _beheerder(s, csrf_token)
    nieuw = gebruikers.nieuw_wachtwoord()
    return _doe(request, opslag, s, naam, lambda: gebruikers.wijzig(
        opslag, naam, nieuw, door=s.gebruiker.naam, adres=adres(request)),
        f"Account {naam} heeft een nieuw wachtwoord; lopende sessies van het account zijn beëindigd.",
        wachtwoord_=nieuw)


@router.post("/accounts/verwijder", response_class=HTMLResponse)
def verwijder(request: Request, opslag: Verbinding, s: Ingelogd, naam: Annotated[str, Form()],
              csrf_token: Token = "") -> HTMLResponse:
    _beheerder(s, csrf_token)
    return _doe(request, opslag, s, naam, lambda: gebruikers.verwijder(opslag, naam, s.gebruiker.naam, adres(request)),
                f"Account {naam} verwijderd.")


# --- loading -----------------------------------------------------------------------------------------------

@router.get("/laden", response_class=HTMLResponse)
def laden(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    _beheerder(s)
    return pagina(request, opslag, "laden.html.j2", s, uitslag=None)


def laad_naast_lezers(request: Request, opslag: Opslag, paden: list[Path], *, gebruiker: str,
                      soort: str = "uitwisseling", apart: bool = False) -> Resultaat:
    """A load from the dashboard: validated beside the readers, who wait only for the write; one at a time.
    `apart`: files from the browser are read in a process of their own, with a memory limit."""
    gelezen = lees(opslag, paden, soort=soort, apart=apart)
    with request.app.state.opslag.schrijven(opslag) as schrijver:
        r = schrijf(schrijver, gelezen, gebruiker=gebruiker)
    request.app.state.voorberekening.plan(opslag)  # the pages of the new data, in the background
    return r


@router.post("/laden", response_class=HTMLResponse)
def laden_post(request: Request, opslag: Verbinding, s: Ingelogd, bestanden: Annotated[list[UploadFile], File()],
               csrf_token: Token = "") -> HTMLResponse:
    _beheerder(s, csrf_token)
    namen_ = [Path(b.filename or "bestand").name for b in bestanden]
    getoond = [zonder_bsn(n) for n in namen_]  # a BSN in a file's name is neither shown nor logged
    gelogd = ", ".join(getoond)
    with tempfile.TemporaryDirectory(prefix="stuurwiel-upload-") as tmp:
        try:
            for b, n in zip(bestanden, namen_, strict=True):
                with (Path(tmp) / _bestandsnaam(n)).open("wb") as f:
                    shutil.copyfileobj(b.file, f)
            r = laad_naast_lezers(request, opslag, [Path(tmp)], gebruiker=s.gebruiker.naam, apart=True)
        except Afgewezen as e:
            gebruikers.log(opslag, s.gebruiker.naam, "laden afgewezen", gelogd, adres(request))
            return pagina(request, opslag, "laden.html.j2", s, 422,
                          uitslag={"afgewezen": [str(p) for p in e.problemen[:500]],
                                   "aantal": len(e.problemen), "bestanden": getoond})
    gebruikers.log(opslag, s.gebruiker.naam, "laden", f"lading {r.batch_id}: {gelogd}", adres(request))
    return pagina(request, opslag, "laden.html.j2", s,
                  uitslag={"batch": r.batch_id, "nieuw": r.nieuw, "overgeslagen": r.lading.overgeslagen,
                           "waarschuwingen": r.lading.waarschuwingen, "bestanden": getoond,
                           "berichten": r.lading.berichten})


def _bestandsnaam(naam: str) -> str:
    """An uploaded file's name as a name in the upload's folder, or a refusal: no path, no hidden file."""
    if not naam or naam.startswith(".") or len(naam) > 200 or any(t in naam for t in "/\\\0"):
        raise Afgewezen([Probleem(naam[:60] or "(geen naam)", None, None,
                                  "geen bruikbare bestandsnaam; geef het bestand een gewone naam, zoals "
                                  "declaraties_2024-05.csv")])
    return naam


# --- the audit log -----------------------------------------------------------------------------------------

@router.get("/auditlog", response_class=HTMLResponse)
def auditlog(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    _beheerder(s)
    return pagina(request, opslag, "auditlog.html.j2", s, regels=gebruikers.auditlog(opslag))
