"""What a burap proposes (programme 2017 §5.2: "where financial deviations have a high degree of
certainty and cannot be moderated, the burap includes a budget amendment"): the amendment per
municipality, which deviations matter and what explains them, and the risks that remain.

The amendment takes only the part of a deviation that is certain: an overrun up to the lower
bound of the 80 % interval, an underrun up to its upper bound, nothing while the budget lies
within the interval; rounded towards zero to whole thousands of euros. What remains is the risk:
the upper bound above the amended budget."""

from __future__ import annotations

import math
from dataclasses import dataclass

from stuurwiel.analyses.prognose.burap import KANS_AANDACHT, Burap
from stuurwiel.analyses.prognose.hele_begroting import TOTAAL, Begrotingspost
from stuurwiel.config.begroting import DECLARATIES

MATERIEEL = 0.01  # a deviation matters from this share of the budget on
AFRONDING = 100_000  # eurocent: amendments in whole thousands of euros
VERKLARINGEN = 3  # the lines that explain a deviation, largest first


def wijziging(p: Begrotingspost) -> int | None:
    """The proposed amendment in eurocent (positive: the budget goes up); None without a budget."""
    if p.budget is None:
        return None
    if p.ondergrens > p.budget:
        zeker = p.ondergrens - p.budget
    elif p.bovengrens < p.budget:
        zeker = p.bovengrens - p.budget
    else:
        return 0
    return math.trunc(zeker / AFRONDING) * AFRONDING


def doet_ertoe(p: Begrotingspost) -> bool:
    """A deviation of at least MATERIEEL of the budget that is either certain enough for an
    amendment or more likely than KANS_AANDACHT to overrun."""
    if p.budget is None or p.verschil is None or abs(p.verschil) < MATERIEEL * p.budget:
        return False
    return bool(wijziging(p)) or (p.kans_overschrijding or 0) > KANS_AANDACHT


@dataclass(frozen=True)
class Regel:
    """A line beneath a municipality's whole budget: a segment of the claims or a post of `lasten`."""
    soort: str  # segment or post
    code: str
    jaartotaal: float
    budget: float

    @property
    def verschil(self) -> float:
        return self.jaartotaal - self.budget


def verklaring(b: Burap, posten: list[Begrotingspost], gemeentecode: str) -> list[Regel]:
    """The lines of a municipality with the largest deviation from their own budget, in the direction
    of its whole deviation first (the claims are explained by their segments)."""
    regels = [Regel("segment", p.segmentcode, p.jaartotaal, p.budget) for p in b.posten
              if p.niveau == "segment" and p.gemeentecode == gemeentecode and p.budget]
    regels += [Regel("post", p.postcode, p.jaartotaal, p.budget) for p in posten
               if p.gemeentecode == gemeentecode and p.budget is not None and p.postcode not in (TOTAAL, DECLARATIES)]
    totaal = next(p for p in posten if p.gemeentecode == gemeentecode and p.postcode == TOTAAL)
    teken = 1 if (totaal.verschil or 0) >= 0 else -1
    return sorted(regels, key=lambda r: -teken * r.verschil)[:VERKLARINGEN]


def restrisico(p: Begrotingspost) -> float:
    """How far the upper bound lies above the amended budget (eurocent, 0 when it does not)."""
    if p.budget is None:
        return 0.0
    return max(0.0, p.bovengrens - (p.budget + (wijziging(p) or 0)))
