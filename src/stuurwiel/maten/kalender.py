"""The periods of a question as small tables the facts are joined on."""

from __future__ import annotations

import ibis
import pyarrow as pa

from stuurwiel.begrippen.periode import Periode, maanden_van


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
    rijen = [(p.label, m.begin, m.eind) for p in perioden for m in maanden_van(p)]
    return ibis.memtable(pa.table({
        "periode": pa.array([r[0] for r in rijen], pa.string()),
        "maand_begin": pa.array([r[1] for r in rijen], pa.date32()),
        "maand_eind": pa.array([r[2] for r in rijen], pa.date32()),
    }))


def op_datum(t: ibis.Table, perioden: list[Periode], datum: str) -> ibis.Table:
    """The rows of `t` whose `datum` falls in a period, with that period."""
    cal = kalender(perioden)
    return t.join(cal, [t[datum] >= cal.periode_begin, t[datum] <= cal.periode_eind])
