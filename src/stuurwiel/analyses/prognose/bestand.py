"""The bottom-up forecast: the care that is running now (bestand) and the care that will start (instroom).

Every trajectory known on the peildatum that still runs costs, per month, its product's cost per
running trajectory, as long as it keeps running; the chance that it does follows from how long
trajectories of that product last (its exit rate per month of age, from the trajectories of the
last years). New trajectories start at the rate of the last twelve months, with the region's
seasonal pattern of starts, and then run off in the same way. A unit (a municipality or a
provider) whose care costs more or less per trajectory than the region's products predict keeps
that ratio. All amounts are real (tariffs removed); the caller adds the tariff of the month.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from stuurwiel.analyses.prognose.gegevens import Trajecten
from stuurwiel.analyses.prognose.rekenen import deel

MAX_LEEFTIJD = 60  # months of age with their own exit rate; older trajectories share the last
GESCHIEDENIS = 60  # months of trajectory starts the exit rates are estimated from
MIN_RISICO = 20  # trajectories at risk needed for an age's own exit rate
TARIEF_MAANDEN = 15  # months the cost per running trajectory is estimated from
START_MAANDEN = 12  # months the rate of new starts is estimated from
SEIZOEN_STEUN = 50  # running trajectories in a calendar month at which a product's own seasonal factor counts half


def actief(tr: Trajecten, eenheid: np.ndarray, eenheden: int, producten: int, maanden: range, t0: int) -> np.ndarray:
    """[unit, product, month] number of trajectories running in each month."""
    uit = np.zeros((eenheden, producten, len(maanden)))
    for j, m in enumerate(maanden):
        loopt = (tr.begin <= t0 + m) & (tr.eind >= t0 + m)
        np.add.at(uit[:, :, j], (eenheid[loopt], tr.product[loopt]), 1)
    return uit


def overleving(tr: Trajecten, maandnr: int, producten: int) -> np.ndarray:
    """[product, age 0…MAX_LEEFTIJD]: the chance that a trajectory is still running at that age
    (months since its first month), from trajectories seen to the end or to two months before
    month `maandnr`."""
    grens = maandnr - 2  # a trajectory ended by then has no follow-up allocation within 31 days
    kans = np.zeros((producten, MAX_LEEFTIJD))
    for p in range(producten):
        sel = (tr.product == p) & (tr.begin <= grens) & (tr.begin > grens - GESCHIEDENIS)
        begin, eind = tr.begin[sel], tr.eind[sel]
        vorige = 0.1
        for leeftijd in range(MAX_LEEFTIJD):
            risico = (begin + leeftijd <= grens) & (eind >= begin + leeftijd)
            n = risico.sum()
            if n >= MIN_RISICO:
                vorige = (risico & (eind == begin + leeftijd)).sum() / n
            kans[p, leeftijd] = vorige
    return np.concatenate([np.ones((producten, 1)), np.cumprod(1 - kans, axis=1)], axis=1)


def kosten_per_traject(teller: np.ndarray, reeel: np.ndarray, betrouwbaar: np.ndarray, a: int,
                       kalender: np.ndarray) -> np.ndarray:
    """[product, month] real cost per running trajectory in every month of `kalender` (calendar
    month 0-11 of each month index, past and future): the level of the last TARIEF_MAANDEN reliable
    months (`betrouwbaar` [product, month]) up to month a, times the product's factor for the
    calendar month (summer holidays: fewer hours), from the last three years and shrunk towards 1
    where the product has few trajectories. `teller` and `reeel` are [unit, product, month]."""
    n = reeel.shape[2]
    maand = np.arange(n)
    kosten, aantal = reeel.sum(axis=0), teller.sum(axis=0)  # [product, month]
    drie_jaar = betrouwbaar & ((maand > a - 36) & (maand <= a))[None, :]
    in_maand = [drie_jaar & (kalender[:n] == k)[None] for k in range(12)]
    per_maand = np.stack([np.where(m, kosten, 0.0).sum(axis=1) for m in in_maand], 1)  # [product, calendar month]
    n_maand = np.stack([np.where(m, aantal, 0.0).sum(axis=1) for m in in_maand], 1)
    gemiddeld = deel(per_maand.sum(axis=1), n_maand.sum(axis=1))
    ruw = deel(per_maand, n_maand * gemiddeld[:, None], 1.0)
    factor = 1 + (ruw - 1) * n_maand / (n_maand + SEIZOEN_STEUN)  # [product, calendar month]
    basis = betrouwbaar & ((maand > a - TARIEF_MAANDEN) & (maand <= a))[None, :]
    gewogen = aantal * factor[:, kalender[:n]]
    niveau = deel(np.where(basis, kosten, 0.0).sum(axis=1), np.where(basis, gewogen, 0.0).sum(axis=1))
    return niveau[:, None] * factor[:, kalender]


@dataclass(frozen=True)
class Bestandsmodel:
    """The bottom-up model for units (municipalities or providers) × products. It is given the cost
    per running trajectory (`kosten_per_traject`: of the region's municipalities, also when the
    units are providers). `pas_aan` (fit) learns from the trajectories known at the end of month a
    and the units' own real cost: each unit's ratio of cost to what its trajectories predict over
    the reliable months of the last TARIEF_MAANDEN, how long trajectories last, and how many start;
    `voorspel` (predict) gives the expected real cost of the months up to a (the trajectories that
    ran) and of the months to come."""
    per_traject: np.ndarray  # [product, month] real cost per running trajectory, past and future
    verleden: np.ndarray | None = None  # fitted: [unit, product, month] expected real cost of the trajectories that ran
    verhouding: np.ndarray | None = None  # fitted: [unit] own cost over what the unit's trajectories predict
    overleving: np.ndarray | None = None  # fitted: [product, age] chance of still running
    lopend: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # fitted: unit, product, age of the running
    instroom: np.ndarray | None = None  # fitted: [unit, product] new trajectories per month, before the season
    patroon: np.ndarray | None = None  # fitted: [calendar month 0-11] the region's seasonal pattern of starts
    a: int = -1  # fitted: the month (index) of the fit
    t0: int = 0  # fitted: month number of month index 0

    def pas_aan(self, tr: Trajecten, eenheid: np.ndarray, teller: np.ndarray, eigen: np.ndarray,
                betrouwbaar: np.ndarray, a: int, t0: int) -> Bestandsmodel:
        """`tr` the trajectories known at the end of month a, `eenheid` each one's unit, `teller`
        [unit, product, month] the trajectories running (`actief`), `eigen` [unit, month] the units'
        real cost, `betrouwbaar` [month] the months whose cost is complete enough to compare."""
        n = teller.shape[2]
        maand = np.arange(n)
        basis = betrouwbaar & (maand > a - TARIEF_MAANDEN) & (maand <= a)
        verwacht = self.per_traject[None, :, :n] * teller
        verhouding = deel(eigen[:, basis].sum(axis=1), verwacht[:, :, basis].sum(axis=(1, 2)), 1.0)
        m = t0 + a
        loopt = (tr.begin <= m) & (tr.eind >= m)
        lopend = (eenheid[loopt], tr.product[loopt], np.minimum(m - tr.begin[loopt], MAX_LEEFTIJD))
        instroom, patroon = _instroom(tr, eenheid, teller.shape[:2], m)
        return replace(self, verleden=verwacht * verhouding[:, None, None], verhouding=verhouding,
                       overleving=overleving(tr, m, teller.shape[1]), lopend=lopend, instroom=instroom,
                       patroon=patroon, a=a, t0=t0)

    def voorspel(self, horizon: int) -> np.ndarray:
        """[unit, product, month 0 … a + horizon] expected real cost: the trajectories that ran up
        to month a, then the running ones that stay and the new ones for `horizon` months."""
        a = self.a
        toekomst = self.per_traject[None, :, a + 1: a + 1 + horizon] * self._lopend(horizon) \
            * self.verhouding[:, None, None]
        return np.concatenate([self.verleden[:, :, : a + 1], toekomst], axis=2)

    def _lopend(self, horizon: int) -> np.ndarray:
        """[unit, product, horizon] expected running trajectories in the months after a."""
        s, m = self.overleving, self.t0 + self.a
        uit = np.zeros(self.verleden.shape[:2] + (horizon,))
        eenheid, p, leeftijd = self.lopend
        for h in range(horizon):
            nog = s[p, np.minimum(leeftijd + h + 1, MAX_LEEFTIJD)] / np.maximum(s[p, leeftijd], 1e-9)
            np.add.at(uit[:, :, h], (eenheid, p), nog)
        for h in range(horizon):
            for u in range(h + 1):  # trajectories starting in month a+1+u, running in month a+1+h
                uit[:, :, h] += self.instroom * self.patroon[(m + 1 + u) % 12] * s[:, h - u][None, :]
        return uit


def _instroom(tr: Trajecten, eenheid: np.ndarray, vorm: tuple[int, int], m: int) -> tuple[np.ndarray, np.ndarray]:
    """New trajectories per month and unit × product `vorm` from the starts of the last START_MAANDEN
    up to month number m (seasonally adjusted), and the seasonal pattern of starts by calendar month
    from the last three years."""
    starts = np.zeros(vorm + (START_MAANDEN * 3,))
    recent = (tr.begin > m - 3 * START_MAANDEN) & (tr.begin <= m)
    np.add.at(starts, (eenheid[recent], tr.product[recent], tr.begin[recent] - (m - 3 * START_MAANDEN + 1)), 1)
    per_kalendermaand = np.array([starts.sum(axis=(0, 1))[k::12].mean() for k in range(12)])
    kalender = (m - 3 * START_MAANDEN + 1 + np.arange(12)) % 12
    patroon = np.zeros(12)
    patroon[kalender] = per_kalendermaand
    patroon = patroon / patroon.mean() if patroon.mean() > 0 else np.ones(12)
    laatste = starts[:, :, -START_MAANDEN:].sum(axis=2)
    return laatste / patroon[(m - START_MAANDEN + 1 + np.arange(START_MAANDEN)) % 12].sum(), patroon
