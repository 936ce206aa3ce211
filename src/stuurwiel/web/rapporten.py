"""The reports page: the monthly, quarterly, annual and settlement reports to download as HTML, PDF or Excel,
built for the user's scope by the same code as `stuurwiel rapport`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.namen import namen
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import controleer
from stuurwiel.uitvoer.rapporten import FORMATEN, bouw, inhoud
from stuurwiel.web import gebruikers
from stuurwiel.web.filters import buraps, gemeenten_van, kwartalen, maanden
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)


@router.get("/rapporten", response_class=HTMLResponse)
def rapporten(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    jaren = opslag.gegevensjaren()
    gemeenten = namen(opslag, "gemeente")
    soorten = [
        ("maand", "Maandrapportage", "Van een gemeente: de maand en het jaar tot nu, tegen vorig jaar en de regio.",
         maanden(jaren)),
        ("kwartaal", "Kwartaalrapportage", "Van de regio (Samen Sturen): per gemeente, segment en aanbieder.",
         kwartalen(jaren)),
        ("jaar", "Jaarrapportage", "Van de regio: vijf jaar ontwikkeling en het jaar tegen het vorige, per segment.",
         [(str(j), str(j)) for j in jaren]),
        ("verevening", "Verevening", "Voor het bestuur: wie betaalt wat van de kosten, na afloop van het jaar en op de "
         "begroting, de varianten naast elkaar; een gemeente ziet haar eigen regel en de totalen.",
         [(str(j), str(j)) for j in jaren]),
        ("burap", "Bestuursrapportage (burap)", "Van de regio na vier en na acht maanden: per gemeente en segment de "
         "prognose tegen de begroting, de hele begroting per post, de afwijkingen, een voorstel tot "
         "begrotingswijziging en de risico's.", buraps(jaren, opslag.stand())),
    ]
    return pagina(request, opslag, "rapporten.html.j2", s, soorten=soorten, formaten=list(FORMATEN),
                  gemeenten=[(c, gemeenten[c]) for c in gemeenten_van(opslag, bereik_van(opslag, s))])


@router.get("/rapporten/download")
def downloaden(request: Request, opslag: Verbinding, s: Ingelogd,
             soort: Annotated[str, Query(pattern="^(maand|kwartaal|jaar|verevening|burap)$")],
             periode: str, formaat: Annotated[str, Query(pattern="^(html|pdf|xlsx)$")],
             gemeente: str | None = None) -> Response:
    try:
        p = ontleed_periode(periode)
    except ValueError:
        raise HTTPException(400, f"'{periode}' is geen periode") from None
    if soort == "maand" and (not gemeente or p.soort != "maand"):
        raise HTTPException(400, "een maandrapportage is er per gemeente en per maand")
    vraag = Vraag("rapport", (p,), selectie=Selectie.van(gemeente=gemeente if soort == "maand" else None),
                  bereik=bereik_van(opslag, s))
    with opslag.momentopname():
        try:
            vraag = controleer(opslag, vraag)
            r = bouw(Meter.voor(opslag, vraag), vraag, soort)
        except Vraagfout as e:
            raise HTTPException(400, str(e)) from None
        except BuitenBereik as e:
            raise HTTPException(403, str(e)) from None
    bestand = f"{r.naam}.{formaat}"
    gebruikers.log(opslag, s.gebruiker.naam, "rapport", bestand, adres(request))
    return Response(inhoud(r, formaat), media_type=FORMATEN[formaat],
                    headers={"Content-Disposition": f'attachment; filename="{bestand}"'})
