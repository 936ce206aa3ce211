"""Benchmark: the dashboard under load. `stuurwiel serve` runs in its own process on the ZHZ demo;
this process logs in as regional and municipal users over loopback and measures the latency of
the main views and API calls, once cold (the page computed: what a dashboard without a page
store does on every request) and then at 1 and 20 concurrent users, next to a static file served
by the same server (the floor of the HTTP stack).

    python benchmarks/serve.py [--db demo/stuurwiel.duckdb] [--schaal 1.0] [--rondes 5]

Without --db the region is generated (seed 1, 2021-2025) and loaded first (not timed); a --db is
copied, so the benchmark's accounts do not end up in it. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
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
                        rollen: dict[str, tuple[str, list[str]]] = ACCOUNTS) -> str:
    """A copy of the store of --db, or the region generated at --schaal; with the benchmark's accounts."""
    if opties.db:
        db = str(tmp / "s.duckdb")
        shutil.copy(opties.db, db)
    else:
        db, _ = maak_regio(tmp, opties.schaal)
    accounts(db, rollen)
    return db


def server(db: str, poort: int) -> subprocess.Popen:
    stuurwiel = Path(sys.executable).parent / "stuurwiel"
    proces = subprocess.Popen([str(stuurwiel), "serve", "--db", db, "--poort", str(poort)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{poort}/login").status_code == 200:
                return proces
        except httpx.TransportError:
            time.sleep(0.1)
    proces.kill()
    raise RuntimeError(f"stuurwiel serve is niet gestart: {proces.stderr.read().decode()}")


def ingelogd(basis: str, naam: str) -> httpx.Client:
    c = httpx.Client(base_url=basis, timeout=600)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf_token": token})
    assert r.status_code == 303, r.text
    return c


def tijd(c: httpx.Client, pad: str) -> float:
    """Seconds of the answer; a page that is still being precomputed (503) is asked again until it is there."""
    while True:
        t = time.perf_counter()
        r = c.get(pad)
        duur = time.perf_counter() - t
        if r.status_code != 503:
            break
        time.sleep(1)
    assert r.status_code == 200, (pad, r.status_code, r.text[:200])
    return duur


def belast(basis: str, gebruikers_: int, rondes: int) -> tuple[dict[str, list[float]], float]:
    """`gebruikers_` users at once (regional and municipal in turn), each asking every question `rondes` times."""
    klanten = [ingelogd(basis, list(ACCOUNTS)[i % len(ACCOUNTS)]) for i in range(gebruikers_)]
    tijden: dict[str, list[float]] = {naam: [] for naam, _ in VRAGEN}
    slot = threading.Lock()
    startsein = threading.Barrier(gebruikers_)

    def gebruiker(i: int) -> None:
        startsein.wait()
        for ronde in range(rondes):
            for j in range(len(VRAGEN)):  # each user starts elsewhere in the list
                naam, pad = VRAGEN[(i + j + ronde) % len(VRAGEN)]
                duur = tijd(klanten[i], pad)
                with slot:
                    tijden[naam].append(duur)

    draden = [threading.Thread(target=gebruiker, args=(i,)) for i in range(gebruikers_)]
    t = time.perf_counter()
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    return tijden, time.perf_counter() - t


def p(waarden: list[float], q: float) -> float:
    return statistics.quantiles(waarden, n=100, method="inclusive")[q - 1] * 1000 if len(waarden) > 1 else \
        waarden[0] * 1000


def main() -> None:
    ontleder = argparse.ArgumentParser()
    ontleder.add_argument("--db", help="a loaded DuckDB store (copied); without it the region is generated")
    ontleder.add_argument("--schaal", type=float, default=1.0)
    ontleder.add_argument("--rondes", type=int, default=5)
    opties = ontleder.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = opslag_met_accounts(Path(tmp), opties)
        poort = vrije_poort()
        basis = f"http://127.0.0.1:{poort}"
        t = time.perf_counter()
        proces = server(db, poort)
        opstart = time.perf_counter() - t
        try:
            koud: dict[str, list[float]] = {naam: [] for naam, _ in VRAGEN}
            for naam_gebruiker in ACCOUNTS:
                c = ingelogd(basis, naam_gebruiker)
                for naam, pad in VRAGEN:
                    koud[naam].append(tijd(c, pad))
            (een, _), (twintig, duur) = belast(basis, 1, opties.rondes), belast(basis, 20, opties.rondes)
        finally:
            proces.terminate()
            proces.wait(timeout=60)

    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021-2025{'' if opties.db else f', schaal {opties.schaal}'}; `stuurwiel serve` in its own process "
          f"(started in {opstart:.1f} s), clients over loopback; {opties.rondes} rounds of every question per user; "
          "the users are a regional and a municipal account in turn.\n")
    print("| question | cold: computed (ms) | 1 user p50 | 1 user p95 | 20 users p50 | 20 users p95 |")
    print("|---|---:|---:|---:|---:|---:|")
    for naam, _ in VRAGEN:
        cijfers = [max(koud[naam]) * 1000, p(een[naam], 50), p(een[naam], 95), p(twintig[naam], 50),
                   p(twintig[naam], 95)]
        print(f"| {naam} | " + " | ".join(f"{x:,.0f}" for x in cijfers) + " |")
    n = sum(len(v) for v in twintig.values())
    print(f"\n20 users: {n} requests in {duur:.1f} s ({n / duur:.0f} per second). Cold is the slowest first request "
          "of the two scopes; the year's forecast starts computing when the server starts, and a first view that "
          "shows it waits for it.")


if __name__ == "__main__":
    main()
