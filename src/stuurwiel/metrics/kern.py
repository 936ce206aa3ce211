"""The key figures (kerncijfers): young people in care, trajectories, cost, and their ratios.

Each measure returns an Ibis table with `periode`, the requested dimension columns and the
measure, so it runs unchanged on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import ibis
import pandas as pd

from stuurwiel.metrics.basis import (
    Filter,
    dimension_columns,
    kostenregels,
    toewijzingen_per_periode,
    trajecten,
)
from stuurwiel.metrics.perioden import Periode, kalender
from stuurwiel.store.engine import Store


def jeugdigen_in_zorg(store: Store, perioden: list[Periode], per: list[str] = (), filter: Filter = Filter()):
    """Unique young people with an allocation active in the period (counted once per period)."""
    t = filter.apply(toewijzingen_per_periode(store, perioden))
    return t.group_by(["periode", *dimension_columns(list(per))]).aggregate(
        jeugdigen_in_zorg=t.client_id.nunique())


def _trajecten_in(store: Store, perioden: list[Periode], datum: str, per, filter: Filter, naam: str):
    t = filter.apply(trajecten(store))
    cal = kalender(perioden)
    j = t.join(cal, [t[datum] >= cal.periode_begin, t[datum] <= cal.periode_eind])
    return j.group_by(["periode", *dimension_columns(list(per))]).aggregate(**{naam: j.count()})


def nieuwe_trajecten(store: Store, perioden: list[Periode], per: list[str] = (), filter: Filter = Filter()):
    """Trajectories that began in the period."""
    return _trajecten_in(store, perioden, "begindatum", per, filter, "nieuwe_trajecten")


def beeindigde_trajecten(store: Store, perioden: list[Periode], per: list[str] = (), filter: Filter = Filter()):
    """Trajectories whose last allocation ended in the period."""
    return _trajecten_in(store, perioden, "einddatum", per, filter, "beeindigde_trajecten")


def kosten(store: Store, perioden: list[Periode], per: list[str] = (), filter: Filter = Filter()):
    """Claimed cost in eurocent (gedeclareerd), by service month."""
    d = filter.apply(kostenregels(store))
    cal = kalender(perioden)
    j = d.join(cal, [d.dienstmaand >= cal.periode_begin, d.dienstmaand <= cal.periode_eind])
    return j.group_by(["periode", *dimension_columns(list(per))]).aggregate(
        kosten_cent=j.bedrag_getekend_cent.sum())


def jeugdigen_0_17(store: Store, perioden: list[Periode], per_gemeente: bool, filter: Filter = Filter()):
    """Young people 0-17 in the year each period starts in, per municipality or for the scope."""
    b = store.table("jeugdbevolking")
    if filter.gemeenten:
        b = b.filter(b.gemeentecode.isin(list(filter.gemeenten)))
    cal = kalender(perioden)
    j = b.join(cal, b.jaar == cal.periode_begin.year())
    keys = ["periode", "gemeentecode"] if per_gemeente else ["periode"]
    return j.group_by(keys).aggregate(jeugdigen_0_17=j.jeugdigen_0_17.sum())


MEASURES = (jeugdigen_in_zorg, nieuwe_trajecten, beeindigde_trajecten, kosten)
KOLOMMEN = ["jeugdigen_in_zorg", "per_1000_jeugdigen", "nieuwe_trajecten", "beeindigde_trajecten",
            "kosten_cent", "kosten_per_client_cent"]


def kerncijfers(store: Store, perioden: list[Periode], per: list[str] = (), filter: Filter = Filter()) -> pd.DataFrame:
    """All key figures in one frame: one row per period × dimension value."""
    keys = ["periode", *dimension_columns(list(per))]
    frames = [m(store, perioden, per, filter).execute() for m in MEASURES]
    out = frames[0]
    for f in frames[1:]:
        out = out.merge(f, on=keys, how="outer")
    per_gemeente = "gemeente" in per
    bev = jeugdigen_0_17(store, perioden, per_gemeente, filter).execute()
    out = out.merge(bev, on=[k for k in keys if k in bev.columns], how="left")
    for c in ("jeugdigen_in_zorg", "nieuwe_trajecten", "beeindigde_trajecten", "kosten_cent"):
        out[c] = out[c].fillna(0).astype("int64")
    out["per_1000_jeugdigen"] = (1000 * out.jeugdigen_in_zorg / out.jeugdigen_0_17).round(1)
    out["kosten_per_client_cent"] = (out.kosten_cent / out.jeugdigen_in_zorg.where(out.jeugdigen_in_zorg > 0)
                                     ).round().astype("Int64")
    return out.sort_values(keys).reset_index(drop=True)[[*keys, *KOLOMMEN]]
