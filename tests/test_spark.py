"""The catalogue beyond one machine: the store exported as Parquet, and the same measures on Spark
over it, equal to DuckDB's to the cent (docs/spark.md)."""

from __future__ import annotations

import csv
import io

import pyarrow.dataset as ds
import pytest

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support.helpers import cli, sleutel


@pytest.fixture(scope="module")
def regio(tmp_path_factory):
    """A small synthetic region in DuckDB and its export as Parquet."""
    map_ = tmp_path_factory.mktemp("spark")
    genereer(lees_regio("zhz"), range(2023, 2025), seed=2, schaal=0.05, uit=map_ / "bron")
    db = str(map_ / "regio.duckdb")
    with sleutel(map_ / "sleutel"):
        with Opslag.open(db) as opslag:
            initialiseer(opslag, lees_regio("zhz"))
            laad(opslag, [map_ / "bron"])
        uit = cli("exporteer", "--parquet", str(map_ / "pq"), "--db", db)
    assert uit.exit_code == 0, uit.output
    return db, map_ / "pq"


@pytest.mark.unit
def test_the_export_holds_every_canonical_table_with_the_facts_split_by_municipality(regio):
    db, pq = regio
    with Opslag.open(db, alleen_lezen=True) as opslag:
        for naam in [*TABELLEN, "instelling"]:
            gelezen = ds.dataset(pq / naam, format="parquet", partitioning="hive")
            assert gelezen.count_rows() == opslag.aantal(naam), naam
            assert set(opslag.tabel(naam).columns) <= set(gelezen.schema.names), naam
    assert sorted(p.name for p in (pq / "declaratieregel").iterdir())[0] == "gemeentecode=0482"
    assert (pq / "norm").is_dir() and (pq / "signaalopvolging").is_dir(), "empty tables keep their columns"
    assert not any("gebruiker" in p.name or "sessie" in p.name for p in pq.iterdir()), "accounts stay behind"


@pytest.mark.unit
def test_an_export_replaces_the_previous_one_and_never_overwrites_another_folder(regio, tmp_path):
    db, pq = regio
    vreemd = tmp_path / "vreemd"
    vreemd.mkdir()
    (vreemd / "notities.txt").write_text("van iemand anders")
    uit = cli("exporteer", "--parquet", str(vreemd), "--db", db)
    assert uit.exit_code == 1
    assert "geen lege map en geen eerdere export van Stuurwiel" in uit.output
    assert (vreemd / "notities.txt").read_text() == "van iemand anders"
    opnieuw = cli("exporteer", "--parquet", str(tmp_path / "pq"), "--db", db)
    assert opnieuw.exit_code == 0 and cli("exporteer", "--parquet", str(tmp_path / "pq"), "--db", db).exit_code == 0
    assert f"{len(TABELLEN) + 1} tabellen" in opnieuw.output
    assert not (tmp_path / "pq.nieuw").exists()


@pytest.mark.unit
def test_a_folder_that_is_no_export_or_a_write_to_spark_is_refused_in_dutch(tmp_path):
    uit = cli("kerncijfers", "--jaar", "2024", "--db", f"spark:{tmp_path}")
    assert uit.exit_code == 1
    assert f"{tmp_path}: geen export van Stuurwiel" in uit.output
    uit = cli("init", "--regio", "zhz", "--db", f"spark:{tmp_path}")
    assert uit.exit_code == 1
    assert "is een export en alleen te lezen" in uit.output


@pytest.mark.slow
def test_key_figures_on_spark_equal_duckdb_byte_for_byte_and_measures_to_the_cent(regio):
    db, pq = regio
    vraag = ["kerncijfers", "--jaar", "2024", "--per", "gemeente", "--formaat", "csv"]
    assert cli(*vraag, "--db", f"spark:{pq}").stdout == cli(*vraag, "--db", db).stdout
    for maat in (["kosten", "--per", "segment"], ["verwijzermix", "--per", "verwijzer", "--openbaar"],
                 ["hhi", "--per", "segment"]):
        vraag = ["meet", *maat, "--periode", "2024-Q1", "--periode", "2024-Q2", "--formaat", "csv"]
        duckdb, spark = (list(csv.reader(io.StringIO(cli(*vraag, "--db", d).stdout))) for d in (db, f"spark:{pq}"))
        assert len(duckdb) > 2 and len(spark) == len(duckdb), maat
        for rij_d, rij_s in zip(duckdb, spark, strict=True):
            assert [_waarde(c) for c in rij_s] == [_waarde(c, benaderd=True) for c in rij_d], maat


def _waarde(cel: str, benaderd: bool = False) -> object:
    """Whole numbers (counts, cents) exactly; a ratio of doubles up to the order Spark adds them in."""
    for soort in (int, float):
        try:
            getal = soort(cel)
        except ValueError:
            continue
        return pytest.approx(getal, rel=1e-12) if benaderd and soort is float else getal
    return cel
