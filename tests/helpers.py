"""Small helpers for tests: snapshot a store, run the CLI."""

from __future__ import annotations

from typer.testing import CliRunner

from stuurwiel.cli import app
from stuurwiel.store.engine import Store
from stuurwiel.store.schema import TABLES


def snapshot(store: Store) -> dict[str, int]:
    """Row counts of every table: equal snapshots mean nothing was stored."""
    return {name: store.count(name) for name in TABLES}


def cli(*args: str):
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result
