"""A table as a file in one of the forms a command can write: machine CSV or JSON, Dutch Excel's
CSV or a workbook; its content, its name and where it goes."""

from __future__ import annotations

import re
from pathlib import Path

from stuurwiel.begrippen.tabel import Tabel
from stuurwiel.uitvoer.weergave import excel, machine

EXTENSIES = {"csv": ".csv", "json": ".json", "csv-nl": ".csv", "xlsx": ".xlsx"}


def inhoud(tabel: Tabel, vorm: str) -> bytes:
    if vorm == "xlsx":
        return excel.xlsx([tabel])
    if vorm == "csv-nl":
        return excel.csv_nl(tabel)
    return (machine.csv(tabel) if vorm == "csv" else machine.json(tabel) + "\n").encode("utf-8")


def slak(tekst: str) -> str:
    """A title as part of a file name: 'Kerncijfers 2024, per gemeente' -> 'kerncijfers-2024-per-gemeente'."""
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-")[:60]


def bezwaar(vorm: str, uit: Path | None) -> str | None:
    """Why `uit` cannot take a table in this form (None: it can). A path with an extension is the
    file; one without is a directory, where the file is named after the table."""
    if uit is None:
        return None
    if vorm not in EXTENSIES:
        return f"--uit schrijft een bestand: kies ook --formaat {', '.join(EXTENSIES)}"
    if uit.suffix and not uit.is_dir() and uit.suffix.lower() != EXTENSIES[vorm]:
        return f"--uit {uit}: een bestand in formaat {vorm} eindigt op {EXTENSIES[vorm]}"
    return None


def pad(tabel: Tabel, vorm: str, uit: Path | None) -> Path:
    """Where the table is written: `uit` itself, or in the directory `uit` (without: the current
    directory) under the table's name, as `stuurwiel rapport` names its files."""
    if uit is not None and uit.suffix and not uit.is_dir():
        return uit
    return (uit or Path(".")) / f"{slak(tabel.titel) or 'tabel'}{EXTENSIES[vorm]}"


def schrijf(tabel: Tabel, vorm: str, uit: Path | None) -> Path:
    doel = pad(tabel, vorm, uit)
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.write_bytes(inhoud(tabel, vorm))
    return doel
