"""Benchmark: generate the ZHZ region and load it, side by side with a plain pandas load.

    python benchmarks/load.py [--schaal 1.0] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Stuurwiel validates every value, pseudonymises the BSN, checks references and writes
all-or-nothing, then recomputes the signals. The plain alternative reads the same CSV files
with pandas and inserts them as they are (no validation, BSNs stored): the floor a
spreadsheet-style script gets for free. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
import uuid
from pathlib import Path

import duckdb
import pandas as pd
from machine import beschrijving

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad


def getimed(doe):
    begin = time.perf_counter()
    doe()
    return time.perf_counter() - begin


def kaal_duckdb(bron: Path, db: Path) -> None:
    verbinding = duckdb.connect(str(db))
    for bestand in sorted(bron.glob("*.csv")):
        frame = pd.read_csv(bestand, dtype=str)
        verbinding.register("df", frame)
        verbinding.execute(f'CREATE TABLE "{bestand.stem}" AS SELECT * FROM df')
        verbinding.unregister("df")
    verbinding.close()


def kaal_postgres(bron: Path, adres: str) -> None:
    import psycopg

    with psycopg.connect(adres) as verbinding:
        for bestand in sorted(bron.glob("*.csv")):
            frame = pd.read_csv(bestand, dtype=str)
            kolommen = ", ".join(f'"{c}" TEXT' for c in frame.columns)
            verbinding.execute(f'CREATE TABLE "{bestand.stem}" ({kolommen})')
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False, header=False)
            with verbinding.cursor().copy(f'COPY "{bestand.stem}" FROM STDIN (FORMAT csv)') as kopie:
                kopie.write(buffer.getvalue())


def stuurwiel_laad(bron: Path, adres: str) -> None:
    with Opslag.open(adres) as opslag:
        initialiseer(opslag, lees_regio(bron / "regio.yaml"))
        laad(opslag, [bron])


def met_pg_database(beheeradres: str, doe):
    import psycopg

    naam = f"stuurwiel_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(beheeradres, autocommit=True) as beheer:
        beheer.execute(f'CREATE DATABASE "{naam}"')
        try:
            return doe(beheeradres.rsplit("/", 1)[0] + "/" + naam)
        finally:
            beheer.execute(f'DROP DATABASE "{naam}" WITH (FORCE)')


def argumenten() -> argparse.Namespace:
    """--schaal of the ZHZ region and the --postgres server to measure on."""
    ontleder = argparse.ArgumentParser()
    ontleder.add_argument("--schaal", type=float, default=1.0)
    ontleder.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    return ontleder.parse_args()


def werkmap(tmp: str) -> Path:
    """A scratch folder with its own pseudonymisation key."""
    os.environ["STUURWIEL_SLEUTEL"] = str(Path(tmp) / "bench.sleutel")
    return Path(tmp)


def main() -> None:
    opties = argumenten()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = werkmap(tmp)
        bron = tmp / "bron"
        t_genereren = getimed(lambda: genereer(lees_regio("zhz"), range(2021, 2026), seed=1, schaal=opties.schaal,
                                               uit=bron))
        rijen = sum(sum(1 for _ in bestand.open()) - 1 for bestand in bron.glob("*.csv"))
        megabytes = sum(bestand.stat().st_size for bestand in bron.glob("*.csv")) / 1e6

        uitslagen = [
            ("Stuurwiel → DuckDB (validate, pseudonymise, signals)",
             getimed(lambda: stuurwiel_laad(bron, str(tmp / "s.duckdb")))),
            ("pandas read_csv → DuckDB (no checks)", getimed(lambda: kaal_duckdb(bron, tmp / "p.duckdb"))),
            ("Stuurwiel → PostgreSQL (validate, pseudonymise, signals)",
             met_pg_database(opties.postgres, lambda adres: getimed(lambda: stuurwiel_laad(bron, adres)))),
            ("pandas read_csv → PostgreSQL COPY (no checks)",
             met_pg_database(opties.postgres, lambda adres: getimed(lambda: kaal_postgres(bron, adres)))),
        ]

    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021–2025, schaal {opties.schaal}: {rijen:,} rows in {megabytes:.0f} MB of CSV, "
          f"generated in {t_genereren:.1f} s\n")
    print("| load | seconds | rows/s |")
    print("|---|---:|---:|")
    for naam, seconden in uitslagen:
        print(f"| {naam} | {seconden:.1f} | {rijen / seconden:,.0f} |")


if __name__ == "__main__":
    main()
