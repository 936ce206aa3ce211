"""Small helpers for tests: the row counts of a store, a rejected load, run the CLI, a key for module fixtures."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stuurwiel.cli import app
from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN
from stuurwiel.toepassing.laden import laad


def tellingen(opslag: Opslag) -> dict[str, int]:
    """Row counts of every table of data (the dashboard's accounts and audit log are not data): equal counts
    mean nothing was stored."""
    return {naam: opslag.aantal(naam) for naam in TABELLEN}


def afgewezen(opslag: Opslag, paden) -> list[str]:
    """The problems of a load that must be rejected, after checking that it stored nothing."""
    voor = tellingen(opslag)
    with pytest.raises(Afgewezen) as e:
        laad(opslag, paden)
    assert tellingen(opslag) == voor, "a rejected batch must store nothing"
    return [str(p) for p in e.value.problemen]


def cli(*args: str, invoer: str | None = None):
    """Run `stuurwiel ARGS`, with `invoer` on standard input."""
    return CliRunner().invoke(app, list(args), input=invoer, catch_exceptions=False)


@contextmanager
def sleutel(pad: Path):
    """The pseudonymisation key for a module-wide fixture (monkeypatch is per test)."""
    vorige = os.environ.get("STUURWIEL_SLEUTEL")
    os.environ["STUURWIEL_SLEUTEL"] = str(pad)
    try:
        yield
    finally:
        if vorige is None:
            os.environ.pop("STUURWIEL_SLEUTEL")
        else:
            os.environ["STUURWIEL_SLEUTEL"] = vorige
