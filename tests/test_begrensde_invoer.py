"""Bounded input (issue 20, failures 4 and 5 and the tracebacks of 7): an .xlsx is read to its last row
whatever its dimension header claims; a Parquet file of millions of rows in a few kB and an .xlsx with a
huge cell are refused, with the loading process's peak memory measured and bounded; an over-long CSV
line, too many rows, an over-long cell and an .xlsx with a DTD get a Dutch refusal, never a traceback,
and nothing is stored. The bounds come from `invoer:` in regio.yaml, here set small."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from stuurwiel.config.invoer import Invoergrenzen
from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.inrichten import initialiseer
from tests.support.helpers import afgewezen, cli, tellingen

GRENZEN = Invoergrenzen(max_bestand_mb=5, max_rijen=1000, max_cel_tekens=10_000, max_regel_tekens=20_000)
GEHEUGEN_MB = 700  # what a refused bomb may cost the process that loads it, Python, DuckDB and Arrow included
pytestmark = pytest.mark.unit


@pytest.fixture
def begrensd(tmp_path, sleutel_env):
    regio = lees_regio("zhz").model_copy(update={"invoer": GRENZEN})
    adres = str(tmp_path / "b.duckdb")
    with Opslag.open(adres) as opslag:
        initialiseer(opslag, regio)
        yield opslag


def aanbieders_xlsx(pad, n: int, dimensie: str | None = None):
    """An .xlsx of n providers; `dimensie`: the sheet's size as its header states it, true or not."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["agb_code", "naam", "contractvorm"])
    for i in range(n):
        ws.append([f"4242{i:04d}", f"Aanbieder {i}", "inspanningsgericht"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return herschrijf(buffer.getvalue(), pad, "xl/worksheets/sheet1.xml",
                      lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimensie}"'.encode(), xml)
                      if dimensie else xml)


def herschrijf(xlsx: bytes, pad, deel: str, wijziging):
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z, zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as uit:
        for info in z.infolist():
            data = z.read(info)
            uit.writestr(info.filename, wijziging(data) if info.filename == deel else data)
    return pad


def test_an_xlsx_is_read_to_its_last_row_whatever_its_dimension_says(begrensd, tmp_path):
    pad = aanbieders_xlsx(tmp_path / "aanbieders.xlsx", 10, dimensie="A1:C2")
    assert b'<dimension ref="A1:C2"' in zipfile.ZipFile(pad).read("xl/worksheets/sheet1.xml")
    from stuurwiel.toepassing.laden import laad

    r = laad(begrensd, [pad])
    assert r.lading.regels == 10 and r.nieuw["aanbieder"] == 10
    assert begrensd.aantal("aanbieder") == 10


def piekgeheugen_mb(db: str, pad) -> tuple[int, str]:
    """`stuurwiel laad` in a process of its own: its peak resident memory (MB) and what it said."""
    script = textwrap.dedent(f"""
        import resource, subprocess, sys
        r = subprocess.run([sys.executable, "-m", "stuurwiel", "laad", {str(pad)!r}, "--db", {db!r}],
                           capture_output=True, text=True)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
        print(r.returncode, r.stdout + r.stderr)
    """)
    uit = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    piek, rest = uit.split("\n", 1)
    return int(piek), rest


def test_a_parquet_bomb_is_refused_with_bounded_memory(begrensd, tmp_path):
    n = 20_000_000
    naam = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int8)), pa.array(["Aanbieder"]))
    pad = tmp_path / "aanbieders.parquet"
    pq.write_table(pa.table({"agb_code": naam, "naam": naam}), pad)
    assert pad.stat().st_size < 1_000_000  # twenty million rows in less than a megabyte
    db = begrensd.url.removeprefix("duckdb://")
    begrensd.sluit()
    piek, uitvoer = piekgeheugen_mb(db, pad)
    assert uitvoer.startswith("1 ") and "meer dan 1.000 rijen (invoer.max_rijen)" in uitvoer, uitvoer
    assert "Traceback" not in uitvoer
    assert piek < GEHEUGEN_MB, f"{piek} MB"
    with Opslag.open(db) as opslag:
        assert opslag.aantal("aanbieder") == 0


