"""Randomness: one independent, named stream per part of the simulation, and vectorised draws.

Every stream is derived from the seed and a fixed name (crc32, never Python's salted hash), so
a run is byte-for-byte reproducible and changing one part does not reshuffle the others.
"""

from __future__ import annotations

import zlib

import numpy as np


def stroom(seed: int, *naam: str | int) -> np.random.Generator:
    delen = [zlib.crc32(str(n).encode()) for n in naam]
    return np.random.default_rng(np.random.SeedSequence([seed, *delen]))


def kies_per_groep(rng: np.random.Generator, kansen: np.ndarray, groep: np.ndarray) -> np.ndarray:
    """For each row i a category drawn from the distribution kansen[groep[i]] (rows sum to 1).

    One searchsorted over the concatenated cumulative distributions, each shifted by its row
    number so they form one increasing sequence."""
    kansen = np.asarray(kansen, dtype=float)
    rijen, k = kansen.shape
    cumulatief = np.cumsum(kansen / kansen.sum(axis=1, keepdims=True), axis=1)
    cumulatief[:, -1] = 1.0
    vlak = (cumulatief + np.arange(rijen)[:, None]).ravel()
    u = rng.random(len(groep)) * (1 - 1e-12) + groep
    idx = np.searchsorted(vlak, u, side="right")
    return np.minimum(idx - groep * k, k - 1)


def kies_gestratificeerd(rng: np.random.Generator, kansen: np.ndarray, groep: np.ndarray) -> np.ndarray:
    """Like kies_per_groep, but each group's draws are spread evenly over its distribution
    (systematic sampling in random order): counts per category stay close to n * p, which keeps
    small municipalities from swinging on a handful of unlucky draws."""
    n = len(groep)
    if not n:
        return np.zeros(0, dtype=np.int64)
    volgorde = np.lexsort((rng.random(n), groep))
    grootte = np.bincount(groep, minlength=len(kansen))
    eerste = np.cumsum(grootte) - grootte
    rang = np.empty(n, dtype=np.int64)
    rang[volgorde] = np.arange(n) - eerste[groep[volgorde]]
    u = (rang + rng.random(len(kansen))[groep]) / grootte[groep]
    kansen = np.asarray(kansen, dtype=float)
    k = kansen.shape[1]
    cumulatief = np.cumsum(kansen / kansen.sum(axis=1, keepdims=True), axis=1)
    cumulatief[:, -1] = 1.0
    vlak = (cumulatief + np.arange(len(kansen))[:, None]).ravel()
    idx = np.searchsorted(vlak, np.minimum(u, 1 - 1e-12) + groep, side="right")
    return np.minimum(idx - groep * k, k - 1)


def kies(rng: np.random.Generator, kansen: np.ndarray | list[float], n: int) -> np.ndarray:
    kansen = np.asarray(kansen, dtype=float)
    return kies_per_groep(rng, kansen[None, :], np.zeros(n, dtype=np.int64))


def lognormaal(rng: np.random.Generator, mediaan: np.ndarray | float, sigma: np.ndarray | float,
               n: int) -> np.ndarray:
    return np.asarray(mediaan) * np.exp(np.asarray(sigma) * rng.standard_normal(n))


def bereik(starts: np.ndarray, lengtes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expand (start, length) pairs to (owner index, value) rows: start, start+1, ... per owner."""
    lengtes = np.asarray(lengtes, dtype=np.int64)
    eigenaar = np.repeat(np.arange(len(lengtes)), lengtes)
    verschuiving = np.arange(len(eigenaar)) - np.repeat(np.cumsum(lengtes) - lengtes, lengtes)
    return eigenaar, np.asarray(starts)[eigenaar] + verschuiving

