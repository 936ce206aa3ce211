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


def bestandshash(pad: Path) -> str:
    h = hashlib.sha256()
    with pad.open("rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def bestanden_in(paden: list[Path]) -> list[Path]:
    """Files and folders (recursively) to the exchange files they hold, in a stable order."""
    uit: list[Path] = []
    for pad in paden:
        if pad.is_dir():
            uit += sorted(p for p in pad.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIES
                          and "grondwaarheid" not in p.relative_to(pad).parts)
        else:
            uit.append(pad)
    return uit


def lees_in(db: duckdb.DuckDBPyConnection, bestand: Bronbestand, tabel: str) -> list[str]:
    """Read one file into `tabel`; returns its column names (lower-cased, trimmed)."""
    extensie = bestand.pad.suffix.lower()
    try:
        if extensie in (".csv", ".txt"):
            _maak_tabel(db, _lees_csv(bestand.pad), tabel, eerste_regelnummer=2)
        elif extensie == ".parquet":
            _maak_tabel(db, _lees_parquet(bestand.pad), tabel, eerste_regelnummer=2)
        elif extensie == ".xlsx":
            _maak_tabel(db, _lees_xlsx(bestand.pad), tabel, eerste_regelnummer=2)
        else:
            raise Onleesbaar(f"onbekend bestandstype '{extensie}' (verwacht: {', '.join(EXTENSIES)})")
    except duckdb.Error as e:
        raise Onleesbaar(_duckdb_reden(e)) from None
    db.execute(f"UPDATE {tabel} SET _bestand = ?", [bestand.naam])
    kolommen = [r[0] for r in db.execute(f"DESCRIBE {tabel}").fetchall()]
    return [c for c in kolommen if not c.startswith("_")]


def _lees_csv(pad: Path) -> pa.Table:
    """Strict CSV: the header decides the columns, every line must have as many fields.
    Comma, semicolon (Dutch Excel) or tab, found from the header line."""
    import csv

    import pyarrow.csv as pacsv

    _controleer_utf8(pad)
    with pad.open(encoding="utf-8-sig") as f:
        kopregel = f.readline().rstrip("\r\n")
    if not kopregel.strip():
        raise Onleesbaar("het bestand is leeg of heeft geen kopregel")
    scheidingsteken = max((";", ",", "\t"), key=kopregel.count)
    namen = next(csv.reader([kopregel], delimiter=scheidingsteken))
    try:
        return pacsv.read_csv(
            pad,
            read_options=pacsv.ReadOptions(column_names=namen, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=scheidingsteken, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in namen},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except pa.ArrowInvalid as e:
        raise Onleesbaar(_csv_reden(pad, str(e), scheidingsteken, len(namen))) from None


def _controleer_utf8(pad: Path) -> None:
    decoder, positie = codecs.getincrementaldecoder("utf-8")(), 0
    with pad.open("rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            try:
                decoder.decode(blok)
            except UnicodeDecodeError as e:
                raise Onleesbaar(f"bestand is geen UTF-8 (byte {positie + e.start}); "
                                 "sla het op als 'CSV UTF-8'") from None
            positie += len(blok)


def _csv_reden(pad: Path, fout: str, scheidingsteken: str, aantal_kolommen: int) -> str:
    """pyarrow names the bad row by its content; find its line for the user."""
    import csv

    with pad.open(encoding="utf-8-sig", newline="") as f:
        lezer = csv.reader(f, delimiter=scheidingsteken)
        for rij in lezer:
            if len(rij) != aantal_kolommen and any(waarde.strip() for waarde in rij):
                return (f"regel {lezer.line_num} heeft {len(rij)} velden, de kopregel {aantal_kolommen}; "
                        "controleer scheidingstekens en aanhalingstekens")
    return f"kan het bestand niet lezen: {fout.splitlines()[0]}"


def _lees_parquet(pad: Path) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        return pq.read_table(pad)
    except (pa.ArrowException, OSError) as e:
        raise Onleesbaar(f"geen geldig Parquet-bestand ({e})") from None


def _lees_xlsx(pad: Path) -> pa.Table:
    import zipfile

    import openpyxl

    try:
        werkboek = openpyxl.load_workbook(pad, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise Onleesbaar(f"geen geldig Excel-bestand (.xlsx) ({e})") from None
    rijen = werkboek.worksheets[0].iter_rows(values_only=True)
    kop = next(rijen, None)
    if not kop or all(h is None for h in kop):
        raise Onleesbaar("het eerste werkblad heeft geen kopregel")
    namen = [str(h).strip() if h is not None else f"kolom_{i + 1}" for i, h in enumerate(kop)]
    waarden: list[list[str | None]] = [[] for _ in namen]
    for rij in rijen:
        if rij is None or all(waarde is None for waarde in rij):
            continue
        for i in range(len(namen)):
            waarden[i].append(_celtekst(rij[i] if i < len(rij) else None))
    werkboek.close()
    return pa.table({n: pa.array(kolom, pa.string()) for n, kolom in zip(namen, waarden)})


def _celtekst(waarde: object) -> str | None:
    if waarde is None:
        return None
    if isinstance(waarde, dt.datetime):
        return waarde.date().isoformat() if waarde.time() == dt.time() else waarde.isoformat()
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde)


def _maak_tabel(db: duckdb.DuckDBPyConnection, arrow: pa.Table, tabel: str, eerste_regelnummer: int) -> None:
    arrow = arrow.cast(pa.schema([(f.name, pa.string()) for f in arrow.schema]))
    regelnummers = pa.array(range(eerste_regelnummer, eerste_regelnummer + arrow.num_rows), pa.int64())
    db.register("_arrow", arrow.append_column("_regel_", regelnummers))
    try:
        db.execute(f"CREATE TEMP TABLE {tabel} AS SELECT {_kolomnamen(arrow.column_names)}, "
                   f"CAST(NULL AS VARCHAR) AS _bestand, _regel_ AS _regel, CAST(NULL AS VARCHAR) AS _pad FROM _arrow")
    finally:
        db.unregister("_arrow")


def _kolomnamen(kolommen: list[str]) -> str:
    gezien: set[str] = set()
    uit = []
    for c in kolommen:
        naam = c.strip().lower().lstrip("\ufeff")
        if naam in gezien or not naam:
            raise Onleesbaar(f"kolomnaam '{c}' komt dubbel voor of is leeg")
        gezien.add(naam)
        geciteerd = c.replace('"', '""')
        uit.append(f'"{geciteerd}" AS "{naam}"')
    return ", ".join(uit)


def _duckdb_reden(e: duckdb.Error) -> str:
    tekst = str(e).strip().splitlines()[0]
    return f"kan het bestand niet lezen: {tekst}"
