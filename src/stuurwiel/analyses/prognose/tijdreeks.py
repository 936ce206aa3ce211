"""The seasonal time-series forecast of completed monthly cost, in real terms (tariffs removed).

Per segment, the region's monthly cost is fitted in logs as a trend plus a factor per calendar
month (seasonality and growth are shared by the municipalities); each municipality × segment
then has its own level, the weighted mean of its recent months after removing season and
trend, the most complete months counting most. With less than RIJP_REEKS mature months a
segment has no season or trend yet: its level is simply carried forward.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from stuurwiel.analyses.prognose.rekenen import deel

RIJP_REEKS = 14  # mature months needed to fit 11 month factors and a trend
NIVEAU_MAANDEN = 9  # recent months the level rests on


@dataclass(frozen=True)
class Seizoensreeks:
    """Season and trend per segment, a level per unit. `pas_aan` (fit) learns season and trend from
    the region's series; `voorspel` (predict) gives each unit's expected cost (its level from its
    own recent months) for every month, past and to come. Months are indexes from the data's first
    month; the trend runs from month a."""
    factor: np.ndarray | None = None  # fitted: [segment, calendar month 0-11] log factor (January 0)
    trend: np.ndarray | None = None  # fitted: [segment] log growth per month
    a: int = -1  # fitted: the month the trend is measured from

    def pas_aan(self, regio: np.ndarray, rijp: np.ndarray, kalendermaand: np.ndarray, a: int) -> Seizoensreeks:
        """`regio` [segment, month] real completed cost; `rijp` [month] which months to fit on;
        `kalendermaand` the calendar month (0-11) of each month index."""
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
        return replace(self, factor=factor, trend=trend, a=a)

    def voorspel(self, reeks: np.ndarray, gewicht: np.ndarray, kalendermaand: np.ndarray) -> np.ndarray:
        """[unit, segment, month] expected real cost for every month of `kalendermaand` (which may run
        past the data), from the units' real completed cost `reeks` [unit, segment, month] and how
        complete each month is (`gewicht` [segment, month], 0 for months not to use)."""
        a = self.a
        t = np.arange(len(kalendermaand))
        vorm = self.factor[:, kalendermaand] + self.trend[:, None] * (t - a)[None, :]  # [segment, month] log
        n = reeks.shape[-1]
        venster = (t[:n] >= a - NIVEAU_MAANDEN) & (t[:n] <= a)
        w = np.where(venster[None, :], gewicht[:, :n], 0.0)
        ontdaan = reeks / np.exp(vorm[:, :n])[None]
        noemer = w.sum(axis=1)
        niveau = deel((ontdaan * w[None]).sum(axis=2), noemer)
        return niveau[:, :, None] * np.exp(vorm)[None]
