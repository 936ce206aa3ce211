"""A table as HTML, the same on a dashboard page and in a report: every figure from the metric
catalogue carries its provenance in data attributes (maat, periode, sleutels, waarde, onderdrukt),
so anyone can trace it and the tests read it back. A column of one measure carries the catalogue's
definition on its header; on the dashboard the header also links to the help page (`hulp`), and a
row can link to the view of what it names (`doorklik`). Sorting, searching and paging are the
dashboard's script (web/static/tabellen.js) on top of this markup; without it the table is complete."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.maten.catalogus import CATALOGUS, Maat

LADER = PackageLoader("stuurwiel.uitvoer.weergave", "sjablonen")
_OMGEVING = Environment(loader=LADER, autoescape=select_autoescape(("html", "j2")), trim_blocks=True,
                        lstrip_blocks=True)


def herkomst(c: Cel) -> Markup:
    """The data attributes of a catalogue figure; nothing for other cells."""
    if c.maat is None:
        return Markup("")
    waarde = "" if c.waarde is None else repr(float(c.waarde))
    attributen = {"data-maat": c.maat, "data-periode": c.periode,
                  "data-sleutels": json.dumps(dict(c.sleutels), ensure_ascii=False),
                  "data-waarde": waarde, "data-onderdrukt": "1" if c.onderdrukt else "0"}
    return Markup(" ".join(f'{k}="{escape(v)}"' for k, v in attributen.items()))


def tekst(t: Tabel, rij: list[Cel], i: int, schaal: dict[int, int | None] | None = None) -> str:
    """One cell as people read it; `schaal`: the columns' euroschaal, computed once per table."""
    c = rij[i]
    kolomschaal = schaal[i] if schaal is not None else t.euroschaal(i)
    return notatie.waarde(c.waarde, c.eenheid, c.onderdrukt, t.verborgen, t.kolommen[i].decimalen, kolomschaal,
                          c.reden)


def cijfer(c: Cel, verborgen: str) -> Markup:
    """One figure on its own (a key figure), with its provenance."""
    tekst_ = notatie.waarde(c.waarde, c.eenheid, c.onderdrukt, verborgen, reden=c.reden)
    return Markup(f'<span class="cijfer" {herkomst(c)}>{escape(tekst_)}</span>')


def maten_van(t: Tabel) -> dict[int, Maat]:
    """Per column position, the one measure its figures are of (columns of several or none: absent)."""
    uit = {}
    for i in range(len(t.kolommen)):
        namen = {rij[i].maat for rij in t.rijen if rij[i].maat is not None}
        if len(namen) == 1:
            uit[i] = CATALOGUS[namen.pop()]
    return uit


Doorklik = Callable[[Tabel, list[Cel]], str | None]  # the URL of the view of what a row names, or None


@dataclass(frozen=True)
class Keuze:
    """A checkbox before every row, giving the row's value of column `kolom` as field `veld` of the form
    `formulier` (elsewhere on the page), so a form can act on the rows chosen."""
    formulier: str
    veld: str
    kolom: str


def tabel(t: Tabel, doorklik: Doorklik | None = None, hulp: str | None = None, keuze: Keuze | None = None) -> Markup:
    """The table; `doorklik` links a row's name to its view, `hulp` is the page that defines every measure."""
    schaal = {i: t.euroschaal(i) for i in t.voor_mensen}
    return Markup(_OMGEVING.get_template("tabel.html.j2").render(
        t=t, tekst=lambda t_, rij, i: tekst(t_, rij, i, schaal), herkomst=herkomst, maten=maten_van(t), hulp=hulp,
        doorklik=doorklik or (lambda _t, _rij: None), keuze=keuze, gekozen=t.index(keuze.kolom) if keuze else None))
