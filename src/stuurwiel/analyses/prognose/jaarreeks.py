"""The annual series from the store, for the budget model: realised cost per municipality and
realised year (the catalogue measure `kosten`) and budgets (the measure `budget`), in euros."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from stuurwiel.analyses.prognose.begroting import GeenPrognose
from stuurwiel.begrippen.periode import jaar as jaar_periode
from stuurwiel.invoer.reeks import Reeks, zonder_lege
from stuurwiel.maten.catalogus import meet
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag


def gerealiseerde_jaren(eerste: dt.date, stand: dt.date, vandaag: dt.date) -> list[int]:
    """Claims arrive months late: a year counts as realised once it is over and claims were
    received up to at least three months after it (the latest claim date on or after 1 April)."""
    return [j for j in range(eerste.year, stand.year + 1)
            if dt.date(j, 12, 31) < vandaag and stand >= dt.date(j + 1, 4, 1)]


def reeks_uit_opslag(opslag: Opslag, doeljaar: int, vandaag: dt.date | None = None) -> Reeks:
    """Realised = the catalogue measure `kosten` per municipality and realised year; budget = the
    measure `budget`. Amounts in euros."""
    eerste, stand = opslag.rijen("SELECT min(periode_begin), max(declaratiedatum) FROM declaratieregel")[0]
    if stand is None:
        raise GeenPrognose(f"{opslag.url} bevat nog geen declaraties")
    realisatie = gerealiseerde_jaren(eerste, stand, vandaag or dt.date.today())
    if not realisatie:
        raise GeenPrognose(f"nog geen volledig gerealiseerd jaar: de laatste declaratiedatum is {stand.isoformat()}")
    delen = [meet(opslag, "kosten", [jaar_periode(j) for j in realisatie], ["gemeente"]).assign(soort="jaarrekening"),
             meet(opslag, "budget", [jaar_periode(j) for j in range(eerste.year, max(doeljaar, eerste.year) + 1)],
                  ["gemeente"]).assign(soort="begroting")]
    df = pd.concat(delen, ignore_index=True)
    bedragen = pd.DataFrame({"gemeentecode": df.gemeentecode, "jaar": df.periode.astype(int), "soort": df.soort,
                             "bedrag": df.waarde.astype(float) / 100})
    bedragen, opmerkingen = zonder_lege(bedragen)
    regel = (f"Gerealiseerd: {realisatie[0]}–{realisatie[-1]} (een jaar telt als het voorbij is en er tot ten minste "
             f"1 april van het jaar erna gedeclareerd is; laatste declaratiedatum {stand.isoformat()}).")
    return Reeks(bedragen, namen(opslag, "gemeente"), opslag.url,
                 "gedeclareerde kosten (maat kosten) en budgetten (maat budget) uit de database, in euro's",
                 (regel, *opmerkingen))
