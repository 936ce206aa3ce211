"""The command line works while the dashboard runs on the same DuckDB file (real processes, real HTTP).

`stuurwiel serve` holds the file read-only; the read commands open it beside it, a load from the
command line or from the dashboard gets it alone for a moment (`opslag/slot.py`, `opslag/gedeeld.py`)
and the server then serves the new data; accounts live beside the file, so `stuurwiel gebruiker`
works too. A loader killed while it holds the file never leaves the server stuck.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

import stuurwiel
from stuurwiel.begrippen.periode import jaar
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag.database import Opslag
from tests.support.voorbeeld import schrijf, variant
from tests.support.webregio import csrf, gevulde_regio, inloggen, kopie

pytestmark = pytest.mark.slow

KOSTEN = "/api/maten/kosten?jaar=2024"
LEZERS = [  # read-only commands and the format that makes their output comparable
    ["kerncijfers", "--jaar", "2024", "--per", "gemeente", "--formaat", "csv"],
    ["meet", "kosten", "--periode", "2024", "--per", "gemeente", "--formaat", "csv"],
    ["signalen", "--formaat", "csv"],
]


def _omgeving() -> dict[str, str]:
    """This checkout's code first, also for the child processes (the key comes from STUURWIEL_SLEUTEL)."""
    src = str(Path(stuurwiel.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}


def stuurwiel_(*args: str, invoer: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stuurwiel", *args], input=invoer, capture_output=True, text=True,
                          env=_omgeving(), timeout=600)


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: str, *opties: str) -> Iterator[str]:
    """`stuurwiel serve` as its own process; yields its URL once it answers."""
    poort = _vrije_poort()
    proces = subprocess.Popen([sys.executable, "-m", "stuurwiel", "serve", "--db", db, "--poort", str(poort), *opties],
                              env=_omgeving(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{poort}"
    try:
        while True:
            if proces.poll() is not None:
                raise RuntimeError(f"stuurwiel serve stopte: {proces.stderr.read()}")
            try:
                httpx.get(url + "/login", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proces.send_signal(signal.SIGINT)
        proces.wait(timeout=60)


def wacht_tot(voorwaarde, seconden: float = 120) -> None:
    """Until `voorwaarde()` holds; the limit only stops a hang, it measures nothing."""
    einde = time.monotonic() + seconden
    while not voorwaarde():
        assert time.monotonic() < einde, "de server werd niet weer beschikbaar"
        time.sleep(0.1)


def kosten_2024(db: str) -> int:
    with Opslag.open(db, alleen_lezen=True) as opslag:  # beside the running server, read-only
        return int(meet(opslag, "kosten", [jaar(2024)], []).iloc[0]["waarde"])


@pytest.fixture(scope="module")
def regio(tmp_path_factory) -> Iterator[Path]:
    with gevulde_regio(tmp_path_factory.mktemp("gelijktijdig")) as pad:
        yield pad


def test_read_commands_loads_and_accounts_work_on_the_command_line_while_the_dashboard_runs(regio, tmp_path):
    db = kopie(regio, tmp_path / "db")
    zonder_server = {tuple(a): stuurwiel_(*a, "--db", db) for a in LEZERS}
    assert all(r.returncode == 0 for r in zonder_server.values()), zonder_server
    with serve(db) as url, httpx.Client(base_url=url, follow_redirects=False, timeout=120) as regio_:
        assert inloggen(regio_, "regio").status_code == 303
        voor = regio_.get(KOSTEN).json()["rijen"][0]["waarde"]

        for args in LEZERS:  # the same answers as without the server
            r = stuurwiel_(*args, "--db", db)
            assert r.returncode == 0 and r.stdout == zonder_server[tuple(args)].stdout, r.stderr
        r = stuurwiel_("rapport", "maand", "--gemeente", "0505", "--periode", "2024-08", "--html",
                       "--uit", str(tmp_path / "rapporten"), "--db", db)
        assert r.returncode == 0, r.stderr
        assert "Dordrecht" in (tmp_path / "rapporten").glob("*.html").__next__().read_text(encoding="utf-8")

        r = stuurwiel_("laad", str(schrijf(tmp_path / "extra")), "--db", db)  # claims for 2024
        assert r.returncode == 0 and "Lading" in r.stdout, r.stderr
        na = regio_.get(KOSTEN)  # the same session, the new data
        assert na.status_code == 200 and na.json()["rijen"][0]["waarde"] == kosten_2024(db) != voor

        r = stuurwiel_("gebruiker", "toevoegen", "--naam", "nieuw", "--rol", "regio", "--db", db,
                       invoer="een lang genoeg wachtwoord\n")
        assert r.returncode == 0, r.stderr
        with httpx.Client(base_url=url, follow_redirects=False, timeout=120) as nieuw:
            assert inloggen(nieuw, "nieuw", "een lang genoeg wachtwoord").status_code == 303
            assert nieuw.get(KOSTEN).json()["rijen"][0]["waarde"] == kosten_2024(db)

        with httpx.Client(base_url=url, follow_redirects=False, timeout=120) as beheer:
            assert inloggen(beheer, "beheer").status_code == 303
            bestanden = schrijf(tmp_path / "upload", variant(declaraties={0: {"referentienummer": "R1-upload"}}))
            r = beheer.post("/laden", data={"csrf_token": csrf(beheer.get("/laden").text)},
                            files=[("bestanden", (p.name, p.read_bytes(), "text/csv"))
                                   for p in sorted(bestanden.glob("*.csv"))])
            assert r.status_code == 200 and "Geladen als lading" in r.text, r.text[-2000:]
        assert regio_.get(KOSTEN).json()["rijen"][0]["waarde"] == kosten_2024(db) != na.json()["rijen"][0]["waarde"]

    r = stuurwiel_("gebruiker", "toon", "--formaat", "csv", "--db", db)
    assert "nieuw,regio," in r.stdout


def test_while_a_load_holds_the_file_pages_say_so_and_a_killed_loader_never_leaves_the_server_stuck(regio, tmp_path):
    db = kopie(regio, tmp_path / "db")
    with serve(db) as url, httpx.Client(base_url=url, follow_redirects=False, timeout=120) as regio_:
        assert inloggen(regio_, "regio").status_code == 303
        voor = regio_.get(KOSTEN).json()
        lader = subprocess.Popen(  # a loader that has the store for writing, is halfway a change, and hangs
            [sys.executable, "-c", "import sys, time; from stuurwiel.opslag.database import Opslag; "
             "o = Opslag.open(sys.argv[1]); o.voer_uit('BEGIN TRANSACTION'); "
             "o.voer_uit('DELETE FROM declaratieregel'); print('open', flush=True); time.sleep(600)", db],
            env=_omgeving(), stdout=subprocess.PIPE, text=True)
        try:
            assert lader.stdout.readline().strip() == "open"  # it has the file: the server let go of it
            pagina = regio_.get("/")
            assert pagina.status_code == 503 and pagina.headers["Retry-After"] == "3"
            assert "Gegevens worden geladen" in pagina.text and '<meta http-equiv="refresh" content="3">' in pagina.text
            assert "<script" not in pagina.text
            api = regio_.get(KOSTEN)
            assert api.status_code == 503 and "geladen" in api.json()["detail"]
        finally:
            lader.send_signal(signal.SIGKILL)
            lader.wait()
        wacht_tot(lambda: regio_.get(KOSTEN).status_code == 200)
        assert regio_.get(KOSTEN).json() == voor and regio_.get("/").status_code == 200  # nothing of it stored
        r = stuurwiel_("laad", str(schrijf(tmp_path / "extra")), "--db", db)  # and the next load goes ahead
        assert r.returncode == 0, r.stderr
        assert regio_.get(KOSTEN).json()["rijen"][0]["waarde"] == kosten_2024(db) != voor["rijen"][0]["waarde"]


def test_several_workers_serve_one_session_and_readers_never_see_half_a_load(regio, tmp_path):
    """`serve --werkers 2`: a session made by one worker is known to the other; while a load from the
    command line writes, readers get the old total, a 'being loaded' answer or the new total — never
    an error, never a figure in between."""
    db = kopie(regio, tmp_path / "db")
    voor = kosten_2024(db)
    with serve(db, "--werkers", "2") as url, httpx.Client(base_url=url, follow_redirects=False, timeout=120) as c:
        assert inloggen(c, "regio").status_code == 303
        gezien, klaar = [], threading.Event()

        def lees() -> None:
            while not klaar.is_set():
                r = c.get(KOSTEN)
                gezien.append((r.status_code, r.json()["rijen"][0]["waarde"] if r.status_code == 200 else None))

        lezers = [threading.Thread(target=lees) for _ in range(4)]
        for lezer in lezers:
            lezer.start()
        try:
            r = stuurwiel_("laad", str(schrijf(tmp_path / "extra")), "--db", db)
        finally:
            klaar.set()
            for lezer in lezers:
                lezer.join()
        assert r.returncode == 0, r.stderr
        na = kosten_2024(db)
        assert na != voor
        assert {s for s, _ in gezien} <= {200, 503}, gezien
        assert {w for s, w in gezien if s == 200} <= {voor, na}, "a reader saw half a load"
        wacht_tot(lambda: c.get(KOSTEN).status_code == 200)
        assert {c.get(KOSTEN).json()["rijen"][0]["waarde"] for _ in range(8)} == {na}, "every worker sees the load"
