"""Benchmark: how well the signals find the anomalies the simulator plants, on seeds not used while
the rules were developed (those were 1-4).

    python benchmarks/signalen.py [--seeds 101-103] [--schaal 1.0] [--postgres URL]

Per seed: generate ZHZ 2021-2025, load it into DuckDB and compare the signal table with
grondwaarheid/anomalieen.csv: a signal is right when its rule and key (`sleutel`) are an anomaly
of that kind that was planted. Prints, per kind over all seeds, how many were planted and found,
precision and recall, and the false alarms per region; next to `opdrijven`, what a spreadsheet
would flag (cost per client-month up 30 % on the year before, with as many client-months as the
rule asks for). Then the time of one refresh of all signals (`signalen.vernieuw`, which runs in
every load), and of the pattern rules in it, on DuckDB and, with --postgres, on PostgreSQL (first
seed only).
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd
from load import met_pg_database
from machine import beschrijving

from stuurwiel.analyses import signalen
from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad

PATRONEN = ("na_zorgeinde", "niet_verzilverd", "stapelen", "opdrijven", "duurder_product")
SPREADSHEET = "opdrijven by spreadsheet (cost per client-month +30 % on the year before)"


def argumenten() -> argparse.Namespace:
    ontleder = argparse.ArgumentParser()
    ontleder.add_argument("--seeds", default="101-103", help="bijv. 101-103")
    ontleder.add_argument("--schaal", type=float, default=1.0)
    ontleder.add_argument("--postgres", default=None, help="beheeradres van een PostgreSQL-server")
    return ontleder.parse_args()


def grondwaarheid(bron: Path) -> dict[str, set[str]]:
    uit: dict[str, set[str]] = defaultdict(set)
    with (bron / "grondwaarheid" / "anomalieen.csv").open(encoding="utf-8") as f:
        for rij in csv.DictReader(f):
            uit[rij["soort"]].add(rij["sleutel"])
    return uit


def spreadsheet(bron: Path, min_clientmaanden: int) -> set[str]:
    """Provider × product whose cost per client-month in a calendar year is 30 % above the year before."""
    d = pd.read_csv(bron / "declaraties.csv", dtype=str)
    d = d[d.status != "afgewezen"]
    d["bedrag"] = d.bedrag_cent.astype(int).where(d.debet_credit == "D", -d.bedrag_cent.astype(int))
    d["jaar"] = d.periode_begin.str[:4].astype(int)
    m = d.groupby(["agb_code", "productcode", "jaar", "periode_begin", "bsn"], as_index=False).bedrag.sum()
    m = m[m.bedrag > 0].groupby(["agb_code", "productcode", "jaar"]).bedrag.agg(["sum", "count"]).reset_index()
    m["per_clientmaand"] = m["sum"] / m["count"]
    vorig = m.assign(jaar=m.jaar + 1).rename(columns={"per_clientmaand": "vorig", "count": "vorig_n"})
    j = m.merge(vorig[["agb_code", "productcode", "jaar", "vorig", "vorig_n"]], on=["agb_code", "productcode", "jaar"])
    j = j[(j["count"] >= min_clientmaanden) & (j.vorig_n >= min_clientmaanden) & (j.per_clientmaand >= 1.3 * j.vorig)]
    return set(j.agb_code + " " + j.productcode)


def verversing(adres: str) -> tuple[float, float]:
    """Seconds of one refresh of all signals, and of the pattern rules in it."""
    with Opslag.open(adres) as opslag:
        begin = time.perf_counter()
        with opslag.transactie():
            signalen.vernieuw(opslag)
        totaal = time.perf_counter() - begin
        begin = time.perf_counter()
        for code in PATRONEN:
            signalen.REGELS[code].query(opslag).to_pyarrow()
        return totaal, time.perf_counter() - begin


def laad_en_vergelijk(bron: Path, adres: str) -> tuple[dict[str, set[str]], tuple[float, float]]:
    with Opslag.open(adres) as opslag:
        initialiseer(opslag, lees_regio(bron / "regio.yaml"))
        laad(opslag, [bron])
        gevonden: dict[str, set[str]] = defaultdict(set)
        for regel, sleutel in opslag.rijen("SELECT regel, sleutel FROM signaal"):
            gevonden[regel].add(sleutel)
    return gevonden, verversing(adres)


def main() -> None:
    opties = argumenten()
    van, _, tot = opties.seeds.partition("-")
    seeds = range(int(van), int(tot or van) + 1)
    geplant: dict[str, int] = defaultdict(int)
    gevonden_n: dict[str, int] = defaultdict(int)
    terecht: dict[str, int] = defaultdict(int)
    tijden: dict[str, list[tuple[float, float]]] = defaultdict(list)
    regels = 0
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["STUURWIEL_SLEUTEL"] = str(Path(tmp) / "bench.sleutel")
            bron = Path(tmp) / "bron"
            genereer(lees_regio("zhz"), range(2021, 2026), seed=seed, schaal=opties.schaal, uit=bron)
            regels = sum(1 for _ in (bron / "declaraties.csv").open()) - 1
            waarheid = grondwaarheid(bron)
            gevonden, tijd = laad_en_vergelijk(bron, str(Path(tmp) / "s.duckdb"))
            tijden["DuckDB"].append(tijd)
            if opties.postgres and seed == seeds[0]:
                tijden["PostgreSQL"].append(met_pg_database(opties.postgres, lambda a: laad_en_vergelijk(bron, a)[1]))
            drempels = lees_regio("zhz").signalen.opdrijven
            gevonden[SPREADSHEET] = spreadsheet(bron, drempels.min_clienten * drempels.maanden)
            waarheid[SPREADSHEET] = waarheid["opdrijven"]
            for soort in set(waarheid) | set(gevonden):
                geplant[soort] += len(waarheid[soort])
                gevonden_n[soort] += len(gevonden[soort])
                terecht[soort] += len(waarheid[soort] & gevonden[soort])

    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021–2025, schaal {opties.schaal:g}, seeds {seeds.start}–{seeds.stop - 1} "
          f"({regels:,} claim lines in the last)\n")
    print("| signal | planted | flagged | right | precision | recall | false alarms per region |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for soort in sorted(geplant, key=lambda s: (s == SPREADSHEET, s in PATRONEN, s)):
        precisie = f"{terecht[soort] / gevonden_n[soort]:.2f}" if gevonden_n[soort] else "–"
        recall = f"{terecht[soort] / geplant[soort]:.2f}" if geplant[soort] else "–"
        vals = (gevonden_n[soort] - terecht[soort]) / len(seeds)
        print(f"| {soort} | {geplant[soort]} | {gevonden_n[soort]} | {terecht[soort]} | {precisie} | {recall} "
              f"| {vals:.1f} |")
    print("\n| one refresh of all signals (in every load) | seconds | of which pattern rules |")
    print("|---|---:|---:|")
    for motor, reeks in tijden.items():
        totaal, patronen = (sum(x) / len(reeks) for x in zip(*reeks, strict=True))
        print(f"| {motor} | {totaal:.1f} | {patronen:.1f} |")


if __name__ == "__main__":
    main()
