"""Settlement between municipalities (verevening), the pure computation: who pays what of a pool.

Every amount is whole cents and every pool's contributions add up to its cost exactly. The
computation is exact (rational numbers) until the last step, which rounds by largest remainder:
each municipality gets its exact share rounded down, and the cents left over go one each to the
largest remainders; on equal remainders the lower CBS code goes first. The variants:

- `eigen`: each municipality pays its own cost (a pool of one);
- `regio`: one pool, the region's cost split by the key;
- `subregio`: a pool per subregion, its cost split by the key within the subregion;
- `verzekering`: α × own cost + (1 − α) × the key's share of the pool (the region's, or the
  subregion's with `pot: subregio`); α = 1 is `eigen`, α = 0 is the pool variant.

The *cumulatieregeling* caps what solidarity (contribution minus own cost) may add to or take from
one municipality at a percentage of its own cost, rounded down to whole cents. Who would exceed the
cap is set at it, and what that frees or lacks is spread over the others by the key; that repeats
until no one exceeds the cap (`begrens` finds the end of that repetition at once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from stuurwiel.config.verevening import Regel

REGIO = "regio"  # the name of the one regional pool


class Verdeelfout(ValueError):
    """A settlement that cannot be made as asked; the message is for the user."""


@dataclass(frozen=True)
class Deelnemer:
    gemeentecode: str
    subregio: str | None
    eigen_cent: int  # own cost (or own budget, for the advance)
    sleutel: Fraction  # the key's value for this municipality; 0 for `eigen`


def pot(d: Deelnemer, regel: Regel) -> str:
    """The pool a municipality is in under a rule."""
    gebied = {"eigen": None, "regio": REGIO, "subregio": "subregio", "verzekering": regel.pot}[regel.variant]
    if gebied is None:
        return d.gemeentecode
    if gebied == REGIO:
        return REGIO
    if not d.subregio:
        raise Verdeelfout(f"gemeente {d.gemeentecode} heeft geen subregio in regio.yaml: een pot per subregio kan "
                          "niet")
    return d.subregio


def verreken(deelnemers: Sequence[Deelnemer], regel: Regel, segment: str = "") -> list[int]:
    """The contribution of every municipality, in the order given, under `regel`."""
    potten: dict[str, list[int]] = {}
    for i, d in enumerate(deelnemers):
        potten.setdefault(pot(d, regel), []).append(i)
    uit = [0] * len(deelnemers)
    alfa = Fraction(1) if regel.variant == "eigen" else (
        Fraction(str(regel.aandeel_eigen)) if regel.variant == "verzekering" else Fraction(0))
    cumulatie = None if regel.cumulatie_procent is None else Fraction(str(regel.cumulatie_procent))
    for naam, leden in potten.items():
        bijdragen = verdeel([deelnemers[i] for i in leden], alfa, cumulatie, f"{segment}{naam}")
        for i, b in zip(leden, bijdragen, strict=True):
            uit[i] = b
    return uit


def verdeel(leden: Sequence[Deelnemer], alfa: Fraction, cumulatie: Fraction | None, naam: str = "") -> list[int]:
    """One pool: α × own cost + (1 − α) × the key's share of the pool's cost, capped, in whole cents."""
    totaal = sum(d.eigen_cent for d in leden)
    if alfa == 1:
        return [d.eigen_cent for d in leden]
    if any(d.sleutel < 0 for d in leden):
        raise Verdeelfout(f"pot {naam}: een negatieve sleutel kan niet verdelen")
    som = sum(d.sleutel for d in leden)
    if som == 0:
        if totaal == 0:
            return [d.eigen_cent for d in leden]
        raise Verdeelfout(f"pot {naam}: de sleutel is nul voor elke gemeente, de kosten zijn niet te verdelen")
    doelen = [alfa * d.eigen_cent + (1 - alfa) * totaal * d.sleutel / som for d in leden]
    if cumulatie is not None:
        doelen = begrens(leden, doelen, totaal, cumulatie, naam)
    return grootste_rest(doelen, totaal, [d.gemeentecode for d in leden])


def ruimte(eigen_cent: int, cumulatie: Fraction) -> int:
    """What solidarity may move for one municipality: the percentage of its own cost, in whole cents down."""
    return floor(abs(eigen_cent) * cumulatie / 100)


def begrens(leden: Sequence[Deelnemer], doelen: list[Fraction], totaal: int, cumulatie: Fraction,
            naam: str = "") -> list[Fraction]:
    """The cumulatieregeling, exactly: every contribution within own cost ± its cap, the sum still `totaal`.

    Who exceeds the cap is set at it and the difference is spread over the others by the key, until no
    one exceeds it: contribution_i = clip(doel_i + λ × sleutel_i, own_i − cap_i, own_i + cap_i), with
    the one shift λ that makes the pool add up (the sum is piecewise linear and rising in λ, so it is
    found between two of the points where someone reaches a cap)."""
    grenzen = [(d.eigen_cent - ruimte(d.eigen_cent, cumulatie), d.eigen_cent + ruimte(d.eigen_cent, cumulatie))
               for d in leden]

    def bij(verschuiving: Fraction) -> list[Fraction]:
        return [min(max(doel + verschuiving * d.sleutel, onder), boven)
                for doel, d, (onder, boven) in zip(doelen, leden, grenzen, strict=True)]

    punten = sorted({Fraction(g - doel) / d.sleutel for doel, d, gs in zip(doelen, leden, grenzen, strict=True)
                     if d.sleutel > 0 for g in gs})
    sommen = [sum(bij(p)) for p in punten]
    for (p, s), (q, t) in zip(zip(punten, sommen), zip(punten[1:], sommen[1:])):
        if s <= totaal <= t:
            return bij(p if t == s else p + (totaal - s) * (q - p) / (t - s))
    if punten and sommen[0] == totaal:
        return bij(punten[0])
    raise Verdeelfout(f"pot {naam}: de cumulatieregeling laat geen verdeling toe die optelt tot de kosten")


def grootste_rest(doelen: Sequence[Fraction], totaal: int, codes: Sequence[str]) -> list[int]:
    """Whole cents that add up to `totaal` (the exact sum of `doelen`): each rounded down, the cents left
    over to the largest remainders, on equal remainders to the lower code first."""
    vloer = [floor(d) for d in doelen]
    over = totaal - sum(vloer)
    if not 0 <= over <= len(doelen):
        raise AssertionError(f"de delen tellen niet op tot het totaal ({over} cent over)")
    volgorde = sorted(range(len(doelen)), key=lambda i: (-(doelen[i] - vloer[i]), codes[i]))
    for i in volgorde[:over]:
        vloer[i] += 1
    return vloer
