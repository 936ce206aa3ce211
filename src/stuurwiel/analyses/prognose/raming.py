"""One estimate of a year's cost at one moment: what is in, what is still to come for the months
gone by (late claims), and what the rest of the year will cost, by both forecast models.

Both models give a prior for every month of the year (real terms, then at the month's tariff).
The months gone by are completed with it (the chain ladder's `voorspel`: Bornhuetter–Ferguson for
the youngest months), the months to come are the prior itself. Because completion is linear in
the prior, the models can be combined afterwards with any weight: w × time series + (1 − w) ×
bottom-up. `stand` is the part that needs the claims only (completion with the time series as
prior), which the completion model for the reports (aanvulling.py) uses on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stuurwiel.analyses.prognose import bestand, driehoek
from stuurwiel.analyses.prognose.bestand import Bestandsmodel
from stuurwiel.analyses.prognose.driehoek import Kettingladder
from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.analyses.prognose.rekenen import deel, naar_segment, verleng
from stuurwiel.analyses.prognose.tijdreeks import Seizoensreeks

BETROUWBAAR = 0.9  # share of a month's claims in before its cost per trajectory is trusted


@dataclass(frozen=True)
class Stand:
    """What the claims known at the end of month a say, in one year's segments: the fitted chain
    ladder, the claims per product and segment, their completion in real terms, and the time
    series' prior for every month up to a + horizon."""
    a: int
    segmenten: list[str]
    seg: np.ndarray  # [product] segment index (-1: none that year)
    ladder: Kettingladder
    aandeel: np.ndarray  # [product, month] share claimed by now
    geclaimd: np.ndarray  # [gemeente, product, month] claimed so far
    gedeclareerd: np.ndarray  # [gemeente, segment, month] claimed so far
    reeel: np.ndarray  # [gemeente, product, month] chain-ladder completed, tariffs removed
    kalender: np.ndarray  # [month + horizon] calendar month 0-11
    prijs: np.ndarray  # [product, month + horizon] tariff index
    tijdreeks: np.ndarray  # [gemeente, segment, month + horizon] the time series' prior, at the month's tariff

    def verwacht(self, prior: np.ndarray) -> np.ndarray:
        """[gemeente, segment, month + horizon] expected final cost, completed with `prior`."""
        return self.ladder.voorspel(self.gedeclareerd, prior)


def stand(g: Gegevens, maandnr: int, jaar: int, horizon: int) -> Stand:
    """The claims known at the end of month `maandnr` (a month number), in the segments of `jaar`."""
    a = maandnr - g.t0
    segmenten, seg = g.segmenten(jaar)
    n = g.maanden
    kalender = (g.t0 + np.arange(n + horizon)) % 12
    prijs = g.prijs[:, : n + horizon]
    ladder = Kettingladder().pas_aan(naar_segment(g.kubus.sum(axis=0), seg, len(segmenten)), a)
    aandeel = ladder.per_maand(n)[np.maximum(seg, 0)]
    geclaimd = driehoek.gedeclareerd(g.kubus, a)
    reeel = deel(geclaimd, aandeel) / prijs[None, :, :n]
    gewicht = np.where(np.arange(n) <= a, ladder.per_maand(n), 0.0)  # [segment, month]
    reeel_seg = naar_segment(reeel, seg, len(segmenten), as_=1)
    reeks = Seizoensreeks().pas_aan(reeel_seg.sum(axis=0), np.arange(n) <= a - driehoek.RIJP, kalender, a)
    tijdreeks = reeks.voorspel(reeel_seg, gewicht, kalender) * _segmentprijs(reeel, prijs, seg, len(segmenten), a)[None]
    return Stand(a, segmenten, seg, ladder, aandeel, geclaimd, naar_segment(geclaimd, seg, len(segmenten), as_=1),
                 reeel, kalender, prijs, tijdreeks)


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
        return self.maanden(w).sum(axis=2)

    def maanden(self, w: float) -> np.ndarray:
        return w * self.verwacht["tijdreeks"] + (1 - w) * self.verwacht["bottomup"]


def raam(g: Gegevens, maandnr: int, jaar: int) -> Raming:
    """The estimate for `jaar` with the claims known at the end of month `maandnr` (a month number),
    or on the peildatum when that falls in it, and the trajectories known then."""
    horizon = max(jaar * 12 + 11 - maandnr, 0)
    st = stand(g, maandnr, jaar, horizon)
    n = g.maanden
    tr = g.trajecten(maandnr).bekend(maandnr)
    teller = bestand.actief(tr, tr.gemeente, len(g.gemeenten), len(g.producten), range(n), g.t0)
    betrouwbaar = st.aandeel > BETROUWBAAR
    per_traject = bestand.kosten_per_traject(teller, st.reeel, betrouwbaar, st.a, st.kalender)
    bu = Bestandsmodel(per_traject).pas_aan(tr, tr.gemeente, teller, st.reeel.sum(axis=1), betrouwbaar.all(axis=0),
                                            st.a, g.t0)
    bottomup = naar_segment(verleng(bu.voorspel(horizon), n + horizon) * st.prijs[None], st.seg, len(st.segmenten),
                            as_=1)
    verwacht = {"tijdreeks": st.verwacht(st.tijdreeks), "bottomup": st.verwacht(bottomup)}
    begin = jaar * 12 - g.t0
    vorig = np.maximum(begin - 12, 0)
    vorig_jaar = (verwacht["tijdreeks"] + verwacht["bottomup"])[:, :, vorig:begin] / 2
    gedeclareerd = verleng(st.gedeclareerd, n + horizon)[:, :, begin:begin + 12]
    return Raming(jaar, min(maandnr - jaar * 12 + 1, 12), st.segmenten, gedeclareerd,
                  {naam: v[:, :, begin:begin + 12] for naam, v in verwacht.items()}, vorig_jaar, per_traject)


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
