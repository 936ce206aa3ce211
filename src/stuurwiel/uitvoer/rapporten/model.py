"""What a report holds, independent of its format: key figures, tables of figures with their
provenance (the table model of begrippen/tabel.py), charts, the story behind the figures, and
where the data come from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.config.regio import Privacy
from stuurwiel.maten.catalogus import Maat
from stuurwiel.maten.herkomst import Herkomst
from stuurwiel.privacy.onthulling import verborgen


@dataclass
class Grafiek:
    spec: dict  # Vega-Lite, rendered to SVG offline by vl-convert
    beschrijving: str  # the text alternative


@dataclass(frozen=True)
class Toelichting:
    """The story behind a figure, as loaded with `stuurwiel toelichting laad`."""
    maat: str  # the measure's label
    wie: str  # the municipality's name, or "regio"
    tekst: str
    auteur: str | None

    @property
    def kort(self) -> str:
        return self.tekst + (f" ({self.auteur})" if self.auteur else "")

    def __str__(self) -> str:
        return f"{self.maat}, {self.wie}: {self.kort}"


@dataclass
class Onderdeel:
    titel: str
    uitleg: str
    tabel: Tabel
    grafiek: Grafiek | None = None
    toelichtingen: list[Toelichting] = field(default_factory=list)
    ingeklapt: bool = False  # on a page, folded away (the rest of a long list)

    @property
    def maten(self) -> set[str]:
        return {c.maat for c in self.tabel.cellen}


@dataclass
class Sectie:
    titel: str
    onderdelen: list[Onderdeel]


TEGEN_REGIO = "de regio"  # the label of a key figure's comparison with the region


@dataclass
class Kerncijfer:
    label: str
    cel: Cel
    vergelijkingen: list[tuple[str, Cel]]  # ("augustus 2024", Cel), (TEGEN_REGIO, Cel)
    lezing: str
    toelichtingen: list[Toelichting] = field(default_factory=list)

    @property
    def vorig_jaar(self) -> Cel | None:
        return next((c for wat, c in self.vergelijkingen if wat != TEGEN_REGIO), None)

    @property
    def regio(self) -> Cel | None:
        return next((c for wat, c in self.vergelijkingen if wat == TEGEN_REGIO), None)


@dataclass
class Rapport:
    soort: str  # maand, kwartaal, jaar
    titel: str
    ondertitel: str
    naam: str  # file name without extension
    periode: Periode
    gemeente: str | None
    herkomst: Herkomst
    kerncijfers: list[Kerncijfer]
    secties: list[Sectie]
    maten: list[Maat]  # every measure shown, for the definitions
    privacy: Privacy | None  # the disclosure rules applied; None: an internal report
    waarschuwing: str  # how complete the recent months are
    gemaakt_op: dt.datetime

    @property
    def verborgen(self) -> str:
        return verborgen(self.privacy) if self.privacy else ""

    @property
    def onderdelen(self) -> list[Onderdeel]:
        return [o for s in self.secties for o in s.onderdelen]

    @property
    def cellen(self) -> list[Cel]:
        kern = [c for k in self.kerncijfers for c in (k.cel, *(v for _, v in k.vergelijkingen))]
        return kern + [c for o in self.onderdelen for c in o.tabel.cellen]
