"""Evaluation: the upper deviation limit of an attribute sample (AICPA tables A-3 and A-4), and the
most likely and upper misstatement of a monetary unit sample from its taints (the Stringer bound),
judged against a tolerance.

The Stringer bound: the basic precision (the upper limit with no misstatement) plus, for the taints
from largest to smallest, each taint times the step its rank adds to the upper limit:
    bovengrens = G(0) + Σ t(i) · (G(i) − G(i−1)),  G(k) the upper limit after k misstatements.
With Poisson factors (G(k) = R(k)/n, AICPA appendix C) it is the usual AICPA evaluation; with the
binomial (G(k) the Clopper-Pearson limit, as Touw & Hoogduin work their examples) it is slightly
tighter. A taint is the misstatement of a sampled unit as a share of its book value: |boek − juist|
/ boek, at most 1; errors in either direction count, as lawfulness (rechtmatigheid) asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from stuurwiel.analyses.steekproef.grenzen import bovengrens_binomiaal, omhoog, poissonfactor

VERDELINGEN = {"poisson": "Poisson (AICPA)", "binomiaal": "binomiaal (Touw & Hoogduin)"}


@dataclass(frozen=True)
class Attribuutevaluatie:
    omvang: int
    afwijkingen: int
    risico: float
    bovengrens: float  # exact, as a fraction of the population
    tolerantie: float | None = None

    @property
    def afwijkingspercentage(self) -> float:
        return 100 * self.afwijkingen / self.omvang

    @property
    def bovengrens_pct(self) -> float:
        """As the tables print it: in percent, one decimal, rounded up."""
        return omhoog(100 * self.bovengrens, 1)

    @property
    def binnen(self) -> bool | None:
        """Whether the upper limit stays within the tolerable rate (None without one)."""
        return None if self.tolerantie is None else self.bovengrens <= self.tolerantie


@dataclass(frozen=True)
class Musevaluatie:
    omvang: int
    taints: tuple[float, ...]
    risico: float
    verdeling: str
    meest_waarschijnlijk: float  # the most likely misstatement as a fraction of the population
    basisprecisie: float  # the upper limit with no misstatement
    bovengrens: float  # the Stringer bound, as a fraction of the population

    def bedrag(self, populatie_cent: int, fractie_: float) -> int:
        """A fraction of the population in eurocent (rounded up: an upper limit never reads lower)."""
        return int(omhoog(Fraction(fractie_) * populatie_cent, 0))


def attribuut(omvang: int, afwijkingen: int, risico: float, tolerantie: float | None = None) -> Attribuutevaluatie:
    if omvang < 1:
        raise ValueError("een steekproef heeft minstens één post")
    if not 0 <= afwijkingen <= omvang:
        raise ValueError("het aantal afwijkingen ligt tussen 0 en de omvang van de steekproef")
    grens = 1.0 if afwijkingen == omvang else bovengrens_binomiaal(omvang, afwijkingen, risico)
    return Attribuutevaluatie(omvang, afwijkingen, risico, grens, tolerantie)


def taint(boekwaarde: int, juist: int) -> float:
    """The misstatement of one unit as a share of its book value, at most 1."""
    if boekwaarde <= 0:
        raise ValueError("een post in een steekproef op geldeenheden heeft een positieve boekwaarde")
    return min(1.0, abs(boekwaarde - juist) / boekwaarde)


def mus(taints: Sequence[float], omvang: int, risico: float, verdeling: str = "poisson") -> Musevaluatie:
    """The Stringer bound of a monetary unit sample of `omvang` units with these taints (one per
    misstated unit; the units without misstatement have none)."""
    if verdeling not in VERDELINGEN:
        raise ValueError(f"onbekende verdeling '{verdeling}' (kies uit {', '.join(VERDELINGEN)})")
    if len(taints) > omvang or any(not 0 < t <= 1 for t in taints):
        raise ValueError("elke fout is een deel (groter dan 0, hoogstens 1) van een post in de steekproef")
    geordend = sorted(taints, reverse=True)

    def grens(k: int) -> float:
        if verdeling == "poisson":
            return poissonfactor(k, risico) / omvang
        return 1.0 if k >= omvang else bovengrens_binomiaal(omvang, k, risico)

    stappen = [grens(k) for k in range(len(geordend) + 1)]
    boven = stappen[0] + sum(t * (stappen[i + 1] - stappen[i]) for i, t in enumerate(geordend))
    return Musevaluatie(omvang, tuple(geordend), risico, verdeling, sum(geordend) / omvang, stappen[0], boven)
