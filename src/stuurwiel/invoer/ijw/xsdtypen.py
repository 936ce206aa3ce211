"""The simple types of the iJw 3.2 XSDs as value checks: a value against its type as libxml2
applies XSD 1.0 (whitespace facet, lexical form of integers, dates and times, lengths, patterns,
code lists, ranges). The structure walk (invoer/ijw/xsd.py) calls one check per element.
"""

from __future__ import annotations

import calendar
import re
import sys
from collections.abc import Callable

WITRUIMTE = " \t\n\r"  # XML whitespace: what XSD's whitespace facet and \s mean
ONBEGRENSD = sys.maxsize
LONG_MAX = 2**63 - 1  # libxml2 keeps the year of a date in a C long

Controle = Callable[[str], "str | None"]  # value -> Dutch reason, or None when valid


def waardecontrole(simpeltype: dict) -> Controle:
    """The check of one simple type, from its description: its base type and derivation steps."""
    stappen = simpeltype["stappen"]
    patronen = [([_regex(p) for p in s["pattern"]], s["pattern"]) for s in stappen if "pattern" in s]
    lijst = next((s for s in reversed(stappen) if "enumeration" in s), None)  # the most derived list counts
    if simpeltype["basis"] == "xs:string":
        return _string_controle(stappen, patronen, lijst)
    lexicaal = {"xs:integer": _integer, "xs:date": _datum, "xs:time": _tijd}[simpeltype["basis"]]
    laagste = max((s["minInclusive"] for s in stappen if "minInclusive" in s), default=None)
    hoogste = min((s["maxInclusive"] for s in stappen if "maxInclusive" in s), default=None)

    def controle(waarde: str) -> str | None:
        waarde = waarde.strip(WITRUIMTE)  # whitespace facet collapse
        return lexicaal(waarde) or _patroon(waarde, patronen) or _bereik(waarde, laagste, hoogste)

    return controle


def _string_controle(stappen: list[dict], patronen: list, lijst: dict | None) -> Controle:
    kortst = max((s["minLength"] for s in stappen if "minLength" in s), default=0)
    langst = min((s["maxLength"] for s in stappen if "maxLength" in s), default=ONBEGRENSD)
    codes = frozenset(lijst["enumeration"]) if lijst else None
    lijstnaam = lijst["type"].split(":", 1)[1].removeprefix("LDT_") if lijst else ""

    def controle(waarde: str) -> str | None:
        if codes is not None and waarde not in codes:
            return f"staat niet in de iJw-codelijst {lijstnaam}"
        if len(waarde) > langst:
            return f"langer dan {langst} {'teken' if langst == 1 else 'tekens'}"
        if len(waarde) < kortst:
            return "leeg" if not waarde else f"korter dan {kortst} tekens"
        return _patroon(waarde, patronen)

    return controle


def _patroon(waarde: str, patronen: list[tuple[list[re.Pattern], list[str]]]) -> str | None:
    """Patterns of one step are alternatives; every step must be met."""
    for regexen, bron in patronen:
        if not any(r.fullmatch(waarde) for r in regexen):
            if len(bron) == 1 and bron[0].isalnum():
                return f"moet {bron[0]} zijn"
            return f"past niet in het patroon {' of '.join(bron)}"
    return None


def _bereik(waarde: str, laagste: int | None, hoogste: int | None) -> str | None:
    if laagste is None and hoogste is None:
        return None
    getal = int(waarde)
    if laagste is not None and getal < laagste:
        return f"kleiner dan {laagste}"
    if hoogste is not None and getal > hoogste:
        return f"groter dan {hoogste}"
    return None


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATUM = re.compile(r"(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?")
_TIJD = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2}(?:\.[0-9]+)?)(Z|[+-][0-9]{2}:[0-9]{2})?")
_DAGEN = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _integer(waarde: str) -> str | None:
    if not _INTEGER.fullmatch(waarde):
        return "geen geheel getal"
    if len(waarde.lstrip("+-").lstrip("0")) > 24:  # libxml2 reads at most 24 significant digits
        return "meer dan 24 cijfers"
    return None


def _datum(waarde: str) -> str | None:
    m = _DATUM.fullmatch(waarde)
    if not m:
        return "geen datum (JJJJ-MM-DD)"
    teken, jaartekst, maand, dag = m.group(1), m.group(2), int(m.group(3)), int(m.group(4))
    if (len(jaartekst) > 4 and jaartekst[0] == "0") or len(jaartekst) > 19 or not 0 < int(jaartekst) <= LONG_MAX:
        return "geen geldig jaar (JJJJ-MM-DD)"
    jaar = int(teken + jaartekst)
    # the Gregorian rule on the signed year, as libxml2 applies it: -0004 is a leap year, -0001 is not
    if not 1 <= maand <= 12 or not 1 <= dag <= _DAGEN[maand - 1] + (maand == 2 and calendar.isleap(jaar)):
        return "geen bestaande datum (JJJJ-MM-DD)"
    return _tijdzone(m.group(5))


def _tijd(waarde: str) -> str | None:
    m = _TIJD.fullmatch(waarde)
    if not m:
        return "geen tijd (UU:MM:SS)"
    uur, minuut, seconde = int(m.group(1)), int(m.group(2)), _seconden(m.group(3))
    einde_dag = uur == 24 and minuut == 0 and seconde == 0
    if not einde_dag and (uur > 23 or minuut > 59 or seconde >= 60):
        return "geen bestaande tijd (UU:MM:SS)"
    return _tijdzone(m.group(4))


def _seconden(tekst: str) -> float:
    """Seconds summed digit by digit in floating point as libxml2 does: 59.99…9 may round up to 60."""
    seconden, _, fractie = tekst.partition(".")
    som, factor = float(seconden), 1.0
    for cijfer in fractie:
        factor /= 10
        som += int(cijfer) * factor
    return som


def _tijdzone(zone: str | None) -> str | None:
    if not zone or zone == "Z":
        return None
    uren, minuten = int(zone[1:3]), int(zone[4:6])
    if uren > 23 or minuten > 59 or uren * 60 + minuten > 14 * 60:
        return f"geen bestaande tijdzone {zone}"
    return None


# XSD regular expressions are anchored (fullmatch), '.' excludes \n and \r, '\s' is [ \t\n\r],
# and '^' and '$' are ordinary characters.
_TEKENS = re.compile(r"\\.|\[\^?|.", re.DOTALL)  # an escape, the opening of a class, or one character
_ESCAPES = {"\\" + t for t in r"nrt\|.-^?*+{}()[]dDsS"}
_BUITEN_KLASSE = {".": r"[^\n\r]", "^": r"\^", "$": r"\$", r"\s": "[ \t\n\r]", r"\S": "[^ \t\n\r]"}
_IN_KLASSE = {r"\s": " \t\n\r", "&": r"\&", "~": r"\~", "|": r"\|"}


def _regex(xsd_patroon: str) -> re.Pattern:
    uit, in_klasse = [], False
    for teken in _TEKENS.findall(xsd_patroon):
        if (teken[0] == "\\" and teken not in _ESCAPES) or (in_klasse and (teken[0] == "[" or teken == r"\S")):
            raise ValueError(f"XSD-patroon {xsd_patroon!r}: {teken} wordt niet ondersteund")
        if teken[0] == "[":
            in_klasse = True
            uit.append(teken)
        elif teken == "]" and in_klasse:
            in_klasse = False
            uit.append(teken)
        else:
            uit.append((_IN_KLASSE if in_klasse else _BUITEN_KLASSE).get(teken, teken))
    return re.compile("".join(uit))
