"""Bounded input: what one exchange file may hold (`invoer:` in regio.yaml, config/invoer.py), checked
before or while it is read, never after it is in memory.

A compressed format says how large it is before it is unpacked, and can lie or be a bomb: a 534 kB
Parquet file of fifty million rows, an .xlsx whose one cell is a gigabyte. So the claims are checked
first (the Parquet footer's rows and sizes, the sizes of an .xlsx's parts), then the real counts as
the reading streams (rows, bytes), and every cell's length once the file is staged. A CSV is
scanned for its line lengths before a parser buffers a line. Every refusal says which bound, in Dutch.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import duckdb

from stuurwiel.config.invoer import MB, Invoergrenzen

# A DTD or entity declaration, in any encoding that keeps ASCII (UTF-8, Latin-1) or in UTF-16.
DTD = re.compile(rb"<!(DOCTYPE|ENTITY)|<\x00!\x00(D\x00O\x00C|E\x00N\x00T)", re.IGNORECASE)
MAX_DELEN = 10_000  # parts of one .xlsx
KOP_XML = 65_536  # a DTD comes before the first element: the start of each part is enough
GEHEUGEN = ("het bestand vraagt meer geheugen dan het laden mag gebruiken; splits het bestand of vraag de beheerder "
            "de grenzen (invoer: in regio.yaml) te verruimen")


class Onleesbaar(ValueError):
    """The file cannot be read faithfully; the message is for the user."""


def _mb(grenzen: Invoergrenzen) -> str:
    return f"{grenzen.max_bestand_mb:,} MB".replace(",", ".")


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def onderweg(rijen: int, grootte: int, grenzen: Invoergrenzen) -> None:
    """The counts so far of a file being read."""
    if rijen > grenzen.max_rijen:
        raise Onleesbaar(f"meer dan {_getal(grenzen.max_rijen)} rijen (invoer.max_rijen); splits het bestand")
    if grootte > grenzen.max_bytes:
        raise Onleesbaar(f"uitgepakt groter dan {_mb(grenzen)} (invoer.max_bestand_mb); splits het bestand")


def csv_regels(pad: Path, grenzen: Invoergrenzen) -> None:
    """The file's size, its number of lines and the length of every line, in one streaming pass."""
    if pad.stat().st_size > grenzen.max_bytes:
        raise Onleesbaar(f"groter dan {_mb(grenzen)} (invoer.max_bestand_mb); splits het bestand")
    grootste, regels, lengte = grenzen.max_regel_tekens, 0, 0  # lengte: of the line read so far
    with pad.open("rb") as f:
        for blok in iter(lambda: f.read(MB), b""):
            stukken = blok.split(b"\n")
            lengtes = [lengte + len(stukken[0]), *map(len, stukken[1:])]
            for i, n in enumerate(lengtes[:-1] if len(lengtes) > 1 else lengtes):
                if n > grootste:
                    raise Onleesbaar(f"regel {regels + i + 1} is langer dan {_getal(grootste)} tekens "
                                     "(invoer.max_regel_tekens)")
            regels, lengte = regels + len(stukken) - 1, lengtes[-1]
            onderweg(regels - 1, 0, grenzen)
    if lengte > grootste:
        raise Onleesbaar(f"regel {regels + 1} is langer dan {_getal(grootste)} tekens (invoer.max_regel_tekens)")


def csv_blok(grenzen: Invoergrenzen) -> int:
    """The CSV parser's block: it must hold the longest line allowed (4 bytes a character at most)."""
    return min(max(MB, grenzen.max_regel_tekens * 4 + 4096), 2**31 - 1)


def parquet_kop(metadata: Any, grenzen: Invoergrenzen) -> None:
    """What a Parquet file's footer claims, before a row is unpacked."""
    onderweg(metadata.num_rows, sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups)),
             grenzen)


def xlsx_inhoud(pad: Path, grenzen: Invoergrenzen) -> None:
    """An .xlsx is a zip of XML parts: their unpacked sizes within the bound (a part cannot unpack to more
    than it declares: zipfile stops there), and no DTD or entity declaration in any of them."""
    try:
        with zipfile.ZipFile(pad) as z:
            delen = [i for i in z.infolist() if not i.is_dir()]
            if len(delen) > MAX_DELEN:
                raise Onleesbaar(f"geen gewoon Excel-bestand: meer dan {_getal(MAX_DELEN)} onderdelen")
            onderweg(0, sum(i.file_size for i in delen), grenzen)
            for deel in delen:
                if deel.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with z.open(deel) as f:
                        if DTD.search(f.read(KOP_XML)):
                            raise Onleesbaar(f"het onderdeel {deel.filename} bevat een DTD of entiteitdeclaratie "
                                             "(<!DOCTYPE>/<!ENTITY>); Excel schrijft die niet en Stuurwiel leest "
                                             "ze niet")
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as e:
        raise Onleesbaar(f"geen geldig Excel-bestand (.xlsx) ({e})") from None


def cellen(db: duckdb.DuckDBPyConnection, tabel: str, kolommen: list[str], grenzen: Invoergrenzen) -> None:
    """No value of a staged file longer than the bound: the first one that is, by line and column."""
    if not kolommen:
        return
    langste = db.execute("SELECT " + ", ".join(f'max(length("{c}"))' for c in kolommen) + f" FROM {tabel}").fetchone()
    for kolom, n in zip(kolommen, langste, strict=True):
        if n is not None and n > grenzen.max_cel_tekens:
            (regel,) = db.execute(f'SELECT min(_regel) FROM {tabel} WHERE length("{kolom}") > ?',
                                  [grenzen.max_cel_tekens]).fetchone()
            raise Onleesbaar(f"regel {regel}, kolom {kolom}: een waarde van {_getal(n)} tekens, meer dan "
                             f"{_getal(grenzen.max_cel_tekens)} (invoer.max_cel_tekens)")
