"""The completion of late claims on its own, for the reports: per service month up to the
peildatum and per municipality × segment, what was claimed so far ("gedeclareerd"), the expected
final cost ("verwacht": the chain ladder for mature months, Bornhuetter–Ferguson with the seasonal
time series as prior for the youngest) and the share of it claimed so far.

It needs the claims only (`Gegevens.haal(..., trajecten=False)`), not the bottom-up model, and
takes milliseconds once they are fetched. Its expected cost is the year-end forecast's time-series
completion (`raming.stand`) for the same months.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.analyses.prognose.raming import stand
from stuurwiel.analyses.prognose.rekenen import deel


def aanvulling(g: Gegevens) -> pd.DataFrame:
    """One row per municipality × segment (of the peildatum's year) × service month up to the
    peildatum: gemeentecode, segmentcode, maand (the first of the month), gedeclareerd, verwacht
    (eurocent) and aandeel (gedeclareerd / verwacht; NaN where nothing is expected)."""
    st = stand(g, g.laatste_maand, g.peildatum.year, 0)
    verwacht = st.verwacht(st.tijdreeks)
    gemeenten, segmenten, maanden = verwacht.shape
    gem, seg, maand = np.meshgrid(np.arange(gemeenten), np.arange(segmenten), np.arange(maanden), indexing="ij")
    eerste = [dt.date((g.t0 + m) // 12, (g.t0 + m) % 12 + 1, 1) for m in range(maanden)]
    return pd.DataFrame({
        "gemeentecode": np.array(g.gemeenten)[gem.ravel()], "segmentcode": np.array(st.segmenten)[seg.ravel()],
        "maand": np.array(eerste)[maand.ravel()], "gedeclareerd": st.gedeclareerd.ravel(),
        "verwacht": verwacht.ravel(), "aandeel": deel(st.gedeclareerd, verwacht, np.nan).ravel(),
    })
