"""The one table model: what every answer is before it is rendered for a medium.

A `Tabel` has columns and rows of cells. A column has a name for machines (the CSV and JSON
header, the API field), a header for people (None: the column is for machines only) and a unit,
which says how a value reads in Dutch and how it is exported. A `Cel` holds a value exactly as
the catalogue or an analysis gave it, after suppression; a figure from the metric catalogue also
carries its provenance (measure, period, dimension values), so every output can show where it
came from and a test can ask the catalogue for it again.

Renderers live in `uitvoer/weergave/`: terminal, CSV and JSON for machines, CSV and XLSX for
Excel, HTML and PDF. None of them computes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from stuurwiel.begrippen import notatie

# unit -> what a value is (the notation for people lives in uitvoer/notatie.py)
EENHEDEN = {
    "tekst": "tekst",
    "code": "code",
    "aantal": "aantal",
    "eurocent": "euro (de waarde is in eurocent)",
    "euro": "euro",
    "procent": "procent",
    "procentverschil": "procent, met teken",
    "fractie": "aandeel van 0 tot 1, getoond als procent",
    "per_1000": "per 1.000 jeugdigen van 0-17 jaar",
    "dagen": "dagen",
    "cijfer": "rapportcijfer 1-10",
    "index": "index 0-10.000",
    "getal": "getal",
    "datum": "datum",
    "ja_nee": "ja of nee",
}
# the forms a table is asked in: for people in the terminal, for machines
VORMEN = {"tabel": "een tabel in de terminal", "csv": "CSV voor programma's (eurocent, punt als decimaalteken)",
          "json": "JSON voor programma's",
          "csv-nl": "CSV voor Nederlandse Excel (puntkomma's, decimale komma, euro's, percentages)",
          "xlsx": "een Excel-werkmap met getalnotaties (euro's, percentages, aantallen)"}
NUMERIEK = {"aantal", "eurocent", "euro", "procent", "procentverschil", "fractie", "per_1000", "dagen", "cijfer",
            "index", "getal"}


@dataclass(frozen=True)
class Kolom:
    naam: str  # for machines: the CSV and JSON header
    kop: str | None  # for people; None: only for machines
    eenheid: str = "tekst"
    decimalen: int | None = None  # instead of the unit's usual number of decimals

    def __post_init__(self) -> None:
        if self.eenheid not in EENHEDEN:
            raise ValueError(f"onbekende eenheid '{self.eenheid}' van kolom {self.naam}")

    @property
    def numeriek(self) -> bool:
        return self.eenheid in NUMERIEK


@dataclass(frozen=True)
class Cel:
    waarde: Any  # a number, text, date or None
    eenheid: str = "tekst"
    onderdrukt: bool = False
    maat: str | None = None  # provenance of a figure from the metric catalogue
    periode: str | None = None
    sleutels: tuple[tuple[str, str | None], ...] = ()  # (dimension, code), e.g. (("gemeente", "0505"),)
    reden: str = ""  # why a figure is suppressed: "" too few people, "buiten_bereik" another municipality's detail

    @property
    def leeg(self) -> bool:
        return self.waarde is None and not self.onderdrukt


@dataclass
class Tabel:
    titel: str
    kolommen: list[Kolom]
    rijen: list[list[Cel]]
    uitleg: str = ""  # one line under the table: what the columns mean
    opmerkingen: list[str] = field(default_factory=list)  # notes beside it: method, back-test, what was read
    verborgen: str = ""  # how a suppressed figure reads ("<8"); empty when nothing is suppressed
    enkelvoudig: bool = False  # one answer, not a list: JSON gives the object of its one row
    totaal: int | None = None  # when the rows are one page of a longer answer: how many rows it has
    vanaf: int = 0  # and how many rows of it come before these

    @property
    def cellen(self) -> list[Cel]:
        """The figures from the metric catalogue, with their provenance."""
        return [c for rij in self.rijen for c in rij if c.maat is not None]

    @property
    def voetnoot(self) -> str:
        """What the suppression signs in this table mean ('' when none is shown)."""
        eenheden = {c.eenheid for rij in self.rijen for c in rij if c.onderdrukt and c.reden != notatie.BEREIK}
        buiten = any(c.onderdrukt and c.reden == notatie.BEREIK for rij in self.rijen for c in rij)
        return notatie.voetnoot(self.verborgen, eenheden if self.verborgen else set(), buiten)

    def index(self, naam: str) -> int:
        for i, k in enumerate(self.kolommen):
            if k.naam == naam:
                return i
        raise KeyError(naam)

    def waarden(self, naam: str) -> list[Any]:
        i = self.index(naam)
        return [rij[i].waarde for rij in self.rijen]

    def euroschaal(self, i: int) -> int | None:
        """How the amounts of column `i` read, all alike (notatie.euroschaal), with as many decimals as
        every column of millions in this table, so columns side by side read alike; None for other units."""
        schaal = self._euroschaal(i)
        if schaal is None:
            return None
        return max(s for j in range(len(self.kolommen)) if (s := self._euroschaal(j)) is not None)

    def _euroschaal(self, i: int) -> int | None:
        eenheid = self.kolommen[i].eenheid
        if eenheid not in ("eurocent", "euro"):
            return None
        factor = 100 if eenheid == "euro" else 1
        return notatie.euroschaal(c.waarde * factor for rij in self.rijen if not (c := rij[i]).leeg
                                  and not c.onderdrukt and isinstance(c.waarde, int | float))

    @property
    def voor_mensen(self) -> list[int]:
        """The positions of the columns people see."""
        return [i for i, k in enumerate(self.kolommen) if k.kop is not None]


def ontbreekt(waarde: Any) -> bool:
    """None, NaN or a frame's missing value (pandas' NA), without importing pandas."""
    return waarde is None or type(waarde).__name__ == "NAType" or waarde != waarde


def cel(waarde: Any, kolom: Kolom) -> Cel:
    """A value in a column's unit (a Cel stays as it is; a missing value becomes None)."""
    if isinstance(waarde, Cel):
        return waarde
    return Cel(None if ontbreekt(waarde) else waarde, kolom.eenheid)


def tabel(titel: str, kolommen: Sequence[Kolom], rijen: Iterable[Sequence[Any]], **rest: Any) -> Tabel:
    """A table from rows of plain values (and cells), each value taking its column's unit."""
    kolommen = list(kolommen)
    return Tabel(titel, kolommen, [[cel(w, k) for w, k in zip(rij, kolommen, strict=True)] for rij in rijen], **rest)


def uit_frame(titel: str, kolommen: Sequence[Kolom], frame: Any, **rest: Any) -> Tabel:
    """A table from the columns of a data frame named like the table's columns."""
    return tabel(titel, kolommen, frame[[k.naam for k in kolommen]].itertuples(index=False), **rest)
