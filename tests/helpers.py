"""Small helpers for tests: snapshot a store, a rejected load, run the CLI."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from stuurwiel.cli import app
from stuurwiel.ingest.laden import Afgewezen
from stuurwiel.store.engine import Store
from stuurwiel.store.schema import TABLES
from stuurwiel.toepassing import laad


def snapshot(store: Store) -> dict[str, int]:
    """Row counts of every table: equal snapshots mean nothing was stored."""
    return {name: store.count(name) for name in TABLES}


def afgewezen(store: Store, paden) -> list[str]:
    """The problems of a load that must be rejected, after checking that it stored nothing."""
    voor = snapshot(store)
    with pytest.raises(Afgewezen) as e:
        laad(store, paden)
    assert snapshot(store) == voor, "a rejected batch must store nothing"
    return [str(p) for p in e.value.problemen]


def cli(*args: str):
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result
