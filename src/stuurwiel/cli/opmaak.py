"""Formatting figures for people (Dutch notation) and for machines (CSV, JSON)."""

from __future__ import annotations

import json
import math
import sys

import pandas as pd
from rich.table import Table

from stuurwiel.cli.app import console

FORMATEN = ("tabel", "csv", "json")


def euro(cent: float | None) -> str:
    if cent is None or (isinstance(cent, float) and math.isnan(cent)):
        return "–"
    return "€ " + f"{cent / 100:,.0f}".replace(",", ".")


def euro_kort(cent: float | None) -> str:
    """Compact for tables: € 4,27 mln from a million up (csv/json keep every cent)."""
    if cent is None or (isinstance(cent, float) and math.isnan(cent)) or abs(cent) < 100_000_000:
        return euro(cent)
    return "€ " + getal(cent / 100 / 1e6, 2) + " mln"


def getal(x: float | None, decimalen: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return "–"
    text = f"{x:,.{decimalen}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


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
            numeric = fmt is not None or pd.api.types.is_numeric_dtype(df[col])
            widest = max((len(_text(v)) for v in df[col]), default=0)
            table.add_column(label, justify="right" if numeric else "left", no_wrap=numeric,
                             min_width=None if numeric else min(widest, 14))
        for _, row in df.iterrows():
            table.add_row(*[fmt(row[col]) if fmt else _text(row[col]) for col, (_, fmt) in kolommen.items()])
        console.print(table)
