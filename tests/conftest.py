"""Shared fixtures: a store on each engine, and a set of small valid exchange files.

PostgreSQL tests create and drop their own database on 127.0.0.1:5432. Without a server they
are skipped locally, but under CI=true an unreachable server is a failure.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from stuurwiel.config.regio import lees_regio
from stuurwiel.store.engine import Store
from stuurwiel.toepassing import initialiseer

PG_ADMIN = os.environ.get("STUURWIEL_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.exists():  # a clone outside the workspace layout: ../shared next to the repo
    SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _pg_url(dbname: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname


@pytest.fixture(scope="session")
def pg_admin():
    import psycopg

    try:
        con = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL niet bereikbaar onder CI: {e}")
        pytest.skip(f"PostgreSQL niet bereikbaar: {e}")
    yield con
    con.close()


@pytest.fixture
def pg_url(pg_admin):
    name = f"stuurwiel_test_{uuid.uuid4().hex[:12]}"
    pg_admin.execute(f'CREATE DATABASE "{name}"')
    yield _pg_url(name)
    pg_admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["duckdb", "postgres"])
def db_url(request, tmp_path):
    """A fresh, empty store location on each engine."""
    if request.param == "duckdb":
        return str(tmp_path / "stuurwiel.duckdb")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def sleutel_env(tmp_path, monkeypatch):
    pad = tmp_path / "test.sleutel"
    monkeypatch.setenv("STUURWIEL_SLEUTEL", str(pad))
    return pad


@pytest.fixture
def store(db_url, sleutel_env):
    """An initialised ZHZ store on each engine."""
    s = Store.open(db_url)
    initialiseer(s, lees_regio("zhz"))
    yield s
    s.close()
