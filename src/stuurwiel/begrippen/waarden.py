"""Values as people write them: dates (2025-08-31 or 31-08-2025, as in the exchange files),
Dutch amounts (15.191.000,00) and codes without their leading zeros or by name (505, Dordrecht).

One reading for the loader (its SQL uses `DATUMNOTATIES`) and for every question a command, a
page or the API asks, so a value that loads is a value that can be asked about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

DATUMNOTATIES = ("%Y-%m-%d", "%d-%m-%Y")  # strptime formats, also DuckDB's
DATUM_UITLEG = "JJJJ-MM-DD of DD-MM-JJJJ"

_NEDERLANDS = re.compile(r"-?\d{1,3}(\.\d{3})*,\d+|-?\d+,\d+|-?\d{1,3}(\.\d{3}){2,}")


def lees_datum(tekst: str) -> dt.date:
    """'2025-08-31' or '31-08-2025'; raises ValueError with a Dutch message."""
    for notatie in DATUMNOTATIES:
        try:
            return dt.datetime.strptime(tekst.strip(), notatie).date()
        except ValueError:
            continue
    raise ValueError(f"'{tekst}' is geen datum ({DATUM_UITLEG})")


def lees_getal(tekst: str) -> float:
    """A number as written in Dutch (15.191.000,00 or 1234,5) or plainly (1234.5); raises ValueError.
    One point and no comma is a decimal point, as in the CBS files (1004.0)."""
    tekst = tekst.strip().replace("\u2212", "-")
    if _NEDERLANDS.fullmatch(tekst):
        tekst = tekst.replace(".", "").replace(",", ".")
    try:
        return float(tekst)
    except ValueError:
        raise ValueError(f"'{tekst}' is geen getal") from None


def herken_code(tekst: str, namen: Mapping[str, str]) -> str | None:
    """The code in `namen` (code -> name) that `tekst` means: the code itself, the code without its
    leading zeros (505 for 0505) or the name in any case (dordrecht); None if none."""
    tekst = tekst.strip()
    if tekst in namen:
        return tekst
    if tekst.isdigit():
        for code in namen:
            if code.isdigit() and code.lstrip("0") == tekst.lstrip("0") and len(tekst) < len(code):
                return code
    gezocht = tekst.casefold()
    gevonden = [code for code, naam in namen.items() if naam and naam.casefold() == gezocht]
    return gevonden[0] if len(gevonden) == 1 else None
