"""Periods a measure is asked for: a year (2024), a quarter (2024-Q3), a month (2024-08) or a
run of whole months (2024-01 t/m 2024-08, e.g. the year to date)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import ibis
import pyarrow as pa

TM = " t/m "  # between the first and last month of a run: 2024-01 t/m 2024-08


@dataclass(frozen=True, order=True)
class Periode:
    begin: dt.date
    eind: dt.date
    label: str

    @property
    def soort(self) -> str:
        if TM in self.label:
            return "reeks"
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


def reeks(van: Periode, tot: Periode) -> Periode:
    """The whole months from `van` up to and including `tot`, e.g. 2024-01 t/m 2024-08."""
    if van == tot:
        return van
    return Periode(van.begin, tot.eind, f"{van.label}{TM}{tot.label}")


def jaar_tot_en_met(p: Periode) -> Periode:
    """The year to date: January up to the end of `p` (the whole year for a year)."""
    if p.soort == "jaar":
        return p
    return reeks(maand(p.begin.year, 1), maand(p.eind.year, p.eind.month))


def vorig_jaar(p: Periode) -> Periode:
    """The same period one year earlier."""
    if p.soort == "reeks":
        van, tot = (parse_periode(deel) for deel in p.label.split(TM))
        return reeks(vorig_jaar(van), vorig_jaar(tot))
    return parse_periode(str(p.begin.year - 1) + p.label[4:])


def parse_periode(text: str) -> Periode:
    """'2024' | '2024-Q3' | '2024-08' | '2024-01 t/m 2024-08'; raises ValueError with a Dutch message."""
    text = text.strip()
    if TM in text:
        van, tot = (parse_periode(deel) for deel in text.split(TM, 1))
        if van.soort != "maand" or tot.soort != "maand" or tot.begin < van.begin:
            raise ValueError(f"'{text}' is geen reeks maanden (verwacht bijvoorbeeld 2024-01 t/m 2024-08)")
        return reeks(van, tot)
    if m := re.fullmatch(r"(\d{4})", text):
        return jaar(int(m[1]))
    if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
        return kwartaal(int(m[1]), int(m[2]))
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", text)) and 1 <= int(m[2]) <= 12:
        return maand(int(m[1]), int(m[2]))
    raise ValueError(f"'{text}' is geen periode (verwacht 2024, 2024-Q3, 2024-08 of 2024-01 t/m 2024-08)")


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


def maandkalender(perioden: list[Periode]) -> ibis.Table:
    """Every month of every period (periode, maand_begin, maand_eind), for measures that build a
    period from its months (budget pro rata, allocated volume)."""
    rows = [(p.label, m.begin, m.eind) for p in perioden for m in maanden_van(p)]
    return ibis.memtable(pa.table({
        "periode": pa.array([r[0] for r in rows], pa.string()),
        "maand_begin": pa.array([r[1] for r in rows], pa.date32()),
        "maand_eind": pa.array([r[2] for r in rows], pa.date32()),
    }))
