"""Budgets per municipality, segment and year, set below the realised cost like real budgets."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from stuurwiel.config.regio import Regio
from stuurwiel.synth.kalibratie import BUDGET_FACTOR_BAND, BUDGET_FACTOR_GEMIDDELD, BUDGET_FACTOR_SPREIDING


def per_jaar(kosten: np.ndarray) -> np.ndarray:
    """[gemeente, segment, maand] -> [gemeente, segment, jaar]."""
    g, s, m = kosten.shape
    return kosten.reshape(g, s, m // 12, 12).sum(axis=3)


def budgetten(rng: np.random.Generator, regio: Regio, jaren: range, kosten: np.ndarray, bekend: range) -> pa.Table:
    """kosten: final cost [gemeente, segment, maand] in eurocent. Budgets are whole thousands of euros;
    only the years in `bekend` (set by the peildatum) are written."""
    jaarkosten = per_jaar(kosten)
    factor = np.clip(rng.normal(BUDGET_FACTOR_GEMIDDELD, BUDGET_FACTOR_SPREIDING, jaarkosten.shape),
                     *BUDGET_FACTOR_BAND)
    budget = np.round(jaarkosten * factor / 100_000).astype(np.int64) * 100_000
    geldig = np.array([[s.van <= dt.date(j, 12, 31) and s.tot >= dt.date(j, 1, 1) and j in bekend for j in jaren]
                       for s in regio.segmenten])
    g, s, j = np.nonzero((jaarkosten > 0) & (budget > 0) & geldig[None, :, :])
    return pa.table({
        "gemeentecode": pa.array(np.array(regio.gemeente_codes)[g]),
        "jaar": pa.array(np.array(jaren)[j]),
        "segmentcode": pa.array(np.array([x.code for x in regio.segmenten])[s]),
        "budget_cent": pa.array(budget[g, s, j]),
    })
