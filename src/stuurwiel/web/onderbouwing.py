"""The control role registers the onderbouwing of an allocation above its norm (a verklarende analyse)
from the form on its page (`sjablonen/onderbouwing.html.j2`, included by the signals page). The form
becomes an `onderbouwingen` file that goes through the same all-or-nothing loader as `stuurwiel laad`,
so its checks are the file's (a known allocation number's form, a kind from the list, no BSN in the
text); every registration, and every refusal, goes to the audit log."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.invoer.uitwisseling import SOORTEN
from stuurwiel.web import gebruikers
from stuurwiel.web.beheer import Token, laad_naast_lezers
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, controleer_csrf, vereist
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)
VASTLEGGERS = ("controle",)  # the roles that register an onderbouwing: case-level work
Veld = Annotated[str, Form()]


def _terug(volgende: str) -> str:
    return volgende if volgende.startswith("/") and not volgende.startswith("//") else "/signalen"


@router.post("/onderbouwing")
def vastleggen(request: Request, opslag: Verbinding, s: Ingelogd, toewijzingnummer: Veld, datum: Veld, soort: Veld,
               auteur: Veld = "", samenvatting: Veld = "", volgende: Veld = "/signalen", csrf_token: Token = ""
               ) -> Response:
    """Store an onderbouwing as if loaded from a file; back to the page it was written on."""
    vereist(s, *VASTLEGGERS)
    controleer_csrf(s, csrf_token)
    nummer = toewijzingnummer.strip()
    with tempfile.TemporaryDirectory(prefix="stuurwiel-onderbouwing-") as tmp:
        bestand = Path(tmp) / "onderbouwingen.csv"
        with bestand.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([[k.naam for k in SOORTEN["onderbouwingen"].kolommen],
                                     [nummer, datum.strip(), auteur.strip(), soort.strip(), samenvatting.strip()]])
        try:
            laad_naast_lezers(request, opslag, [bestand], gebruiker=s.gebruiker.naam, soort="onderbouwing")
        except Afgewezen as e:
            gebruikers.log(opslag, s.gebruiker.naam, "onderbouwing afgewezen", f"toewijzing {nummer}", adres(request))
            return pagina(request, opslag, "fout.html.j2", s, 422, titel="Onderbouwing niet opgeslagen",
                          melding="; ".join(f"{p.kolom}: {p.reden}" for p in e.problemen))
    gebruikers.log(opslag, s.gebruiker.naam, "onderbouwing", f"toewijzing {nummer} ({soort.strip()})", adres(request))
    return RedirectResponse(_terug(volgende), status_code=303)
