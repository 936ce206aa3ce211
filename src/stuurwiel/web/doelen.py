"""The page Doelen: the region's goals as traffic lights (status in a word and a sign as well as a
colour), for every role in its own scope, by the same answer as `stuurwiel doelen`; and for the region
role the register itself, editable as YAML: a change goes through the same checks as
`stuurwiel doelen laad` and becomes a new version; every change, and every refusal, goes to the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import jaar as jaarperiode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.doelen import DoelFout
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing import doelregister
from stuurwiel.toepassing.doelen import BETEKENIS, TEKEN
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.web import gebruikers
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, controleer_csrf, vereist
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)
BEWERKERS = ("regio",)  # the roles that change the register


def _stand(opslag: Opslag, s: Sessie, jaar: int | None, segment: str | None):
    """The answer for the page, or None with the reason there is none."""
    vraag = Vraag("doelen", perioden=(jaarperiode(jaar),) if jaar else (),
                  selectie=Selectie.van(segment=segment or None), bereik=bereik_van(opslag, s))
    try:
        return beantwoord(opslag, vraag), ""
    except GeenAntwoord as e:
        return None, str(e)
    except BuitenBereik as e:
        raise HTTPException(403, str(e)) from None
    except Vraagfout as e:
        raise HTTPException(400, str(e)) from None


def _pagina(request: Request, opslag: Opslag, s: Sessie, jaar: int | None, segment: str | None,
            status: int = 200, **context) -> HTMLResponse:
    with opslag.momentopname():
        versie = doelregister.geldend(opslag)
        jaren = sorted({doelregister.periode(d).eind.year for d in versie.register.doelen}, reverse=True) \
            if versie else []
        jaar = jaar or (jaren[0] if jaren else None)
        t, reden = _stand(opslag, s, jaar, segment)
        bewerker = s.gebruiker.rol in BEWERKERS
        context.setdefault("tekst", versie.register.als_yaml() if versie and bewerker else "")
        return pagina(request, opslag, "doelen.html.j2", s, status, t=t, reden=reden, jaar=jaar, jaren=jaren,
                      segment=segment, segmenten=namen(opslag, "segment"), bewerker=bewerker, versie=versie,
                      versies=doelregister.versies(opslag) if bewerker else [], teken=TEKEN, betekenis=BETEKENIS,
                      waarde=_waarde(t), **context)


def _waarde(t):
    def waarde(cel, decimalen: int | None = None) -> str:
        return notatie.waarde(cel.waarde, cel.eenheid, cel.onderdrukt, t.verborgen or "<8", decimalen) if t else ""
    return waarde


@router.get("/doelen", response_class=HTMLResponse)
def doelen(request: Request, opslag: Verbinding, s: Ingelogd, jaar: int | None = None,
           segment: str | None = None) -> HTMLResponse:
    return _pagina(request, opslag, s, jaar, segment)


@router.post("/doelen")
def vastleggen(request: Request, opslag: Verbinding, s: Ingelogd, inhoud: Annotated[str, Form()],
               csrf_token: Annotated[str, Form()] = "") -> Response:
    """Store the edited register as a new version; refused whole, with the reasons, when anything is wrong."""
    vereist(s, *BEWERKERS)
    controleer_csrf(s, csrf_token)
    try:
        with request.app.state.opslag.schrijven(opslag) as schrijver:
            v = doelregister.vastleggen(schrijver, inhoud, "doelen.yaml (dashboard)", s.gebruiker.naam)
    except DoelFout as e:
        gebruikers.log(opslag, s.gebruiker.naam, "doelen afgewezen", str(e).splitlines()[0], adres(request))
        return _pagina(request, opslag, s, None, None, 422, fout=str(e), tekst=inhoud)
    gebruikers.log(opslag, s.gebruiker.naam, "doelen", f"versie {v.versie}: {v.doelen} doelen"
                   + ("" if v.nieuw else " (ongewijzigd)"), adres(request))
    return RedirectResponse("/doelen", status_code=303)
