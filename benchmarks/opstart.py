"""Benchmark: how long the command line takes to start — `stuurwiel --help` and the help of every
command — next to a bare Python, Typer alone, and the heavy libraries the commands import only when
they run (what every `--help` paid before the imports were made lazy).

    python benchmarks/opstart.py [--keer 7]

CPU seconds (user + system of the child process) and wall seconds, the median of --keer runs.
Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import beschrijving

BIN = Path(sys.executable).parent
STUURWIEL = str(BIN / "stuurwiel")
METINGEN = [
    ("python -c pass (een kale Python)", [sys.executable, "-c", "pass"]),
    ("import typer (het CLI-raamwerk)", [sys.executable, "-c", "import typer"]),
    ("stuurwiel --help", [STUURWIEL, "--help"]),
    ("stuurwiel kerncijfers --help", [STUURWIEL, "kerncijfers", "--help"]),
    ("stuurwiel prognose toets --help", [STUURWIEL, "prognose", "toets", "--help"]),
    ("stuurwiel rapport maand --help", [STUURWIEL, "rapport", "maand", "--help"]),
    ("stuurwiel serve --help", [STUURWIEL, "serve", "--help"]),
    ("import pandas, ibis, weasyprint, altair (wat elke --help vroeger laadde)",
     [sys.executable, "-c", "import pandas, ibis, weasyprint, altair"]),
]


def meet(opdracht: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of a child process."""
    voor = os.times()
    begin = time.perf_counter()
    subprocess.run(opdracht, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    muur = time.perf_counter() - begin
    na = os.times()
    return (na.children_user - voor.children_user) + (na.children_system - voor.children_system), muur


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keer", type=int, default=7)
    args = parser.parse_args()
    print(f"Machine: {beschrijving()}\n")
    print("| command | CPU seconds | wall seconds |")
    print("|---|---:|---:|")
    for naam, opdracht in METINGEN:
        meet(opdracht)  # warm the file cache
        cpu, muur = zip(*(meet(opdracht) for _ in range(args.keer)), strict=True)
        print(f"| `{naam}` | {statistics.median(cpu):.2f} | {statistics.median(muur):.2f} |")


if __name__ == "__main__":
    main()
