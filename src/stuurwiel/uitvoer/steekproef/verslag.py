"""A short report for the controller and the accountant, as PDF (the HTML through WeasyPrint, as
every report) and XLSX (a sheet per table): a sample's outcome, or the control-audit plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Tabel
from stuurwiel.uitvoer.rapporten.html import css
from stuurwiel.uitvoer.weergave import excel
from stuurwiel.uitvoer.weergave import html as tabellen

_OMGEVING = Environment(loader=PackageLoader("stuurwiel.uitvoer.steekproef", "sjablonen"),
                        autoescape=select_autoescape(enabled_extensions=("html", "j2")), trim_blocks=True,
                        lstrip_blocks=True)


@dataclass
class Verslag:
    titel: str
    ondertitel: str
    regio: str
    tabellen: list[Tabel]
    alineas: list[str] = field(default_factory=list)
    conclusie: str | None = None
    binnen: bool = True
    liggend: bool = False  # A4 landscape, for a table as wide as the audit plan
    gemaakt: str = field(default_factory=lambda: notatie.datum(dt.date.today()))

    @property
    def bestandsnaam(self) -> str:
        return "".join(c if c.isalnum() or c in "-_" else "-" for c in f"{self.titel} {self.ondertitel}".lower())


def html(v: Verslag) -> str:
    return _OMGEVING.get_template("verslag.html.j2").render(v=v, css=Markup(css()), tabel=tabellen.tabel)


def pdf(v: Verslag) -> bytes:
    from stuurwiel.uitvoer.rapporten.pdf import pdf as naar_pdf

    return naar_pdf(html(v))


def xlsx(v: Verslag) -> bytes:
    return excel.xlsx(v.tabellen)
