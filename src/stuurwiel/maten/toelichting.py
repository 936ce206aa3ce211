"""The story behind the figures: annotations on a measure × municipality × period.

Loaded as `toelichtingen` files (`stuurwiel toelichting laad`); the newest text for the same
measure, municipality and period counts (opslag/feiten.py). A missing municipality means the
region as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag


def toelichtingen(opslag: Opslag, perioden: Sequence[str] | None = None) -> pd.DataFrame:
    """The current annotations (maat, gemeentecode, periode, tekst, auteur), for some period labels."""
    t = feiten.actueel(opslag, "toelichting")
    if perioden:
        t = t.filter(t.periode.isin(list(perioden)))
    return t.select("maat", "gemeentecode", "periode", "tekst", "auteur").order_by(
        ["periode", "maat", "gemeentecode"]).execute()
