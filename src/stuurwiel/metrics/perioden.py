"""Periods a measure is asked for: a year (2024), a quarter (2024-Q3) or a month (2024-08)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import ibis
import pyarrow as pa


@dataclass(frozen=True, order=True)
class Periode:
    begin: dt.date
    eind: dt.date
    label: str

    @property
    def soort(self) -> str:
        return "maand" if len(self.label) == 7 and "Q" not in self.label else (
            "kwartaal" if "Q" in self.label else "jaar")


def _month_end(jaar: int, maand: int) -> dt.date:
    first_next = dt.date(jaar + (maand == 12), maand % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def maand(jaar: int, m: int) -> Periode:
    return Periode(dt.date(jaar, m, 1), _month_end(jaar, m), f"{jaar}-{m:02d}")


def kwartaal(jaar: int, q: int) -> Periode:
    return Periode(dt.date(jaar, 3 * q - 2, 1), _month_end(jaar, 3 * q), f"{jaar}-Q{q}")


def jaar(j: int) -> Periode:
    return Periode(dt.date(j, 1, 1), dt.date(j, 12, 31), str(j))


def parse_periode(text: str) -> Periode:
    """'2024' | '2024-Q3' | '2024-08'; raises ValueError with a Dutch message."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})", text):
        return jaar(int(m[1]))
    if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
        return kwartaal(int(m[1]), int(m[2]))
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", text)) and 1 <= int(m[2]) <= 12:
        return maand(int(m[1]), int(m[2]))
    raise ValueError(f"'{text}' is geen periode (verwacht 2024, 2024-Q3 of 2024-08)")


def maanden_van(p: Periode) -> list[Periode]:
    out, d = [], p.begin
    while d <= p.eind:
        out.append(maand(d.year, d.month))
        d = _month_end(d.year, d.month) + dt.timedelta(days=1)
    return out


def kalender(perioden: list[Periode]) -> ibis.Table:
    """The periods as a small table (periode, periode_begin, periode_eind) to join facts on."""
    return ibis.memtable(pa.table({
        "periode": pa.array([p.label for p in perioden], pa.string()),
        "periode_begin": pa.array([p.begin for p in perioden], pa.date32()),
        "periode_eind": pa.array([p.eind for p in perioden], pa.date32()),
    }))
