"""Calibration of the annual budget forecast on its own out-of-sample errors (split conformal).

The budget model's rule (begroting.py) is estimated in-sample; how far it really misses only shows
on years it did not see. Before forecasting target year T from the realised years up to L, the
same rule (uncalibrated) forecasts every earlier year t with t ≤ L, at the same horizon (from the
realised years up to t − (T − L)), and is compared with t's realised amount, which is known at L.
Those past errors, all out of sample and all known when T's forecast is made, give:

- the **shift**: the median log error (outcome ÷ forecast) over those cases; it is added to every
  forecast, so a rule that was too high (or too low) in the recent past is moved back;
- the **80 % interval**: the 10th and 90th percentiles of the errors after the shift, each in units
  of its own uncalibrated interval's half-width (that width already holds size and horizon), put
  around the shifted forecast in the same units.

Without any past year that can be checked this way the forecast and interval stay uncalibrated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ONDER, BOVEN = 0.1, 0.9


@dataclass(frozen=True)
class Kalibratie:
    verschuiving: float  # the median past log error, added to every log forecast
    kwantielen: tuple[float, float]  # of the shifted past errors, in half-widths of the uncalibrated interval
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
    fout = uitkomst[ok] - voorspeld[ok]
    verschuiving = float(np.median(fout))
    score = (fout - verschuiving) / halve_breedte(onder[ok], boven[ok])
    laag, hoog = np.quantile(score, [ONDER, BOVEN])
    return Kalibratie(verschuiving, (float(min(laag, 0.0)), float(max(hoog, 0.0))), jaren, int(ok.sum()))


def pas_toe(k: Kalibratie | None, voorspeld: np.ndarray, onder: np.ndarray,
            boven: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The calibrated log forecast and interval; unchanged without a calibration."""
    if k is None:
        return voorspeld, onder, boven
    f = voorspeld + k.verschuiving
    eenheid = halve_breedte(onder, boven)
    return f, f + k.kwantielen[0] * eenheid, f + k.kwantielen[1] * eenheid