def test_an_xlsx_with_a_huge_cell_is_refused_with_bounded_memory(begrensd, tmp_path):
    klein = aanbieders_xlsx(tmp_path / "klein.xlsx", 1)
    pad = tmp_path / "aanbieders.xlsx"
    with zipfile.ZipFile(klein) as z, zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as uit:
        for info in z.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                uit.writestr(info.filename, z.read(info))
                continue
            kop, staart = z.read(info).split(b"Aanbieder 0")
            with uit.open(info.filename, "w", force_zip64=True) as f:  # 200 MB of one cell, streamed
                f.write(kop)
                for _ in range(200):
                    f.write(b"A" * 1_048_576)
                f.write(staart)
    assert pad.stat().st_size < 1_000_000
    db = begrensd.url.removeprefix("duckdb://")
    begrensd.sluit()
    piek, uitvoer = piekgeheugen_mb(db, pad)
    assert "uitgepakt groter dan 5 MB (invoer.max_bestand_mb)" in uitvoer and "Traceback" not in uitvoer, uitvoer
    assert piek < GEHEUGEN_MB, f"{piek} MB"


def csv_aanbieders(pad, namen: list[str]):
    pad.write_text("agb_code,naam,contractvorm\n" + "".join(f"{42420000 + i},{n},inspanningsgericht\n"
                                                             for i, n in enumerate(namen)), encoding="utf-8")
    return pad


@pytest.mark.parametrize("namen, melding", [
    (["kort", "x" * 25_000], "aanbieders.csv: regel 3 is langer dan 20.000 tekens (invoer.max_regel_tekens)"),
    (["kort"] * 1001, "aanbieders.csv: meer dan 1.000 rijen (invoer.max_rijen); splits het bestand"),
    (["kort", "y" * 15_000], "aanbieders.csv: regel 3, kolom naam: een waarde van 15.000 tekens, meer dan 10.000 "
                             "(invoer.max_cel_tekens)"),
])
def test_csv_bounds_refuse_in_dutch(begrensd, tmp_path, namen, melding):
    assert afgewezen(begrensd, [csv_aanbieders(tmp_path / "aanbieders.csv", namen)]) == [melding]


def test_an_xlsx_with_a_dtd_is_refused_in_dutch(begrensd, tmp_path):
    goed = aanbieders_xlsx(tmp_path / "goed.xlsx", 2)
    entiteit = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
    pad = herschrijf(goed.read_bytes(), tmp_path / "aanbieders.xlsx", "xl/worksheets/sheet1.xml",
                     lambda xml: entiteit + xml)
    (melding,) = afgewezen(begrensd, [pad])
    assert "het onderdeel xl/worksheets/sheet1.xml bevat een DTD of entiteitdeclaratie" in melding


def test_a_broken_xlsx_is_a_dutch_refusal_not_a_traceback(begrensd, tmp_path):
    goed = aanbieders_xlsx(tmp_path / "goed.xlsx", 2)
    pad = herschrijf(goed.read_bytes(), tmp_path / "aanbieders.xlsx", "xl/worksheets/sheet1.xml",
                     lambda xml: xml[: len(xml) // 2])
    db = begrensd.url.removeprefix("duckdb://")
    voor = tellingen(begrensd)
    begrensd.sluit()
    r = cli("laad", str(pad), "--db", db)
    assert r.exit_code == 1 and "geen geldig Excel-bestand (.xlsx)" in r.output, r.output
    with Opslag.open(db) as opslag:
        assert tellingen(opslag) == voor


def test_a_returned_sample_workbook_is_bounded_too(tmp_path):
    from stuurwiel.invoer import steekproefwerkmap
    from stuurwiel.invoer.problemen import Afgewezen

    goed = aanbieders_xlsx(tmp_path / "goed.xlsx", 2)
    pad = herschrijf(goed.read_bytes(), tmp_path / "steekproef-1.xlsx", "xl/workbook.xml",
                     lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml)
    with pytest.raises(Afgewezen) as e:
        steekproefwerkmap.lees(pad)
    assert "het onderdeel xl/workbook.xml bevat een DTD" in str(e.value.problemen[0])
