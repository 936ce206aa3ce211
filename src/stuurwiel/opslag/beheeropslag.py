"""The dashboard's own tables beside a DuckDB file: accounts, sessions, login attempts, the audit log.

A DuckDB file can be opened read-only by many processes together, but read-write by one alone, and
the dashboard writes on every login. So with DuckDB these tables live in a SQLite file beside it
(`<db>.dashboard.sqlite`, WAL mode: readers never wait, writers across processes take turns), and
the dashboard needs the DuckDB file only read-only; `stuurwiel gebruiker` works while it runs. With
PostgreSQL they stay in the database (`Opslag.beheer` is the store itself).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from contextlib import AbstractContextManager
from pathlib import Path

from stuurwiel.opslag.schema import Tabeldefinitie
from stuurwiel.opslag.transactie import alles_of_niets, genest

TYPEN = {"text": "TEXT", "int": "INTEGER", "bigint": "INTEGER", "double": "REAL", "timestamp": "TIJDSTIP"}
WACHTTIJD = 30  # seconds a writer waits for another process's write to the same file

# Timestamps are stored as ISO text and read back as datetimes (declared type TIJDSTIP).
sqlite3.register_converter("TIJDSTIP", lambda waarde: dt.datetime.fromisoformat(waarde.decode()))


def beheerpad(duckdb_pad: str | Path) -> Path:
    return Path(f"{duckdb_pad}.dashboard.sqlite")


def _waarde(waarde: object) -> object:
    return waarde.isoformat(sep=" ") if isinstance(waarde, dt.datetime) else waarde


class Beheeropslag:
    """A SQLite file with the same small SQL interface as `Opslag`: `voer_uit`, `rijen`, `transactie`."""

    dialect = "sqlite"

    def __init__(self, pad: Path):
        self.pad = pad
        nieuw = not pad.exists()
        self.ruw = sqlite3.connect(pad, timeout=WACHTTIJD, isolation_level=None, check_same_thread=False,
                                   detect_types=sqlite3.PARSE_DECLTYPES)
        self.ruw.execute("PRAGMA journal_mode=WAL")
        if nieuw:  # password hashes and sessions: for the owner only (SQLite gives its -wal file the same mode)
            pad.chmod(0o600)
        self._slot = threading.RLock()
        self._in_transactie = False

    def voer_uit(self, sql: str, parameters: list | None = None) -> None:
        with self._slot:
            self.ruw.execute(sql.replace("%s", "?"), [_waarde(p) for p in parameters or []])

    def rijen(self, sql: str, parameters: list | None = None) -> list[tuple]:
        with self._slot:
            return self.ruw.execute(sql.replace("%s", "?"), [_waarde(p) for p in parameters or []]).fetchall()

    def aantal(self, naam: str) -> int:
        return int(self.rijen(f"SELECT count(*) FROM {naam}")[0][0])

    def tabellen(self) -> set[str]:
        return {n for (n,) in self.rijen("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def transactie(self) -> AbstractContextManager[None]:
        """All-or-nothing; nested use joins the outer transaction. IMMEDIATE: the write lock is taken at
        the start, so two processes never both read and then fail to write."""
        return genest(self, lambda: alles_of_niets(self.ruw, "BEGIN IMMEDIATE"))

    def maak_tabellen(self, definities: list[Tabeldefinitie]) -> None:
        with self.transactie():
            for tabel in definities:
                kolommen = ", ".join(f"{k} {TYPEN[t]}" for k, t in tabel.alle_kolommen)
                self.voer_uit(f"CREATE TABLE IF NOT EXISTS {tabel.naam} ({kolommen})")

    def sluit(self) -> None:
        self.ruw.close()
