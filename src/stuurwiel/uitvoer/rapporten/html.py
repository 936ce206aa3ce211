"""The report as one self-contained HTML page (Jinja2): charts inline as SVG, styles inline,
nothing loaded from elsewhere. The same page, with its print styles, becomes the PDF.

Every figure carries its provenance in data attributes (maat, periode, sleutels, waarde), so
anyone can trace it to the catalogue, and the tests read it back.
"""

from __future__ import annotations

import json
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from stuurwiel.uitvoer import notatie
from stuurwiel.uitvoer.rapporten import grafieken
from stuurwiel.uitvoer.rapporten.model import Cel, Grafiek, Rapport, Tabel

_ENV = Environment(loader=PackageLoader("stuurwiel.uitvoer.rapporten", "templates"),
                   autoescape=select_autoescape(enabled_extensions=("html", "j2")), trim_blocks=True,
                   lstrip_blocks=True)


def _css() -> str:
    return resources.files("stuurwiel.uitvoer.rapporten").joinpath("templates", "rapport.css").read_text("utf-8")


def herkomst(c: Cel) -> Markup:
    waarde = "" if c.waarde is None else repr(float(c.waarde))
    attributen = {"data-maat": c.maat, "data-periode": c.periode,
                  "data-sleutels": json.dumps(dict(c.sleutels), ensure_ascii=False),
                  "data-waarde": waarde, "data-onderdrukt": "1" if c.onderdrukt else "0"}
    return Markup(" ".join(f'{k}="{escape(v)}"' for k, v in attributen.items()))


def voet(r: Rapport) -> tuple[str, str]:
    """The two footer lines of every page: what and how recent, and the sources."""
    h = r.herkomst
    geladen = f", laatst geladen {notatie.datum(h.geladen_op.date())}" if h.geladen_op else ""
    return (f"Stuurwiel · {r.titel}, {r.ondertitel.lower()} · gegevens t/m {notatie.datum(h.stand)}",
            f"bronnen: {', '.join(h.soorten)}{geladen}; jeugdigen 0-17: {', '.join(h.bevolking_kort)}")


def html(r: Rapport) -> str:
    def cel(c: Cel) -> Markup:
        return Markup(f'<span class="cijfer" {herkomst(c)}>{escape(c.tekst(r.verborgen))}</span>')

    def tabel(t: Tabel) -> Markup:
        return Markup(_ENV.get_template("tabel.html.j2").render(
            t=t, cel=lambda c: c.tekst(r.verborgen), herkomst=herkomst))

    def svg(g: Grafiek) -> Markup:
        return Markup(grafieken.svg(g))

    return _ENV.get_template("rapport.html.j2").render(
        r=r, css=Markup(_css()), voet=voet(r), cel=cel, tabel=tabel, svg=svg, datum=notatie.datum)
