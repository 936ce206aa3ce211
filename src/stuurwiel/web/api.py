"""The JSON API over the catalogue's measures, in the same scope as the pages: `GET /api/maten`
and `GET /api/maten/{naam}`, with OpenAPI docs at /api/docs and /api/openapi.json (both behind login).

Without a session the answer is 401. A question outside the user's scope (a gemeente user asking
for another municipality's figures, or splitting them by provider, product or client) is
refused by the catalogue (`privacy/bereik.py`) before anything is computed: 403 with only the
reason. Amounts are in eurocent, exact, as the catalogue holds them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from stuurwiel.begrippen.periode import jaar as jaarperiode
from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.selectie import DIMENSIES, Selectie
from stuurwiel.maten.catalogus import CATALOGUS, EENHEDEN, GROEPEN, MATEN
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.weergave.machine import records
from stuurwiel.web import gebruikers
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres
from stuurwiel.web.weergave import pagina

router = APIRouter(prefix="/api", tags=["maten"])


class MaatInfo(BaseModel):
    naam: str = Field(description="de naam in de URL van /api/maten/{naam}")
    label: str
    groep: str = Field(description=", ".join(GROEPEN))
    eenheid: str = Field(description="; ".join(f"{k}: {v}" for k, v in EENHEDEN.items()))
    indelingen: list[str] = Field(description="wat `per` mag zijn")
    privacy: str = Field(description="de privacyklasse: hoe kleine aantallen worden onderdrukt")
    definitie: str


class Meting(BaseModel):
    maat: str
    label: str
    eenheid: str
    perioden: list[str]
    per: list[str]
    onderdrukt_als: str = Field(description="hoe een onderdrukte waarde in de rapporten staat; in `rijen` is "
                                            "zo'n waarde null met onderdrukt: true")
    rijen: list[dict[str, str | float | bool | None]] = Field(
        description="per periode en combinatie van indelingen: de code en naam van elke indeling, waarde, "
                    "basis (de noemer bij verhoudingen) en onderdrukt")


@router.get("/maten", response_model=list[MaatInfo], summary="De maten van de catalogus")
def maten(s: Ingelogd) -> list[MaatInfo]:
    return [MaatInfo(naam=m.naam, label=m.label, groep=m.groep, eenheid=m.eenheid, indelingen=list(m.dimensies),
                     privacy=m.privacy, definitie=m.definitie) for m in MATEN]


@router.get("/maten/{naam_maat}", response_model=Meting, summary="Eén maat, zoals u die mag zien",
            responses={400: {"description": "een onjuiste vraag"}, 401: {"description": "niet ingelogd"},
                       403: {"description": "buiten uw bereik"}, 404: {"description": "onbekende maat"}})
def meting(
    request: Request, opslag: Verbinding, s: Ingelogd, naam_maat: str,
    jaar: Annotated[int | None, Query(description="kalenderjaar; of gebruik periode")] = None,
    periode: Annotated[list[str] | None, Query(description="2025, 2025-Q3, 2025-08 of '2025-01 t/m 2025-08'; "
                                                           "mag vaker")] = None,
    per: Annotated[list[str] | None, Query(description=", ".join(DIMENSIES) + "; mag vaker")] = None,
    gemeente: Annotated[list[str] | None, Query(description="CBS-code of naam; mag vaker")] = None,
    segment: Annotated[list[str] | None, Query()] = None,
    product: Annotated[list[str] | None, Query()] = None,
    aanbieder: Annotated[list[str] | None, Query(description="AGB-code")] = None,
    verwijzer: Annotated[list[str] | None, Query()] = None,
) -> Meting:
    m = CATALOGUS.get(naam_maat)
    if m is None:
        raise HTTPException(404, f"onbekende maat '{naam_maat}' (zie /api/maten)")
    with opslag.momentopname():
        try:
            perioden = [ontleed_periode(p) for p in periode or []] + ([jaarperiode(jaar)] if jaar else [])
            selectie = Selectie.van(gemeente=gemeente, segment=segment, product=product, aanbieder=aanbieder,
                                    verwijzer=verwijzer)
            vraag = Vraag("meting", tuple(perioden), tuple(per or ()), selectie, bereik_van(opslag, s), "json",
                          maat=m.naam)
        except ValueError as e:
            raise HTTPException(400, str(e)) from None
        try:
            rijen = _METINGEN.haal((opslag.toestand(), vraag), lambda: records(beantwoord(opslag, vraag)))
        except BuitenBereik as e:
            raise HTTPException(403, str(e)) from None
        except Vraagfout as e:
            raise HTTPException(400, str(e)) from None
    gebruikers.log(opslag, s.gebruiker.naam, "api", f"{request.url.path}?{request.url.query}", adres(request))
    return Meting(maat=m.naam, label=m.label, eenheid=m.eenheid, perioden=[p.label for p in perioden],
                  per=list(vraag.per), onderdrukt_als=vraag.bereik.verborgen, rijen=rijen)


_METINGEN = Voorraad(256)  # answers per state of the data, scope and question, as the pages are kept


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, s: Ingelogd) -> JSONResponse:
    """The API's description, for who may use the API: the routes and their parameters are no secret of
    the code, but a region's server shows nothing to whoever is not logged in."""
    return JSONResponse(request.app.openapi())


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def documentatie(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    return pagina(request, opslag, "api.html.j2", s, csrf=s.csrf)
