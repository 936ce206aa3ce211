"""Benchmark: the year-end forecast (burap) on the ZHZ demo — how long it takes, and how close it
comes to the ground truth next to run-rate, last year's seasonal share and a peer: statsforecast's
AutoETS on the same completed monthly series.

    pip install statsforecast   # the peer; not a dependency of Stuurwiel
    python benchmarks/prognose.py [--schaal 1.0] [--db demo/stuurwiel.duckdb --bron demo/bron]

Without --db the region is generated (seed 1, 2021-2025) and loaded into a temporary DuckDB first
(not timed). The back-test covers 2022-2024 at the end of every month 1-11, each forecast with
only the claims and allocations known then; errors are against the simulation's true year totals
(grondwaarheid), per municipality. Prints Markdown for the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from machine import beschrijving
from rapporten import maak_regio

from stuurwiel.analyses.prognose import burap, driehoek
from stuurwiel.analyses.prognose.driehoek import Kettingladder
from stuurwiel.analyses.prognose.gegevens import Gegevens, toetsmaanden
from stuurwiel.analyses.prognose.raming import raam
from stuurwiel.analyses.prognose.rekenen import naar_segment
from stuurwiel.opslag.database import Opslag

JAREN = [2022, 2023, 2024]
MAANDEN = list(range(1, 12))


def autoets(g: Gegevens, verslag: pd.DataFrame) -> pd.Series:
    """AutoETS (season 12) on each municipality's completed monthly cost as known at the moment,
    forecasting the rest of the year; the year total per back-test case."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    warnings.filterwarnings("ignore", category=RuntimeWarning, module="statsforecast")
    uit = {}
    for (jaar, maand), _ in verslag[verslag.niveau == "gemeente"].groupby(["jaar", "maand"]):
        reeks = _voltooid(g, jaar * 12 + maand - 1)  # [gemeente, month] up to the moment
        lang = pd.DataFrame([(c, pd.Timestamp(dt.date(g.t0 // 12, g.t0 % 12 + 1, 1)) + pd.DateOffset(months=t), v)
                             for i, c in enumerate(g.gemeenten) for t, v in enumerate(reeks[i])],
                            columns=["unique_id", "ds", "y"])
        h = 12 - maand
        voorspeld = StatsForecast(models=[AutoETS(season_length=12)], freq="MS").forecast(df=lang, h=h)
        begin = jaar * 12 - g.t0
        for i, c in enumerate(g.gemeenten):
            uit[(jaar, maand, c)] = reeks[i, begin:].sum() + voorspeld[voorspeld.unique_id == c].AutoETS.sum()
    return pd.Series(uit)


def _voltooid(g: Gegevens, maandnr: int) -> np.ndarray:
    """Completed monthly cost per municipality up to month `maandnr`: the chain ladder for the past,
    the forecast's own completion (Bornhuetter-Ferguson on its combined prior) for the youngest months."""
    a = maandnr - g.t0
    jaar = maandnr // 12
    r = raam(g, maandnr, jaar)
    verwacht = r.maanden(0.5).sum(axis=1)  # [gemeente, month of the year]
    segmenten, seg = g.segmenten(jaar)
    deel = Kettingladder().pas_aan(naar_segment(g.kubus.sum(axis=0), seg, len(segmenten)), a).aandeel.mean(axis=0)
    geclaimd = driehoek.gedeclareerd(g.kubus, a).sum(axis=1)[:, : a + 1]
    reeks = geclaimd / np.maximum(deel[np.clip(a - np.arange(a + 1), 0, len(deel) - 1)], 1e-9)
    begin = jaar * 12 - g.t0
    reeks[:, begin:] = verwacht[:, : a + 1 - begin]
    return reeks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schaal", type=float, default=1.0)
    parser.add_argument("--db")
    parser.add_argument("--bron", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, bron = (args.db, args.bron) if args.db else maak_regio(Path(tmp), args.schaal)
        waarheid = pd.read_csv(bron / "grondwaarheid" / "kosten_per_maand.csv", dtype={"gemeentecode": str})
        waarheid = waarheid.groupby(["gemeentecode", waarheid.maand.str[:4].astype(int)]).kosten_cent.sum()
        with Opslag.open(url, alleen_lezen=True) as opslag:
            t0 = time.perf_counter()
            g = Gegevens.haal(opslag, dt.date(2025, 8, 31))
            b = burap.burap(g)
            t_burap = time.perf_counter() - t0
            cellen = sum(1 for r in b.posten if r.niveau == "segment")
            t0 = time.perf_counter()
            g = Gegevens.haal(opslag, dt.date(2025, 12, 31), toetsmaanden(MAANDEN))
            verslag = burap.terugtoets(g, JAREN, MAANDEN)
            t_toets = time.perf_counter() - t0
            try:
                t0 = time.perf_counter()
                ets = autoets(g, verslag)
                t_ets = time.perf_counter() - t0
            except ImportError:
                ets, t_ets = None, None

    gem = verslag[verslag.niveau == "gemeente"].copy()
    gem["waarheid"] = [waarheid[(c, j)] for c, j in zip(gem.gemeentecode, gem.jaar, strict=True)]
    methoden = {"Stuurwiel (gecombineerd)": "gecombineerd", "tijdreeks alleen": "tijdreeks",
                "bottom-up alleen": "bottomup", "run-rate (t/m maand × 12 / m)": "runrate",
                "seizoensaandeel vorig jaar": "seizoensaandeel"}
    if ets is not None:
        gem["autoets"] = [ets[(j, m, c)] for j, m, c in zip(gem.jaar, gem.maand, gem.gemeentecode, strict=True)]
        methoden["statsforecast AutoETS (zelfde voltooide reeks)"] = "autoets"
    fout = {naam: (gem[kol] / gem.waarheid - 1).abs().groupby(gem.maand).median() for naam, kol in methoden.items()}
    dekking = ((gem.waarheid >= gem.ondergrens) & (gem.waarheid <= gem.bovengrens)).groupby(gem.maand).mean()

    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021–2025 (10 municipalities), back-test {JAREN[0]}–{JAREN[-1]} × months 1–11 "
          f"({len(gem)} municipality cases), errors against the ground truth\n")
    print("| step | seconds |")
    print("|---|---:|")
    print(f"| forecast on 31-08-2025: {len(g.gemeenten)} municipalities × segments ({cellen} cells), "
          f"learned from its own back-test at months 7–9 | {t_burap:.1f} |")
    print(f"| full back-test {JAREN[0]}–{JAREN[-1]} × months 1–11 (33 moments) | {t_toets:.1f} |")
    if t_ets is not None:
        print(f"| statsforecast AutoETS on the same 33 moments × 10 series | {t_ets:.1f} |")
    print("\nMedian absolute error of the year total per municipality, by month of the forecast:\n")
    kop = [4, 8, 1, 2, 6, 10, 11]
    print("| method | " + " | ".join(f"month {m}" for m in kop) + " |")
    print("|---|" + "---:|" * len(kop))
    for naam, reeks in fout.items():
        print(f"| {naam} | " + " | ".join(f"{100 * reeks[m]:.1f} %" for m in kop) + " |")
    print("| 80 % interval holds the outcome | " + " | ".join(f"{100 * dekking[m]:.0f} %" for m in kop) + " |")
    binnen = (gem.waarheid >= gem.ondergrens) & (gem.waarheid <= gem.bovengrens)
    print(f"\nOverall interval coverage: {100 * binnen.mean():.0f} %")


if __name__ == "__main__":
    main()
