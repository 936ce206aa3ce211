"""Late claims: the development triangle and its completion.

Providers claim weeks to months after delivery, so the recent months are always incomplete.
Per segment, claimed cost by service month × months of delay forms a development triangle;
the chain-ladder ratios between successive delays give the share of a month's cost that is
normally in after d months. A thin segment borrows from the whole region: per delay, the
segment's ratio is weighted against the region's by Bühlmann–Straub credibility, so a
segment counts for what its own volume and consistency are worth.

A month's expected cost ("verwacht") is its claimed cost divided by that share once RIJP months
have passed (chain ladder). Before that, the little that is in says too little: the expected
cost is what was claimed plus the share still to come of a prior from the forecast models
(Bornhuetter–Ferguson). A month nothing of which is claimed yet is the prior.

Every model of the forecasts is a small estimator in the style of chainladder-python and
statsforecast, with the interface in Dutch: `pas_aan` (fit) learns from the data and returns the
fitted model (a new, frozen object), `voorspel` (predict) gives its expectation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from stuurwiel.analyses.prognose.rekenen import deel, verleng

RIJP = 3  # months of delay from which the chain ladder alone is trusted
VENSTER = 36  # service months the ratios are estimated from (the most recent with enough delay)


def zichtbaar(kubus: np.ndarray, a: int) -> np.ndarray:
    """The claims known at the end of month a (index into the service months): delay ≤ a − month."""
    n, vertragingen = kubus.shape[-2], kubus.shape[-1]
    return kubus * ((np.arange(n)[:, None] + np.arange(vertragingen)[None, :]) <= a)


def gedeclareerd(kubus: np.ndarray, a: int) -> np.ndarray:
    """Cost claimed so far per service month (the delay axis summed)."""
    return zichtbaar(kubus, a).sum(axis=-1)


@dataclass(frozen=True)
class Kettingladder:
    """The chain ladder with Bühlmann–Straub credibility, and Bornhuetter–Ferguson for the months
    younger than RIJP. `pas_aan` (fit) learns from a triangle [segment, service month, delay] with
    the claims known at the end of month a; `voorspel` (predict) completes what was claimed."""
    aandeel: np.ndarray | None = None  # fitted: [segment, delay] share of a month's final cost in after that delay
    a: int = -1  # fitted: the month (index into the service months) at whose end the claims are known

    def pas_aan(self, kubus: np.ndarray, a: int) -> Kettingladder:
        cum = zichtbaar(kubus, a).cumsum(axis=-1)
        segmenten, n, vertragingen = cum.shape
        q = np.ones((segmenten, vertragingen))  # q[s, k] = cum_k / cum_(k+1): the inverse link ratio
        maand = np.arange(n)
        for k in range(vertragingen - 1):
            rijen = (maand + k + 1 <= a) & (maand > a - k - 1 - VENSTER)
            q[:, k] = _geloofwaardig(cum[:, rijen, k], cum[:, rijen, k + 1])
        return replace(self, aandeel=np.cumprod(q[:, ::-1], axis=1)[:, ::-1], a=a)

    def per_maand(self, n: int) -> np.ndarray:
        """[segment, service month] the share of each of the first n months' final cost claimed by
        the end of month a."""
        return self.aandeel[:, np.clip(self.a - np.arange(n), 0, self.aandeel.shape[1] - 1)]

    def voorspel(self, geclaimd: np.ndarray, prior: np.ndarray) -> np.ndarray:
        """Expected final cost per service month: chain ladder for mature months, Bornhuetter–Ferguson
        for the younger ones, the prior for months to come. `geclaimd` [..., segment, month] is what
        was claimed so far, `prior` [..., segment, month] the forecast models' expectation, which may
        run on past the data."""
        lengte = prior.shape[-1]
        aandeel = verleng(self.per_maand(geclaimd.shape[-1]), lengte, 1.0)
        return _verwacht(verleng(geclaimd, lengte), aandeel, self.a, prior)


def _geloofwaardig(teller: np.ndarray, gewicht: np.ndarray) -> np.ndarray:
    """Bühlmann–Straub: per segment its weighted mean ratio teller/gewicht, drawn towards the
    region's as far as its weight falls short of the within/between variance ratio."""
    geldig = gewicht > 0
    w = np.where(geldig, gewicht, 0.0)
    r = deel(teller, gewicht)
    ws = w.sum(axis=1)
    totaal = ws.sum()
    if totaal <= 0:
        return np.ones(len(ws))
    regio = (w * r).sum() / totaal
    eigen = deel((w * r).sum(axis=1), ws, regio)
    n = geldig.sum(axis=1)
    vrij = np.maximum(n - 1, 0).sum()
    binnen = (w * (r - eigen[:, None]) ** 2).sum() / vrij if vrij else 0.0
    actief = ws > 0
    tussen_noemer = totaal - (ws ** 2).sum() / totaal
    tussen = ((ws * (eigen - regio) ** 2).sum() - (actief.sum() - 1) * binnen) / tussen_noemer \
        if tussen_noemer > 0 else 0.0
    if tussen <= 0:
        z = np.zeros(len(ws))
    else:
        z = deel(ws, ws + binnen / tussen)  # a segment without claims (ws = 0) takes the region's share
    return z * eigen + (1 - z) * regio


def _verwacht(geclaimd: np.ndarray, aandeel: np.ndarray, a: int, prior: np.ndarray) -> np.ndarray:
    """Chain ladder up to month a − RIJP, Bornhuetter–Ferguson up to month a, the prior after;
    `aandeel` is the share claimed by now for each month (broadcast against `geclaimd`)."""
    maand = np.arange(geclaimd.shape[-1])
    rijp = maand <= a - RIJP
    kettingladder = geclaimd / np.where(aandeel > 0, aandeel, 1.0)
    bf = geclaimd + (1 - aandeel) * prior
    uit = np.where(rijp, kettingladder, bf)
    return np.where(maand <= a, uit, prior)
