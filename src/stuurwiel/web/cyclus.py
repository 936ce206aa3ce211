"""The page Beleidscyclus: per theme where it stands in the nine steps, what is overdue and the next
evaluation, and every step with its artefact — the answers of `stuurwiel cyclus`, for the region and
the roles that make and buy policy; with both tables as CSV or XLSX."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from stuurwiel.begrippen.tabel import Tabel
from stuurwiel.begrippen.waarden import lees_datum
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.weergave import html as tabellen
from stuurwiel.web import gebruikers
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.rollen import BELEIDSROLLEN
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, vereist
from stuurwiel.web.weergave import DOWNLOADS, download, pagina

router = APIRouter(include_in_schema=False)
DELEN = {"themas": "cyclus", "stappen": "cyclusstappen"}  # a part of the page -> the subject it answers


def _vraag(opslag, s, onderwerp: str, thema: str | None, peildatum: str | None) -> Vraag:
    try:
        dag = lees_datum(peildatum) if peildatum else None
    except ValueError as e:
        raise HTTPException(400, f"peildatum: {e}") from None
    return Vraag(onderwerp, thema=thema or None, peildatum=dag, bereik=bereik_van(opslag, s))


def _antwoord(opslag, v: Vraag) -> Tabel | None:
    """The answer; None when no cycle is loaded yet; a question that cannot be answered is 400."""
    try:
        return beantwoord(opslag, v)
    except GeenAntwoord:
        return None
    except Vraagfout as e:
        raise HTTPException(400, str(e)) from None


@router.get("/cyclus", response_class=HTMLResponse)
def cyclus(request: Request, opslag: Verbinding, s: Ingelogd, thema: str | None = None,
           peildatum: str | None = None) -> HTMLResponse:
    vereist(s, *BELEIDSROLLEN)
    with opslag.momentopname():
        delen = [(deel, _antwoord(opslag, _vraag(opslag, s, o, thema, peildatum))) for deel, o in DELEN.items()]
        alle = _antwoord(opslag, Vraag("cyclus", bereik=bereik_van(opslag, s)))
    themas = alle.waarden("thema") if alle else []
    return pagina(request, opslag, "cyclus.html.j2", s, delen=[(d, t) for d, t in delen if t is not None],
                  themas=themas, thema=thema or "", peildatum=peildatum or dt.date.today().isoformat(),
                  query=str(request.url.query), tabel=tabellen.tabel)


@router.get("/cyclus/{deel}.{formaat}")
def exporteer(request: Request, opslag: Verbinding, s: Ingelogd, deel: str, formaat: str, thema: str | None = None,
              peildatum: str | None = None) -> Response:
    vereist(s, *BELEIDSROLLEN)
    if deel not in DELEN or formaat not in DOWNLOADS:
        raise HTTPException(404)
    with opslag.momentopname():
        t = _antwoord(opslag, _vraag(opslag, s, DELEN[deel], thema, peildatum))
    if t is None:
        raise HTTPException(404, "er is nog geen beleidscyclus geladen")
    bestand = f"beleidscyclus-{deel}.{formaat}"
    gebruikers.log(opslag, s.gebruiker.naam, "export", f"{bestand} ({request.url.query})", adres(request))
    return download(t, bestand, formaat)
