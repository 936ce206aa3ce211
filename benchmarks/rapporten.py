"""Benchmark: the ten monthly municipal reports plus the quarterly regional report for the ZHZ
demo, in HTML, PDF and XLSX, step by step in one process, then the ten monthly reports as a user
makes them (`stuurwiel rapport maand` for every municipality), side by side with a plain pandas
script that computes only two of the figures (no charts, no suppression, no files).

    python benchmarks/rapporten.py [--schaal 1.0] [--periode 2025-08] [--db demo/stuurwiel.duckdb --bron demo/bron]

Without --db the region is generated (seed 1, 2021-2025) and loaded into a temporary DuckDB first
(not timed). Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd
from machine import beschrijving

from stuurwiel.begrippen.periode import jaar_tot_en_met, kwartaal, ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.uitvoer.rapporten import FORMATEN, bouw, inhoud
from stuurwiel.uitvoer.rapporten.html import html


def maak_regio(tmp: Path, schaal: float, adres: str | None = None) -> tuple[str, Path]:
    """The ZHZ region generated at `schaal` and loaded into `adres` (default: a new DuckDB file in `tmp`)."""
    os.environ["STUURWIEL_SLEUTEL"] = str(tmp / "bench.sleutel")
    bron = tmp / "bron"
    genereer(lees_regio("zhz"), range(2021, 2026), seed=1, schaal=schaal, uit=bron)
    adres = adres or str(tmp / "s.duckdb")
    with Opslag.open(adres) as opslag:
        initialiseer(opslag, lees_regio(bron / "regio.yaml"))
        laad(opslag, [bron])
    return adres, bron


def rapporten(adres: str, maand: str, uit: Path) -> dict[str, float]:
    """Build and write the reports; seconds per step."""
    tijden: dict[str, float] = defaultdict(float)
    p = ontleed_periode(maand)
    kw = kwartaal(p.begin.year, (p.begin.month - 1) // 3 + 1)
    with Opslag.open(adres, alleen_lezen=True) as opslag:
        bereik = Bereik(privacy=opslag.regio().privacy)
        meter = Meter(opslag, bereik)  # shared: the region's figures are asked once
        gemeenten = sorted(opslag.regio().gemeente_codes)
        opdrachten = [("maand", p, g) for g in gemeenten] + [("kwartaal", kw, None)]
        for soort, periode, gemeente in opdrachten:
            t = time.perf_counter()
            vraag = Vraag("rapport", (periode,), selectie=Selectie.van(gemeente=gemeente), bereik=bereik)
            r = bouw(meter, vraag, soort)
            tijden[f"{soort}: cijfers"] += time.perf_counter() - t
            pagina = None
            for formaat in FORMATEN:
                t = time.perf_counter()
                pagina = html(r) if formaat == "html" else pagina
                (uit / f"{r.naam}.{formaat}").write_bytes(inhoud(r, formaat, pagina))
                tijden[f"{soort}: {formaat}"] += time.perf_counter() - t
    return tijden


def met_de_opdracht(adres: str, maand: str, uit: Path, *formaten: str) -> float:
    """Seconds of `stuurwiel rapport maand --periode MAAND` for every municipality, as a user runs it
    (the command's start included; the files made in worker processes beside the figures)."""
    stuurwiel = Path(sys.executable).parent / "stuurwiel"
    t = time.perf_counter()
    opdracht = [str(stuurwiel), "rapport", "maand", "--periode", maand, *formaten, "--uit", str(uit), "--db", adres]
    subprocess.run(opdracht, check=True, capture_output=True)
    return time.perf_counter() - t


def pandas_twee_cijfers(bron: Path, maand: str) -> None:
    """The plain alternative: young people in care in the month and cost year-to-date per
    municipality, straight from the CSV files (BSNs in memory, no corrections beyond the newest
    allocation version, no charts, no files)."""
    p = ontleed_periode(maand)
    ytd = jaar_tot_en_met(p)
    tw = pd.read_csv(bron / "toewijzingen.csv", dtype=str, parse_dates=["toewijzingsdatum", "ingangsdatum",
                                                                         "einddatum"])
    tw = tw.sort_values("toewijzingsdatum").drop_duplicates("toewijzingnummer", keep="last")
    tw = tw[tw.reden_wijziging.ne("13")]
    begin, eind = pd.Timestamp(p.begin), pd.Timestamp(p.eind)
    actief = tw[(tw.ingangsdatum <= eind) & (tw.einddatum.isna() | (tw.einddatum >= begin))]
    actief.groupby("gemeentecode").bsn.nunique()
    d = pd.read_csv(bron / "declaraties.csv", dtype={"gemeentecode": str}, parse_dates=["periode_begin"])
    d = d[d.status.ne("afgewezen") & d.periode_begin.between(pd.Timestamp(ytd.begin), pd.Timestamp(ytd.eind))]
    (d.bedrag_cent.where(d.debet_credit.eq("D"), -d.bedrag_cent)).groupby(d.gemeentecode).sum()


def main() -> None:
    ontleder = argparse.ArgumentParser()
    ontleder.add_argument("--schaal", type=float, default=1.0)
    ontleder.add_argument("--periode", default="2025-08")
    ontleder.add_argument("--db", help="an existing store (e.g. demo/stuurwiel.duckdb); else one is generated")
    ontleder.add_argument("--bron", type=Path, help="the exchange files of --db, for the pandas comparison")
    opties = ontleder.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        adres, bron = (opties.db, opties.bron) if opties.db else maak_regio(tmp, opties.schaal)
        with Opslag.open(adres, alleen_lezen=True) as opslag:
            regels = opslag.aantal("declaratieregel")
        uit = tmp / "uit"
        uit.mkdir()
        t0 = time.perf_counter()
        tijden = rapporten(adres, opties.periode, uit)
        totaal = time.perf_counter() - t0
        pagina_s = sum(1 for _ in uit.glob("*.pdf"))
        opdracht = {formaten: met_de_opdracht(adres, opties.periode, tmp / "opdracht", *formaten)
                    for formaten in [(), ("--pdf",)]}
        t0 = time.perf_counter()
        if bron:
            pandas_twee_cijfers(bron, opties.periode)
        plain = time.perf_counter() - t0

    maand = sum(v for k, v in tijden.items() if k.startswith("maand"))
    kw = sum(v for k, v in tijden.items() if k.startswith("kwartaal"))
    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021-2025, schaal {opties.schaal if not opties.db else '(--db)'}: {regels:,} claim lines; "
          f"{pagina_s} reports as HTML + PDF + XLSX\n")
    print("| step | seconds |")
    print("|---|---:|")
    for naam, s in tijden.items():
        print(f"| {naam} | {s:.1f} |")
    print(f"| **10 monthly municipal reports** | **{maand:.1f}** |")
    print(f"| **quarterly regional report** | **{kw:.1f}** |")
    print(f"| **all 11 reports, 33 files** | **{totaal:.1f}** |")
    print(f"| `stuurwiel rapport maand --periode {opties.periode}`: the 10 monthly reports, 30 files, "
          f"{os.cpu_count()} processes | {opdracht[()]:.1f} |")
    print(f"| the same with `--pdf`: 10 PDFs | {opdracht[('--pdf',)]:.1f} |")
    if bron:
        print(f"| pandas: 2 of the figures for 10 municipalities from the CSVs (no charts, no files) | {plain:.1f} |")


if __name__ == "__main__":
    main()
