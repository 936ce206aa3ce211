"""Downloads are data, never code: what a spreadsheet would run is written as text.

A provider's name or a toelichting comes from a file someone else wrote; Excel and LibreOffice read
a CSV cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula,
and openpyxl writes a string starting with `=` as one. So every text cell of a CSV gets a leading
single quote (the OWASP advice: the spreadsheet shows the text, the quote is visible in the data),
and every cell of a workbook is written as a string when openpyxl took it for a formula. Numbers are
never touched: -12,50 stays a number. Every CSV and workbook Stuurwiel writes passes through here.
"""

from __future__ import annotations

import io
from typing import Any

FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")


def csv_tekst(tekst: str) -> str:
    """A text cell of a CSV that a spreadsheet shows as text."""
    return "'" + tekst if tekst.startswith(FORMULETEKENS) else tekst


def csv_waarde(w: Any) -> Any:
    """A CSV cell: text neutralised, numbers and empties as they are."""
    return csv_tekst(w) if isinstance(w, str) else w


def bewaar(wb: Any) -> bytes:
    """The workbook as bytes, with every cell openpyxl would write as a formula written as text."""
    for ws in wb.worksheets:
        for cel in ws._cells.values():  # only the cells that exist, not the rectangle around them
            if cel.data_type == "f":
                cel.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
