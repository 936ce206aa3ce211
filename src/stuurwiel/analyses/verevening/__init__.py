"""Settlement between municipalities (verevening): per segment a pool shared under the region's rule
(config/verevening.py), on realised cost after year end (`nacalculatie`) or on the budgets (`voorschot`).

`rekenen.py` is the pure computation (pools, keys, the cumulatieregeling, largest-remainder cents);
`gegevens.py` reads what it needs through the metric catalogue. `vereven` gives one row per
municipality and segment: every municipality of the region takes part in every segment's pool, with
zero own cost where it had none.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from stuurwiel.analyses.verevening.gegevens import GRONDSLAGEN, eigen_kosten, gemeenten, sleutels
from stuurwiel.analyses.verevening.rekenen import Deelnemer, Verdeelfout, pot, verreken
from stuurwiel.config.verevening import Regel
from stuurwiel.opslag.database import Opslag

__all__ = ["GRONDSLAGEN", "KOLOMMEN", "Verdeelfout", "vereven"]

KOLOMMEN = ["gemeentecode", "gemeente", "subregio", "segmentcode", "pot", "regel", "eigen_kosten_cent", "sleutel",
            "bijdrage_cent", "verschil_cent"]


def vereven(opslag: Opslag, jaar: int, grondslag: str, regel_van: Callable[[str], Regel]) -> pd.DataFrame:
    """Every municipality's contribution to every segment's pool of `jaar`; `regel_van(segment)` gives
    the rule of a segment (the region's, or the command line's what-if)."""
    kosten = eigen_kosten(opslag, jaar, grondslag)
    if not kosten:
        wat = "kosten" if grondslag == "nacalculatie" else "budgetten"
        raise Verdeelfout(f"geen {wat} in {jaar}: niets te vereven")
    leden = gemeenten(opslag)
    rijen = []
    for segment in sorted({s for _, s in kosten}):
        regel = regel_van(segment)
        sleutel = sleutels(opslag, regel, jaar, segment) if regel.variant != "eigen" else {}
        deelnemers = [Deelnemer(code, subregio, kosten.get((code, segment), 0), sleutel.get(code, 0))
                      for code, _, subregio in leden]
        bijdragen = verreken(deelnemers, regel, f"{segment or 'onbekend'}/")
        for (code, naam, subregio), d, b in zip(leden, deelnemers, bijdragen, strict=True):
            rijen.append((code, naam, subregio, segment or None, pot(d, regel), regel.omschrijving, d.eigen_cent,
                          float(d.sleutel) if sleutel else None, b, b - d.eigen_cent))
    return pd.DataFrame(rijen, columns=KOLOMMEN)
