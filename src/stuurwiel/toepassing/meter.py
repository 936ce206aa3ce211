"""The metric catalogue as one audience sees it (its `Bereik`), within a selection: each measure
asked once per set of periods and dimensions (shared by every table built in one run), and tables
of catalogue figures with their provenance.

Every audience's figures come from one computation per state of the data (`gemeten`): the measure
is computed once as the analyst at the store sees it, and each audience gets its part of it, with
its own scope and suppression. The dashboard's twelve or more scopes then cost little more than one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from stuurwiel.begrippen.notatie import BEREIK
from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import DIMENSIES, Selectie
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel
from stuurwiel.config.regio import Privacy
from stuurwiel.maten.catalogus import maat, meet_volledig, toon, zonder_rij
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import Vraag

_GEMETEN = Voorraad(4096)  # unsuppressed measure frames, per state of the data and question


def gemeten(opslag: Opslag, naam_maat: str, perioden: list[Periode], per: tuple[str, ...], selectie: Selectie,
            bereik: Bereik, toestand: tuple | None = None) -> pd.DataFrame:
    """`maten.catalogus.meet`, from one computation per state of the data shared by every audience
    (`maten.catalogus.toon` applies the scope and the disclosure rules)."""
    toestand = toestand or opslag.toestand()
    labels = tuple(p.label for p in perioden)

    def volledig(per_: tuple[str, ...], selectie_: Selectie) -> pd.DataFrame:
        return _GEMETEN.haal((toestand, naam_maat, labels, per_, selectie_),
                             lambda: meet_volledig(opslag, naam_maat, perioden, per_, selectie_))
    return toon(naam_maat, per, selectie, bereik, volledig)


def _per(sleutels: dict[str, str | None]) -> tuple[str, ...]:
    return tuple(d for d in DIMENSIES if d in sleutels)


class Meter:
    """The catalogue as one audience sees it (privacy/bereik.py), within a selection (the
    dashboard's choice of segment, product, provider or referrer)."""

    def __init__(self, opslag: Opslag, bereik: Bereik, selectie: Selectie = Selectie()):
        self.opslag, self.bereik, self.selectie = opslag, bereik, selectie
        self._waarden: dict[tuple[str, tuple[str, ...]], dict[tuple, tuple]] = {}  # (waarde, onderdrukt, reden)
        self._gevraagd: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        self._namen: dict[str, dict[str, str]] = {}
        self._toestand: tuple | None = None

    @classmethod
    def voor(cls, opslag: Opslag, vraag: Vraag) -> Meter:
        """The catalogue for a question about one municipality or the region: the municipality is
        the row or column a figure is asked for, the rest of the selection restricts every figure."""
        return cls(opslag, vraag.bereik, vraag.selectie.met(gemeente=None))

    @property
    def privacy(self) -> Privacy | None:
        return self.bereik.privacy

    @property
    def verborgen(self) -> str:
        return self.bereik.verborgen

    def vraag(self, naam_maat: str, perioden: list[Periode], per: tuple[str, ...]) -> None:
        """Fetch the periods not asked for before, in one query."""
        sleutel = (naam_maat, per)
        gevraagd = self._gevraagd.setdefault(sleutel, set())
        nieuw = sorted({p for p in perioden if p.label not in gevraagd})
        if not nieuw:
            return
        if self._toestand is None:
            self._toestand = self.opslag.toestand()
        df = gemeten(self.opslag, naam_maat, nieuw, per, self.selectie, self.bereik, self._toestand)
        kolommen = [DIMENSIES[d] for d in per]
        waarden = self._waarden.setdefault(sleutel, {})
        for rij in df.itertuples(index=False):
            r = rij._asdict()
            codes = tuple(None if _leeg(r[k]) else r[k] for k in kolommen)
            waarde = None if _leeg(r["waarde"]) else float(r["waarde"])
            waarden[(r["periode"], *codes)] = (waarde, bool(r["onderdrukt"]), _reden(r["reden"]))
        gevraagd.update(p.label for p in nieuw)

    def cel(self, naam_maat: str, periode: Periode, sleutels: dict[str, str | None]) -> Cel:
        per = _per(sleutels)
        self.vraag(naam_maat, [periode], per)
        codes = tuple(sleutels[d] for d in per)
        herkomst = tuple((d, sleutels[d]) for d in per)
        eenheid = maat(naam_maat).eenheid
        if self.bereik.verbergt(per, self.selectie, sleutels.get("gemeente")):
            return Cel(None, eenheid, True, naam_maat, periode.label, herkomst, BEREIK)
        waarde, onderdrukt, reden = self._waarden[(naam_maat, per)].get((periode.label, *codes)) or (
            *zonder_rij(naam_maat, self.privacy), "")
        return Cel(waarde, eenheid, onderdrukt, naam_maat, periode.label, herkomst, reden)

    def codes(self, naam_maat: str, perioden: list[Periode], dimensie: str, vast: dict[str, str | None]) -> list:
        """The values of `dimensie` that have a figure in any of the periods, within `vast`."""
        per = _per({**vast, dimensie: None})
        self.vraag(naam_maat, perioden, per)
        labels = {p.label for p in perioden}
        i = per.index(dimensie)
        vaste = {per.index(d): c for d, c in vast.items()}
        gevonden = {k[1 + i] for k, (w, o, _) in self._waarden[(naam_maat, per)].items()
                    if k[0] in labels and (w is not None or o) and all(k[1 + j] == c for j, c in vaste.items())}
        return sorted(gevonden, key=lambda c: (c is None, c or ""))

    def namen(self, dimensie: str) -> dict[str, str]:
        if dimensie not in self._namen:
            self._namen[dimensie] = namen(self.opslag, dimensie)
        return self._namen[dimensie]

    def naam(self, dimensie: str, code: str | None) -> str:
        return naam(self.namen(dimensie), code)


def _leeg(x) -> bool:
    return pd.isna(x)


def _reden(x) -> str:
    """A cell's reason for suppression ("" for small counts or none)."""
    return x if x == BEREIK else ""


@dataclass(frozen=True)
class Rij:
    label: str
    sleutels: dict[str, str | None] = field(default_factory=dict)
    periode: Periode | None = None  # for rows that are periods (months of a trend)


@dataclass(frozen=True)
class Maatkolom:
    """A column of catalogue figures: one measure in one period (or a period per row)."""
    label: str
    maat: str
    periode: Periode | Callable[[Rij], Periode | None]  # a function of the row for trends
    zonder: tuple[str, ...] = ()  # dimensions of the row this column leaves out (the region beside a municipality)

    def sleutels(self, r: Rij) -> dict[str, str | None]:
        return {d: c for d, c in r.sleutels.items() if d not in self.zonder}


def maattabel(meter: Meter, titel: str, rijkop: str, rijen: list[Rij], kolommen: list[Maatkolom]) -> Tabel:
    """A table of catalogue figures: each column one measure in one period, each row one set of
    dimension values (or one period), labelled in the first column."""
    def periode(k: Maatkolom, r: Rij) -> Periode | None:
        return k.periode(r) if callable(k.periode) else k.periode

    nodig: dict[tuple[str, tuple[str, ...]], set[Periode]] = {}
    for k in kolommen:
        for r in rijen:
            if (p := periode(k, r)) is not None:
                nodig.setdefault((k.maat, _per(k.sleutels(r))), set()).add(p)
    for (naam_maat, per), perioden in nodig.items():
        meter.vraag(naam_maat, list(perioden), per)
    leeg = Cel(None)
    cellen = [[Cel(r.label), *[meter.cel(k.maat, p, k.sleutels(r)) if (p := periode(k, r)) else leeg
                               for k in kolommen]] for r in rijen]
    koppen = [Kolom(rijkop, rijkop), *[Kolom(k.label, k.label, maat(k.maat).eenheid) for k in kolommen]]
    return Tabel(titel, koppen, cellen, verborgen=meter.verborgen)
