"""Benchmark: the annual budget forecast for all municipalities in CBS Iv3, and its back-test.

    python benchmarks/begroting.py [--reeks PATH] [--doeljaar 2023] [--toets 2018-2022] [--gevallen DIR]

Times reading and checking the series, one forecast of every municipality for the target year,
and the full back-test over every year it can forecast (both variants: realised up to two years
before the target, what a municipality knows when it makes its budget, and up to the year before,
after the annual accounts). Prints Markdown tables for the README: the model next to the rule
before its calibration (old), the municipalities' own primary budgets and a naive forecast (the
last realised amount times 1 + the median growth of all municipalities in that year). With
--gevallen it writes every case (per year and municipality) to DIR/begrotingstoets-<variant>.csv,
for a check outside the project.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd
from machine import beschrijving

from stuurwiel.analyses.prognose.begroting import voorspel
from stuurwiel.analyses.prognose.begrotingstoets import toets
from stuurwiel.invoer.reeks import lees_reeks

IV3 = Path(__file__).resolve().parents[2] / "shared" / "reference" / "iv3" / "jeugd-lasten-per-gemeente.csv"
VARIANTEN = {2: "at budget time: realised up to two years before", 1: "after the annual accounts: realised up to the "
               "year before"}


def gemeten(fn, keer: int = 5):
    """The result of fn and its fastest time in seconds over `keer` runs."""
    tijden = []
    for _ in range(keer):
        t0 = time.perf_counter()
        uit = fn()
        tijden.append(time.perf_counter() - t0)
    return uit, min(tijden)


def argumenten() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reeks", type=Path, default=IV3)
    parser.add_argument("--doeljaar", type=int, default=2023)
    parser.add_argument("--toets", default="2018-2022")
    parser.add_argument("--gevallen", type=Path, default=None)
    return parser.parse_args()


def markdown(tabel: pd.DataFrame) -> str:
    regels = ["| year | n | model: median abs. error | bias | in 80 % interval | old model: error | bias "
              "| in 80 % | own budget: error | bias | naive growth: error | bias |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in tabel.itertuples():
        jaar = "all" if r.jaar == "totaal" else r.jaar
        regels.append(f"| {jaar} | {r.n:,} | {r.mediane_fout:.1f} % | {r.scheefheid:+.1f} % | {r.dekking:.0f} % "
                      f"| {r.oud_mediane_fout:.1f} % | {r.oud_scheefheid:+.1f} % | {r.oud_dekking:.0f} % "
                      f"| {r.begroting_mediane_fout:.1f} % | {r.begroting_scheefheid:+.1f} % "
                      f"| {r.naief_mediane_fout:.1f} % | {r.naief_scheefheid:+.1f} % |")
    return "\n".join(regels)


def main() -> None:
    args = argumenten()
    van, tot = (int(j) for j in args.toets.split("-"))
    jaren = list(range(van, tot + 1))
    reeks, t_lees = gemeten(lambda: lees_reeks(args.reeks))
    prognose, t_prognose = gemeten(lambda: voorspel(reeks, args.doeljaar))
    toetsen, t_toets = gemeten(lambda: [toets(reeks, jaren, a) for a in VARIANTEN])
    forecasts = sum(len(jaren) - len(t.overgeslagen) for t in toetsen)

    print(f"Machine: {beschrijving()}")
    print(f"{args.reeks.name}: {len(reeks.bedragen):,} amounts ({reeks.eenheid})\n")
    print("| step | seconds |")
    print("|---|---:|")
    print(f"| read and check the series | {t_lees:.3f} |")
    print(f"| forecast {args.doeljaar} for all {len(prognose.tabel)} municipalities | {t_prognose:.3f} |")
    print(f"| back-test {args.toets}, both variants ({forecasts} yearly forecasts) | {t_toets:.3f} |")
    for t in toetsen:
        print(f"\nBack-test {args.toets}, {VARIANTEN[t.achterstand]}"
              + (f" (not testable: {', '.join(map(str, t.overgeslagen))})" if t.overgeslagen else "") + "\n")
        print(markdown(t.tabel))
        if args.gevallen:
            args.gevallen.mkdir(parents=True, exist_ok=True)
            t.gevallen.to_csv(args.gevallen / f"begrotingstoets-{t.achterstand}.csv", index=False)


if __name__ == "__main__":
    main()
