"""The report as one self-contained HTML page (Jinja2): charts as SVG images inside the page,
styles inline, nothing loaded from elsewhere. The same page, with its print styles, becomes the PDF.
A chart is an image (a data URL) rather than inline SVG because WeasyPrint styles every element of
the page: a chart's few thousand SVG nodes made up a third of a PDF's layout time.

Tables are the table model's HTML (uitvoer/weergave/html.py): every figure carries its
provenance in data attributes, so anyone can trace it to the catalogue, and the tests read it back.
"""

from __future__ import annotations

import base64
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel
from stuurwiel.uitvoer.rapporten import grafieken
from stuurwiel.uitvoer.rapporten.model import Grafiek, Rapport
from stuurwiel.uitvoer.weergave import html as tabellen

_OMGEVING = Environment(loader=PackageLoader("stuurwiel.uitvoer.rapporten", "sjablonen"),
                        autoescape=select_autoescape(enabled_extensions=("html", "j2")), trim_blocks=True,
                        lstrip_blocks=True)


def css() -> str:
    return resources.files("stuurwiel.uitvoer.rapporten").joinpath("sjablonen", "rapport.css").read_text("utf-8")


def voet(r: Rapport) -> tuple[str, str]:
    """The two footer lines of every page: what and how recent, and the sources."""
    h = r.herkomst
    geladen = f", laatst geladen {notatie.datum(h.geladen_op.date())}" if h.geladen_op else ""
    return (f"Stuurwiel · {r.titel}, {r.ondertitel.lower()} · gegevens t/m {notatie.datum(h.stand)}",
            f"bronnen: {', '.join(h.soorten)}{geladen}; jeugdigen 0-17: {', '.join(h.bevolking_kort)}")


def html(r: Rapport) -> str:
    def cel(c: Cel) -> Markup:
        return tabellen.cijfer(c, r.verborgen)

    def svg(g: Grafiek) -> Markup:
        data = base64.b64encode(grafieken.svg(g).encode("utf-8")).decode("ascii")
        return Markup('<img alt="" src="data:image/svg+xml;base64,{}">').format(data)

    return _OMGEVING.get_template("rapport.html.j2").render(
        r=r, css=Markup(css()), voet=voet(r), cel=cel, tabel=tabellen.tabel, svg=svg, datum=notatie.datum,
        definities={m.naam: m for m in r.maten})
