"""What a measure is: its declaration (`Maat`), the groups and units of the catalogue, and how late
claims touch it. The measures themselves are declared in catalogus.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ibis

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.opslag.database import Opslag

Berekening = Callable[[Opslag, list[Periode], list[str], Selectie], ibis.Table]

GROEPEN = {
    "volume": "Volume",
    "geld": "Geld",
    "toegang": "Toegang",
    "landschap": "Aanbiederslandschap",
    "uitkomsten": "Uitkomsten",
    "beschikbaarheid": "Beschikbaarheid",
    "doelgroepen": "Doelgroepen",
}
EENHEDEN = {
    "aantal": "aantal",
    "eurocent": "euro (de waarde is in eurocent)",
    "procent": "procent",
    "per_1000": "per 1.000 jeugdigen van 0-17 jaar",
    "dagen": "dagen",
    "cijfer": "rapportcijfer 1-10",
    "index": "index 0-10.000",
}
# How late claims touch a measure: its value is the claimed cost itself, or proportional to it (a cost
# divided by something claims do not change, so it completes with the same factor), or otherwise built
# on claims (not comparable while they are incomplete). Measures not listed do not rest on claims.
DECLARATIES = {
    "kosten": "kosten in de periode, naar de maand van levering",
    "evenredig": "evenredig met de kosten: vult aan met dezelfde factor",
    "onvolledig": "berust op declaraties: niet te vergelijken zolang die onvolledig zijn",
}


@dataclass(frozen=True)
class Maat:
    naam: str
    label: str
    groep: str
    eenheid: str
    privacy: str
    dimensies: tuple[str, ...]
    definitie: str
    bereken: Berekening
    verplicht: tuple[str, ...] = ()  # dimensions a list measure cannot do without
    nul_als_leeg: bool = False  # no row means zero (counts, cost), not unknown
    declaraties: str = ""  # a key of DECLARATIES: how late claims touch it ("": not at all)
    telling: str = ""  # a key of privacy.onthulling.TELLINGEN: the parts of a ratio that are counts of people

    def controleer(self, per: Sequence[str]) -> None:
        niet = [p for p in per if p not in self.dimensies]
        if niet:
            kan = ", ".join(self.dimensies) or "geen indeling"
            raise ValueError(f"maat {self.naam} kan niet per {', '.join(niet)} (wel: {kan})")
        mist = [p for p in self.verplicht if p not in per]
        if mist:
            raise ValueError(f"maat {self.naam} vraagt de indeling {', '.join(mist)}")
        if len(set(per)) != len(per):
            raise ValueError("een indeling staat er dubbel in")
