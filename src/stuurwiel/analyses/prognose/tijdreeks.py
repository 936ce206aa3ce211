"""The seasonal time-series forecast of completed monthly cost, in real terms (tariffs removed).

Per segment, the region's monthly cost is fitted in logs as a trend plus a factor per calendar
month (seasonality and growth are shared by the municipalities); each municipality × segment
then has its own level, the weighted mean of its recent months after removing season and
trend, the most complete months counting most. With less than RIJP_REEKS mature months a
segment has no season or trend yet: its level is simply carried forward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RIJP_REEKS = 14  # mature months needed to fit 11 month factors and a trend
NIVEAU_MAANDEN = 9  # recent months the level rests on


@dataclass(frozen=True)
class Seizoen:
    factor: np.ndarray  # [segment, calendar month 0-11] log factor (January 0)
    trend: np.ndarray  # [segment] log growth per month


def seizoen(regio: np.ndarray, rijp: np.ndarray, kalendermaand: np.ndarray, a: int) -> Seizoen:
    """`regio` [segment, month] real completed cost; `rijp` [month] which months to fit on."""
    segmenten = regio.shape[0]
    factor, trend = np.zeros((segmenten, 12)), np.zeros(segmenten)
    maanden = np.flatnonzero(rijp)
    for s in range(segmenten):
        y = regio[s, maanden]
        ok = y > 0
        if ok.sum() < RIJP_REEKS:
            continue
        t = maanden[ok]
        x = np.column_stack([np.ones(len(t)), t - a] + [kalendermaand[t] == k for k in range(1, 12)]).astype(float)
        beta, *_ = np.linalg.lstsq(x, np.log(y[ok]), rcond=None)
        trend[s] = beta[1]
        factor[s, 1:] = beta[2:]
    return Seizoen(factor, trend)


def prior(reeks: np.ndarray, gewicht: np.ndarray, sz: Seizoen, kalendermaand: np.ndarray, a: int) -> np.ndarray:
    """[unit, segment, month] expected real cost for every month of `kalendermaand` (which may run
    past the data), from the units' real completed cost `reeks` [unit, segment, month] and how
    complete each month is (`gewicht` [segment, month], 0 for months not to use)."""
    t = np.arange(len(kalendermaand))
    vorm = sz.factor[:, kalendermaand] + sz.trend[:, None] * (t - a)[None, :]  # [segment, month] log
    n = reeks.shape[-1]
    venster = (t[:n] >= a - NIVEAU_MAANDEN) & (t[:n] <= a)
    w = np.where(venster[None, :], gewicht[:, :n], 0.0)
    ontdaan = reeks / np.exp(vorm[:, :n])[None]
    noemer = w.sum(axis=1)
    niveau = np.where(noemer > 0, (ontdaan * w[None]).sum(axis=2) / np.where(noemer > 0, noemer, 1.0), 0.0)
    return niveau[:, :, None] * np.exp(vorm)[None]
