"""Formatting figures for people (Dutch notation) and for machines (CSV, JSON)."""

from __future__ import annotations

import json
import math
import sys

import pandas as pd
from rich.table import Table

from stuurwiel.cli.app import console

FORMATEN = ("tabel", "csv", "json")


def _text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)


def toon(df: pd.DataFrame, formaat: str, titel: str, kolommen: dict[str, tuple[str, callable]],
         uitleg: str | None = None) -> None:
    """Print `df` as a Rich table (Dutch labels and notation), CSV or JSON (raw values)."""
    if formaat == "csv":
        df.to_csv(sys.stdout, index=False)
    elif formaat == "json":
        records = json.loads(df.to_json(orient="records", force_ascii=False))
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        table = Table(title=titel, caption=uitleg)
        for col, (label, fmt) in kolommen.items():
            numeriek = fmt is not None or pd.api.types.is_numeric_dtype(df[col])
            breedste = max((len(_text(v)) for v in df[col]), default=0)
            table.add_column(label, justify="right" if numeriek else "left", no_wrap=numeriek,
                             min_width=None if numeriek else min(breedste, 14))
        for _, row in df.iterrows():
            table.add_row(*[fmt(row[col]) if fmt else _text(row[col]) for col, (_, fmt) in kolommen.items()])
        console.print(table)
