"""The whole budget: the claims (the year-end forecast of burap.py) as one post among the posts
whose cost does not come from claims (the exchange file `lasten`), per municipality and for the
region, each against its budget.

A post of `lasten` is booked per month. Its year-end forecast is what is booked so far plus, for
every month still to come, the mean of the months booked this year; its 80 % interval is the
spread of those months around their mean, for the months to come (months taken as independent).
Without a booked month this year the forecast is the post's budget, with no interval. The whole
budget's forecast is the sum of the posts; its interval adds the posts' half-widths to the claims'
in quadrature, and its chance of overrun is the claims' chance of overrunning what the budget
leaves after the other posts' forecast (their uncertainty is small beside the claims')."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose.burap import Burap, Post
from stuurwiel.begrippen.periode import maandeinde, maandnummer
from stuurwiel.config.begroting import DECLARATIES
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

TOTAAL = "totaal"  # the line of the whole budget
Z_80 = 1.2816  # the standard normal's 90 % quantile: an 80 % interval


@dataclass(frozen=True)
class Begrotingspost:
    """One post of one municipality (None: the region) on the peildatum, in eurocent."""
    gemeentecode: str | None
    postcode: str  # DECLARATIES, a post of `lasten`, or TOTAAL
    gerealiseerd: float  # the months through the peildatum's (claims: with the late claims still to come)
    jaartotaal: float
    ondergrens: float
    bovengrens: float
    budget: float | None
    kans_overschrijding: float | None
    maanden: int  # months realised

    @property
    def verschil(self) -> float | None:
        return self.jaartotaal - self.budget if self.budget is not None else None


@dataclass(frozen=True)
class Lasten:
    """What the store holds of the peildatum's year: booked months and budgets per post."""
    geboekt: pd.DataFrame  # gemeentecode, postcode, maand, bedrag_cent (months through the peildatum's)
    budgetten: dict[tuple[str, str], int]  # (gemeentecode, postcode) -> eurocent
    posten: list[str]  # the region's posts, in the order of regio.yaml


def haal(opslag: Opslag, peildatum: dt.date) -> Lasten:
    """The months of the peildatum's year that ended on or before it (a month is booked at its end), and
    the posts' budgets of that year."""
    jaar = peildatum.year
    maand = peildatum.month if peildatum == maandeinde(maandnummer(peildatum)) else peildatum.month - 1
    t = feiten.actueel(opslag, "lasten")
    geboekt = t.filter((t.jaar == jaar) & (t.maand <= maand)).select(
        "gemeentecode", "postcode", "maand", "bedrag_cent").to_pandas()
    b = feiten.actueel(opslag, "budget")
    b = b.filter((b.jaar == jaar) & b.postcode.notnull()).to_pandas()
    posten = [r[0] for r in opslag.rijen("SELECT postcode FROM lastenpost")]
    return Lasten(geboekt, {(r.gemeentecode, r.postcode): int(r.budget_cent) for r in b.itertuples()}, posten)


def _kans(jaartotaal: float, sd: float, budget: float | None) -> float | None:
    if budget is None:
        return None
    if sd <= 0:
        return float(jaartotaal > budget)
    return 0.5 * math.erfc((budget - jaartotaal) / (sd * math.sqrt(2)))


def _post(gem: str, code: str, bedragen: np.ndarray, budget: float | None) -> tuple[Begrotingspost, float]:
    """A post of `lasten` and the standard deviation of its forecast."""
    n = len(bedragen)
    if n == 0:
        jt = float(budget or 0)
        return Begrotingspost(gem, code, 0.0, jt, jt, jt, budget, None if budget is None else 0.0, 0), 0.0
    rest = 12 - n
    sd = float(np.std(bedragen, ddof=1)) * math.sqrt(rest) if n > 1 else 0.0
    jt = float(bedragen.sum() + bedragen.mean() * rest)
    return Begrotingspost(gem, code, float(bedragen.sum()), jt, jt - Z_80 * sd, jt + Z_80 * sd, budget,
                          _kans(jt, sd, budget), n), sd


def _declaraties(p: Post, maand: int) -> Begrotingspost:
    return Begrotingspost(p.gemeentecode, DECLARATIES, p.gerealiseerd, p.jaartotaal, p.ondergrens, p.bovengrens,
                          p.budget, p.kans_overschrijding, maand)


def _totaal(b: Burap, claims: Post, posten: list[tuple[Begrotingspost, float]]) -> Begrotingspost:
    lasten = sum(p.jaartotaal for p, _ in posten)
    spreiding = sum(sd ** 2 for _, sd in posten) * Z_80 ** 2
    jt = claims.jaartotaal + lasten
    onder = jt - math.sqrt((claims.jaartotaal - claims.ondergrens) ** 2 + spreiding)
    boven = jt + math.sqrt((claims.bovengrens - claims.jaartotaal) ** 2 + spreiding)
    budgetten = [claims.budget, *(p.budget for p, _ in posten)]
    budget = None if any(x is None for x in budgetten) else float(sum(budgetten))
    kans = b.leerstof.kans_boven(claims.jaartotaal, budget - lasten) if budget is not None else None
    return Begrotingspost(claims.gemeentecode, TOTAAL, claims.gerealiseerd + sum(p.gerealiseerd for p, _ in posten),
                          jt, onder, boven, budget, kans, b.maand)


def hele_begroting(b: Burap, lasten: Lasten) -> list[Begrotingspost]:
    """Per municipality, then for the region: the claims, every post of `lasten`, and the whole."""
    uit = []
    per_gemeente = {g: d for g, d in lasten.geboekt.groupby("gemeentecode")}
    regio: dict[str, list[tuple[Begrotingspost, float]]] = {c: [] for c in lasten.posten}
    for claims in (p for p in b.posten if p.niveau == "gemeente"):
        gem = claims.gemeentecode
        d = per_gemeente.get(gem, lasten.geboekt.iloc[:0])
        posten = []
        for code in lasten.posten:
            maanden = d[d.postcode == code].sort_values("maand").bedrag_cent.to_numpy(dtype=float)
            posten.append(_post(gem, code, maanden, lasten.budgetten.get((gem, code))))
            regio[code].append(posten[-1])
        uit += [_declaraties(claims, b.maand), *(p for p, _ in posten), _totaal(b, claims, posten)]
    claims = next(p for p in b.posten if p.niveau == "regio")
    posten = [_regiopost(code, delen) for code, delen in regio.items()]
    return uit + [_declaraties(claims, b.maand), *(p for p, _ in posten), _totaal(b, claims, posten)]


def _regiopost(code: str, delen: list[tuple[Begrotingspost, float]]) -> tuple[Begrotingspost, float]:
    """A post for the region: the municipalities' sums, their spreads added in quadrature."""
    sd = math.sqrt(sum(s ** 2 for _, s in delen))
    jt = sum(p.jaartotaal for p, _ in delen)
    budgetten = [p.budget for p, _ in delen]
    budget = None if not delen or any(x is None for x in budgetten) else float(sum(budgetten))
    return Begrotingspost(None, code, sum(p.gerealiseerd for p, _ in delen), jt, jt - Z_80 * sd, jt + Z_80 * sd,
                          budget, _kans(jt, sd, budget), max((p.maanden for p, _ in delen), default=0)), sd
