"""The current picture: the canonical facts with every correction applied.

Loads only ever append. What is *current* is decided here, once, for every measure:
- a changed allocation is a new version; the latest toewijzingsdatum wins, and code 13
  ("verwijderd") removes the allocation;
- a claim line's status is its newest definitive status (toegekend/afgewezen) or else
  "ingediend", so an answer that arrives before its claim still counts;
- a care period's stop wins over its start;
- for entities (client, aanbieder, budget, ...) the newest load wins.

`vernieuw` materialises these as `<table>_actueel` tables after every load (inside the load's
transaction), so every query reads plain tables the database can plan well; the accessors
below are what measures use.
"""

from __future__ import annotations

import ibis
from ibis import _

from stuurwiel.store.engine import Store
from stuurwiel.store.schema import ACTUEEL, TABLES

VERWIJDERD = "13"


def _newest(t: ibis.Table, key: list[str], order: list) -> ibis.Table:
    rn = ibis.row_number().over(group_by=key, order_by=order)
    return t.mutate(_rn=rn).filter(_["_rn"] == 0).drop("_rn")


def _current(store: Store, name: str) -> ibis.Table:
    t = store.table(name)
    key = list(TABLES[name].key)
    if name == "toewijzing":
        t = _newest(t, key, [ibis.desc("toewijzingsdatum"), ibis.desc("batch_id"), ibis.desc("bron")])
        return t.filter(t.reden_wijziging.isnull() | (t.reden_wijziging != VERWIJDERD))
    if name == "declaratie_status":
        t = t.mutate(_definitief=ibis.ifelse(t.status != "ingediend", 1, 0))
        return _newest(t, key, [ibis.desc("_definitief"), ibis.desc("batch_id"), ibis.desc("statusdatum"),
                                ibis.desc("bron")]).drop("_definitief")
    if name == "zorgperiode":
        t = t.mutate(_gestopt=ibis.ifelse(t.einddatum.notnull(), 1, 0))
        return _newest(t, key, [ibis.desc("_gestopt"), ibis.desc("batch_id"), ibis.desc("bron")]).drop("_gestopt")
    return _newest(t, key, [ibis.desc("batch_id"), ibis.desc("bron")])


def vernieuw(store: Store) -> None:
    """Rebuild every `_actueel` table from the appended facts."""
    with store.transaction():
        for name, target in ACTUEEL.items():
            sql = ibis.to_sql(_current(store, name).select(target.column_names), dialect=store.dialect)
            store.execute(f"DELETE FROM {target.name}")
            store.execute(f"INSERT INTO {target.name} ({', '.join(target.column_names)}) {sql}")
        store.analyze()


def actueel(store: Store, name: str) -> ibis.Table:
    """The current version of a versioned fact table (see module docstring)."""
    return store.table(ACTUEEL[name].name)


def toewijzingen(store: Store) -> ibis.Table:
    return actueel(store, "toewijzing")


def zorgperioden(store: Store) -> ibis.Table:
    return actueel(store, "zorgperiode")


def clienten(store: Store) -> ibis.Table:
    return actueel(store, "client")


def aanbieders(store: Store) -> ibis.Table:
    return actueel(store, "aanbieder")


def declaratieregels(store: Store) -> ibis.Table:
    """Every claim line with its current status (lines without any status are 'ingediend')."""
    d = store.table("declaratieregel")
    s = actueel(store, "declaratie_status").select("agb_code", "referentienummer", "status", "retourcodes")
    joined = d.left_join(s, [d.agb_code == s.agb_code, d.referentienummer == s.referentienummer])
    return joined.select(
        *[d[c] for c in d.columns],
        status=joined.status.fill_null("ingediend"),
        retourcodes=joined.retourcodes,
    )
