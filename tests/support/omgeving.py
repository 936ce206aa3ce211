"""Where the tests find what lies outside the project: the shared reference material and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

# ../shared next to the repository (the workspace layout, and a clone beside it), or STUURWIEL_SHARED
SHARED = Path(os.environ.get("STUURWIEL_SHARED", Path(__file__).resolve().parents[3] / "shared"))
PG_ADMIN = os.environ.get("STUURWIEL_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_adres(naam: str) -> str:
    """The URL of database `naam` on the test server."""
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + naam
