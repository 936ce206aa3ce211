"""Benchmark: the dashboard under load. `stuurwiel serve` runs in its own process on the ZHZ demo;
this process logs in as regional and municipal users over loopback and measures the latency of
the main views and API calls, once cold (the page computed: what a dashboard without a page
store does on every request) and then at 1, 20 and 100 concurrent users, next to a static file
served by the same server (the floor of the HTTP stack); an answer other than 200 (or the designed
503 "wordt berekend", asked again) or no answer at all counts as an error. `--werkers N` runs
`stuurwiel serve --werkers N`; `--postgres URL` serves from a new PostgreSQL database on that
server (dropped afterwards) instead of a DuckDB file.

    python benchmarks/serve.py [--db demo/stuurwiel.duckdb | --postgres postgresql://postgres@127.0.0.1:5432/postgres]
                               [--schaal 1.0] [--rondes 5] [--werkers 2] [--gebruikers 1,20,100]

Without --db the region is generated (seed 1, 2021-2025) and loaded first (not timed); a --db is
copied, so the benchmark's accounts do not end up in it. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from load import met_pg_database
from machine import beschrijving
from rapporten import maak_regio

from stuurwiel.opslag.database import Opslag
from stuurwiel.web import gebruikers

WACHTWOORD = "benchmark wachtwoord"
ACCOUNTS = {"regio": ("regio", []), "dordrecht": ("gemeente", ["0505"])}
VRAGEN = [
    ("Overzicht", "/"),
    ("Gemeente (maandrapportage)", "/gemeente"),
    ("Segmenten", "/segmenten"),
    ("Aanbieders", "/aanbieders"),
    ("Toegang", "/toegang"),
    ("Kosten en budget", "/kosten"),
    ("Export Segmenten (Excel)", "/export/segmenten/0.xlsx"),
    ("API kosten per gemeente", "/api/maten/kosten?jaar=2024&per=gemeente"),
    ("API jeugdigen per segment, 8 maanden", "/api/maten/jeugdigen_in_zorg?" + "&".join(
        f"periode=2025-{m:02d}" for m in range(1, 9)) + "&per=segment"),
    ("statisch bestand (stijl.css)", "/static/stijl.css"),
]


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accounts(adres: str, rollen: dict[str, tuple[str, list[str]]] = ACCOUNTS) -> None:
    with Opslag.open(adres) as opslag:
        gebruikers.richt_in(opslag)
        bestaand = {g.naam for g in gebruikers.gebruikers(opslag)}
        for naam, (rol, gemeenten) in rollen.items():
            if naam not in bestaand:
                gebruikers.toevoegen(opslag, naam, WACHTWOORD, rol, gemeenten)


def opslag_met_accounts(tmp: Path, opties: argparse.Namespace,
                        rollen: dict[str, tuple[str, list[str]]] = ACCOUNTS, postgres: str | None = None) -> str:
    """A copy of the store of --db, or the region generated at --schaal (into the PostgreSQL database
    `postgres` when given); with the benchmark's accounts."""
    if opties.db:
        db = str(tmp / "s.duckdb")
        shutil.copy(opties.db, db)
    else:
        db, _ = maak_regio(tmp, opties.schaal, postgres)
    accounts(db, rollen)
    return db


