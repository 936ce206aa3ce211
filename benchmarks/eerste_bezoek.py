"""Benchmark: the first visit of every page, export and role. `stuurwiel serve` runs in its own process
on the ZHZ demo; this process logs in as each role (regio, a gemeente, contractmanagement, controle,
beheerder) and asks every view and the first export of each view once, as a first visitor does.

Two runs of the server: right after it starts (does a visit hang, or does it say the page is being
computed?), and once the server says its precomputation is done (what a first visitor waits then).
Each answer's `X-Stuurwiel-Berekend` header says whether it came from the precomputation.

    python benchmarks/eerste_bezoek.py [--db demo/stuurwiel.duckdb] [--schaal 1.0]

Without --db the region is generated (seed 1, 2021-2025) and loaded first (not timed); a --db is
copied. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from machine import beschrijving
from serve import WACHTWOORD, opslag_met_accounts, vrije_poort

ROLLEN = {"regio": ("regio", []), "dordrecht": ("gemeente", ["0505"]), "contract": ("contractmanagement", []),
          "controle": ("controle", []), "beheerder": ("beheerder", [])}
PAGINAS = [("Overzicht", ""), ("Gemeente", "gemeente"), ("Segmenten", "segmenten"), ("Aanbieders", "aanbieders"),
           ("Toegang", "toegang"), ("Kosten en budget", "kosten")]
KLAAR = "voorberekend"  # what the server logs when every page of every scope is computed


class Server:
    """`stuurwiel serve` in its own process; remembers when it logged that its precomputation was done."""

    def __init__(self, db: str):
        self.poort = vrije_poort()
        self.basis = f"http://127.0.0.1:{self.poort}"
        self.klaar = threading.Event()
        self.log: list[str] = []
        stuurwiel = Path(sys.executable).parent / "stuurwiel"
        self.start = time.perf_counter()
        self.proces = subprocess.Popen([str(stuurwiel), "serve", "--db", db, "--poort", str(self.poort)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._lees, daemon=True).start()
        for _ in range(1200):
            try:
                if httpx.get(f"{self.basis}/login").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError("stuurwiel serve is niet gestart:\n" + "".join(self.log))
        self.gestart = time.perf_counter() - self.start

    def _lees(self) -> None:
        for regel in self.proces.stderr:
            self.log.append(regel)
            if KLAAR in regel:
                self.klaar_na = time.perf_counter() - self.start
                self.klaar.set()

    def stop(self) -> None:
        self.proces.terminate()
        self.proces.wait(timeout=60)


def ingelogd(basis: str, naam: str) -> httpx.Client:
    import re

    c = httpx.Client(base_url=basis, timeout=900)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
    r = c.post("/login", data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf_token": token})
    assert r.status_code == 303, r.text
    return c


def bezoeken(basis: str) -> list[tuple[str, str, float, int, str]]:
    """Every role's first visit of every page and of its first export: (role, what, seconds, status, header)."""
    uit = []
    for naam in ROLLEN:
        c = ingelogd(basis, naam)
        for titel, pad in PAGINAS:
            for wat, url in ((titel, f"/{pad}"), (f"Export {titel}", f"/export/{pad or 'overzicht'}/0.xlsx")):
                t = time.perf_counter()
                r = c.get(url)
                duur = time.perf_counter() - t
                uit.append((naam, wat, duur, r.status_code, r.headers.get("x-stuurwiel-berekend", "")))
    return uit


def tabel(metingen: list[tuple[str, str, float, int, str]]) -> None:
    wat = list(dict.fromkeys(m[1] for m in metingen))
    print("| first visit | roles | median (ms) | slowest (ms) | status | answered from |")
    print("|---|---:|---:|---:|---|---|")
    for w in wat:
        rij = [m for m in metingen if m[1] == w]
        tijden = [m[2] * 1000 for m in rij]
        statussen = ", ".join(f"{s} ×{n}" for s, n in sorted(_tel(m[3] for m in rij).items()))
        bronnen = ", ".join(f"{b or '–'} ×{n}" for b, n in sorted(_tel(m[4] for m in rij).items()))
        print(f"| {w} | {len(rij)} | {statistics.median(tijden):,.0f} | {max(tijden):,.0f} | {statussen} | {bronnen} |")
    alle = [m[2] for m in metingen]
    print(f"\nAll {len(alle)} first visits: {sum(alle):.1f} s together, slowest {max(alle) * 1000:,.0f} ms.\n")


def _tel(waarden) -> dict:
    uit: dict = {}
    for w in waarden:
        uit[w] = uit.get(w, 0) + 1
    return uit


def main() -> None:
    ontleder = argparse.ArgumentParser()
    ontleder.add_argument("--db", help="a loaded DuckDB store (copied); without it the region is generated")
    ontleder.add_argument("--schaal", type=float, default=1.0)
    ontleder.add_argument("--wacht", type=float, default=1800, help="seconds to wait for the precomputation")
    opties = ontleder.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = opslag_met_accounts(Path(tmp), opties, ROLLEN)
        print(f"Machine: {beschrijving()}")
        print(f"ZHZ 2021-2025{'' if opties.db else f', schaal {opties.schaal}'}; `stuurwiel serve` in its own process, "
              f"each of {len(ROLLEN)} roles logs in and visits every page and its first export once.\n")
        s = Server(db)
        try:
            print(f"Right after the server started (in {s.gestart:.1f} s):\n")
            tabel(bezoeken(s.basis))
        finally:
            s.stop()
        s = Server(db)
        try:
            if s.klaar.wait(opties.wacht):
                print(f"After the precomputation (done {s.klaar_na:.1f} s after the start):\n")
            else:
                print(f"The server did not say its precomputation was done within {opties.wacht:.0f} s:\n")
            tabel(bezoeken(s.basis))
        finally:
            s.stop()


if __name__ == "__main__":
    main()
