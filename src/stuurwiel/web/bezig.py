"""While a load writes the DuckDB file, the dashboard has let go of it (`opslag/gedeeld.py`): a page
says the data are being loaded and asks again by itself (no script: the CSP allows none inline),
the API answers 503; both with Retry-After."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from stuurwiel.opslag.gedeeld import OpslagBezet
from stuurwiel.web.weergave import pagina

SECONDEN = 3


def richt_in(app: FastAPI) -> None:
    @app.exception_handler(OpslagBezet)
    async def _bezet(request: Request, _: OpslagBezet) -> Response:
        koppen = {"Retry-After": str(SECONDEN)}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "de gegevens worden geladen; probeer het zo opnieuw"}, 503, koppen)
        antwoord = pagina(request, None, "bezig.html.j2", None, 503, seconden=SECONDEN)
        antwoord.headers.update(koppen)
        return antwoord
