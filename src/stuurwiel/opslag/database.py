"""The store: one canonical schema on DuckDB (a file, zero set-up) or PostgreSQL (a URL).

Reads go through Ibis (`store.table(name)`), so measures are written once for both engines.
Writes use each engine's fast path inside one transaction: DuckDB scans an Arrow table,
PostgreSQL takes a COPY. A fact row whose `rij_sleutel` is already stored is skipped.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.csv as pacsv

from stuurwiel.opslag.schema import TABLES, Table

DEFAULT_DB = "stuurwiel.duckdb"
SCHEMA_VERSIE = "2"  # 2: iJw messages and answers, accounts, sessions and the audit log


class StoreFout(RuntimeError):
    """The store cannot be opened or is not usable; the message is for the user."""


def db_url(db: str | None) -> str:
    return db or os.environ.get("STUURWIEL_DB") or DEFAULT_DB


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class Store:
    """A connection to the canonical store. Use `Store.open(url)`."""

    def __init__(self, url: str, raw: Any, backend: ibis.BaseBackend, dialect: str, alleen_lezen: bool = False):
        self.url = url
        self.alleen_lezen = alleen_lezen
        self.raw = raw
        self.ibis = backend
        self.dialect = dialect
        self._lock = threading.RLock()
        self._in_transaction = False

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, db: str | None = None, *, read_only: bool = False) -> Store:
        url = db_url(db)
        if is_postgres(url):
            return cls._open_postgres(url)
        return cls._open_duckdb(url, read_only)

    @classmethod
    def _open_duckdb(cls, url: str, read_only: bool) -> Store:
        import duckdb

        path = url.removeprefix("duckdb://")
        if read_only and not Path(path).exists():
            raise StoreFout(f"{path}: deze database bestaat niet; begin met `stuurwiel init`")
        try:
            raw = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as e:
            if "lock" in str(e).lower():  # DuckDB allows one writing process per file
                raise StoreFout(f"{path} is in gebruik door een ander proces (draait `stuurwiel serve`? Beheer "
                                "accounts en ladingen dan in het dashboard, of stop de server eerst)") from None
            raise StoreFout(f"{path}: kan de database niet openen ({e})") from None
        return cls(path, raw, ibis.duckdb.from_connection(raw), "duckdb", read_only)

    @classmethod
    def _open_postgres(cls, url: str) -> Store:
        import psycopg

        try:
            raw = psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as e:
            raise StoreFout(f"kan PostgreSQL niet bereiken ({_first_line(e)})") from None
        return cls(url, raw, ibis.postgres.from_connection(raw), "postgres")

    @contextmanager
    def verbinding(self) -> Iterator[Store]:
        """A connection of its own for one request or thread. DuckDB: a cursor on the same open
        database (one process may write to a DuckDB file; its readers see the last committed state
        while another cursor loads). PostgreSQL: a new connection."""
        if self.dialect == "duckdb":
            cursor = self.raw.cursor()
            try:
                yield Store(self.url, cursor, ibis.duckdb.from_connection(cursor), "duckdb", self.alleen_lezen)
            finally:
                cursor.close()
        else:
            with Store._open_postgres(self.url) as eigen:
                yield eigen

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema --------------------------------------------------------------------------
    def create_schema(self) -> None:
        with self.transaction():
            for table in TABLES.values():
                for stmt in table.ddl(self.dialect):
                    self.execute(stmt)
            self.execute("CREATE TABLE IF NOT EXISTS instelling (naam VARCHAR PRIMARY KEY, waarde VARCHAR)")
            self.set_setting("schema_versie", SCHEMA_VERSIE)

    def is_initialised(self) -> bool:
        return "instelling" in self.ibis.list_tables() and self.setting("schema_versie") is not None

    def werk_bij(self) -> None:
        """Bring a store made by an earlier release up to this schema (new tables and columns only)."""
        if self.setting("schema_versie") == SCHEMA_VERSIE:
            return
        if self.alleen_lezen:
            raise StoreFout(f"{self.url} is gemaakt door een eerdere versie van Stuurwiel; werk haar bij met "
                            "`stuurwiel init --regio …` (de gegevens blijven staan)")
        self.create_schema()

    def setting(self, naam: str) -> str | None:
        rows = self.fetchall("SELECT waarde FROM instelling WHERE naam = %s", [naam])
        return rows[0][0] if rows else None

    def set_setting(self, naam: str, waarde: str) -> None:
        self.execute("DELETE FROM instelling WHERE naam = %s", [naam])
        self.execute("INSERT INTO instelling VALUES (%s, %s)", [naam, waarde])

    # --- raw SQL (store internals only; measures use Ibis) ---------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self.dialect == "duckdb" else sql

    def execute(self, sql: str, params: list | None = None) -> None:
        with self._lock:
            if self.dialect == "duckdb":
                self.raw.execute(self._sql(sql), params or [])
            else:
                self.raw.execute(sql, params)

    def fetchall(self, sql: str, params: list | None = None) -> list[tuple]:
        with self._lock:
            if self.dialect == "duckdb":
                return self.raw.execute(self._sql(sql), params or []).fetchall()
            return self.raw.execute(sql, params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested use joins the outer transaction."""
        with self._lock:
            if self._in_transaction:
                yield
                return
            self._in_transaction = True
            try:
                if self.dialect == "duckdb":
                    self.raw.execute("BEGIN TRANSACTION")
                    try:
                        yield
                    except BaseException:
                        self.raw.execute("ROLLBACK")
                        raise
                    self.raw.execute("COMMIT")
                else:
                    with self.raw.transaction():
                        yield
            finally:
                self._in_transaction = False

    @contextmanager
    def momentopname(self) -> Iterator[None]:
        """One consistent view of the data for a series of reads (a page, an export): a load that
        commits meanwhile is seen entirely by the next view, never halfway."""
        with self.transaction():
            if self.dialect == "postgres":
                self.raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    # --- reading -------------------------------------------------------------------------
    def table(self, name: str) -> ibis.Table:
        return self.ibis.table(name)

    def count(self, name: str) -> int:
        return int(self.fetchall(f"SELECT count(*) FROM {name}")[0][0])

    # --- writing -------------------------------------------------------------------------
    def replace(self, name: str, rows: pa.Table) -> None:
        """Replace a reference table's content (region configuration)."""
        with self.transaction():
            self.execute(f"DELETE FROM {name}")
            self._insert(TABLES[name], rows, skip_known=False)

    def append(self, name: str, rows: pa.Table) -> int:
        """Append fact rows; rows whose rij_sleutel is already stored are skipped. Returns new rows."""
        table = TABLES[name]
        if rows.num_rows == 0:
            return 0
        with self.transaction():
            return self._insert(table, rows, skip_known=table.fact)

    def _insert(self, table: Table, rows: pa.Table, *, skip_known: bool) -> int:
        rows = rows.select(table.column_names).cast(table.arrow_schema())
        cols = ", ".join(table.column_names)
        stage = f"_stage_{table.name}"
        if self.dialect == "duckdb":
            self.raw.register(stage, rows)
            try:
                where = (f" WHERE NOT EXISTS (SELECT 1 FROM {table.name} t "
                         f"WHERE t.rij_sleutel = s.rij_sleutel)") if skip_known else ""
                sql = f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {stage} s{where}"
                return int(self.raw.execute(sql).fetchone()[0])
            finally:
                self.raw.unregister(stage)
        else:
            self.raw.execute(f"CREATE TEMP TABLE {stage} (LIKE {table.name}) ON COMMIT DROP")
            buf = io.BytesIO()
            pacsv.write_csv(rows, buf, pacsv.WriteOptions(include_header=False))
            with self.raw.cursor().copy(f"COPY {stage} ({cols}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buf.getvalue())
            conflict = " ON CONFLICT (rij_sleutel) DO NOTHING" if skip_known else ""
            cur = self.raw.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {stage}{conflict}")
            self.raw.execute(f"DROP TABLE {stage}")
            return cur.rowcount

    def analyze(self) -> None:
        """Refresh the planner's statistics after a load (PostgreSQL; DuckDB keeps its own)."""
        if self.dialect == "postgres":
            self.execute("ANALYZE")

    def next_batch_id(self) -> int:
        return int(self.fetchall("SELECT coalesce(max(batch_id), 0) + 1 FROM batch")[0][0])


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
