"""A small synthetic region with an account per role, for the dashboard's HTTP and browser tests."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.beheeropslag import beheerpad
from stuurwiel.opslag.database import Opslag
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.web import gebruikers
from tests.support.helpers import sleutel

# naam -> (rol, gemeenten)
ACCOUNTS = {
    "beheer": ("beheerder", []),
    "regio": ("regio", []),
    "dordrecht": ("gemeente", ["0505"]),
    "drechtsteden": ("gemeente", ["0505", "0590"]),
    "contract": ("contractmanagement", []),
    "controle": ("controle", []),
}
EIGEN, ANDER = "0505", "1963"  # Dordrecht, and Hoeksche Waard which the gemeente account may not open


def wachtwoord(naam: str) -> str:
    return f"correct paard batterij {naam}"


@contextmanager
def gestart(app) -> Iterator[TestClient]:
    """A client of the app after its start, once the pages of a first visit are computed
    (web/voorberekening.py): until then a first visit answers "wordt berekend"."""
    with TestClient(app, follow_redirects=False) as c:
        assert app.state.voorberekening.wacht(600), "de voorberekening is niet klaar gekomen"
        yield c


def synthetiseer(uit: Path) -> Path:
    genereer(lees_regio("zhz"), range(2021, 2026), seed=3, schaal=0.05, uit=uit)
    return uit


def vul(url: str, bron: Path) -> None:
    """Initialise the store at `url`, load the region from `bron` and add the accounts."""
    with Opslag.open(url) as opslag:
        initialiseer(opslag, lees_regio("zhz"))
        laad(opslag, [bron])
        gebruikers.richt_in(opslag)
        for naam, (rol, gemeenten) in ACCOUNTS.items():
            gebruikers.toevoegen(opslag, naam, wachtwoord(naam), rol, gemeenten)


@contextmanager
def gevulde_regio(tmp: Path) -> Iterator[Path]:
    """A closed DuckDB store under `tmp` with the small region and its accounts, under its own key."""
    with sleutel(tmp / "sleutel"):
        pad = tmp / "bron" / "stuurwiel.duckdb"
        pad.parent.mkdir()
        vul(str(pad), synthetiseer(tmp / "regio"))
        yield pad


def kopie(db: Path, map_: Path) -> str:
    """A copy of a closed DuckDB store and its accounts beside it, for tests that change it."""
    map_.mkdir(parents=True, exist_ok=True)
    doel = map_ / db.name
    shutil.copy(db, doel)
    shutil.copy(beheerpad(db), beheerpad(doel))
    return str(doel)


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def inloggen(client, naam: str, wachtwoord_: str | None = None):
    """Log in through the form as a browser does; returns the answer to the POST."""
    token = csrf(client.get("/login").text)
    return client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": wachtwoord_ or wachtwoord(naam),
                                       "csrf_token": token}, follow_redirects=False)
