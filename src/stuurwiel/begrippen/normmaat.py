"""What the normenkader measures, on whole columns of dates (numpy datetime64[D]): a duration of
whole months from a start date and the part of the next, and an iJw omvang as units per day.

The analysis that checks the norms (analyses/normen.py) and the synthetic region's ground truth
(synth/normen.py) count alike with these.
"""

from __future__ import annotations

import numpy as np

MAAND_DAGEN = 365.25 / 12
PER_DAG = {"1": 1.0, "2": 1 / 7, "4": 1 / MAAND_DAGEN}  # one per dag, per week, per maand, in days' share
TOTAAL = "6"  # Frequentie: in total over the allocation


def plus_maanden(datum: np.ndarray, maanden: np.ndarray) -> np.ndarray:
    """The date so many months later, on the same day of the month or else that month's last day."""
    maand = datum.astype("datetime64[M]")
    dag = (datum - maand.astype("datetime64[D]")).astype(np.int64)
    doel = maand + np.asarray(maanden, dtype=np.int64)
    lengte = ((doel + 1).astype("datetime64[D]") - doel.astype("datetime64[D]")).astype(np.int64)
    return doel.astype("datetime64[D]") + np.minimum(dag, lengte - 1)


def normeinde(begin: np.ndarray, maanden: np.ndarray) -> np.ndarray:
    """The last day of a duration of so many months from `begin`: `begin` + months − 1 day."""
    return plus_maanden(begin, maanden) - np.timedelta64(1, "D")


def duur_in_maanden(begin: np.ndarray, eind: np.ndarray) -> np.ndarray:
    """From `begin` to `eind` (inclusive) in months: the whole months, plus the part of the next; more
    than n exactly when `eind` lies after normeinde(begin, n)."""
    m = (eind.astype("datetime64[M]") - begin.astype("datetime64[M]")).astype(np.int64) + 1
    for _ in range(3):  # the estimate is at most two months too many
        m = np.where(normeinde(begin, m) > eind, m - 1, m)
    grens, volgende = normeinde(begin, m), normeinde(begin, m + 1)
    return m + (eind - grens).astype(np.int64) / (volgende - grens).astype(np.int64)


def dagen_in_maand(maand: np.ndarray) -> np.ndarray:
    m = maand.astype("datetime64[M]")
    return ((m + 1).astype("datetime64[D]") - m.astype("datetime64[D]")).astype(np.int64)


def per_dag(volume: np.ndarray, frequentie: np.ndarray, dagen: np.ndarray) -> np.ndarray:
    """An omvang as units per day: per dag, week or maand, or a total over `dagen` days (NaN for an
    unknown frequency or a total without days)."""
    frequentie = np.asarray(frequentie, dtype=object)
    factor = np.array([PER_DAG.get(f, np.nan) for f in frequentie], dtype=float)
    return np.where(frequentie == TOTAAL, np.asarray(volume, dtype=float) / dagen, np.asarray(volume) * factor)


def in_frequentie(per_dag_: np.ndarray, frequentie: np.ndarray, dagen: np.ndarray) -> np.ndarray:
    """Units per day in the terms of a frequency: per dag, week or maand, or the total over `dagen` days."""
    frequentie = np.asarray(frequentie, dtype=object)
    factor = np.array([PER_DAG.get(f, np.nan) for f in frequentie], dtype=float)
    return np.where(frequentie == TOTAAL, per_dag_ * dagen, per_dag_ / factor)
