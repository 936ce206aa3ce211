"""Small array operations the forecast models share."""

from __future__ import annotations

import numpy as np


def deel(teller: np.ndarray, noemer: np.ndarray, anders: float = 0.0) -> np.ndarray:
    """teller / noemer where the noemer is positive, `anders` elsewhere."""
    return np.where(noemer > 0, teller / np.where(noemer > 0, noemer, 1.0), anders)


def naar_segment(x: np.ndarray, seg: np.ndarray, segmenten: int, as_: int = 0) -> np.ndarray:
    """Sum the product axis `as_` of x into segments (products without a segment that year drop out)."""
    vorm = list(x.shape)
    vorm[as_] = segmenten
    uit = np.zeros(vorm)
    for p, s in enumerate(seg):
        if s >= 0:
            uit[(slice(None),) * as_ + (s,)] += np.take(x, p, axis=as_)
    return uit


def verleng(x: np.ndarray, lengte: int, vul: float = 0.0) -> np.ndarray:
    """Pad the month axis (the last) to `lengte`."""
    extra = lengte - x.shape[-1]
    return np.concatenate([x, np.full(x.shape[:-1] + (extra,), vul)], axis=-1) if extra > 0 else x
