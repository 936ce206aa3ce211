"""Dates as whole numbers, so that whole columns are computed at once.

A day is an int (days since 1970-01-01, numpy datetime64[D]); a month is an int (months since
1970-01). Conversions go through numpy's datetime64, never through Python dates per row.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa


class Jaarvenster:
    """The first and last day of the requested years, for the dataclasses that hold `jaren`."""
    jaren: range

    @property
    def begin(self) -> int:
        return jaarbegin(self.jaren.start)

    @property
    def einde(self) -> int:
        return jaarbegin(self.jaren.stop) - 1


def dag(d: dt.date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def jaarbegin(jaar: int) -> int:
    return dag(dt.date(jaar, 1, 1))


def maand(dagen: np.ndarray) -> np.ndarray:
    return np.asarray(dagen, dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)


def maandbegin(maanden: np.ndarray) -> np.ndarray:
    return np.asarray(maanden, dtype="datetime64[M]").astype("datetime64[D]").astype(np.int64)


def maandeinde(maanden: np.ndarray) -> np.ndarray:
    return maandbegin(np.asarray(maanden) + 1) - 1


def dagen_in_maand(maanden: np.ndarray) -> np.ndarray:
    return maandeinde(maanden) - maandbegin(maanden) + 1


def jaar_van_maand(maanden: np.ndarray) -> np.ndarray:
    return np.asarray(maanden) // 12 + 1970


def maand_in_jaar(maanden: np.ndarray) -> np.ndarray:
    """0 = January."""
    return np.asarray(maanden) % 12


def jaar(dagen: np.ndarray) -> np.ndarray:
    return np.asarray(dagen, dtype="datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def maand_van_jaar(jaar_: int, maand_: int = 1) -> int:
    return (jaar_ - 1970) * 12 + maand_ - 1


def plus_jaren(dagen: np.ndarray, jaren: int) -> np.ndarray:
    """The same calendar day `jaren` later; 29 February becomes 28 February (as SQL engines do)."""
    d = np.asarray(dagen, dtype="datetime64[D]")
    m = d.astype("datetime64[M]")
    verschuiving = (d - m.astype("datetime64[D]")).astype(np.int64)
    doel = (m + 12 * jaren).astype(np.int64)
    return maandbegin(doel) + np.minimum(verschuiving, dagen_in_maand(doel) - 1)


def als_datum(dagen: np.ndarray) -> pa.Array:
    """Days to an Arrow date32 column (written as JJJJ-MM-DD)."""
    return pa.array(np.asarray(dagen, dtype=np.int32), pa.date32())


def datum(d: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(d))