def server(db: str, poort: int, werkers: int, log) -> subprocess.Popen:
    """`stuurwiel serve` on `db`, its log to the file `log` (a pipe nobody reads would stop it once full)."""
    stuurwiel = Path(sys.executable).parent / "stuurwiel"
    proces = subprocess.Popen([str(stuurwiel), "serve", "--db", db, "--poort", str(poort), "--werkers", str(werkers)],
                              stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{poort}/login").status_code == 200:
                return proces
        except httpx.TransportError:
            time.sleep(0.1)
    proces.kill()
    log.seek(0)
    raise RuntimeError(f"stuurwiel serve is niet gestart: {log.read().decode()}")


def processor(pid: int) -> float:
    """CPU seconds of a process and its children so far (Linux)."""
    kinderen = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    velden = [Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split() for p in [pid, *kinderen]]
    return sum(int(v[11]) + int(v[12]) for v in velden) / os.sysconf("SC_CLK_TCK")


def rustig(proces: subprocess.Popen) -> None:
    """Until the server is idle: each worker computes the pages of a first visit in the background after it
    starts (web/voorberekening.py), which the rounds under load should not share the processors with."""
    if not Path("/proc").is_dir():
        time.sleep(60)
        return
    for _ in range(200):
        voor = processor(proces.pid)
        time.sleep(3)
        if processor(proces.pid) - voor < 0.1:
            return


def ingelogd(basis: str, naam: str) -> httpx.Client:
    c = httpx.Client(base_url=basis, timeout=600)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf_token": token})
    assert r.status_code == 303, r.text
    return c


class Fout(Exception):
    """An answer that is not the page, or none at all."""


def tijd(c: httpx.Client, pad: str) -> float:
    """Seconds of the answer; a page that is still being precomputed (503) is asked again until it is there."""
    while True:
        t = time.perf_counter()
        try:
            r = c.get(pad)
        except httpx.HTTPError as e:
            raise Fout(f"{pad}: {e!r}") from None
        duur = time.perf_counter() - t
        if r.status_code != 503:
            break
        time.sleep(1)
    if r.status_code != 200:
        raise Fout(f"{pad}: {r.status_code} {r.text[:200]}")
    return duur


def belast(basis: str, gebruikers_: int, rondes: int) -> tuple[dict[str, list[float]], float, list[str]]:
    """`gebruikers_` users at once (regional and municipal in turn), each asking every question `rondes` times;
    the latencies per question, the seconds it took and the errors."""
    klanten = [ingelogd(basis, list(ACCOUNTS)[i % len(ACCOUNTS)]) for i in range(gebruikers_)]
    tijden: dict[str, list[float]] = {naam: [] for naam, _ in VRAGEN}
    fouten: list[str] = []
    slot = threading.Lock()
    startsein = threading.Barrier(gebruikers_)

    def gebruiker(i: int) -> None:
        startsein.wait()
        for ronde in range(rondes):
            for j in range(len(VRAGEN)):  # each user starts elsewhere in the list
                naam, pad = VRAGEN[(i + j + ronde) % len(VRAGEN)]
                try:
                    duur = tijd(klanten[i], pad)
                except Fout as e:
                    with slot:
                        fouten.append(str(e))
                    continue
                with slot:
                    tijden[naam].append(duur)

    draden = [threading.Thread(target=gebruiker, args=(i,)) for i in range(gebruikers_)]
    t = time.perf_counter()
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    duur = time.perf_counter() - t
    for c in klanten:
        c.close()
    return tijden, duur, fouten


def p(waarden: list[float], q: float) -> float:
    if not waarden:
        return float("nan")
    return statistics.quantiles(waarden, n=100, method="inclusive")[q - 1] * 1000 if len(waarden) > 1 else \
        waarden[0] * 1000


def meet(db: str, opties: argparse.Namespace, log) -> tuple[float, dict[str, list[float]], dict[int, tuple]]:
    """Start `stuurwiel serve` on `db`; its start-up time, the cold latencies and the rounds per number of users."""
    poort = vrije_poort()
    basis = f"http://127.0.0.1:{poort}"
    t = time.perf_counter()
    proces = server(db, poort, opties.werkers, log)
    opstart = time.perf_counter() - t
    try:
        koud: dict[str, list[float]] = {naam: [] for naam, _ in VRAGEN}
        for naam_gebruiker in ACCOUNTS:
            c = ingelogd(basis, naam_gebruiker)
            for naam, pad in VRAGEN:
                koud[naam].append(tijd(c, pad))
        rustig(proces)
        return opstart, koud, {n: belast(basis, n, opties.rondes) for n in opties.gebruikers}
    finally:
        proces.terminate()
        proces.wait(timeout=60)


def main() -> None:
    ontleder = argparse.ArgumentParser()
    bron = ontleder.add_mutually_exclusive_group()
    bron.add_argument("--db", help="a loaded DuckDB store (copied); without it the region is generated")
    bron.add_argument("--postgres", help="a PostgreSQL server (admin URL): the region is generated into a new "
                                         "database there, dropped afterwards")
    ontleder.add_argument("--schaal", type=float, default=1.0)
    ontleder.add_argument("--rondes", type=int, default=5)
    ontleder.add_argument("--werkers", type=int, default=1, help="processes of `stuurwiel serve --werkers`")
    ontleder.add_argument("--gebruikers", type=lambda t: [int(n) for n in t.split(",")], default=[1, 20, 100],
                          help="numbers of users at once, comma-separated")
    opties = ontleder.parse_args()
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as log:
        if opties.postgres:
            opstart, koud, rondes = met_pg_database(opties.postgres, lambda adres: meet(
                opslag_met_accounts(Path(tmp), opties, postgres=adres), opties, log))
        else:
            opstart, koud, rondes = meet(opslag_met_accounts(Path(tmp), opties), opties, log)
        log.seek(0)
        serverfouten = [r for r in log.read().decode().splitlines() if r.startswith("ERROR:")]

    motor = "PostgreSQL" if opties.postgres else "DuckDB"
    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021-2025{'' if opties.db else f', schaal {opties.schaal}'} on {motor}; `stuurwiel serve --werkers "
          f"{opties.werkers}` in its own process (started in {opstart:.1f} s), clients over loopback; "
          f"{opties.rondes} rounds of every question per user; the users are a regional and a municipal account "
          "in turn.\n")
    koppen = " | ".join(f"{n} user{'s' if n > 1 else ''} p{q}" for n in opties.gebruikers for q in (50, 95))
    print(f"| question | cold: computed (ms) | {koppen} |")
    print("|---|---:|" + "---:|" * 2 * len(opties.gebruikers))
    for naam, _ in VRAGEN:
        cijfers = [max(koud[naam]) * 1000] + [p(rondes[n][0][naam], q) for n in opties.gebruikers for q in (50, 95)]
        print(f"| {naam} | " + " | ".join(f"{x:,.0f}" for x in cijfers) + " |")
    for n in opties.gebruikers[1:]:
        tijden, duur, fouten = rondes[n]
        alle = [t for v in tijden.values() for t in v]
        print(f"\n{n} users: {len(alle) + len(fouten)} requests in {duur:.1f} s ({len(alle) / duur:.0f} per second), "
              f"p95 over every question {p(alle, 95):,.0f} ms, {len(fouten)} errors"
              + (f" (first: {fouten[0]})" if fouten else "") + ".")
    print(f"\nThe server logged {len(serverfouten)} errors" + (f" (first: {serverfouten[0]})" if serverfouten else "")
          + ".")
    print("\nCold is the slowest first request of the two scopes; the year's forecast starts computing when the "
          "server starts, and a first view that shows it waits for it. The rounds start once the server is idle "
          "(every worker has computed the pages of a first visit).")


if __name__ == "__main__":
    main()
