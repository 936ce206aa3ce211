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


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def plain_duckdb(bron: Path, db: Path) -> None:
    con = duckdb.connect(str(db))
    for f in sorted(bron.glob("*.csv")):
        df = pd.read_csv(f, dtype=str)
        con.register("df", df)
        con.execute(f'CREATE TABLE "{f.stem}" AS SELECT * FROM df')
        con.unregister("df")
    con.close()


def plain_postgres(bron: Path, url: str) -> None:
    import psycopg

    with psycopg.connect(url) as con:
        for f in sorted(bron.glob("*.csv")):
            df = pd.read_csv(f, dtype=str)
            cols = ", ".join(f'"{c}" TEXT' for c in df.columns)
            con.execute(f'CREATE TABLE "{f.stem}" ({cols})')
            buf = io.StringIO()
            df.to_csv(buf, index=False, header=False)
            with con.cursor().copy(f'COPY "{f.stem}" FROM STDIN (FORMAT csv)') as copy:
                copy.write(buf.getvalue())


def stuurwiel_load(bron: Path, url: str) -> None:
    with Opslag.open(url) as opslag:
        initialiseer(opslag, lees_regio(bron / "regio.yaml"))
        laad(opslag, [bron])


def with_pg_database(admin_url: str, fn):
    import psycopg

    name = f"stuurwiel_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            return fn(admin_url.rsplit("/", 1)[0] + "/" + name)
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def argumenten() -> argparse.Namespace:
    """--schaal of the ZHZ region and the --postgres server to measure on."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--schaal", type=float, default=1.0)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    return parser.parse_args()


def werkmap(tmp: str) -> Path:
    """A scratch folder with its own pseudonymisation key."""
    os.environ["STUURWIEL_SLEUTEL"] = str(Path(tmp) / "bench.sleutel")
    return Path(tmp)


def main() -> None:
    args = argumenten()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = werkmap(tmp)
        bron = tmp / "bron"
        t_gen = timed(lambda: genereer(lees_regio("zhz"), range(2021, 2026), seed=1, schaal=args.schaal, uit=bron))
        rows = sum(sum(1 for _ in f.open()) - 1 for f in bron.glob("*.csv"))
        mb = sum(f.stat().st_size for f in bron.glob("*.csv")) / 1e6

        results = [
            ("Stuurwiel → DuckDB (validate, pseudonymise, signals)",
             timed(lambda: stuurwiel_load(bron, str(tmp / "s.duckdb")))),
            ("pandas read_csv → DuckDB (no checks)", timed(lambda: plain_duckdb(bron, tmp / "p.duckdb"))),
            ("Stuurwiel → PostgreSQL (validate, pseudonymise, signals)",
             with_pg_database(args.postgres, lambda url: timed(lambda: stuurwiel_load(bron, url)))),
            ("pandas read_csv → PostgreSQL COPY (no checks)",
             with_pg_database(args.postgres, lambda url: timed(lambda: plain_postgres(bron, url)))),
        ]

    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021–2025, schaal {args.schaal}: {rows:,} rows in {mb:.0f} MB of CSV, generated in {t_gen:.1f} s\n")
    print("| load | seconds | rows/s |")
    print("|---|---:|---:|")
    for name, s in results:
        print(f"| {name} | {s:.1f} | {rows / s:,.0f} |")


if __name__ == "__main__":
    main()
