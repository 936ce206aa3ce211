"""Periods a question is asked for: a year (2024), a quarter (2024-Q3), a month (2024-08) or a run
of whole months (2024-01 t/m 2024-08, e.g. the year to date); months counted as whole numbers;
and the year and month ranges the commands accept (2021-2025, 1-11)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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


def _maandeinde(jaar: int, maand_: int) -> dt.date:
    eerste_volgende = dt.date(jaar + (maand_ == 12), maand_ % 12 + 1, 1)
    return eerste_volgende - dt.timedelta(days=1)


def maand(jaar_: int, m: int) -> Periode:
    return Periode(dt.date(jaar_, m, 1), _maandeinde(jaar_, m), f"{jaar_}-{m:02d}")


def kwartaal(jaar_: int, q: int) -> Periode:
    return Periode(dt.date(jaar_, 3 * q - 2, 1), _maandeinde(jaar_, 3 * q), f"{jaar_}-Q{q}")


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
        van, tot = (ontleed_periode(deel) for deel in p.label.split(TM))
        return reeks(vorig_jaar(van), vorig_jaar(tot))
    return ontleed_periode(str(p.begin.year - 1) + p.label[4:])


def ontleed_periode(tekst: str) -> Periode:
    """'2024' | '2024-Q3' | '2024-08' | '2024-01 t/m 2024-08'; raises ValueError with a Dutch message."""
    tekst = tekst.strip()
    if TM in tekst:
        van, tot = (ontleed_periode(deel) for deel in tekst.split(TM, 1))
        if van.soort != "maand" or tot.soort != "maand" or tot.begin < van.begin:
            raise ValueError(f"'{tekst}' is geen reeks maanden (verwacht bijvoorbeeld 2024-01 t/m 2024-08)")
        return reeks(van, tot)
    if m := re.fullmatch(r"(\d{4})", tekst):
        return jaar(int(m[1]))
    if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", tekst):
        return kwartaal(int(m[1]), int(m[2]))
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", tekst)) and 1 <= int(m[2]) <= 12:
        return maand(int(m[1]), int(m[2]))
    raise ValueError(f"'{tekst}' is geen periode (verwacht 2024, 2024-Q3, 2024-08 of 2024-01 t/m 2024-08)")


def maanden_van(p: Periode) -> list[Periode]:
    uit, d = [], p.begin
    while d <= p.eind:
        uit.append(maand(d.year, d.month))
        d = _maandeinde(d.year, d.month) + dt.timedelta(days=1)
    return uit


def maandnummer(d: dt.date) -> int:
    """A month as a whole number (year × 12 + month − 1), so months can be counted and subtracted."""
    return d.year * 12 + d.month - 1


def maandeinde(m: int) -> dt.date:
    """The last day of month number `m`."""
    jaar_, maand_ = divmod(m, 12)
    return _maandeinde(jaar_, maand_ + 1)


def _van_tot(tekst: str, verwacht: str, laagste: int, hoogste: int) -> list[int]:
    """'2024' or '2021-2025' (also with an en dash), within [laagste, hoogste]; the ValueError says
    what was expected, so a command can put its option's name before it."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*", tekst)
    van, tot = (int(m[1]), int(m[2] or m[1])) if m else (0, -1)
    if not (laagste <= van <= tot <= hoogste):
        raise ValueError(f"{verwacht} (niet '{tekst}')")
    return list(range(van, tot + 1))


def ontleed_jaren(tekst: str) -> list[int]:
    """'2024' or '2021-2025': the years, in order."""
    return _van_tot(tekst, "verwacht een jaar of een reeks jaren, bijvoorbeeld 2019-2022", 1900, 2199)


def ontleed_maanden(tekst: str) -> list[int]:
    """'4' or '1-11': months of the year, in order."""
    return _van_tot(tekst, "maanden lopen van 1 tot en met 12, bijvoorbeeld 1-11", 1, 12)
