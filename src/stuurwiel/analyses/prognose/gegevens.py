"""What a forecast knows on its peildatum: fetched from the store once, kept as arrays (the frame).

Claims are known by the day they were claimed: a forecast on a peildatum sees only the claim
lines dated on or before it (and, in a back-test, a forecast made at an earlier month end sees
only those before that). Cost is the catalogue's: signed, rejected lines excluded, in the month
of service. Months are counted as whole numbers (`maandnummer`, year × 12 + month − 1).

`Gegevens.haal` is the only place the forecasts read the store, all through the metrics layer:
the cost lines (`maten.basis.kostenregels`), the trajectories as the allocations known at a
moment made them (`maten.basis.trajecten`), the budgets of the peildatum's year (the catalogue
measure `budget`), the providers' ceilings and names (`opslag.feiten`) and the region's products,
segments and tariffs. A back-test forecasts at month ends of earlier years with only the
trajectories known then; its moments follow from the data's first month, the peildatum and the
months of the year asked for (`toetsmaanden`), so those trajectories are fetched up front as well.
The frame holds arrays and plain values only: the models never see the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose.driehoek import RIJP
from stuurwiel.begrippen.periode import jaar as jaar_periode
from stuurwiel.begrippen.periode import maandeinde, maandnummer
from stuurwiel.config.regio import Regio
from stuurwiel.maten import basis
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

MAX_VERTRAGING = 36  # months of claim delay kept apart; the rare later claims join the last one
PRIJS_VOORUIT = 24  # months past the data the tariff index runs


def maanden_rond(maand: int) -> list[int]:
    """The months of earlier years the forecast at `maand` learns from: it and its neighbours."""
    return [m for m in (maand - 1, maand, maand + 1) if 1 <= m <= 11] or [11]


def toetsmaanden(maanden: Iterable[int]) -> list[int]:
    """The months a back-test at `maanden` forecasts at: those, and the neighbours each learns from."""
    return sorted({m for x in maanden for m in (x, *maanden_rond(x))})


def toetsjaren(t0: int, laatste_maand: int, voor: int | None = None) -> list[int]:
    """Years that can be back-tested: a year of history before them, their outcome known (their
    last month at least RIJP months before the data's last month), and before `voor`."""
    eerste = t0 // 12 + (1 if t0 % 12 == 0 else 2)
    laatste = (laatste_maand - RIJP - 11) // 12
    if voor is not None:
        laatste = min(laatste, voor - 1)
    return list(range(eerste, laatste + 1))


@dataclass(frozen=True)
class Trajecten:
    """The trajectories known on a date, as arrays of indexes and month numbers."""
    gemeente: np.ndarray  # index into Gegevens.gemeenten
    aanbieder: np.ndarray  # index into Gegevens.aanbieders
    product: np.ndarray  # index into Gegevens.producten
    begin: np.ndarray  # month number of the first month of care
    eind: np.ndarray  # month number of the last month of care as known (planned end)

    def bekend(self, maandnr: int) -> Trajecten:
        """The trajectories that had begun by the end of month `maandnr`."""
        ja = self.begin <= maandnr
        return Trajecten(*(x[ja] for x in (self.gemeente, self.aanbieder, self.product, self.begin, self.eind)))


@dataclass(frozen=True)
class Gegevens:
    """Claims by municipality, provider and product × service month × delay, and what the region says."""
    peildatum: dt.date
    gemeenten: list[str]
    aanbieders: list[str]
    producten: list[str]
    t0: int  # month number of service month 0
    kubus: np.ndarray  # [gemeente, product, service month, delay] signed eurocent
    aanbieder_kubus: np.ndarray  # [provider, service month, delay]
    prijs: np.ndarray  # [product, month] tariff index (1 in the tariff year), PRIJS_VOORUIT months past the data
    indelingen: dict[int, tuple[list[str], np.ndarray]]  # year -> its segments and each product's index in them
    trajectstanden: dict[int, Trajecten]  # month number -> the trajectories known at its end (or the peildatum)
    budgetten: dict[tuple[str, str | None], float]  # (gemeentecode, segmentcode; None: total) -> eurocent, this year
    plafonds: dict[str, int]  # agb_code -> ceiling in eurocent, this year
    aanbiedernamen: dict[str, str]

    @classmethod
    def haal(cls, opslag: Opslag, peildatum: dt.date, toetsmaanden: Iterable[int] | None = None,
             jaren: Iterable[int] | None = None, *, trajecten: bool = True) -> Gegevens:
        """The frame on `peildatum`, with the trajectories of every moment a forecast is made at
        (`met_trajecten`). Without `trajecten`: only what the completion of late claims needs."""
        r = opslag.regio()
        rijen = _declaraties(opslag, peildatum)
        producten = [p.code for p in r.producten]
        aanbieders = sorted(set(feiten.aanbieders(opslag).agb_code.to_pyarrow().to_pylist()) | set(rijen.agb_code))
        dienst = _maandnummers(rijen.dienstmaand)
        t0 = int(dienst.min()) if len(dienst) else maandnummer(peildatum)
        kubus, aanbieder_kubus = _kubussen(rijen, dienst, t0, maandnummer(peildatum) - t0 + 1, r.gemeente_codes,
                                           aanbieders, producten)
        g = cls(peildatum, r.gemeente_codes, aanbieders, producten, t0, kubus, aanbieder_kubus,
                _prijs(r, t0, kubus.shape[2] + PRIJS_VOORUIT), _indelingen(r, t0 // 12, peildatum.year), {},
                _budgetten(opslag, peildatum.year), _plafonds(opslag, peildatum.year), _aanbiedernamen(opslag))
        return g.met_trajecten(opslag, toetsmaanden, jaren) if trajecten else g

    def met_trajecten(self, opslag: Opslag, toetsmaanden: Iterable[int] | None = None,
                      jaren: Iterable[int] | None = None) -> Gegevens:
        """This frame with the trajectories known at the peildatum and at every month end of the
        back-test: the months `toetsmaanden` (1-12; default: those the year-end forecast learns from,
        `maanden_rond`) of every year that can be back-tested (or of those of `jaren`)."""
        maanden = maanden_rond(self.peildatum.month) if toetsmaanden is None else toetsmaanden
        op = {m: min(maandeinde(m), self.peildatum) for m in _momenten(self.t0, self.peildatum, maanden, jaren)}
        alle = basis.trajecten_op_data(opslag, list(op.values())).select(
            "peildatum", "gemeentecode", "agb_code", "productcode", "begindatum", "einddatum").to_pandas()
        per_datum = {d.date(): groep for d, groep in alle.groupby(pd.to_datetime(alle.peildatum))}
        standen = {m: self._trajecten(per_datum.get(d, alle.iloc[:0])) for m, d in op.items()}
        return replace(self, trajectstanden=standen)

    def _trajecten(self, t: pd.DataFrame) -> Trajecten:
        return Trajecten(_index(t.gemeentecode, self.gemeenten), _index(t.agb_code, self.aanbieders),
                         _index(t.productcode, self.producten),
                         _maandnummers(t.begindatum), _maandnummers(t.einddatum, open_eind=10**7))

    @property
    def maanden(self) -> int:
        return self.kubus.shape[2]

    @property
    def laatste_maand(self) -> int:
        """Month number of the peildatum's month."""
        return maandnummer(self.peildatum)

    def segmenten(self, jaar: int) -> tuple[list[str], np.ndarray]:
        """The segments in force in a year, and each product's segment index in it (as of 1 July)."""
        return self.indelingen[jaar]

    def trajecten(self, maandnr: int) -> Trajecten:
        """The trajectories known at the end of month `maandnr` (or on the peildatum, in its month)."""
        if maandnr not in self.trajectstanden:
            raise KeyError(f"no trajectories fetched for month {maandnr}: pass its month in `toetsmaanden`")
        return self.trajectstanden[maandnr]

    def toetsjaren(self, voor: int | None = None) -> list[int]:
        return toetsjaren(self.t0, self.laatste_maand, voor)


def _declaraties(opslag: Opslag, peildatum: dt.date) -> pd.DataFrame:
    """Signed cost per municipality, provider, product, service month and claim month, as claimed by the peildatum."""
    k = basis.kostenregels(opslag)
    k = k.filter(k.declaratiedatum <= peildatum)
    k = k.mutate(claimmaand=k.declaratiedatum.truncate("M").cast("date"))
    return (k.group_by(["gemeentecode", "agb_code", "productcode", "dienstmaand", "claimmaand"])
            .aggregate(bedrag=k.bedrag_getekend_cent.sum()).to_pandas())


def _kubussen(rijen: pd.DataFrame, dienst: np.ndarray, t0: int, n: int, gemeenten: list[str], aanbieders: list[str],
              producten: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The claims as [gemeente, product, service month, delay] and [provider, service month, delay]."""
    claim = _maandnummers(rijen.claimmaand)
    g, a, p = _index(rijen.gemeentecode, gemeenten), _index(rijen.agb_code, aanbieders), _index(rijen.productcode,
                                                                                                 producten)
    vertraging = np.clip(claim - dienst, 0, MAX_VERTRAGING)
    bedrag = rijen.bedrag.to_numpy(dtype=float)
    kubus = np.zeros((len(gemeenten), len(producten), n, MAX_VERTRAGING + 1))
    np.add.at(kubus, (g, p, dienst - t0, vertraging), bedrag)
    aanbieder_kubus = np.zeros((len(aanbieders), n, MAX_VERTRAGING + 1))
    np.add.at(aanbieder_kubus, (a, dienst - t0, vertraging), bedrag)
    return kubus, aanbieder_kubus


def _momenten(t0: int, peildatum: dt.date, maanden: Iterable[int], jaren: Iterable[int] | None) -> list[int]:
    """The month numbers at whose end a forecast is made: the peildatum's, and the back-test's."""
    laatste = maandnummer(peildatum)
    kan = toetsjaren(t0, laatste)
    gevraagd = kan if jaren is None else [j for j in jaren if j in kan]
    return sorted({laatste} | {j * 12 + m - 1 for j in gevraagd for m in maanden})


def _prijs(r: Regio, t0: int, lengte: int) -> np.ndarray:
    """Tariff index per product and month (1 in the tariff year; euro products stay 1)."""
    per_jaar = {j: np.array([_index_tarief(r, p, j) for p in r.producten])
                for j in {(t0 + t) // 12 for t in range(lengte)}}
    return np.stack([per_jaar[(t0 + t) // 12] for t in range(lengte)], axis=1)


def _index_tarief(r: Regio, product, jaar: int) -> float:
    basis_ = r.tarief_cent(product, r.tariefjaar)
    tarief = r.tarief_cent(product, jaar)
    return tarief / basis_ if basis_ and tarief else 1.0


def _indelingen(r: Regio, van: int, tot: int) -> dict[int, tuple[list[str], np.ndarray]]:
    """Per year the segments in force (as of 1 July) and each product's segment index (-1: none)."""
    uit = {}
    for jaar in range(van, tot + 1):
        codes = [r.segment_op(p, dt.date(jaar, 7, 1)) for p in r.producten]
        segmenten = sorted({c for c in codes if c is not None})
        uit[jaar] = (segmenten, np.array([segmenten.index(c) if c else -1 for c in codes]))
    return uit


def _budgetten(opslag: Opslag, jaar: int) -> dict[tuple[str, str | None], float]:
    """(gemeentecode, segmentcode) -> the segment's budget, (gemeentecode, None) -> the total."""
    periode = [jaar_periode(jaar)]
    per_segment = meet(opslag, "budget", periode, ["gemeente", "segment"])
    totaal = meet(opslag, "budget", periode, ["gemeente"])
    return ({(r.gemeentecode, r.segmentcode): float(r.waarde) for r in per_segment.itertuples()}
            | {(r.gemeentecode, None): float(r.waarde) for r in totaal.itertuples()})


def _plafonds(opslag: Opslag, jaar: int) -> dict[str, int]:
    p = feiten.actueel(opslag, "aanbieder_plafond")
    p = p.filter(p.jaar == jaar).to_pandas()
    return {r.agb_code: int(r.plafond_cent) for r in p.itertuples()}


def _aanbiedernamen(opslag: Opslag) -> dict[str, str]:
    a = feiten.aanbieders(opslag).select("agb_code", "naam").to_pandas()
    return dict(zip(a.agb_code, a.naam, strict=True))


def _index(waarden: pd.Series, lijst: list[str]) -> np.ndarray:
    plaats = pd.Index(lijst).get_indexer(waarden)
    if (plaats < 0).any():
        raise KeyError(f"not in the list: {sorted(set(waarden[plaats < 0]))[:5]}")
    return plaats.astype(np.int64)


def _maandnummers(datums: pd.Series, open_eind: int | None = None) -> np.ndarray:
    """`maandnummer` of every date; a missing date (an open end) becomes `open_eind`."""
    d = pd.to_datetime(datums)
    nummers = d.dt.year * 12 + d.dt.month - 1
    return (nummers if open_eind is None else nummers.fillna(open_eind)).to_numpy(dtype=np.int64)
