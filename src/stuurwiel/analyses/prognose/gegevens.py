"""What a forecast knows on its peildatum, as arrays.

Claims are known by the day they were claimed: a forecast on a peildatum sees only the claim
lines dated on or before it (and, in a back-test, a forecast made at an earlier month end sees
only those before that). Cost is the catalogue's: signed, rejected lines excluded, in the month
of service. Months are counted as whole numbers (`maandnummer`, year × 12 + month − 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from stuurwiel.config.regio import Regio
from stuurwiel.maten.basis import kostenregels, trajecten
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

MAX_VERTRAGING = 36  # months of claim delay kept apart; the rare later claims join the last one


def maandnummer(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def maandeinde(m: int) -> dt.date:
    jaar, maand = divmod(m + 1, 12)
    return dt.date(jaar, maand + 1, 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Trajecten:
    """The trajectories known on a date, as arrays of indexes and month numbers."""
    gemeente: np.ndarray  # index into Gegevens.gemeenten
    aanbieder: np.ndarray  # index into Gegevens.aanbieders
    product: np.ndarray  # index into Gegevens.producten
    begin: np.ndarray  # month number of the first month of care
    eind: np.ndarray  # month number of the last month of care as known (planned end)


@dataclass
class Gegevens:
    """Claims by municipality, provider and product × service month × delay, and what the region says."""
    peildatum: dt.date
    regio: Regio
    gemeenten: list[str]
    aanbieders: list[str]
    producten: list[str]
    t0: int  # month number of service month 0
    kubus: np.ndarray  # [gemeente, product, service month, delay] signed eurocent
    aanbieder_kubus: np.ndarray  # [provider, service month, delay]
    opslag: Opslag

    @classmethod
    def laad(cls, opslag: Opslag, peildatum: dt.date) -> Gegevens:
        k = kostenregels(opslag)
        k = k.filter(k.declaratiedatum <= peildatum)
        k = k.mutate(claimmaand=k.declaratiedatum.truncate("M").cast("date"))
        rijen = (k.group_by(["gemeentecode", "agb_code", "productcode", "dienstmaand", "claimmaand"])
                 .aggregate(bedrag=k.bedrag_getekend_cent.sum()).to_pandas())
        r = opslag.regio()
        gemeenten = r.gemeente_codes
        aanbieders = sorted(set(feiten.aanbieders(opslag).agb_code.to_pyarrow().to_pylist()) | set(rijen.agb_code))
        producten = [p.code for p in r.producten]
        dienst = np.array([maandnummer(d) for d in rijen.dienstmaand], dtype=np.int64)
        claim = np.array([maandnummer(d) for d in rijen.claimmaand], dtype=np.int64)
        t0 = int(dienst.min()) if len(dienst) else maandnummer(peildatum)
        n = maandnummer(peildatum) - t0 + 1
        g = _index(rijen.gemeentecode, gemeenten)
        a = _index(rijen.agb_code, aanbieders)
        p = _index(rijen.productcode, producten)
        vertraging = np.clip(claim - dienst, 0, MAX_VERTRAGING)
        kubus = np.zeros((len(gemeenten), len(producten), n, MAX_VERTRAGING + 1))
        np.add.at(kubus, (g, p, dienst - t0, vertraging), rijen.bedrag.to_numpy(dtype=float))
        aanbieder_kubus = np.zeros((len(aanbieders), n, MAX_VERTRAGING + 1))
        np.add.at(aanbieder_kubus, (a, dienst - t0, vertraging), rijen.bedrag.to_numpy(dtype=float))
        return cls(peildatum, r, gemeenten, aanbieders, producten, t0, kubus, aanbieder_kubus, opslag)

    @property
    def maanden(self) -> int:
        return self.kubus.shape[2]

    @property
    def laatste_maand(self) -> int:
        """Month number of the peildatum's month."""
        return maandnummer(self.peildatum)

    def segmenten(self, jaar: int) -> tuple[list[str], np.ndarray]:
        """The segments in force in a year, and each product's segment index in it (as of 1 July)."""
        midden = dt.date(jaar, 7, 1)
        codes = [self.regio.segment_op(p, midden) for p in self.regio.producten]
        segmenten = sorted({c for c in codes if c is not None})
        return segmenten, np.array([segmenten.index(c) if c else -1 for c in codes])

    @cached_property
    def prijs(self) -> np.ndarray:
        """Tariff index per product and month (1 in the tariff year; euro products stay 1)."""
        jaren = {(self.t0 + t) // 12 for t in range(self.maanden + 24)}
        per_jaar = {}
        for j in jaren:
            per_jaar[j] = np.array([self._index(p, j) for p in self.regio.producten])
        return np.stack([per_jaar[(self.t0 + t) // 12] for t in range(self.maanden + 24)], axis=1)

    def _index(self, product, jaar: int) -> float:
        basis = self.regio.tarief_cent(product, self.regio.tariefjaar)
        tarief = self.regio.tarief_cent(product, jaar)
        return tarief / basis if basis and tarief else 1.0

    def trajecten(self, peildatum: dt.date) -> Trajecten:
        t = trajecten(self.opslag, peildatum).select("gemeentecode", "agb_code", "productcode", "begindatum",
                                                   "einddatum").to_pandas()
        return Trajecten(_index(t.gemeentecode, self.gemeenten), _index(t.agb_code, self.aanbieders),
                         _index(t.productcode, self.producten),
                         np.array([maandnummer(d) for d in t.begindatum], dtype=np.int64),
                         np.array([maandnummer(d) if d is not None and d == d else 10**7 for d in t.einddatum],
                                  dtype=np.int64))

    def budgetten(self, jaar: int) -> dict[tuple[str, str | None], int]:
        """(gemeentecode, segmentcode or None for the total) -> budget in eurocent for the year."""
        b = feiten.actueel(self.opslag, "budget")
        b = b.filter(b.jaar == jaar).to_pandas()
        return {(r.gemeentecode, r.segmentcode if isinstance(r.segmentcode, str) else None): int(r.budget_cent)
                for r in b.itertuples()}

    def plafonds(self, jaar: int) -> dict[str, int]:
        p = feiten.actueel(self.opslag, "aanbieder_plafond")
        p = p.filter(p.jaar == jaar).to_pandas()
        return {r.agb_code: int(r.plafond_cent) for r in p.itertuples()}

    def aanbiedernamen(self) -> dict[str, str]:
        a = feiten.aanbieders(self.opslag).select("agb_code", "naam").to_pandas()
        return dict(zip(a.agb_code, a.naam, strict=True))


def _index(waarden, lijst: list[str]) -> np.ndarray:
    plaats = {w: i for i, w in enumerate(lijst)}
    return np.array([plaats[w] for w in waarden], dtype=np.int64)

