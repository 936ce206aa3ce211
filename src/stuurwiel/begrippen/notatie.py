"""Dutch notation for people: 1.234, 12,3%, € 1.234, € 1,2 mln, "<8" for a suppressed figure,
30 december 2025, 3e kwartaal 2025.

One notation per unit of the table model (begrippen/tabel.py), used by every renderer for
people, so a figure reads the same in the terminal, on a page and in a report.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from stuurwiel.begrippen.periode import Periode

LEEG = "–"
ONDERDRUKT = "–*"  # a suppressed share, rate or amount per person: "<8" would read as a count
BEREIK = "buiten_bereik"  # a cell's reason: another municipality's detail (privacy/onthulling.py)
BUITEN_BEREIK = "buiten uw bereik"


def _leeg(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or type(x).__name__ == "NAType"


def getal(x: float | None, decimalen: int = 0) -> str:
    if _leeg(x):
        return LEEG
    tekst = f"{x:,.{decimalen}f}"
    return tekst.replace(",", "_").replace(".", ",").replace("_", ".")


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """A count with its noun: 1 probleem, 2 problemen, 1.234 bestanden."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


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


MILJOEN = 100_000_000  # a million euros, in eurocent
GEEN_SCHAAL = object()  # an amount on its own, not in a column


def euroschaal(centen) -> int | None:
    """How a column of amounts reads as one: in € mln when its typical (median) amount is a million or
    more, with the decimals that keep its smallest non-zero amount from reading as € 0,0 mln; else
    (None) in whole euros, also its millions (€ 1.834.567)."""
    bedragen = sorted(abs(c) for c in centen if not _leeg(c))
    if not bedragen or bedragen[len(bedragen) // 2] < MILJOEN:
        return None
    return 1 if min((b for b in bedragen if b), default=MILJOEN) >= MILJOEN / 10 else 2


def euro_mln(cent: float | None, decimalen: int = 1) -> str:
    """€ 1,2 mln, also below a million (€ 0,5 mln) in a column of millions."""
    return LEEG if _leeg(cent) else "€ " + getal(cent / MILJOEN, decimalen) + " mln"


def procent(x: float | None, decimalen: int = 1) -> str:
    return LEEG if _leeg(x) else getal(x, decimalen) + "%"


def procentverschil(x: float | None, decimalen: int = 1) -> str:
    """A change in percent with its sign: +4,2%, −1,0%, 0,0%."""
    if _leeg(x):
        return LEEG
    return ("+" if x > 0 else "") + procent(x, decimalen)


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def datum(d: dt.date | None) -> str:
    return LEEG if _leeg(d) else f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


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


def _tekst(x) -> str:
    return "" if _leeg(x) else str(x)


# unit -> (how one value is written, its usual number of decimals)
OPMAAK: dict[str, tuple[Callable[..., str], int | None]] = {
    "tekst": (_tekst, None),
    "code": (_tekst, None),
    "aantal": (getal, 0),
    "eurocent": (euro_kort, None),
    "euro": (lambda x: euro_kort(None if _leeg(x) else x * 100), None),
    "procent": (procent, 1),
    "procentverschil": (procentverschil, 1),
    "fractie": (lambda x, d: procent(None if _leeg(x) else 100 * x, d), 0),
    "per_1000": (getal, 1),
    "dagen": (getal, 0),
    "cijfer": (getal, 1),
    "index": (getal, 0),
    "getal": (getal, 0),
    "datum": (datum, None),
    "ja_nee": (lambda x: "" if _leeg(x) else ("ja" if x else "nee"), None),
}


def decimalen(eenheid: str, eigen: int | None = None) -> int:
    """The decimals people read of a value in this unit (a fraction's: of the fraction itself; an
    amount's: of its eurocent), or the column's own choice."""
    gewoon = OPMAAK[eenheid][1] if eigen is None else eigen
    return (gewoon or 0) + 2 * (eenheid == "fractie")


def waarde(x, eenheid: str, onderdrukt: bool = False, verborgen: str = "<8", decimalen: int | None = None,
           kolomschaal: int | None | object = GEEN_SCHAAL, reden: str = "") -> str:
    """One value in its unit; a suppressed count as `verborgen`, any other suppressed figure as ONDERDRUKT,
    another municipality's detail as BUITEN_BEREIK. `kolomschaal`: an amount as its column reads
    (`euroschaal`: whole euros, or € mln with these decimals); without it, an amount on its own (€ 12.345 or
    € 1,2 mln)."""
    if onderdrukt:
        return onderdrukt_als(eenheid, verborgen, reden)
    if eenheid in ("eurocent", "euro") and kolomschaal is not GEEN_SCHAAL:
        cent = None if _leeg(x) else x * (100 if eenheid == "euro" else 1)
        return euro(cent) if kolomschaal is None else euro_mln(cent, kolomschaal)
    schrijf, gewoon = OPMAAK[eenheid]
    if gewoon is None:
        return schrijf(x)
    return schrijf(x, gewoon if decimalen is None else decimalen)


def onderdrukt_als(eenheid: str, verborgen: str, reden: str = "") -> str:
    """How a suppressed figure reads: '<8' for a count, '–*' (with a footnote) for anything else, 'buiten uw
    bereik' for another municipality's detail."""
    if reden == BEREIK:
        return BUITEN_BEREIK
    return verborgen if eenheid == "aantal" else ONDERDRUKT


def voetnoot(verborgen: str, eenheden: set[str], buiten: bool = False) -> str:
    """The footnote under a table with suppressed figures of these units, or (`buiten`) another
    municipality's detail ('' without any)."""
    drempel = verborgen.lstrip("<")
    delen = [f"{BUITEN_BEREIK}: gegevens van (of herleidbaar tot) één andere gemeente"] if buiten else []
    if "aantal" in eenheden:
        delen.append(f"{verborgen}: 1 tot {drempel}, niet getoond zodat niemand herkenbaar is")
    if eenheden - {"aantal"}:
        delen.append(f"{ONDERDRUKT}: berust op minder dan {drempel} jeugdigen en wordt daarom niet getoond")
    return "; ".join(delen) + ("." if delen else "")
