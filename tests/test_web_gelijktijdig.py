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
from stuurwiel.web.paginas import PAGINAS
from tests.support.cijfers import lees_html
from tests.support.voorbeeld import schrijf, variant
from tests.support.webregio import csrf, gevulde_regio, inloggen, kopie, vul

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


OVERZICHT_2024 = "/?periode=2024"


def _figuren(c: httpx.Client) -> list[tuple] | None:
    """The figures of Overzicht 2024 (measure, keys, text), or None while it is being loaded or computed."""
    r = c.get(OVERZICHT_2024)
    assert r.status_code in (200, 503), (r.status_code, r.text[:300])
    return [(f["data-maat"], f["data-sleutels"], f["tekst"]) for f in lees_html(r.text)] if r.status_code == 200 else None


def _store(motor: str, regio: Path, tmp_path: Path, request) -> str:
    """The small region on `motor`: a copy of the DuckDB file, or loaded into a fresh PostgreSQL database."""
    if motor == "duckdb":
        return kopie(regio, tmp_path / "db")
    url = request.getfixturevalue("pg_url")
    vul(url, regio.parents[1] / "regio")
    return url


@pytest.mark.parametrize("motor", ["duckdb", "postgres"])
def test_several_workers_serve_every_page_while_a_load_writes_and_no_reader_sees_half_of_it(regio, tmp_path, motor,
                                                                                             request):
    """`serve --werkers 2`: a session made by one worker is known to the other; while a load from the
    command line writes, users read every view and the API and get the old figures, a 'being loaded'
    or 'being computed' answer (503 with Retry-After) or the new figures — never an error, never a
    view in between."""
    db = _store(motor, regio, tmp_path, request)
    voor = kosten_2024(db)
    paden = [f"/{naam}" for naam in PAGINAS] + [OVERZICHT_2024, KOSTEN]
    with serve(db, "--werkers", "2") as url:
        klanten = [httpx.Client(base_url=url, follow_redirects=False, timeout=120) for _ in range(4)]
        for i, c in enumerate(klanten):
            assert inloggen(c, ("regio", "dordrecht")[i % 2]).status_code == 303
        wacht_tot(lambda: _figuren(klanten[0]) is not None)
        figuren_voor = _figuren(klanten[0])
        gezien, fouten, klaar = [], [], threading.Event()
        gelezen = threading.Barrier(len(klanten) + 1)  # the load starts once every user has read every view

        def lees(i: int, c: httpx.Client) -> None:
            try:
                ronde = 0
                while not klaar.is_set() or ronde == 0:
                    for pad in paden[i:] + paden[:i]:
                        r = c.get(pad)
                        if r.status_code == 503:
                            assert r.headers["Retry-After"], pad
                        waarde = None
                        if r.status_code == 200 and pad == KOSTEN:
                            waarde = r.json()["rijen"][0]["waarde"]
                        elif r.status_code == 200 and pad == OVERZICHT_2024 and i % 2 == 0:
                            waarde = tuple((f["data-maat"], f["data-sleutels"], f["tekst"]) for f in lees_html(r.text))
                        gezien.append((pad, r.status_code, waarde))
                    if ronde == 0:
                        gelezen.wait()
                    ronde += 1
            except BaseException as e:  # noqa: BLE001 - reported by the test's own thread
                fouten.append(e)
                gelezen.abort()

        lezers = [threading.Thread(target=lees, args=(i, c)) for i, c in enumerate(klanten)]
        for lezer in lezers:
            lezer.start()
        try:
            gelezen.wait()
            r = stuurwiel_("laad", str(schrijf(tmp_path / "extra")), "--db", db)
        finally:
            klaar.set()
            for lezer in lezers:
                lezer.join()
        assert not fouten, fouten
        assert r.returncode == 0, r.stderr
        na = kosten_2024(db)
        assert na != voor
        assert {s for _, s, _ in gezien} <= {200, 503}, [g for g in gezien if g[1] not in (200, 503)]
        assert {w for p, s, w in gezien if p == KOSTEN and s == 200} <= {voor, na}, "a reader saw half a load"
        c = klanten[0]
        wacht_tot(lambda: c.get(KOSTEN).status_code == 200 and _figuren(c) is not None)
        figuren_na = _figuren(c)
        assert figuren_na != figuren_voor
        assert {w for p, s, w in gezien if p == OVERZICHT_2024 and w} <= {tuple(figuren_voor), tuple(figuren_na)}, \
            "a view showed half a load"
        assert {c.get(KOSTEN).json()["rijen"][0]["waarde"] for _ in range(8)} == {na}, "every worker sees the load"
        for k in klanten:
            k.close()
