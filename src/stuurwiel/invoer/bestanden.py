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

from stuurwiel.config.invoer import Invoergrenzen
from stuurwiel.invoer import grens
from stuurwiel.invoer.grens import Onleesbaar

EXTENSIES = (".csv", ".txt", ".parquet", ".xlsx", ".xml", ".zip")


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


def lees_in(db: duckdb.DuckDBPyConnection, bestand: Bronbestand, tabel: str,
            grenzen: Invoergrenzen | None = None) -> list[str]:
    """Read one file into `tabel` within the bounds (invoer/grens.py); returns its column names
    (lower-cased, trimmed)."""
    grenzen = grenzen or Invoergrenzen()
    extensie = bestand.pad.suffix.lower()
    lezers = {".csv": _lees_csv, ".txt": _lees_csv, ".parquet": _lees_parquet, ".xlsx": _lees_xlsx}
    if extensie not in lezers:
        raise Onleesbaar(f"onbekend bestandstype '{extensie}' (verwacht: {', '.join(EXTENSIES)})")
    try:
        _maak_tabel(db, lezers[extensie](bestand.pad, grenzen), tabel, eerste_regelnummer=2)
    except duckdb.Error as e:
        raise Onleesbaar(_duckdb_reden(e)) from None
    except MemoryError:
        raise Onleesbaar(grens.GEHEUGEN) from None
    db.execute(f"UPDATE {tabel} SET _bestand = ?", [bestand.naam])
    kolommen = [c for (c, *_) in db.execute(f"DESCRIBE {tabel}").fetchall() if not c.startswith("_")]
    grens.cellen(db, tabel, kolommen, grenzen)
    return kolommen


def _lees_csv(pad: Path, grenzen: Invoergrenzen) -> pa.Table:
    """Strict CSV: the header decides the columns, every line must have as many fields.
    Comma, semicolon (Dutch Excel) or tab, found from the header line."""
    import csv

    import pyarrow.csv as pacsv

    grens.csv_regels(pad, grenzen)
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
            read_options=pacsv.ReadOptions(column_names=namen, skip_rows=1, block_size=grens.csv_blok(grenzen)),
            parse_options=pacsv.ParseOptions(delimiter=scheidingsteken, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in namen},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except pa.ArrowInvalid as e:
        raise Onleesbaar(_csv_reden(pad, str(e), scheidingsteken, len(namen), grenzen)) from None


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


def _csv_reden(pad: Path, fout: str, scheidingsteken: str, aantal_kolommen: int, grenzen: Invoergrenzen) -> str:
    """pyarrow names the bad row by its content; find its line for the user."""
    import csv

    csv.field_size_limit(max(csv.field_size_limit(), grenzen.max_regel_tekens * 4))
    with pad.open(encoding="utf-8-sig", newline="") as f:
        lezer = csv.reader(f, delimiter=scheidingsteken)
        for rij in lezer:
            if len(rij) != aantal_kolommen and any(waarde.strip() for waarde in rij):
                return (f"regel {lezer.line_num} heeft {len(rij)} velden, de kopregel {aantal_kolommen}; "
                        "controleer scheidingstekens en aanhalingstekens")
    return f"kan het bestand niet lezen: {fout.splitlines()[0]}"


def _lees_parquet(pad: Path, grenzen: Invoergrenzen) -> pa.Table:
    """Row group by row group, as text, stopping at the first bound passed (the footer's counts first:
    a small file can claim fifty million rows)."""
    import pyarrow.parquet as pq

    try:
        bestand = pq.ParquetFile(pad)
        grens.parquet_kop(bestand.metadata, grenzen)
        delen, rijen, grootte = [], 0, 0
        for deel in bestand.iter_batches(batch_size=65_536):
            deel = deel.cast(pa.schema([(f.name, pa.string()) for f in deel.schema]))
            rijen, grootte = rijen + deel.num_rows, grootte + deel.nbytes
            grens.onderweg(rijen, grootte, grenzen)
            delen.append(deel)
        return pa.Table.from_batches(delen, pa.schema([(n, pa.string()) for n in bestand.schema_arrow.names]))
    except (pa.ArrowException, OSError) as e:
        raise Onleesbaar(f"geen geldig Parquet-bestand ({e})") from None


def _lees_xlsx(pad: Path, grenzen: Invoergrenzen) -> pa.Table:
    """The first sheet, every row of it: the sheet's own claim of its size (its dimension) is ignored."""
    import openpyxl

    grens.xlsx_inhoud(pad, grenzen)
    try:
        werkboek = openpyxl.load_workbook(pad, read_only=True, data_only=True)
        blad = werkboek.worksheets[0]
        blad.reset_dimensions()  # read to the last row there is, not to the last row the header names
        rijen = blad.iter_rows(values_only=True)
        kop = next(rijen, None)
        if not kop or all(h is None for h in kop):
            raise Onleesbaar("het eerste werkblad heeft geen kopregel")
        namen = [str(h).strip() if h is not None else f"kolom_{i + 1}" for i, h in enumerate(kop)]
        waarden: list[list[str | None]] = [[] for _ in namen]
        for aantal, rij in enumerate(rijen, start=1):
            grens.onderweg(aantal, 0, grenzen)
            if rij is None or all(waarde is None for waarde in rij):
                continue
            for i in range(len(namen)):
                waarden[i].append(_celtekst(rij[i] if i < len(rij) else None))
        werkboek.close()
    except (Onleesbaar, MemoryError):
        raise
    except Exception as e:  # openpyxl and the XML parser under it raise many kinds; the user gets one
        raise Onleesbaar(f"geen geldig Excel-bestand (.xlsx) ({type(e).__name__}: {str(e)[:200]})") from None
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
