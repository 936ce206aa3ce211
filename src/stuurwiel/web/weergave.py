"""Pages from the Jinja2 templates, with what every page shows: who is logged in, the menu their
role gives, the region and how recent its data are."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Tabel
from stuurwiel.invoer.uitwisseling import ONDERBOUWINGSOORTEN
from stuurwiel.opslag.database import Opslag
from stuurwiel.uitvoer.weergave import bestand
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rollen import BELEIDSROLLEN

_OMGEVING = Environment(loader=PackageLoader("stuurwiel.web", "sjablonen"),
                        autoescape=select_autoescape(("html", "j2")), trim_blocks=True, lstrip_blocks=True)
_OMGEVING.filters.update(euro=notatie.euro_kort, getal=notatie.getal, datum=notatie.datum, procent=notatie.procent)
_OMGEVING.globals.update(onderbouwingsoorten=ONDERBOUWINGSOORTEN.split("|"))  # the form onderbouwing.html.j2

# (path, label, the roles that see it; None: every role)
MENU = [
    ("/", "Overzicht", None),
    ("/gemeente", "Gemeente", None),
    ("/vergelijken", "Vergelijken", None),
    ("/segmenten", "Segmenten", None),
    ("/aanbieders", "Aanbieders", None),
    ("/toegang", "Toegang", None),
    ("/kosten", "Kosten en budget", None),
    ("/normen", "Normenkader", None),
    ("/doelen", "Doelen", None),
    ("/verevening", "Verevening", None),
    ("/rapporten", "Rapportages", None),
    ("/cyclus", "Beleidscyclus", BELEIDSROLLEN),
    ("/signalen", "Signalen", ("controle",)),
    ("/steekproeven", "Steekproeven", ("controle",)),
    ("/laden", "Gegevens laden", ("beheerder",)),
    ("/accounts", "Accounts", ("beheerder",)),
    ("/auditlog", "Auditlog", ("beheerder",)),
]


def menu(s: Sessie) -> list[tuple[str, str]]:
    return [(pad, label) for pad, label, rollen in MENU if rollen is None or s.gebruiker.rol in rollen]


def pagina(request: Request, opslag: Opslag | None, sjabloon: str, s: Sessie | None, status: int = 200,
           **context) -> HTMLResponse:
    regio, gegevens_tot = (None, None) if opslag is None or s is None else (opslag.regio().naam, opslag.stand())
    tekst = _OMGEVING.get_template(sjabloon).render(
        pad=request.url.path, sessie=s, menu=menu(s) if s else [], regio=regio, stand=gegevens_tot, **context)
    return HTMLResponse(tekst, status_code=status)


def deel(sjabloon: str, **context) -> Markup:
    """A part of a page, rendered on its own to be kept (its template escapes what it shows)."""
    return Markup(_OMGEVING.get_template(sjabloon).render(**context))  # noqa: S704 - autoescaped above


# what a page offers to download: formaat -> (the form of uitvoer/weergave, media type)
DOWNLOADS = {"csv": ("csv-nl", "text/csv; charset=utf-8"),
             "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def download(t: Tabel, naam: str, formaat: str, bewaard: dict[str, bytes] | None = None, **koppen: str) -> Response:
    """A table as a file: `csv` for Dutch Excel, `xlsx` a workbook. `bewaard`: the files of a kept table per
    format, made once (the same for everyone who saw the table)."""
    vorm, soort = DOWNLOADS[formaat]
    inhoud = None if bewaard is None else bewaard.get(formaat)
    if inhoud is None:
        inhoud = bestand.inhoud(t, vorm)
        if bewaard is not None:
            bewaard[formaat] = inhoud
    return Response(inhoud, media_type=soort,
                    headers={"Content-Disposition": f'attachment; filename="{naam}"', **koppen})
