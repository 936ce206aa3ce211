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

from dataclasses import dataclass

import numpy as np

from stuurwiel.analyses.prognose.gegevens import Trajecten

MAX_LEEFTIJD = 60  # months of age with their own exit rate; older trajectories share the last
GESCHIEDENIS = 60  # months of trajectory starts the exit rates are estimated from
MIN_RISICO = 20  # trajectories at risk needed for an age's own exit rate
TARIEF_MAANDEN = 15  # months the cost per running trajectory is estimated from
START_MAANDEN = 12  # months the rate of new starts is estimated from
SEIZOEN_STEUN = 50  # running trajectories in a calendar month at which a product's own seasonal factor counts half


@dataclass(frozen=True)
class Bestand:
    verleden: np.ndarray  # [unit, product, month ≤ a] expected real cost of the trajectories that ran
    toekomst: np.ndarray  # [unit, product, month a+1 … a+horizon] expected real cost


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


def bekend(tr: Trajecten, maandnr: int) -> Trajecten:
    """The trajectories that had begun by the end of month `maandnr`."""
    ja = tr.begin <= maandnr
    return Trajecten(*(x[ja] for x in (tr.gemeente, tr.aanbieder, tr.product, tr.begin, tr.eind)))


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
    gemiddeld = _deel(per_maand.sum(axis=1), n_maand.sum(axis=1))
    ruw = _deel(per_maand, n_maand * gemiddeld[:, None], 1.0)
    factor = 1 + (ruw - 1) * n_maand / (n_maand + SEIZOEN_STEUN)  # [product, calendar month]
    basis = betrouwbaar & ((maand > a - TARIEF_MAANDEN) & (maand <= a))[None, :]
    gewogen = aantal * factor[:, kalender[:n]]
    niveau = _deel(np.where(basis, kosten, 0.0).sum(axis=1), np.where(basis, gewogen, 0.0).sum(axis=1))
    return niveau[:, None] * factor[:, kalender]


def raming(tr: Trajecten, eenheid: np.ndarray, teller: np.ndarray, per_traject: np.ndarray, eigen: np.ndarray,
           betrouwbaar: np.ndarray, a: int, t0: int, horizon: int) -> Bestand:
    """Bottom-up expected real cost per unit × product for the months up to a (from the trajectories
    that ran, `teller` [unit, product, month]) and the `horizon` months after a. `eenheid` gives
    each trajectory's unit, `per_traject` [product, month] the cost per running trajectory, `eigen`
    [unit, month] the units' real cost, which sets each unit's ratio to what its trajectories
    predict over the reliable months (`betrouwbaar` [month]) of the last TARIEF_MAANDEN."""
    eenheden, producten, n = teller.shape
    maand = np.arange(n)
    basis = betrouwbaar & (maand > a - TARIEF_MAANDEN) & (maand <= a)
    verwacht = per_traject[None, :, :n] * teller
    verhouding = _deel(eigen[:, basis].sum(axis=1), verwacht[:, :, basis].sum(axis=(1, 2)), 1.0)
    toekomst = _vooruit(tr, eenheid, eenheden, producten, overleving(tr, t0 + a, producten), a, t0, horizon)
    return Bestand(verwacht * verhouding[:, None, None],
                   per_traject[None, :, a + 1: a + 1 + horizon] * toekomst * verhouding[:, None, None])


def _vooruit(tr: Trajecten, eenheid: np.ndarray, eenheden: int, producten: int, s: np.ndarray, a: int, t0: int,
             horizon: int) -> np.ndarray:
    """[unit, product, horizon] expected running trajectories in the months after a."""
    uit = np.zeros((eenheden, producten, horizon))
    loopt = (tr.begin <= t0 + a) & (tr.eind >= t0 + a)
    leeftijd = np.minimum(t0 + a - tr.begin[loopt], MAX_LEEFTIJD)
    p = tr.product[loopt]
    for h in range(horizon):
        nog = s[p, np.minimum(leeftijd + h + 1, MAX_LEEFTIJD)] / np.maximum(s[p, leeftijd], 1e-9)
        np.add.at(uit[:, :, h], (eenheid[loopt], p), nog)
    starts = np.zeros((eenheden, producten, START_MAANDEN * 3))
    recent = (tr.begin > t0 + a - 3 * START_MAANDEN) & (tr.begin <= t0 + a)
    np.add.at(starts, (eenheid[recent], tr.product[recent], tr.begin[recent] - (t0 + a - 3 * START_MAANDEN + 1)), 1)
    per_kalendermaand = np.array([starts.sum(axis=(0, 1))[k::12].mean() for k in range(12)])
    kalender = (t0 + a - 3 * START_MAANDEN + 1 + np.arange(12)) % 12
    patroon = np.zeros(12)
    patroon[kalender] = per_kalendermaand
    patroon = patroon / patroon.mean() if patroon.mean() > 0 else np.ones(12)
    laatste = starts[:, :, -START_MAANDEN:].sum(axis=2)
    per_maand = laatste / patroon[(t0 + a - START_MAANDEN + 1 + np.arange(START_MAANDEN)) % 12].sum()
    for h in range(horizon):
        for u in range(h + 1):  # trajectories starting in month a+1+u, running in month a+1+h
            uit[:, :, h] += per_maand * patroon[(t0 + a + 1 + u) % 12] * s[:, h - u][None, :]
    return uit


def _deel(teller: np.ndarray, noemer: np.ndarray, anders: float = 0.0) -> np.ndarray:
    return np.where(noemer > 0, teller / np.where(noemer > 0, noemer, 1.0), anders)
