"""Sample sizes: attribute sampling (binomial, AICPA tables A-1 and A-2) and monetary unit sampling
(Poisson, AICPA table C-1, Touw & Hoogduin).

Attribute sampling: the smallest n whose upper deviation limit, at the deviations expected in that
sample (the expected rate × n, rounded up: the number in parentheses in the tables), stays within
the tolerable rate at the risk of overreliance. Monetary unit sampling: the smallest n whose Poisson
upper limit at the expected misstatement (the sum of taints expected in that sample, which need not
be whole) stays within the materiality, both as a share of the population. Percentages arrive as
exact fractions (`grenzen.fractie`), so the expected deviations are counted exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# the rows and columns of AICPA tables A-1 and A-2 (percent)
VERWACHT_ATTRIBUUT = tuple(Fraction(k, 4) for k in range(17)) + tuple(
    Fraction(p) for p in ("5", "6", "7", "8", "9", "10", "12.5", "15", "17.5"))
TOLERANTIE_ATTRIBUUT = (2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
# the columns of AICPA table C-1: tolerable misstatement as percent of the population, and the rows:
# the ratio of expected to tolerable misstatement
TOLERANTIE_MUS = (50, 30, 10, 8, 6, 5, 4, 3, 2, 1, Fraction(1, 2))
VERHOUDING_MUS = (0, Fraction(1, 10), Fraction(1, 5), Fraction(3, 10), Fraction(2, 5), Fraction(1, 2),
                  Fraction(3, 5))
TE_GROOT = 2_000  # tables print '*' beyond this: too large to be cost-effective
ZOEKGRENS = 100_000  # no size is sought beyond this


class GeenOmvang(ValueError):
    """No sample can show what is asked (the expected rate reaches the tolerable rate)."""


@dataclass(frozen=True)
class Omvang:
    omvang: int
    verwacht: Fraction  # deviations (attribute) or sum of taints (MUS) expected in the sample


def attribuut(risico: Fraction, tolerantie: Fraction, verwacht: Fraction = Fraction(0), *,
              afwijkingen: int | None = None) -> Omvang:
    """The attribute sample size. `verwacht` is the expected deviation rate; or give the expected
    number of `afwijkingen` itself (Touw & Hoogduin's tables in chapter 5 do)."""
    import numpy as np
    from scipy.stats import binom

    if not 0 < tolerantie < 1 or not 0 < risico < 1:
        raise GeenOmvang("de tolerantie en het risico liggen tussen 0 en 100 %")
    if verwacht >= tolerantie:
        raise GeenOmvang("het verwachte afwijkingspercentage moet lager zijn dan het toelaatbare")
    def verwachte(n):  # ceil(verwacht × n), in integers: exact
        if afwijkingen is not None:
            return np.full_like(n, afwijkingen)
        return -((-verwacht.numerator * n) // verwacht.denominator)

    def geldig(n):
        k = verwachte(n)
        return (k < n) & (binom.cdf(k, n, float(tolerantie)) <= float(risico))

    omvang = _kleinste(geldig)
    return Omvang(omvang, Fraction(int(verwachte(np.array([omvang]))[0])))


def mus(risico: Fraction, populatie: Fraction, materialiteit: Fraction, verwacht: Fraction = Fraction(0)) -> Omvang:
    """The monetary unit sample size for a population value, the materiality (tolerable
    misstatement) and the expected misstatement, all amounts in the same unit."""
    from scipy.stats import gamma

    if populatie <= 0 or not 0 < materialiteit <= populatie:
        raise GeenOmvang("de materialiteit ligt tussen 0 en de waarde van de populatie")
    if not 0 < risico < 1:
        raise GeenOmvang("het risico ligt tussen 0 en 100 %")
    if not 0 <= verwacht < materialiteit:
        raise GeenOmvang("de verwachte fout moet kleiner zijn dan de materialiteit")
    tolerantie, fout = materialiteit / populatie, verwacht / populatie
    omvang = _kleinste(lambda n: gamma.ppf(1 - float(risico), n * float(fout) + 1) <= n * float(tolerantie))
    return Omvang(omvang, omvang * fout)


def _kleinste(geldig) -> int:
    """The smallest n in 1 … ZOEKGRENS for which the vectorised condition holds, sought in growing
    blocks (the condition is not monotone in n: the expected deviations jump at whole numbers)."""
    import numpy as np

    van = 1
    for tot in (256, 4_096, ZOEKGRENS):
        n = np.arange(van, tot + 1)
        treffers = np.flatnonzero(geldig(n))
        if treffers.size:
            return int(n[treffers[0]])
        van = tot + 1
    raise GeenOmvang(f"geen steekproef tot {ZOEKGRENS} posten volstaat")


def raster_attribuut(risico: Fraction) -> list[tuple[Fraction, list[Omvang | None]]]:
    """The whole table A-1 (risk 5 %) or A-2 (10 %), or the same grid at any risk: per expected rate,
    per tolerable rate the size and its expected deviations; None where the tables print '*'."""
    rijen = []
    for verwacht in VERWACHT_ATTRIBUUT:
        cellen: list[Omvang | None] = []
        for tolerantie in TOLERANTIE_ATTRIBUUT:
            cellen.append(_cel(lambda v=verwacht, t=tolerantie: attribuut(risico, Fraction(t, 100), v / 100),
                               TE_GROOT))
        rijen.append((verwacht, cellen))
    return rijen


def raster_mus(risico: Fraction) -> list[tuple[Fraction, list[Omvang | None]]]:
    """Table C-1's rows for one risk of incorrect acceptance: per ratio of expected to tolerable
    misstatement, per tolerable misstatement (percent of the population) the size."""
    rijen = []
    for verhouding in VERHOUDING_MUS:
        cellen: list[Omvang | None] = []
        for tolerantie in TOLERANTIE_MUS:
            t = Fraction(tolerantie)
            cellen.append(_cel(lambda t=t, v=verhouding: mus(risico, Fraction(100), t, t * v), ZOEKGRENS))
        rijen.append((Fraction(verhouding), cellen))
    return rijen


def _cel(bereken, grens: int) -> Omvang | None:
    try:
        o = bereken()
    except GeenOmvang:
        return None
    return o if o.omvang <= grens else None
