"""The upper limits every table is made of: binomial (attribute sampling, AICPA appendix A) and
Poisson (monetary unit sampling, AICPA appendix C), exact from the distributions.

Rates are fractions (0.05 is 5 %), risks too. The tables round an upper limit *up* (a limit must
never read lower than it is); `omhoog` does so on the exact value, not on a float that happens to
lie a hair above a round number.
"""

from __future__ import annotations

import math
from fractions import Fraction


def bovengrens_binomiaal(omvang: int, afwijkingen: int, risico: float) -> float:
    """The one-sided upper limit of the deviation rate (Clopper-Pearson): the rate p at which
    finding `afwijkingen` or fewer in `omvang` has probability `risico`."""
    from scipy.stats import beta

    if not 0 <= afwijkingen < omvang:
        raise ValueError("het aantal afwijkingen ligt tussen 0 en de omvang van de steekproef")
    return float(beta.ppf(1 - risico, afwijkingen + 1, omvang - afwijkingen))


def overschrijdingskans(omvang: int, afwijkingen: int, tolerantie: float) -> float:
    """P(X <= afwijkingen) for X ~ Binomial(omvang, tolerantie): the risk of accepting a population
    whose rate is the tolerable rate."""
    from scipy.stats import binom

    return float(binom.cdf(afwijkingen, omvang, tolerantie))


def poissonfactor(fouten: float, risico: float) -> float:
    """The Poisson (gamma) upper limit of the expected number of misstatements after `fouten` of
    them (the confidence factor R of monetary unit sampling: 3.00 at 5 % and none, 2.31 at 10 %);
    `fouten` may be a sum of taints, as in planning with an expected misstatement."""
    from scipy.stats import gamma

    return float(gamma.ppf(1 - risico, fouten + 1))


def omhoog(waarde: float | Fraction, decimalen: int) -> float:
    """Rounded up to `decimalen`, as the published tables round an upper limit. A float within
    1e-9 of a step counts as on it (11.3000000001 % reads 11.3 %, as the exact value does)."""
    schaal = 10 ** decimalen
    if isinstance(waarde, Fraction):
        return math.ceil(waarde * schaal) / schaal
    return math.ceil(round(waarde * schaal, 9)) / schaal


def fractie(procent: float | str | Fraction) -> Fraction:
    """A percentage as people type it (5, 0.25, '1,5') as an exact fraction: 0.035 × 400 must be 14
    deviations, not 14.000000000000002 (which a float makes 15, and the sample 23 lines larger)."""
    if isinstance(procent, Fraction):
        return procent / 100
    return Fraction(str(procent).replace(",", ".")) / 100
