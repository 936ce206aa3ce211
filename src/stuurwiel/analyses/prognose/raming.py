"""One estimate of a year's cost at one moment: what is in, what is still to come for the months
gone by (late claims), and what the rest of the year will cost, by both forecast models.

Both models give a prior for every month of the year (real terms, then at the month's tariff).
The months gone by are completed with it (ingest of late claims, `driehoek.verwacht`), the
months to come are the prior itself. Because completion is linear in the prior, the models can
be combined afterwards with any weight: w × time series + (1 − w) × bottom-up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stuurwiel.analyses.prognose import bestand, driehoek, tijdreeks
from stuurwiel.analyses.prognose.gegevens import Gegevens, Trajecten, maandeinde

MODELLEN = ("tijdreeks", "bottomup")
BETROUWBAAR = 0.9  # share of a month's claims in before its cost per trajectory is trusted


@dataclass(frozen=True)
class Raming:
    jaar: int
    maand: int  # the last month (1-12) of the year the estimate has claims for
    segmenten: list[str]
    gedeclareerd: np.ndarray  # [gemeente, segment, month of the year] claimed so far (0 after the peildatum)
    verwacht: dict[str, np.ndarray]  # model -> [gemeente, segment, month of the year] expected final cost
    vorig_jaar: np.ndarray  # [gemeente, segment, month] the year before, completed as known then
    per_traject: np.ndarray  # [product, month] real cost per running trajectory (bottom-up)

    def totaal(self, w: float) -> np.ndarray:
        """[gemeente, segment] the year's total with weight w on the time series."""
        return (w * self.verwacht["tijdreeks"] + (1 - w) * self.verwacht["bottomup"]).sum(axis=2)

    def maanden(self, w: float) -> np.ndarray:
        return w * self.verwacht["tijdreeks"] + (1 - w) * self.verwacht["bottomup"]


def raam(g: Gegevens, maandnr: int, jaar: int, trajecten: Trajecten | None = None) -> Raming:
    """The estimate for `jaar` with the claims known at the end of month `maandnr` (a month number),
    or on the peildatum when that falls in it."""
    a = maandnr - g.t0
    segmenten, seg = g.segmenten(jaar)
    tr = trajecten if trajecten is not None else g.trajecten(min(maandeinde(maandnr), g.peildatum))
    horizon = max(jaar * 12 + 11 - maandnr, 0)
    n = g.maanden
    maand = np.arange(n + horizon)
    kalender = (g.t0 + maand) % 12
    prijs = g.prijs[:, : n + horizon]  # [product, month]

    per_segment = _naar_segment(g.kubus.sum(axis=0), seg, len(segmenten))  # [segment, month, delay]
    deel_seg = driehoek.ontwikkeling(per_segment, a)  # [segment, delay]
    vertraging = np.clip(a - np.arange(n), 0, deel_seg.shape[1] - 1)
    aandeel = deel_seg[np.maximum(seg, 0)][:, vertraging]  # [product, month]
    geclaimd = driehoek.gedeclareerd(g.kubus, a)  # [gemeente, product, month]
    compleet = np.where(aandeel > 0, geclaimd / np.where(aandeel > 0, aandeel, 1.0), 0.0)
    reeel = compleet / prijs[None, :, :n]

    gewicht = np.where(np.arange(n) <= a, deel_seg[:, vertraging], 0.0)  # [segment, month]
    reeel_seg = _naar_segment(reeel, seg, len(segmenten), as_=1)
    sz = tijdreeks.seizoen(reeel_seg.sum(axis=0), np.arange(n) <= a - driehoek.RIJP, kalender, a)
    ts_reeel = tijdreeks.prior(reeel_seg, gewicht, sz, kalender, a)  # [gemeente, segment, month]
    ts = ts_reeel * _segmentprijs(reeel, prijs, seg, len(segmenten), a)[None]

    tr = bestand.bekend(tr, maandnr)
    teller = bestand.actief(tr, tr.gemeente, len(g.gemeenten), len(g.producten), range(n), g.t0)
    per_traject = bestand.kosten_per_traject(teller, reeel, aandeel > BETROUWBAAR, a, kalender)
    bu = bestand.raming(tr, tr.gemeente, teller, per_traject, reeel.sum(axis=1),
                        (aandeel > BETROUWBAAR).all(axis=0), a, g.t0, horizon)
    bu_reeel = np.zeros(bu.verleden.shape[:2] + (n + horizon,))
    bu_reeel[:, :, : a + 1] = bu.verleden[:, :, : a + 1]
    bu_reeel[:, :, a + 1: a + 1 + horizon] = bu.toekomst
    bu_nominaal = bu_reeel * prijs[None]
    bu_seg = _naar_segment(bu_nominaal, seg, len(segmenten), as_=1)

    geclaimd_seg = _naar_segment(geclaimd, seg, len(segmenten), as_=1)
    aandeel_seg = deel_seg[:, vertraging]
    begin = jaar * 12 - g.t0
    verwacht = {}
    for naam, prior in (("tijdreeks", ts), ("bottomup", bu_seg)):
        volledig = _verleng(geclaimd_seg, n + horizon)
        deel = _verleng(aandeel_seg[None], n + horizon, 1.0)
        verwacht[naam] = driehoek.verwacht(volledig, deel, a, prior)
    vorig = np.maximum(begin - 12, 0)
    vorig_jaar = (verwacht["tijdreeks"] + verwacht["bottomup"])[:, :, vorig:begin] / 2
    gedeclareerd = _verleng(geclaimd_seg, n + horizon)[:, :, begin:begin + 12]
    return Raming(jaar, min(maandnr - jaar * 12 + 1, 12), segmenten, gedeclareerd,
                  {naam: v[:, :, begin:begin + 12] for naam, v in verwacht.items()}, vorig_jaar, per_traject)


def _naar_segment(x: np.ndarray, seg: np.ndarray, segmenten: int, as_: int = 0) -> np.ndarray:
    """Sum the product axis `as_` of x into segments (products without a segment that year drop out)."""
    vorm = list(x.shape)
    vorm[as_] = segmenten
    uit = np.zeros(vorm)
    for p, s in enumerate(seg):
        if s >= 0:
            uit[(slice(None),) * as_ + (s,)] += np.take(x, p, axis=as_)
    return uit


def _segmentprijs(reeel: np.ndarray, prijs: np.ndarray, seg: np.ndarray, segmenten: int, a: int) -> np.ndarray:
    """[segment, month] tariff index of a segment: its products' indexes weighted by their real
    cost in the last twelve months (equal weights for a segment without recent cost)."""
    recent = np.clip(reeel[:, :, max(a - 11, 0):a + 1].sum(axis=(0, 2)), 0, None)  # [product]
    uit = np.ones((segmenten, prijs.shape[1]))
    for s in range(segmenten):
        leden = np.flatnonzero(seg == s)
        if len(leden):
            w = recent[leden] if recent[leden].sum() > 0 else np.ones(len(leden))
            uit[s] = (w[:, None] * prijs[leden]).sum(axis=0) / w.sum()
    return uit


def _verleng(x: np.ndarray, lengte: int, vul: float = 0.0) -> np.ndarray:
    """Pad the month axis (the last) to `lengte`."""
    extra = lengte - x.shape[-1]
    return np.concatenate([x, np.full(x.shape[:-1] + (extra,), vul)], axis=-1) if extra > 0 else x
