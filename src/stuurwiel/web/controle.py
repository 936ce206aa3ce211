"""The control role's page: the business-rule signals, counted per rule and line by line (purpose
limitation: only for case-level rights, refused by the scope for every other role)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from stuurwiel.analyses.signalen import REGELS
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.weergave import html as tabellen
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.verzoek import Ingelogd, Verbinding
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)
MAX_OP_PAGINA = 500  # lines of signals shown at once; the command gives them all


@router.get("/signalen", response_class=HTMLResponse)
def signalen(request: Request, opslag: Verbinding, s: Ingelogd, regel: str | None = None) -> HTMLResponse:
    vraag = Vraag("signalen", bereik=bereik_van(opslag, s), regel=regel or None)
    try:
        telling = beantwoord(opslag, vraag)
        lijst = beantwoord(opslag, vraag.met(onderwerp="signaalregels"))
    except BuitenBereik as e:
        raise HTTPException(403, str(e)) from None
    except Vraagfout as e:
        raise HTTPException(400, str(e)) from None
    totaal = len(lijst.rijen)
    lijst.rijen = lijst.rijen[:MAX_OP_PAGINA]
    return pagina(request, opslag, "signalen.html.j2", s, telling=telling, lijst=lijst, totaal=totaal, regel=regel,
                  regels=REGELS, tabel=tabellen.tabel)
