"""Dutch notation for people: 1.234, 12,3%, € 1.234, € 1,2 mln, "<8" for a suppressed figure,
30 december 2025, 3e kwartaal 2025.

Used by the CLI and the reports alike, so a figure reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from stuurwiel.begrippen.periode import Periode

LEEG = "–"


def _leeg(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def getal(x: float | None, decimalen: int = 0) -> str:
    if _leeg(x):
        return LEEG
    text = f"{x:,.{decimalen}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def euro(cent: float | None) -> str:
    """Whole euros: € 1.234."""
    return LEEG if _leeg(cent) else "€ " + getal(cent / 100)


def euro_kort(cent: float | None) -> str:
    """Euros as a board member reads them: € 1,2 mln from a million on, else € 12.345."""
    if _leeg(cent):
        return LEEG
    if abs(cent) >= 100_000_000:
        return "€ " + getal(cent / 100_000_000, 1) + " mln"
    return euro(cent)


def procent(x: float | None, decimalen: int = 1) -> str:
    return LEEG if _leeg(x) else getal(x, decimalen) + "%"


# unit of a catalogue measure -> how one value is written
OPMAAK = {
    "aantal": getal,
    "eurocent": euro_kort,
    "procent": procent,
    "per_1000": lambda x: getal(x, 1),
    "dagen": getal,
    "cijfer": lambda x: getal(x, 1),
    "index": getal,
}


def waarde(x: float | None, eenheid: str, onderdrukt: bool = False, verborgen: str = "<8") -> str:
    """One figure of a measure in its unit; a suppressed figure as `verborgen`."""
    return verborgen if onderdrukt else OPMAAK[eenheid](x)


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def datum(d: dt.date | None) -> str:
    return LEEG if d is None else f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def periode(p: Periode) -> str:
    """A period as a sentence says it: augustus 2025, 3e kwartaal 2025, januari t/m augustus 2025."""
    if p.soort == "maand":
        return f"{MAANDEN[p.begin.month - 1]} {p.begin.year}"
    if p.soort == "kwartaal":
        return f"{p.label[-1]}e kwartaal {p.begin.year}"
    if p.soort == "jaar":
        return str(p.begin.year)
    if p.begin.year == p.eind.year:
        return f"{MAANDEN[p.begin.month - 1]} t/m {MAANDEN[p.eind.month - 1]} {p.eind.year}"
    return f"{MAANDEN[p.begin.month - 1]} {p.begin.year} t/m {MAANDEN[p.eind.month - 1]} {p.eind.year}"
