"""The store: one canonical schema on DuckDB (a file, zero set-up) or PostgreSQL (a URL), and
read-only on Spark over an export of either as Parquet (`spark:DIR`, opslag/spark.py).

Reads go through Ibis (`opslag.tabel(naam)`), so measures are written once for both engines.
Writes use each engine's fast path inside one transaction: DuckDB scans an Arrow table,
PostgreSQL takes a COPY. A fact row whose `rij_sleutel` is already stored is skipped.

The store also answers the questions every layer asks of it: which region it holds, how recent
its data are, and the state of its loads (`toestand`), which keys everything computed from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stuurwiel.opslag.schema import TABELLEN, Tabeldefinitie
from stuurwiel.opslag.slot import houd_vast
from stuurwiel.opslag.spark import ParquetFout, is_spark, open_spark
from stuurwiel.opslag.transactie import alles_of_niets, genest

if TYPE_CHECKING:
    import ibis
    import pyarrow as pa

    from stuurwiel.config.regio import Regio
    from stuurwiel.opslag.beheeropslag import Beheeropslag

STANDAARD_DATABASE = "stuurwiel.duckdb"
# 2: iJw messages, accounts, audit log; 3: audit samples, signal follow-up, norms, onderbouwingen;
# 4: the policy cycle, goals, the source of registrations, transition plans
SCHEMA_VERSIE = "4"


class OpslagFout(RuntimeError):
    """The store cannot be opened or is not usable; the message is for the user."""


def database_adres(db: str | None) -> str:
    return db or os.environ.get("STUURWIEL_DB") or STANDAARD_DATABASE


def is_postgres(adres: str) -> bool:
    return adres.startswith(("postgresql://", "postgres://"))


class Opslag:
    """A connection to the canonical store. Use `Opslag.open(adres)`."""

    def __init__(self, url: str, ruw: Any, dialect: str, alleen_lezen: bool = False):
        self.url = url
        self.alleen_lezen = alleen_lezen
        self.ruw = ruw
        self.dialect = dialect
        self._ibis: ibis.BaseBackend | None = None
        self._slot = threading.RLock()
        self._in_transactie = False
        self._beheer: Beheeropslag | None = None
        self._vrijgave: Any = None  # lets go of the DuckDB file's lock (opslag/slot.py) when closed
        self._schrijver = threading.Lock()  # loads from the dashboard, one at a time

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, db: str | None = None, *, alleen_lezen: bool = False) -> Opslag:
        adres = database_adres(db)
        if is_postgres(adres):
            return cls._open_postgres(adres)
        if is_spark(adres):
            return cls._open_spark(adres, alleen_lezen)
        return cls._open_duckdb(adres, alleen_lezen)

    @classmethod
    def _open_duckdb(cls, adres: str, alleen_lezen: bool) -> Opslag:
        pad = adres.removeprefix("duckdb://")
        _controleer_duckdb_pad(Path(pad))
        if alleen_lezen and not Path(pad).exists():
            raise OpslagFout(f"{pad}: deze database bestaat niet; begin met `stuurwiel init`")
        vrijgave = houd_vast(pad, schrijven=not alleen_lezen) if pad != ":memory:" else None
        nieuw = pad != ":memory:" and not Path(pad).exists()
        try:
            opslag = cls(pad, verbind_duckdb(pad, alleen_lezen), "duckdb", alleen_lezen)
            if nieuw:
                Path(pad).chmod(0o600)  # pseudonymised case data: for its owner only
        except BaseException:
            if vrijgave:
                vrijgave()
            raise
        opslag._vrijgave = vrijgave
        return opslag

    @classmethod
    def _open_postgres(cls, adres: str) -> Opslag:
        import psycopg

        try:
            ruw = psycopg.connect(adres, autocommit=True)
        except psycopg.OperationalError as e:
            if f'database "{_postgres_delen(adres)["dbname"]}" does not exist' in str(e):
                raise OpslagFout(_geen_postgres_database(adres)) from None
            raise OpslagFout(f"kan PostgreSQL niet bereiken ({_eerste_regel(e)})") from None
        stel_postgres_in(ruw)
        return cls(adres, ruw, "postgres")

    @classmethod
    def _open_spark(cls, adres: str, alleen_lezen: bool) -> Opslag:
        try:
            ruw, url = open_spark(adres, alleen_lezen)
        except ParquetFout as e:
            raise OpslagFout(str(e)) from None
        return cls(url, ruw, "spark", alleen_lezen=True)

    @property
    def ibis(self) -> ibis.BaseBackend:
        """The Ibis backend on this very connection, so reads run inside the same transaction."""
        if self._ibis is None:
            import ibis

            bouw = {"duckdb": ibis.duckdb, "postgres": ibis.postgres}.get(self.dialect)
            self._ibis = bouw.from_connection(self.ruw) if bouw else ibis.pyspark.from_connection(self.ruw.sessie)
        return self._ibis

    @contextmanager
    def verbinding(self, wacht: float | None = None) -> Iterator[Opslag]:
        """A connection of its own for one request or thread. DuckDB: a cursor on the same open
        database (one process may write to a DuckDB file; its readers see the last committed state
        while another cursor loads). PostgreSQL: a new connection (the dashboard's: one of a pool,
        `opslag/pool.py`). `wacht`: how long the dashboard's DuckDB store waits while a load writes."""
        if self.dialect == "duckdb":
            eigen = Opslag(self.url, self.ruw.cursor(), "duckdb", self.alleen_lezen)
            try:
                yield eigen
            finally:
                eigen.sluit()
        else:
            with Opslag._open_postgres(self.url) as eigen:
                yield eigen

    @contextmanager
    def schrijven(self, eigen: Opslag) -> Iterator[Opslag]:
        """A connection that may write, for a load from within the dashboard, one at a time; `eigen` is
        the request's own connection. Here that connection itself; the dashboard's DuckDB store opens
        one for the time of the write (`opslag/gedeeld.py`)."""
        with self._schrijver:
            yield eigen

    @property
    def beheer(self) -> Opslag | Beheeropslag:
        """Where the dashboard keeps its accounts, sessions and audit log: in PostgreSQL the store itself;
        beside a DuckDB file a SQLite file, so the dashboard needs the DuckDB file only read-only."""
        if self.dialect == "postgres":
            return self
        if self._beheer is None:
            from stuurwiel.opslag.beheeropslag import Beheeropslag, beheerpad

            self._beheer = Beheeropslag(beheerpad(self.url))
        return self._beheer

    def sluit(self) -> None:
        self.ruw.close()
        if self._beheer is not None:
            self._beheer.sluit()
            self._beheer = None
        if self._vrijgave is not None:
            self._vrijgave()
            self._vrijgave = None

    def __enter__(self) -> Opslag:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sluit()

    # --- schema --------------------------------------------------------------------------
    def maak_tabellen(self, definities: list[Tabeldefinitie]) -> None:
        """Create tables that do not exist yet, and add the columns an earlier release lacked."""
        with self.transactie():
            for tabel in definities:
                for opdracht in tabel.ddl(self.dialect):
                    self.voer_uit(opdracht)

    def maak_schema(self) -> None:
        with self.transactie():
            self.maak_tabellen(list(TABELLEN.values()))
            self.voer_uit("CREATE TABLE IF NOT EXISTS instelling (naam VARCHAR PRIMARY KEY, waarde VARCHAR)")
            self.zet_instelling("schema_versie", SCHEMA_VERSIE)

    def is_ingericht(self) -> bool:
        return "instelling" in self.ibis.list_tables() and self.instelling("schema_versie") is not None

    def werk_bij(self) -> None:
        """Bring a store made by an earlier release up to this schema (new tables and columns only)."""
        if self.instelling("schema_versie") == SCHEMA_VERSIE:
            return
        if self.alleen_lezen:
            raise OpslagFout(f"{self.url} is gemaakt door een eerdere versie van Stuurwiel; werk haar bij met "
                             "`stuurwiel init --regio …` (de gegevens blijven staan)")
        self.maak_schema()

    def instelling(self, naam: str) -> str | None:
        rijen = self.rijen("SELECT waarde FROM instelling WHERE naam = %s", [naam])
        return rijen[0][0] if rijen else None

    def zet_instelling(self, naam: str, waarde: str) -> None:
        self.voer_uit("DELETE FROM instelling WHERE naam = %s", [naam])
        self.voer_uit("INSERT INTO instelling VALUES (%s, %s)", [naam, waarde])

    # --- what the store holds --------------------------------------------------------------
    def regio(self) -> Regio:
        """The region configuration the store was set up with (`stuurwiel init`)."""
        return _regio(self.rijen("SELECT configuratie FROM regio")[0][0])

    def stand(self) -> dt.date | None:
        """The data-as-of date: the latest claim date (what makes the recent months incomplete)."""
        return self.rijen("SELECT max(declaratiedatum) FROM declaratieregel")[0][0]

    def gegevensjaren(self) -> list[int]:
        """The years with claimed care, newest first."""
        return [j for (j,) in self.rijen("SELECT DISTINCT CAST(EXTRACT(year FROM periode_begin) AS INTEGER) "
                                         "FROM declaratieregel ORDER BY 1 DESC")]

    def gegevensbereik(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day the store knows of: claimed months, allocations' start dates and the
        data-as-of date (`stand`); None while nothing is loaded."""
        van, tot = self.rijen("SELECT least((SELECT min(periode_begin) FROM declaratieregel), "
                              "(SELECT min(ingangsdatum) FROM toewijzing)), "
                              "greatest((SELECT max(periode_eind) FROM declaratieregel), "
                              "(SELECT max(declaratiedatum) FROM declaratieregel), "
                              "(SELECT max(ingangsdatum) FROM toewijzing))")[0]
        return (van, tot) if van is not None else None

    def toestand(self) -> tuple[str, int, str]:
        """What every figure depends on besides the question: the store, its last load and the
        region's configuration. Whatever is computed from the store is kept under this key."""
        batch, configuratie = self.rijen("SELECT (SELECT coalesce(max(batch_id), 0) FROM batch), "
                                         "(SELECT configuratie FROM regio)")[0]
        return self.url, int(batch), hashlib.sha256((configuratie or "").encode()).hexdigest()[:16]

    # --- SQL (the store's own questions and the web's accounts; measures use Ibis) ------------
    def _sql(self, sql: str) -> str:
        return sql if self.dialect == "postgres" else sql.replace("%s", "?")

    def voer_uit(self, sql: str, parameters: list | None = None) -> None:
        with self._slot:
            if self.dialect != "postgres":
                self.ruw.execute(self._sql(sql), parameters or [])
            else:
                self.ruw.execute(sql, parameters)

    def rijen(self, sql: str, parameters: list | None = None) -> list[tuple]:
        with self._slot:
            if self.dialect != "postgres":
                return self.ruw.execute(self._sql(sql), parameters or []).fetchall()
            return self.ruw.execute(sql, parameters).fetchall()

    def transactie(self) -> AbstractContextManager[None]:
        """All-or-nothing; nested use joins the outer transaction (a read-only export on Spark: none)."""
        if self.dialect == "spark":
            return nullcontext()
        return genest(self, lambda: alles_of_niets(self.ruw, "BEGIN TRANSACTION") if self.dialect == "duckdb"
                      else self.ruw.transaction())

    @contextmanager
    def momentopname(self) -> Iterator[None]:
        """One consistent view of the data for a series of reads (a page, an export): a load that
        commits meanwhile is seen entirely by the next view, never halfway."""
        with self.transactie():
            if self.dialect == "postgres":
                self.ruw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    # --- reading -------------------------------------------------------------------------
    def tabel(self, naam: str) -> ibis.Table:
        return self.ibis.table(naam)

    def aantal(self, naam: str) -> int:
        return int(self.rijen(f"SELECT count(*) FROM {naam}")[0][0])

    # --- writing -------------------------------------------------------------------------
    def vervang(self, naam: str, rijen: pa.Table) -> None:
        """Replace a reference table's content (region configuration)."""
        with self.transactie():
            self.voer_uit(f"DELETE FROM {naam}")
            self._schrijf(TABELLEN[naam], rijen, sla_bekende_over=False)

    def voeg_toe(self, naam: str, rijen: pa.Table) -> int:
        """Append fact rows; rows whose rij_sleutel is already stored are skipped. Returns new rows."""
        tabel = TABELLEN[naam]
        if rijen.num_rows == 0:
            return 0
        with self.transactie():
            return self._schrijf(tabel, rijen, sla_bekende_over=tabel.feit)

    def _schrijf(self, tabel: Tabeldefinitie, rijen: pa.Table, *, sla_bekende_over: bool) -> int:
        rijen = rijen.select(tabel.kolomnamen).cast(tabel.arrow_schema())
        kolommen = ", ".join(tabel.kolomnamen)
        tijdelijk = f"_stage_{tabel.naam}"
        if self.dialect == "duckdb":
            self.ruw.register(tijdelijk, rijen)
            try:
                waar = (f" WHERE NOT EXISTS (SELECT 1 FROM {tabel.naam} t "
                        f"WHERE t.rij_sleutel = s.rij_sleutel)") if sla_bekende_over else ""
                sql = f"INSERT INTO {tabel.naam} ({kolommen}) SELECT {kolommen} FROM {tijdelijk} s{waar}"
                return int(self.ruw.execute(sql).fetchone()[0])
            finally:
                self.ruw.unregister(tijdelijk)
        import pyarrow.csv as pacsv

        self.ruw.execute(f"CREATE TEMP TABLE {tijdelijk} (LIKE {tabel.naam}) ON COMMIT DROP")
        buffer = io.BytesIO()
        pacsv.write_csv(rijen, buffer, pacsv.WriteOptions(include_header=False))
        with self.ruw.cursor().copy(f"COPY {tijdelijk} ({kolommen}) FROM STDIN (FORMAT csv)") as kopie:
            kopie.write(buffer.getvalue())
        conflict = " ON CONFLICT (rij_sleutel) DO NOTHING" if sla_bekende_over else ""
        cursor = self.ruw.execute(f"INSERT INTO {tabel.naam} ({kolommen}) SELECT {kolommen} FROM {tijdelijk}{conflict}")
        self.ruw.execute(f"DROP TABLE {tijdelijk}")
        return cursor.rowcount

    def analyseer(self) -> None:
        """Refresh the planner's statistics after a load (PostgreSQL; DuckDB keeps its own)."""
        if self.dialect == "postgres":
            self.voer_uit("ANALYZE")

    def volgende_batch_id(self) -> int:
        return int(self.rijen("SELECT coalesce(max(batch_id), 0) + 1 FROM batch")[0][0])


def stel_postgres_in(ruw: Any) -> None:
    # Ibis reads through a server-side cursor, planned for its first tenth of rows: nested loops (docs/decisions.md)
    ruw.execute("SET cursor_tuple_fraction = 1.0")


def verbind_duckdb(pad: str, alleen_lezen: bool) -> Any:
    """A DuckDB connection, or the reason it cannot be made for the user."""
    import duckdb

    try:
        return duckdb.connect(pad, read_only=alleen_lezen)
    except duckdb.ConnectionException:
        if not alleen_lezen:
            raise
        # this process already has the file open for writing (a test, or a command run inside
        # another): DuckDB shares one database per process, so read through that one
        return duckdb.connect(pad)
    except duckdb.IOException as e:
        if "lock" in str(e).lower():  # a process outside Stuurwiel's locks holds the file read-write
            raise OpslagFout(f"{pad} is in gebruik door een ander proces dat het bestand schrijvend geopend "
                             "heeft; sluit dat eerst") from None
        raise OpslagFout(f"{pad}: kan de database niet openen ({e})") from None


@lru_cache(maxsize=8)
def _regio(configuratie: str) -> Regio:
    from stuurwiel.config.regio import ontleed_regio

    return ontleed_regio(configuratie, "regioconfiguratie in de database")


GEGEVENSBESTANDEN = {".csv", ".txt", ".tsv", ".parquet", ".xlsx", ".xls", ".xml", ".zip", ".json", ".yaml", ".yml"}
DUCKDB_KENMERK = b"DUCK"  # bytes 8-12 of every DuckDB database file


def _controleer_duckdb_pad(pad: Path) -> None:
    """A DuckDB store is a DuckDB file: DuckDB itself opens `x.csv` as an empty in-memory database,
    so every command would answer from nothing (and `init` would store nothing)."""
    if pad.suffix.lower() in GEGEVENSBESTANDEN:
        raise OpslagFout(f"{pad} is een gegevensbestand, geen database: geef met --db een DuckDB-bestand "
                         f"(bijvoorbeeld stuurwiel.duckdb) of een postgresql://-URL, en laad het bestand met "
                         f"`stuurwiel laad {pad}`")
    if pad.is_file() and pad.stat().st_size > 0:
        with pad.open("rb") as f:
            kop = f.read(12)
        if kop[8:12] != DUCKDB_KENMERK:
            raise OpslagFout(f"{pad} is geen DuckDB-database; kies met --db een ander bestand of een postgresql://-URL")


def _postgres_delen(adres: str) -> dict[str, str]:
    from psycopg.conninfo import conninfo_to_dict

    delen = {k: str(v) for k, v in conninfo_to_dict(adres).items() if v is not None}
    return {"host": "localhost", "port": "5432", "user": os.environ.get("USER", "postgres"),
            **delen, "dbname": delen.get("dbname") or delen.get("user") or os.environ.get("USER", "postgres")}


def _geen_postgres_database(adres: str) -> str:
    d = _postgres_delen(adres)
    return (f"PostgreSQL op {d['host']}:{d['port']} antwoordt, maar de database '{d['dbname']}' bestaat niet. "
            f"Maak hem met `createdb -h {d['host']} -p {d['port']} -U {d['user']} {d['dbname']}` en richt hem "
            f"daarna in met `stuurwiel init --db {adres}`")


def _eerste_regel(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
