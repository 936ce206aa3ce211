"""The current picture: the canonical facts with every correction applied, as Ibis tables.

Loads only ever append. What is *current* is decided here, once, for every measure:
- a changed allocation is a new version; the latest toewijzingsdatum wins, and code 13
  ("verwijderd") removes the allocation;
- a claim line's status is its newest definitive status (toegekend/afgewezen) or else
  "ingediend", so an answer that arrives before its claim still counts;
- for entities (client, aanbieder, budget, ...) the newest load wins.
"""

from __future__ import annotations

import ibis
from ibis import _

from stuurwiel.store.engine import Store
from stuurwiel.store.schema import TABLES

VERWIJDERD = "13"


def _newest(t: ibis.Table, key: list[str], order: list) -> ibis.Table:
    rn = ibis.row_number().over(group_by=key, order_by=order)
    return t.mutate(_rn=rn).filter(_["_rn"] == 0).drop("_rn")


def latest(store: Store, name: str) -> ibis.Table:
    """The newest version per natural key of an entity-like fact table."""
    table = TABLES[name]
    t = store.table(name)
    return _newest(t, list(table.key), [ibis.desc("batch_id"), ibis.desc("bron")])


def toewijzingen(store: Store) -> ibis.Table:
    t = store.table("toewijzing")
    current = _newest(t, ["toewijzingnummer"],
                      [ibis.desc("toewijzingsdatum"), ibis.desc("batch_id"), ibis.desc("bron")])
    return current.filter(current.reden_wijziging.isnull() | (current.reden_wijziging != VERWIJDERD))


def declaratie_status(store: Store) -> ibis.Table:
    s = store.table("declaratie_status")
    definitief = ibis.ifelse(s.status != "ingediend", 1, 0)
    s = s.mutate(_definitief=definitief)
    current = _newest(s, ["agb_code", "referentienummer"],
                      [ibis.desc("_definitief"), ibis.desc("batch_id"), ibis.desc("statusdatum"), ibis.desc("bron")])
    return current.select("agb_code", "referentienummer", "status", "retourcodes", "statusdatum")


def declaratieregels(store: Store) -> ibis.Table:
    """Every claim line with its current status (lines without any status are 'ingediend')."""
    d = store.table("declaratieregel")
    s = declaratie_status(store)
    joined = d.left_join(s, [d.agb_code == s.agb_code, d.referentienummer == s.referentienummer])
    return joined.select(
        *[d[c] for c in d.columns],
        status=joined.status.fill_null("ingediend"),
        retourcodes=joined.retourcodes,
    )


def zorgperioden(store: Store) -> ibis.Table:
    z = store.table("zorgperiode")
    gestopt = ibis.ifelse(z.einddatum.notnull(), 1, 0)
    z = z.mutate(_gestopt=gestopt)
    return _newest(z, ["toewijzingnummer", "begindatum"],
                   [ibis.desc("_gestopt"), ibis.desc("batch_id"), ibis.desc("bron")]).drop("_gestopt")


def clienten(store: Store) -> ibis.Table:
    return latest(store, "client")


def aanbieders(store: Store) -> ibis.Table:
    return latest(store, "aanbieder")
