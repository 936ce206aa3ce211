"""The back-test of the annual budget model: every year forecast from the years before it, against
its realised spending, next to the municipalities' own budgets and a naive forecast (the last
realised amount times 1 + the median growth of all municipalities in that year)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose.begroting import GeenPrognose, voorspel
from stuurwiel.invoer.reeks import Reeks


@dataclass(frozen=True)
class Toets:
    achterstand: int  # the target year minus the last realised year used
    tabel: pd.DataFrame  # per year and "totaal": n, mediane fout, scheefheid, dekking (percent)
    overgeslagen: tuple[int, ...] = ()  # years that could not be forecast
    buiten_vergelijking: int = 0  # realised values forecast, but without an own budget or a naive forecast
    zonder_prognose: int = 0  # realised values without a forecast (no history and no budget)


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
    df = reeks.bedragen
    per_jaar, overgeslagen, buiten, zonder = [], [], 0, 0
    for doeljaar in jaren:
        try:
            p = voorspel(reeks, doeljaar, doeljaar - achterstand)
        except GeenPrognose:
            overgeslagen.append(doeljaar)
            continue
        echt = df[(df.soort == "jaarrekening") & (df.jaar == doeljaar)].set_index("gemeentecode").bedrag
        voorspeld = p.tabel.set_index("gemeentecode")[["prognose", "laag", "hoog", "begroting"]]
        d = pd.DataFrame({"echt": echt}).join(voorspeld)
        d["naief"] = p.naief.reindex(d.index)
        vergelijk = d.dropna(subset=None if d.begroting.notna().any() else ["prognose", "naief"])
        zonder += int(d.prognose.isna().sum())
        buiten += int(d.prognose.notna().sum()) - len(vergelijk)
        per_jaar.append(vergelijk.assign(jaar=str(doeljaar)))
    alles = pd.concat(per_jaar) if per_jaar else pd.DataFrame()
    rijen = [_maten(j, d) for j, d in alles.groupby("jaar")] + [_maten("totaal", alles)] if len(alles) else []
    return Toets(achterstand, pd.DataFrame(rijen), tuple(overgeslagen), buiten, zonder)


def _maten(jaar: str, d: pd.DataFrame) -> dict:
    def fout(kolom: str) -> pd.Series:
        return ((d[kolom] / d.echt - 1) * 100).dropna()

    def mediaan(x: pd.Series) -> float:
        return float(x.median()) if len(x) else np.nan

    return {"jaar": jaar, "n": len(d),
            "mediane_fout": mediaan(fout("prognose").abs()), "scheefheid": mediaan(fout("prognose")),
            "dekking": ((d.laag <= d.echt) & (d.echt <= d.hoog)).mean() * 100,
            "begroting_mediane_fout": mediaan(fout("begroting").abs()),
            "begroting_scheefheid": mediaan(fout("begroting")),
            "naief_mediane_fout": mediaan(fout("naief").abs()), "naief_scheefheid": mediaan(fout("naief"))}
