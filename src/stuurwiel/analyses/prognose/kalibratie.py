"""Calibration of the annual budget forecast on its own out-of-sample errors (split conformal).

The budget model's rule (begroting.py) is estimated in-sample; how far it really misses only shows
on years it did not see. Before forecasting target year T from the realised years up to L, the
same rule (uncalibrated) forecasts every earlier year t with t ≤ L, at the same horizon (from the
realised years up to t − (T − L)), and is compared with t's realised amount, which is known at L.
Those past errors, all out of sample and all known when T's forecast is made, give the **80 %
interval**: the 10th and 90th percentiles of the log errors (outcome ÷ forecast), each in units of its
own uncalibrated interval's half-width (that width already holds size and horizon), put around the
forecast in the same units. A rule that was too high in the past gets an interval reaching lower.

The forecast itself is not shifted by the past median error: that bias changes sign between
regimes (the rule was too high in 2020–2022 and, by the issue's independent check, too low in
2023–2024), so a shift chases the last regime and moved 2023 and 2024 further the wrong way.

Without any past year that can be checked this way the interval stays uncalibrated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ONDER, BOVEN = 0.1, 0.9


@dataclass(frozen=True)
class Kalibratie:
    kwantielen: tuple[float, float]  # of the past log errors, in half-widths of the uncalibrated interval
    jaren: tuple[int, ...]  # the past target years the errors come from
    gevallen: int  # the past out-of-sample forecasts they come from


def halve_breedte(onder: np.ndarray, boven: np.ndarray) -> np.ndarray:
    """Half the width of a log interval; the unit the calibrated interval is measured in."""
    return np.maximum((boven - onder) / 2, 1e-9)


def kalibreer(uitkomst: np.ndarray, voorspeld: np.ndarray, onder: np.ndarray, boven: np.ndarray,
              jaren: tuple[int, ...]) -> Kalibratie | None:
    """From past out-of-sample cases, all in logs: outcome, forecast and the uncalibrated interval.
    None without any case."""
    ok = np.isfinite(uitkomst) & np.isfinite(voorspeld) & np.isfinite(onder) & np.isfinite(boven)
    if not ok.any():
        return None
    score = (uitkomst[ok] - voorspeld[ok]) / halve_breedte(onder[ok], boven[ok])
    laag, hoog = np.quantile(score, [ONDER, BOVEN])
    return Kalibratie((float(min(laag, 0.0)), float(max(hoog, 0.0))), jaren, int(ok.sum()))


def pas_toe(k: Kalibratie | None, voorspeld: np.ndarray, onder: np.ndarray,
            boven: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The log forecast with its calibrated interval; unchanged without a calibration."""
    if k is None:
        return voorspeld, onder, boven
    eenheid = halve_breedte(onder, boven)
    return voorspeld, voorspeld + k.kwantielen[0] * eenheid, voorspeld + k.kwantielen[1] * eenheid
