"""Reading exchange files (CSV, Parquet, XLSX) into a staging table of text columns.

Every staged table has the file's columns as VARCHAR plus `_bestand` (the file's name),
`_regel` (the line a user finds the row on: the CSV line, the Excel row, the Parquet row + 1
for its header) and `_pad` (the element path of a row read from an iJw message; empty here),
so every message can name file and line.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

EXTENSIES = (".csv", ".txt", ".parquet", ".xlsx", ".xml", ".zip")


class Onleesbaar(ValueError):
    """The file cannot be read faithfully; the message is for the user."""


@dataclass
class Bronbestand:
    pad: Path
    naam: str
    hash: str
    soort: str = ""
    regels: int = 0


def file_hash(pad: Path) -> str:
    h = hashlib.sha256()
    with pad.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def expand(paden: list[Path]) -> list[Path]:
    """Files and folders (recursively) to the exchange files they hold, in a stable order."""
    out: list[Path] = []
    for pad in paden:
        if pad.is_dir():
            out += sorted(p for p in pad.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIES
                          and "grondwaarheid" not in p.relative_to(pad).parts)
        else:
            out.append(pad)
    return out


def stage(con: duckdb.DuckDBPyConnection, bestand: Bronbestand, tabel: str) -> list[str]:
    """Read one file into `tabel`; returns its column names (lower-cased, trimmed)."""
    suffix = bestand.pad.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            _stage_arrow(con, _read_csv(bestand.pad), tabel, first_line=2)
        elif suffix == ".parquet":
            _stage_arrow(con, _read_parquet(bestand.pad), tabel, first_line=2)
        elif suffix == ".xlsx":
            _stage_arrow(con, _read_xlsx(bestand.pad), tabel, first_line=2)
        else:
            raise Onleesbaar(f"onbekend bestandstype '{suffix}' (verwacht: {', '.join(EXTENSIES)})")
    except duckdb.Error as e:
        raise Onleesbaar(_duckdb_reason(e)) from None
    con.execute(f"UPDATE {tabel} SET _bestand = ?", [bestand.naam])
    cols = [r[0] for r in con.execute(f"DESCRIBE {tabel}").fetchall()]
    return [c for c in cols if not c.startswith("_")]


def _read_csv(pad: Path) -> pa.Table:
    """Strict CSV: the header decides the columns, every line must have as many fields.
    Comma, semicolon (Dutch Excel) or tab, found from the header line."""
    import csv

    import pyarrow.csv as pacsv

    _check_utf8(pad)
    with pad.open(encoding="utf-8-sig") as f:
        first = f.readline().rstrip("\r\n")
    if not first.strip():
        raise Onleesbaar("het bestand is leeg of heeft geen kopregel")
    delimiter = max((";", ",", "\t"), key=first.count)
    names = next(csv.reader([first], delimiter=delimiter))
    try:
        return pacsv.read_csv(
            pad,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except pa.ArrowInvalid as e:
        raise Onleesbaar(_csv_reason(pad, str(e), delimiter, len(names))) from None


def _check_utf8(pad: Path) -> None:
    decoder, pos = codecs.getincrementaldecoder("utf-8")(), 0
    with pad.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                raise Onleesbaar(f"bestand is geen UTF-8 (byte {pos + e.start}); sla het op als 'CSV UTF-8'") from None
            pos += len(chunk)


def _csv_reason(pad: Path, error: str, delimiter: str, n_cols: int) -> str:
    """pyarrow names the bad row by its content; find its line for the user."""
    import csv

    with pad.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        for row in reader:
            if len(row) != n_cols and any(v.strip() for v in row):
                return (f"regel {reader.line_num} heeft {len(row)} velden, de kopregel {n_cols}; "
                        "controleer scheidingstekens en aanhalingstekens")
    return f"kan het bestand niet lezen: {error.splitlines()[0]}"


def _read_parquet(pad: Path) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        return pq.read_table(pad)
    except (pa.ArrowException, OSError) as e:
        raise Onleesbaar(f"geen geldig Parquet-bestand ({e})") from None


def _read_xlsx(pad: Path) -> pa.Table:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(pad, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise Onleesbaar(f"geen geldig Excel-bestand (.xlsx) ({e})") from None
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if not header or all(h is None for h in header):
        raise Onleesbaar("het eerste werkblad heeft geen kopregel")
    names = [str(h).strip() if h is not None else f"kolom_{i + 1}" for i, h in enumerate(header)]
    data: list[list[str | None]] = [[] for _ in names]
    for row in rows:
        if row is None or all(v is None for v in row):
            continue
        for i in range(len(names)):
            data[i].append(_cell_text(row[i] if i < len(row) else None))
    wb.close()
    return pa.table({n: pa.array(col, pa.string()) for n, col in zip(names, data)})


def _cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _stage_arrow(con: duckdb.DuckDBPyConnection, table: pa.Table, tabel: str, first_line: int) -> None:
    table = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
    regel = pa.array(range(first_line, first_line + table.num_rows), pa.int64())
    con.register("_arrow", table.append_column("_regel_", regel))
    try:
        con.execute(f"CREATE TEMP TABLE {tabel} AS SELECT {_lower_cols(table.column_names)}, "
                    f"CAST(NULL AS VARCHAR) AS _bestand, _regel_ AS _regel, CAST(NULL AS VARCHAR) AS _pad FROM _arrow")
    finally:
        con.unregister("_arrow")


def _lower_cols(cols: list[str]) -> str:
    seen: set[str] = set()
    out = []
    for c in cols:
        name = c.strip().lower().lstrip("\ufeff")
        if name in seen or not name:
            raise Onleesbaar(f"kolomnaam '{c}' komt dubbel voor of is leeg")
        seen.add(name)
        quoted = c.replace('"', '""')
        out.append(f'"{quoted}" AS "{name}"')
    return ", ".join(out)


def _duckdb_reason(e: duckdb.Error) -> str:
    text = str(e).strip().splitlines()[0]
    return f"kan het bestand niet lezen: {text}"
