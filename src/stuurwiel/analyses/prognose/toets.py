"""The back-test: every forecast as it would have been made at earlier moments, with only what was
known then, against the outcome as known now.

`terugtoets` is the one orchestrator for every forecast of Stuurwiel: it makes the forecast at
each moment and stacks the cases it returns (a case sets a forecast against its outcome);
`mediane_fout` and `binnen` judge them. The year-end forecast's moments are the month ends of
earlier years (`gevallen`); the budget model's are earlier years (begrotingstoets.py).

Next to both year-end models it records what a spreadsheet does: run-rate (claimed so far × 12 /
m) and last year's seasonal share (claimed so far ÷ the share of last year's cost in the same
months). The cases are the material the forecast learns from: the weight of the two models and
the width of its intervals (burap.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.analyses.prognose.raming import Raming, raam

METHODEN = ("tijdreeks", "bottomup", "runrate", "seizoensaandeel")
Moment = TypeVar("Moment")


def terugtoets(momenten: Iterable[Moment], raming: Callable[[Moment], pd.DataFrame | None]
               ) -> tuple[pd.DataFrame, list[Moment]]:
    """The cases of a forecast made at every moment (`raming` sees only what was known then and
    returns its cases, or None when it cannot forecast), and the moments without a forecast."""
    delen, overgeslagen = [], []
    for moment in momenten:
        deel = raming(moment)
        if deel is None:
            overgeslagen.append(moment)
        else:
            delen.append(deel)
    return (pd.concat(delen, ignore_index=True) if delen else pd.DataFrame()), overgeslagen


def mediane_fout(voorspeld: pd.Series, uitkomst: pd.Series) -> float:
    """The median absolute relative error |forecast / outcome − 1| over the cases that have both."""
    fout = (voorspeld / uitkomst - 1).abs().dropna()
    return float(fout.median()) if len(fout) else float("nan")


def binnen(uitkomst: pd.Series, onder: pd.Series, boven: pd.Series) -> pd.Series:
    """Whether each outcome lies within its interval."""
    return (uitkomst >= onder) & (uitkomst <= boven)


@dataclass(frozen=True)
class Uitkomsten:
    """The outcome of back-tested years as known now: [gemeente, segment] per year."""
    per_jaar: dict[int, Raming]

    def van(self, jaar: int) -> np.ndarray:
        r = self.per_jaar[jaar]
        return (r.verwacht["tijdreeks"] + r.verwacht["bottomup"]).sum(axis=2) / 2


def uitkomsten(g: Gegevens, jaren: list[int]) -> Uitkomsten:
    return Uitkomsten({j: raam(g, g.laatste_maand, j) for j in jaren})


def gevallen(g: Gegevens, jaren: list[int], maanden: list[int], uit: Uitkomsten) -> pd.DataFrame:
    """One row per year × month × municipality × segment: the outcome and every method's forecast."""
    def raming(moment: tuple[int, int]) -> pd.DataFrame:
        jaar, maand = moment
        return _rijen(g, raam(g, jaar * 12 + maand - 1, jaar), uit.van(jaar))

    return terugtoets([(jaar, maand) for jaar in jaren for maand in maanden], raming)[0]


def _rijen(g: Gegevens, r: Raming, echt: np.ndarray) -> pd.DataFrame:
    m = r.maand
    vorig = r.vorig_jaar if r.vorig_jaar.shape[2] == 12 else np.full(r.gedeclareerd.shape, np.nan)
    gem, seg = np.meshgrid(np.arange(len(g.gemeenten)), np.arange(len(r.segmenten)), indexing="ij")
    return _spreadsheet(pd.DataFrame({
        "jaar": r.jaar, "maand": m,
        "gemeentecode": np.array(g.gemeenten)[gem.ravel()], "segmentcode": np.array(r.segmenten)[seg.ravel()],
        "uitkomst": echt.ravel(), "gedeclareerd": r.gedeclareerd[:, :, :m].sum(axis=2).ravel(),
        "tijdreeks": r.totaal(1.0).ravel(), "bottomup": r.totaal(0.0).ravel(),
        "vorig_tot_maand": vorig[:, :, :m].sum(axis=2).ravel(), "vorig_jaar": vorig.sum(axis=2).ravel(),
    }))


def _spreadsheet(df: pd.DataFrame) -> pd.DataFrame:
    """The strawmen: run-rate and last year's seasonal share, from what was claimed so far."""
    aandeel = df.vorig_tot_maand / df.vorig_jaar
    return df.assign(runrate=df.gedeclareerd * 12 / df.maand,
                     seizoensaandeel=(df.gedeclareerd / aandeel).where(aandeel > 0))


def per_niveau(cases: pd.DataFrame) -> pd.DataFrame:
    """The cases at three levels: municipality × segment, municipality, region (niveau column)."""
    som = ["uitkomst", "gedeclareerd", "tijdreeks", "bottomup", "vorig_tot_maand", "vorig_jaar"]
    gemeente = cases.groupby(["jaar", "maand", "gemeentecode"], as_index=False)[som].sum(min_count=1)
    regio = cases.groupby(["jaar", "maand"], as_index=False)[som].sum(min_count=1)
    return pd.concat([cases.assign(niveau="segment"),
                      _spreadsheet(gemeente).assign(niveau="gemeente", segmentcode=None),
                      _spreadsheet(regio).assign(niveau="regio", gemeentecode=None, segmentcode=None)],
                     ignore_index=True)
