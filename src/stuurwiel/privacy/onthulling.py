"""Disclosure control: what a user without case-level rights may see of a measure.

Suppression is a property of the answer, not of one column: every figure shown is what the
rounded counts under it give, so no figure a user can ask for undoes the rounding of another.

Every measure in the catalogue has a privacy class:
- `personen`: a count of young people, trajectories or registrations. Rounded to a multiple of
  `afronding` (half up: 12 → 10, 13 → 15) and, from 1 to below `drempel`, not shown at all
  ("<8"). A true zero is shown: nobody is recognisable in an empty group.
- `afgeleid`: a share, rate or average over people (uitval, per 1.000 jeugdigen, kosten per
  cliënt). Not shown when it rests on 1 to fewer than `drempel` people (`basis`); over nobody it
  has no value (empty, not suppressed). A ratio whose parts are counts of people (the measure's
  `telling`: its `teller`, its `noemer` or both) is computed from those counts rounded as a count
  is, and not shown when one of them is hidden: its value times the public part gives back the
  rounded count, never the exact one. Its suppression reads "–*", never "<8", which would read as
  a count.
- `openbaar`: amounts, population figures and properties of providers. Not suppressed for being
  small.

Within a municipal account's scope, a figure that comes, outside its own municipalities, from
exactly one other municipality is that municipality's detail (`andere_gemeente`), whatever its
class; so is a cell that, with the totals beside it, would give such a figure back (`aanvullend`).
Such figures read "buiten uw bereik" (`begrippen.notatie.BEREIK`).

The settings come from the region config (`privacy.afronding`, `privacy.drempel`, CBS-like 5
and 8 by default). The catalogue's query entry point (`maten.catalogus.meet`) applies the rules, so
every output shows the same figures. docs/privacy.md says what they stop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from stuurwiel.config.regio import Privacy

PERSONEN, AFGELEID, OPENBAAR = "personen", "afgeleid", "openbaar"
KLASSEN = {
    PERSONEN: "aantal personen of trajecten: afgerond op de afronding, onder de drempel niet getoond",
    AFGELEID: "verhouding of gemiddelde over personen: niet getoond als die op minder personen dan de "
              "drempel berust; berekend uit de afgeronde aantallen",
    OPENBAAR: "bedragen, bevolking en kenmerken van aanbieders: niet onderdrukt",
}
# which parts of a ratio are counts of people (the frame's `teller` and `noemer` columns)
TELLINGEN = {"teller": ("teller",), "noemer": ("noemer",), "beide": ("teller", "noemer")}
KLEIN = "klein"  # why a figure is not shown: too few people (or BEREIK: another municipality's detail)
HULPKOLOMMEN = ["basis", "teller", "noemer"]  # counts of people themselves: never shown with suppression


def rond_af(n: float, afronding: int) -> int:
    """Round half up to a multiple of `afronding` (Python's round() would round half to even)."""
    return int(afronding * math.floor(n / afronding + 0.5))


def _rond(x: pd.Series, afronding: int) -> pd.Series:
    """`rond_af` on a column."""
    return afronding * np.floor(x.astype("float64") / afronding + 0.5)


def _klein(x: pd.Series, privacy: Privacy) -> pd.Series:
    return (x > 0) & (x < privacy.drempel)


def onderdruk(df: pd.DataFrame, klasse: str, privacy: Privacy, telling: str = "") -> pd.DataFrame:
    """Apply the class's rule to a measure frame (`waarde`, optionally `basis`, `teller`, `noemer`);
    adds the boolean `onderdrukt` and its `reden`, and drops the counts under a ratio."""
    if klasse not in KLASSEN:
        raise ValueError(f"onbekende privacyklasse '{klasse}'")
    uit = df.copy()
    if klasse == PERSONEN:
        klein = uit.waarde.isna() | _klein(uit.waarde, privacy)
        uit["waarde"] = _rond(uit.waarde, privacy.afronding).where(~klein).astype("Int64")
    elif klasse == AFGELEID:
        klein = uit.basis.isna() | _klein(uit.basis, privacy)
        factor = pd.Series(1.0, index=uit.index)
        for deel in TELLINGEN.get(telling, ()):
            exact = uit[deel].astype("float64")
            klein |= _klein(exact, privacy)
            afgerond = _rond(exact, privacy.afronding) / exact.where(exact != 0)
            factor *= afgerond.fillna(1.0) if deel == "teller" else 1 / afgerond.fillna(1.0)
        uit["waarde"] = (uit.waarde * factor).where(~klein, np.nan).astype("float64")
    else:
        klein = pd.Series(False, index=uit.index)
    uit["onderdrukt"] = klein.astype(bool).to_numpy()
    uit["reden"] = np.where(uit.onderdrukt, KLEIN, None)
    return uit.drop(columns=HULPKOLOMMEN, errors="ignore")


def andere_gemeente(df: pd.DataFrame, herkomst: pd.DataFrame, sleutels: Sequence[str],
                    eigen: frozenset[str]) -> pd.Series:
    """The rows of `df` whose figure comes, outside the municipalities `eigen`, from exactly one
    other municipality: `herkomst` is the same measure split by municipality as well, with a row
    for each municipality that has a part in a figure. Subtracting its own part, a user would have
    that municipality's figure."""
    vreemd = herkomst[~herkomst.gemeentecode.isin(eigen)]
    aantal = vreemd.groupby(list(sleutels), dropna=False).gemeentecode.nunique().rename("_vreemd").reset_index()
    n = df[list(sleutels)].merge(aantal, on=list(sleutels), how="left")["_vreemd"]
    return pd.Series((n == 1).to_numpy(), index=df.index)


def aanvullend(df: pd.DataFrame, verborgen: pd.Series, dimensies: Sequence[str]) -> pd.Series:
    """Complementary suppression: in every group of cells that differ in one dimension only (whose
    total a user can ask for), one hidden cell would follow from the total minus the others; hide
    the smallest other one too, until no group has exactly one. Returns the cells hidden."""
    verborgen = verborgen.copy()
    grootte = df.waarde.astype("float64").abs()
    groepen = [df.groupby(["periode", *(k for k in dimensies if k != d)], dropna=False).ngroup() for d in dimensies]
    for _ in range(4 * len(dimensies)):
        meer = pd.Series(False, index=df.index)
        for groep in groepen:
            kandidaat = ~verborgen & (grootte > 0) & (verborgen.groupby(groep).transform("sum") == 1)
            kleinste = grootte.where(kandidaat).groupby(groep).transform("min")
            eerste = kandidaat & (grootte == kleinste)
            meer |= eerste & (eerste.groupby(groep).cumsum() == 1)
        if not meer.any():
            break
        verborgen |= meer
    return verborgen


def verborgen(privacy: Privacy) -> str:
    """How a suppressed figure is shown: '<8'."""
    return f"<{privacy.drempel}"
