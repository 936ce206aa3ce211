"""Disclosure control: what a user without case-level rights may see of a measure.

Every measure in the catalogue has a privacy class:
- `personen`: a count of young people, trajectories or registrations. Rounded to a multiple of
  `afronding` (half up: 12 → 10, 13 → 15) and, from 1 to below `drempel`, not shown at all
  ("<8"). A true zero is shown: nobody is recognisable in an empty group.
- `afgeleid`: a share, rate or average over people (uitval, per 1.000 jeugdigen, kosten per
  cliënt). Shown unrounded, but not when it rests on 1 to fewer than `drempel` people (`basis`);
  over nobody it has no value (empty, not suppressed). Its suppression reads "–*", never "<8",
  which would read as a count.
- `openbaar`: amounts, population figures and properties of providers. Not suppressed.

The settings come from the region config (`privacy.afronding`, `privacy.drempel`, CBS-like 5
and 8 by default). Suppression is applied in one place, `onderdruk`, called by the catalogue's
query entry point (`maten.catalogus.meet`), so every output shows the same figures.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from stuurwiel.config.regio import Privacy

PERSONEN, AFGELEID, OPENBAAR = "personen", "afgeleid", "openbaar"
KLASSEN = {
    PERSONEN: "aantal personen of trajecten: afgerond op de afronding, onder de drempel niet getoond",
    AFGELEID: "verhouding of gemiddelde over personen: niet getoond als die op minder personen dan de "
              "drempel berust",
    OPENBAAR: "bedragen, bevolking en kenmerken van aanbieders: niet onderdrukt",
}


def rond_af(n: float, afronding: int) -> int:
    """Round half up to a multiple of `afronding` (Python's round() would round half to even)."""
    return int(afronding * math.floor(n / afronding + 0.5))


def onderdruk(df: pd.DataFrame, klasse: str, privacy: Privacy) -> pd.DataFrame:
    """Apply the class's rule to a measure frame (`waarde`, optionally `basis`); adds the boolean
    `onderdrukt` and drops `basis`, which is itself a count of people."""
    if klasse not in KLASSEN:
        raise ValueError(f"onbekende privacyklasse '{klasse}'")
    uit = df.copy()
    if klasse == PERSONEN:
        klein = uit.waarde.isna() | ((uit.waarde > 0) & (uit.waarde < privacy.drempel))
        uit["waarde"] = [None if k else rond_af(w, privacy.afronding) for w, k in zip(uit.waarde, klein)]
        uit["waarde"] = uit.waarde.astype("Int64")
    elif klasse == AFGELEID:
        klein = uit.basis.isna() | ((uit.basis > 0) & (uit.basis < privacy.drempel))
        uit["waarde"] = uit.waarde.where(~klein, np.nan).astype("float64")
    else:
        klein = pd.Series(False, index=uit.index)
    uit["onderdrukt"] = klein.astype(bool).to_numpy()
    return uit.drop(columns=["basis"], errors="ignore")


def verborgen(privacy: Privacy) -> str:
    """How a suppressed figure is shown: '<8'."""
    return f"<{privacy.drempel}"
