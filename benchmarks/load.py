"""Benchmark: generate the ZHZ region and load it, side by side with a plain pandas load and with the
bare engine.

    python benchmarks/load.py [--schaal 1.0] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Stuurwiel validates every value, pseudonymises the BSN, checks references and writes
all-or-nothing (the ingest), then recomputes the current picture and the signals in the same
transaction (the refresh); both are timed apart from the load's progress reports. The plain
alternative reads the same CSV files with pandas and inserts them as they are (no validation,
BSNs stored); the bare engine reads them itself (DuckDB's `read_csv`, PostgreSQL's `COPY` of the
file): the floor. Prints a Markdown table for the README.
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


def kaal_duckdb(bron: Path, db: str) -> None:
    verbinding = duckdb.connect(db)
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


def motor_duckdb(bron: Path, db: str) -> None:
    verbinding = duckdb.connect(db)
    for bestand in sorted(bron.glob("*.csv")):
        verbinding.execute(f"CREATE TABLE \"{bestand.stem}\" AS SELECT * FROM read_csv(?, all_varchar = true)",
                           [str(bestand)])
    verbinding.close()


def motor_postgres(bron: Path, adres: str) -> None:
    import psycopg

    with psycopg.connect(adres) as verbinding:
        for bestand in sorted(bron.glob("*.csv")):
            with bestand.open() as f:
                kolommen = ", ".join(f'"{c.strip(chr(34))}" TEXT' for c in f.readline().strip().split(","))
            verbinding.execute(f'CREATE TABLE "{bestand.stem}" ({kolommen})')
            with bestand.open("rb") as f, verbinding.cursor().copy(
                    f'COPY "{bestand.stem}" FROM STDIN (FORMAT csv, HEADER true)') as kopie:
                for blok in iter(lambda: f.read(1 << 20), b""):
                    kopie.write(blok)


def stuurwiel_laad(bron: Path, adres: str) -> tuple[float, float]:
    """Seconds of the ingest and of the refresh (current picture and signals), told by the progress."""
    with Opslag.open(adres) as opslag:
        initialiseer(opslag, lees_regio(bron / "regio.yaml"))
        momenten: dict[str, float] = {}

        def voortgang(stap: str, gedaan: int, _totaal: int) -> None:
            if stap == "bijwerken" and gedaan == 0:
                momenten["bijwerken"] = time.perf_counter()

        begin = time.perf_counter()
        laad(opslag, [bron], voortgang=voortgang)
        einde = time.perf_counter()
    return momenten["bijwerken"] - begin, einde - momenten["bijwerken"]


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
    belasting = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = werkmap(tmp)
        bron = tmp / "bron"
        t_genereren = getimed(lambda: genereer(lees_regio("zhz"), range(2021, 2026), seed=1, schaal=opties.schaal,
                                               uit=bron))
        rijen = sum(sum(1 for _ in bestand.open()) - 1 for bestand in bron.glob("*.csv"))
        megabytes = sum(bestand.stat().st_size for bestand in bron.glob("*.csv")) / 1e6

        uitslagen = []
        for adres_voor, kaal_laden, motor, stuurwiel, kaal, motor_zelf in [
            (lambda doe: doe(str(tmp / f"{uuid.uuid4().hex}.duckdb")), kaal_duckdb, motor_duckdb,
             "Stuurwiel → DuckDB", "pandas read_csv → DuckDB (no checks)", "DuckDB read_csv (the bare engine)"),
            (lambda doe: met_pg_database(opties.postgres, doe), kaal_postgres, motor_postgres,
             "Stuurwiel → PostgreSQL", "pandas read_csv → PostgreSQL COPY (no checks)",
             "PostgreSQL COPY of the files (the bare engine)"),
        ]:
            t_kaal = adres_voor(lambda adres: getimed(lambda: motor(bron, adres)))
            inname, verversen = adres_voor(lambda adres: stuurwiel_laad(bron, adres))
            t_pandas = adres_voor(lambda adres: getimed(lambda: kaal_laden(bron, adres)))
            uitslagen += [(f"{stuurwiel}: the whole load", inname + verversen, t_kaal),
                          ("… of which the ingest (read, check, pseudonymise, store)", inname, t_kaal),
                          ("… of which the refresh (current picture, signals)", verversen, None),
                          (kaal, t_pandas, t_kaal), (motor_zelf, t_kaal, t_kaal)]

    print(f"Machine: {beschrijving()}; load average before the run {belasting:.1f}")
    print(f"ZHZ 2021–2025, schaal {opties.schaal}: {rijen:,} rows in {megabytes:.0f} MB of CSV, "
          f"generated in {t_genereren:.1f} s\n")
    print("| load | seconds | rows/s | speed × the bare engine |")
    print("|---|---:|---:|---:|")
    for naam, seconden, kaal in uitslagen:
        verhouding = f"{kaal / seconden:.2f}" if kaal else ""
        print(f"| {naam} | {seconden:.1f} | {rijen / seconden:,.0f} | {verhouding} |")


if __name__ == "__main__":
    main()
