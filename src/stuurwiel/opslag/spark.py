"""The store beyond one machine: its tables as Parquet, and a read-only store on Spark over them.

`exporteer` writes every canonical table and its current picture (`<tabel>_actueel`) as a folder of
Parquet files, the fact tables partitioned by municipality, so a cluster reads one municipality's
part without the rest. The accounts, sessions, audit log and the pseudonymisation key are not
exported: they stay on the regional machine (docs/spark.md).

`open_spark` opens such a folder as a store (`--db spark:DIR`): every folder a table, seen through
Ibis's PySpark backend, so the catalogue's measures run unchanged. A local Spark session by
default; `STUURWIEL_SPARK_MASTER` names a cluster (`spark://host:7077`, `yarn`, ...).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from stuurwiel.opslag.schema import TABELLEN

VOORVOEGSEL = "spark:"
PARTITIE = "gemeentecode"
INSTELLING = "instelling"
RIJEN_PER_BESTAND = 1_000_000


class ParquetFout(RuntimeError):
    """An export or a Parquet folder that cannot be used; the message is for the user."""


def is_spark(adres: str) -> bool:
    return adres.startswith(VOORVOEGSEL)


def exporteer(opslag: Any, map_: Path) -> dict[str, int]:
    """Every canonical table of `opslag` as Parquet under `map_` (replacing an earlier export);
    returns the rows written per table."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    if map_.exists() and any(map_.iterdir()) and not (map_ / INSTELLING).is_dir():
        raise ParquetFout(f"{map_} is geen lege map en geen eerdere export van Stuurwiel; kies een andere map")
    tijdelijk = map_.with_name(map_.name + ".nieuw")
    shutil.rmtree(tijdelijk, ignore_errors=True)
    geschreven = {}
    for naam in [*TABELLEN, INSTELLING]:
        # in batches: a national store's claim lines never need to be in memory at once
        lezer = opslag.tabel(naam).to_pyarrow_batches(chunk_size=128 * 1024)
        geschreven[naam] = 0

        def geteld(naam: str = naam) -> Iterator[pa.RecordBatch]:
            for partij in lezer:
                geschreven[naam] += partij.num_rows
                yield partij

        gedeeld = naam in TABELLEN and TABELLEN[naam].feit and PARTITIE in lezer.schema.names
        ds.write_dataset(geteld(), tijdelijk / naam, schema=lezer.schema, format="parquet",
                         max_rows_per_file=RIJEN_PER_BESTAND, max_rows_per_group=min(RIJEN_PER_BESTAND, 128 * 1024),
                         partitioning=[PARTITIE] if gedeeld else None, partitioning_flavor="hive")
        if geschreven[naam] == 0:  # a file with the columns only: Spark cannot read an empty folder
            (tijdelijk / naam).mkdir(parents=True, exist_ok=True)
            pq.write_table(lezer.schema.empty_table(), tijdelijk / naam / "leeg.parquet")
    # the new export replaces the old in one rename, so a reader never sees half of it
    if map_.exists():
        shutil.rmtree(map_)
    tijdelijk.rename(map_)
    return geschreven


def open_spark(adres: str, alleen_lezen: bool) -> tuple[SparkVerbinding, str]:
    """A Spark session with every table of the export at `spark:DIR` as a view; returns the
    connection the store reads through and the store's address."""
    if not alleen_lezen:
        raise ParquetFout(f"{adres} is een export en alleen te lezen; laad in DuckDB of PostgreSQL en "
                          "exporteer opnieuw (`stuurwiel exporteer --parquet`)")
    map_ = Path(adres.removeprefix(VOORVOEGSEL)).expanduser()
    if not (map_ / INSTELLING).is_dir():
        raise ParquetFout(f"{map_}: geen export van Stuurwiel (maak er een met `stuurwiel exporteer --parquet "
                          f"{map_}`)")
    sessie = _sessie()
    for tabel in sorted(p for p in map_.iterdir() if p.is_dir()):
        sessie.read.parquet(str(tabel)).createOrReplaceTempView(tabel.name)
    return SparkVerbinding(sessie), VOORVOEGSEL + str(map_)


def _sessie() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ParquetFout("Spark is niet geïnstalleerd: pip install 'stuurwiel[spark]' (en Java, docs/spark.md)") \
            from None
    logboek = resources.files("stuurwiel.data").joinpath("spark-log4j2.properties")
    bouwer = (SparkSession.builder.appName("stuurwiel")
              .master(os.environ.get("STUURWIEL_SPARK_MASTER", "local[*]"))
              .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={logboek}")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.sql.session.timeZone", "UTC")
              # partition folders are named by municipality code: "0505" stays text, not the number 505
              .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
              .config("spark.sql.shuffle.partitions", os.environ.get("STUURWIEL_SPARK_PARTITIES", "8")))
    try:
        return bouwer.getOrCreate()
    except Exception as e:  # pyspark's errors when Java or the cluster is missing have no common base
        raise ParquetFout(f"Spark start niet ({str(e).splitlines()[0]}); is Java geïnstalleerd en "
                          "STUURWIEL_SPARK_MASTER bereikbaar?") from None


class SparkVerbinding:
    """The few calls of a database connection the store makes of its own, on a Spark session:
    SQL with `?` parameters, read only."""

    def __init__(self, sessie: Any):
        self.sessie = sessie

    def execute(self, sql: str, parameters: list | None = None) -> _Resultaat:
        return _Resultaat(self.sessie.sql(sql, args=list(parameters) if parameters else None))

    def cursor(self) -> SparkVerbinding:
        return self

    def close(self) -> None:
        """The session stays for the process's other stores; Spark stops it when the process ends."""


class _Resultaat:
    def __init__(self, frame: Any):
        self.frame = frame

    def fetchall(self) -> list[tuple]:
        return [tuple(rij) for rij in self.frame.collect()]

    def fetchone(self) -> tuple | None:
        rijen = self.frame.take(1)
        return tuple(rijen[0]) if rijen else None
