"""Budget ceilings (plafonds): when will a provider reach its ceiling for the year?

A provider that reaches its ceiling stops taking clients (a client stop), so the region wants to
know months before. Per provider with a ceiling: its cost so far this year with late claims
added (the region's chain-ladder shares), the bottom-up forecast of its running trajectories and
expected new starts for the rest of the year, and from the cumulative cost the day it passes the
ceiling; the forecast's 80 % band (burap's error model, at the provider's size) gives the
earliest and latest day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from stuurwiel.analyses.prognose import bestand, driehoek
from stuurwiel.analyses.prognose.bestand import Bestandsmodel
from stuurwiel.analyses.prognose.burap import Burap
from stuurwiel.analyses.prognose.driehoek import Kettingladder
from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.analyses.prognose.raming import BETROUWBAAR
from stuurwiel.analyses.prognose.rekenen import deel, verleng
from stuurwiel.begrippen.periode import maandeinde


@dataclass(frozen=True)
class Plafond:
    agb_code: str
    naam: str
    plafond: float  # eurocent
    gerealiseerd: float  # expected final cost of the year's months gone by
    jaartotaal: float
    bereikt: dt.date | None  # the day the forecast passes the ceiling (None: not this year)
    vroegst: dt.date | None  # ... at the top of the 80 % band
    laatst: dt.date | None  # ... at its bottom

    @property
    def voor_jaareinde(self) -> bool:
        return self.bereikt is not None


def plafonds(g: Gegevens, b: Burap) -> list[Plafond]:
    """Every provider with a ceiling in the forecast's year, those expected to reach it first."""
    grenzen = g.plafonds
    if not grenzen:
        return []
    maanden = _per_maand(g, b)  # [provider, month of the year]
    namen = g.aanbiedernamen
    uit = []
    for i, agb in enumerate(g.aanbieders):
        if agb not in grenzen:
            continue
        reeks = maanden[i]
        gerealiseerd, totaal = float(reeks[:b.maand].sum()), float(reeks.sum())
        onder, boven = b.leerstof.interval(np.array(totaal))
        uit.append(Plafond(agb, namen.get(agb, agb), grenzen[agb], gerealiseerd, totaal,
                           _dag(reeks, grenzen[agb], b.jaar),
                           _dag(_rest_naar(reeks, b.maand, float(boven)), grenzen[agb], b.jaar),
                           _dag(_rest_naar(reeks, b.maand, float(onder)), grenzen[agb], b.jaar)))
    return sorted(uit, key=lambda p: (p.bereikt is None, p.bereikt or dt.date.max, -p.jaartotaal / p.plafond))


def _per_maand(g: Gegevens, b: Burap) -> np.ndarray:
    """[provider, month of the year] expected cost: completed for the months gone by, bottom-up after."""
    maandnr = g.laatste_maand
    a = maandnr - g.t0
    n, horizon = g.maanden, max(b.jaar * 12 + 11 - maandnr, 0)
    ladder = Kettingladder().pas_aan(g.kubus.sum(axis=(0, 1))[None], a)  # the region's shares, all segments
    aandeel = ladder.per_maand(n)[0]
    geclaimd = driehoek.gedeclareerd(g.aanbieder_kubus, a)  # [provider, month]
    prijs = g.prijs[:, : n + horizon].mean(axis=0)
    eigen = deel(geclaimd, aandeel) / prijs[:n]
    tr = g.trajecten(maandnr).bekend(maandnr)
    teller = bestand.actief(tr, tr.aanbieder, len(g.aanbieders), len(g.producten), range(n), g.t0)
    bu = Bestandsmodel(b.raming.per_traject).pas_aan(tr, tr.aanbieder, teller, eigen, aandeel > BETROUWBAAR, a, g.t0)
    prior = verleng(bu.voorspel(horizon).sum(axis=1), n + horizon) * prijs[None]
    begin = b.jaar * 12 - g.t0
    return ladder.voorspel(geclaimd, prior)[:, begin:begin + 12]


def _rest_naar(reeks: np.ndarray, maand: int, totaal: float) -> np.ndarray:
    """The months to come scaled so that the year comes to `totaal` (the months gone by stay)."""
    gedaan, rest = reeks[:maand].sum(), reeks[maand:].sum()
    factor = (totaal - gedaan) / rest if rest > 0 else 1.0
    return np.concatenate([reeks[:maand], reeks[maand:] * max(factor, 0.0)])


def _dag(reeks: np.ndarray, grens: float, jaar: int) -> dt.date | None:
    """The day the cumulative monthly cost passes `grens`, spread evenly over each month."""
    cumulatief = np.cumsum(reeks)
    over = np.flatnonzero(cumulatief >= grens)
    if not len(over):
        return None
    m = int(over[0])
    voor = cumulatief[m - 1] if m else 0.0
    einde = maandeinde(jaar * 12 + m)
    fractie = (grens - voor) / reeks[m] if reeks[m] > 0 else 1.0
    return dt.date(jaar, m + 1, 1) + dt.timedelta(days=max(int(np.ceil(fractie * einde.day)), 1) - 1)
