"""Shared fixtures: a store on each engine, and a set of small valid exchange files.

PostgreSQL tests create and drop their own database on 127.0.0.1:5432. Without a server they
are skipped locally, but under CI=true an unreachable server is a failure.

Tiers: `unit` (in-process, small inputs, DuckDB only: `make test-snel`), unmarked (PostgreSQL,
synthetic regions, the dashboard over HTTP) and `slow` (full-size end to end).
"""

from __future__ import annotations

import os
import uuid

import pytest

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.inrichten import initialiseer
from tests.support.omgeving import PG_ADMIN, SHARED, pg_adres


def pytest_configure(config):
    """The tests check against the real reference material in ../shared; without it, say so once."""
    if not (SHARED / "reference").is_dir():
        raise pytest.UsageError(f"{SHARED} not found: the tests read the reference material in ../shared next to "
                                "the repository (or set STUURWIEL_SHARED)")


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
    yield pg_adres(name)
    pg_admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=[pytest.param("duckdb", marks=pytest.mark.unit), "postgres"])
def db_adres(request, tmp_path):
    """A fresh, empty store location on each engine; the DuckDB case belongs to the unit tier."""
    if request.param == "duckdb":
        return str(tmp_path / "stuurwiel.duckdb")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def sleutel_env(tmp_path, monkeypatch):
    pad = tmp_path / "test.sleutel"
    monkeypatch.setenv("STUURWIEL_SLEUTEL", str(pad))
    return pad


@pytest.fixture
def opslag(db_adres, sleutel_env):
    """An initialised ZHZ store on each engine."""
    s = Opslag.open(db_adres)
    initialiseer(s, lees_regio("zhz"))
    yield s
    s.sluit()
