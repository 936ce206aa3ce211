"""The help page (/hulp): what each page shows and how its tables work, and every measure of the
catalogue with its definition, the same text as docs/maten.md; and the form that writes the story
behind a figure (a toelichting) from a page, loaded as a `toelichtingen` file through the same
all-or-nothing loader as `stuurwiel toelichting laad`."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from stuurwiel.begrippen.tabel import EENHEDEN
from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.maten.catalogus import DECLARATIES, GROEPEN, MATEN
from stuurwiel.privacy.onthulling import KLASSEN
from stuurwiel.web import gebruikers
from stuurwiel.web.beheer import Token, laad_naast_lezers
from stuurwiel.web.paginas import TOELICHTERS
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, controleer_csrf, terugpad, vereist
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)

# path, name, what it shows (the menu's pages that show figures)
PAGINAS = [
    ("/", "Overzicht", "De regio: de kerncijfers, kosten en jeugdigen per maand dit jaar tegen vorig jaar, vijf jaar "
     "ontwikkeling, elke gemeente, de prognose voor het jaar en wat aandacht vraagt."),
    ("/gemeente", "Gemeente", "De maandrapportage van één gemeente, live: de maand en het jaar tot nu, tegen vorig "
     "jaar en de regio. Een gemeente-account opent hier na het inloggen."),
    ("/vergelijken", "Vergelijken", "Gemeenten naast elkaar: kies er in het filter meer dan één (Ctrl of Shift "
     "ingedrukt); de regio is de maatstaf."),
    ("/segmenten", "Segmenten", "Per segment: jeugdigen, kosten tegen budget, verzilvering, trajectduur en "
     "uitkomsten."),
    ("/aanbieders", "Aanbieders", "Het aanbiederslandschap: concentratie, systeemspelers, uitkomsten (aanbieders met "
     "te weinig cliënten ingeklapt), wachttijden en budgetplafonds."),
    ("/toegang", "Toegang", "Langs welke route jeugdigen in zorg komen, en het lokale team."),
    ("/kosten", "Kosten en budget", "De prognose voor het jaar, kosten tegen budget per gemeente en per segment, "
     "kosten per jeugdige."),
    ("/normen", "Normenkader", "De normen voor duur en intensiteit per product: de toewijzingen van het jaar en van "
     "het jaar ervoor tegen de norm (kwartielen, aandeel boven de norm, kosten erboven, besparing bij naleving), het "
     "aandeel binnen de norm per segment, aanbieder en verwijzer; voor de controlerol ook elke toewijzing boven haar "
     "norm met de stand van haar onderbouwing."),
    ("/doelen", "Doelen", "De doelen van de regio (en van uw gemeente) als stoplicht: waarde uit de catalogus, "
     "streefwaarde, status in woord en teken, trend per kwartaal en toelichting; de regiorol bewerkt hier het "
     "doelenregister."),
    ("/verevening", "Verevening", "Wie betaalt wat van de kosten onder de vereveningsregels van de regio: per "
     "gemeente de eigen kosten, de sleutel, de bijdrage en het verschil, na afloop van het jaar en op de begroting, "
     "de varianten naast elkaar; een gemeente ziet haar eigen regel en de totalen."),
    ("/rapporten", "Rapportages", "De maand-, kwartaal- en jaarrapportage als HTML, PDF of Excel."),
]


def opgemaakt(tekst: str) -> Markup:
    """A definition as HTML: `code` in the catalogue's text becomes <code>."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(tekst))))


@router.get("/hulp", response_class=HTMLResponse)
def hulp(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    groepen = [(titel, [m for m in MATEN if m.groep == groep]) for groep, titel in GROEPEN.items()]
    return pagina(request, opslag, "hulp.html.j2", s, paginas=PAGINAS, groepen=groepen, eenheden=EENHEDEN,
                  klassen=KLASSEN, declaraties=DECLARATIES, opgemaakt=opgemaakt)


@router.post("/toelichting")
def toelichten(request: Request, opslag: Verbinding, s: Ingelogd, maat: Annotated[str, Form()],
               periode: Annotated[str, Form()], tekst: Annotated[str, Form()] = "",
               gemeente: Annotated[str, Form()] = "", volgende: Annotated[str, Form()] = "/",
               csrf_token: Token = "") -> Response:
    """Store the story behind a figure, as if loaded from a file; back to the page it was written on."""
    vereist(s, *TOELICHTERS)
    controleer_csrf(s, csrf_token)
    with tempfile.TemporaryDirectory(prefix="stuurwiel-toelichting-") as tmp:
        bestand = Path(tmp) / "toelichtingen.csv"
        with bestand.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["maat", "gemeentecode", "periode", "tekst", "auteur"],
                                     [maat, gemeente, periode, tekst.strip(), s.gebruiker.naam]])
        try:
            laad_naast_lezers(request, opslag, [bestand], gebruiker=s.gebruiker.naam, soort="toelichting")
        except Afgewezen as e:
            return pagina(request, opslag, "fout.html.j2", s, 422, titel="Toelichting niet opgeslagen",
                          melding="; ".join(f"{p.kolom}: {p.reden}" for p in e.problemen))
    gebruikers.log(opslag, s.gebruiker.naam, "toelichting", f"{maat} {gemeente or 'regio'} {periode}", adres(request))
    return RedirectResponse(terugpad(volgende), status_code=303)
