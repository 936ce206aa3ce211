"""The back-test of the annual budget model: every year forecast from the years before it, against
its realised spending, next to the municipalities' own budgets, a naive forecast (the last
realised amount times 1 + the median growth of all municipalities in that year) and the model
without its calibration (the rule as it was before, `oud`). It runs on the forecasts' one
back-test orchestrator (toets.py), its moments the target years.

`achterstand` is the target year minus the last realised year used. At 2 the back-test knows what
a municipality knows when it makes its budget: the budget for T is adopted in the autumn of T − 1,
and the realised spending of T − 1 reaches Iv3 only with the annual accounts (jaarrekening), sent
to CBS by 15 July of T. At 1 it is the forecast after those accounts (the spring memorandum and
first burap of T)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose.begroting import GeenPrognose, voorspel
from stuurwiel.analyses.prognose.toets import binnen, mediane_fout, terugtoets
from stuurwiel.invoer.reeks import Reeks


@dataclass(frozen=True)
class Toets:
    achterstand: int  # the target year minus the last realised year used
    tabel: pd.DataFrame  # per year and "totaal": n, mediane fout, scheefheid, dekking (percent), per method
    overgeslagen: tuple[int, ...] = ()  # years that could not be forecast
    buiten_vergelijking: int = 0  # realised values forecast, but without an own budget or a naive forecast
    zonder_prognose: int = 0  # realised values without a forecast (no history and no budget)
    gevallen: pd.DataFrame | None = None  # per year and municipality: outcome, every forecast, the intervals


def toetsjaren(reeks: Reeks, achterstand: int, tot: int | None = None) -> list[int]:
    """The realised years a back-test at this horizon can forecast: the year before the last
    realised year used must have a shared growth."""
    realisatie = [j for j in reeks.jaren("jaarrekening") if tot is None or j <= tot]
    return list(range(realisatie[0] + 1 + achterstand, realisatie[-1] + 1)) if realisatie else []


def toets(reeks: Reeks, jaren: list[int], achterstand: int = 1) -> Toets:
    """Forecast each year from the realised years up to `achterstand` years before it (and the
    budgets up to it), for every municipality with a realised value; compare with the own budget
    and the naive forecast on the municipalities that have all three (a series without budgets:
    with the naive forecast alone)."""
    alles, overgeslagen = terugtoets(jaren, lambda doeljaar: _gevallen(reeks, doeljaar, achterstand))
    if alles.empty:
        return Toets(achterstand, pd.DataFrame(), tuple(overgeslagen))
    vergelijk = alles[alles.vergelijkbaar]
    rijen = [_maten(j, d) for j, d in vergelijk.groupby("jaar")] + [_maten("totaal", vergelijk)] \
        if len(vergelijk) else []
    return Toets(achterstand, pd.DataFrame(rijen), tuple(overgeslagen),
                 int((alles.prognose.notna() & ~alles.vergelijkbaar).sum()), int(alles.prognose.isna().sum()), alles)


def _gevallen(reeks: Reeks, doeljaar: int, achterstand: int) -> pd.DataFrame | None:
    """Every realised value of `doeljaar` (echt) with the forecast, its interval, the own budget and
    the naive forecast, and whether it takes part in the comparison; None without a forecast."""
    try:
        p = voorspel(reeks, doeljaar, doeljaar - achterstand)
    except GeenPrognose:
        return None
    df = reeks.bedragen
    echt = df[(df.soort == "jaarrekening") & (df.jaar == doeljaar)].set_index("gemeentecode").bedrag
    d = pd.DataFrame({"echt": echt}).join(p.tabel.set_index("gemeentecode")[["prognose", "laag", "hoog", "begroting"]])
    d["naief"] = p.naief.reindex(d.index)
    d[["oud", "oud_laag", "oud_hoog"]] = p.ongekalibreerd.reindex(d.index).to_numpy()
    nodig = d if d.begroting.notna().any() else d[["prognose", "naief"]]
    d = d.assign(jaar=str(doeljaar), vergelijkbaar=nodig.notna().all(axis=1))
    return d.rename_axis("gemeentecode").reset_index()


def _maten(jaar: str, d: pd.DataFrame) -> dict:
    def fout(kolom: str) -> float:
        return 100 * mediane_fout(d[kolom], d.echt)

    def scheef(kolom: str) -> float:
        x = ((d[kolom] / d.echt - 1) * 100).dropna()
        return float(x.median()) if len(x) else np.nan

    return {"jaar": jaar, "n": len(d), "mediane_fout": fout("prognose"), "scheefheid": scheef("prognose"),
            "dekking": binnen(d.echt, d.laag, d.hoog).mean() * 100,
            "oud_mediane_fout": fout("oud"), "oud_scheefheid": scheef("oud"),
            "oud_dekking": binnen(d.echt, d.oud_laag, d.oud_hoog).mean() * 100,
            "begroting_mediane_fout": fout("begroting"), "begroting_scheefheid": scheef("begroting"),
            "naief_mediane_fout": fout("naief"), "naief_scheefheid": scheef("naief")}
