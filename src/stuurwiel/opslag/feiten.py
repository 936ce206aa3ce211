"""The current picture: the canonical facts with every correction applied.

Loads only ever append. What is *current* is decided here, once, for every measure:
- a changed allocation is a new version; the latest toewijzingsdatum wins, and code 13
  ("verwijderd") removes the allocation; its referrer is the one of its first version, or of
  the request (JW315) that first version answers (docs/ijw.md);
- a claim line's status is its newest definitive status (toegekend/afgewezen), else
  "toegekend" when its declaration was answered (JW325 lists only the rejected lines), else
  "ingediend"; an answer that arrives before its claim still counts;
- a care period's newest start and newest stop count (by date of the message, then load),
  unless withdrawn (StatusAanlevering 3); a stop wins over its start;
- for entities (client, aanbieder, budget, ...) the newest load wins.

`vernieuw` materialises these as `<table>_actueel` tables after every load (inside the load's
transaction), so every query reads plain tables the database can plan well; the accessors
below are what measures use.
"""

from __future__ import annotations

import datetime as dt

import ibis
from ibis import _

from stuurwiel.opslag.database import Store
from stuurwiel.opslag.schema import ACTUEEL, TABLES

VERWIJDERD = "13"
INGETROKKEN = "3"  # StatusAanlevering: withdraw an earlier start or stop
ONBEKENDE_DATUM = ibis.date(1900, 1, 1)  # a care period from an exchange file has no message date


def _newest(t: ibis.Table, key: list[str], order: list) -> ibis.Table:
    rn = ibis.row_number().over(group_by=key, order_by=order)
    return t.mutate(_rn=rn).filter(_["_rn"] == 0).drop("_rn")


def _current(store: Store, name: str) -> ibis.Table:
    t = store.table(name)
    key = list(TABLES[name].key)
    if name == "toewijzing":
        return _toewijzingen(store, t, key)
    if name == "declaratie_status":
        t = t.mutate(_definitief=ibis.ifelse(t.status != "ingediend", 1, 0))
        return _newest(t, key, [ibis.desc("_definitief"), ibis.desc("batch_id"), ibis.desc("statusdatum"),
                                ibis.desc("bron")]).drop("_definitief")
    if name == "zorgperiode":
        return _zorgperioden(t, key)
    return _newest(t, key, [ibis.desc("batch_id"), ibis.desc("bron")])


def _toewijzingen(store: Store, t: ibis.Table, key: list[str]) -> ibis.Table:
    v = store.table("verzoek")
    v = _newest(v.filter(v.soort == "toewijzing"), ["agb_code", "referentie_aanbieder"],
                [ibis.desc("verzoekdatum"), ibis.desc("batch_id"), ibis.desc("bron")])
    v = v.select(v_agb=_.agb_code, v_ref=_.referentie_aanbieder, v_type=_.verwijzer_type, v_naam=_.verwijzer_naam)
    eerste = _newest(t, key, ["toewijzingsdatum", "batch_id", "bron"])
    eerste = eerste.left_join(v, [eerste.agb_code == v.v_agb, eerste.referentie_aanbieder == v.v_ref])
    herkomst = eerste.select(
        h_nummer=eerste.toewijzingnummer, h_type=eerste.verwijzer_type.coalesce(eerste.v_type),
        h_naam=ibis.ifelse(eerste.verwijzer_type.notnull(), eerste.verwijzer_naam, eerste.v_naam))
    nieuwste = _newest(t, key, [ibis.desc("toewijzingsdatum"), ibis.desc("batch_id"), ibis.desc("bron")])
    nieuwste = nieuwste.filter(nieuwste.reden_wijziging.isnull() | (nieuwste.reden_wijziging != VERWIJDERD))
    j = nieuwste.left_join(herkomst, nieuwste.toewijzingnummer == herkomst.h_nummer)
    eigen = j.verwijzer_type.notnull()
    return j.mutate(verwijzer_type=ibis.ifelse(eigen, j.verwijzer_type, j.h_type),
                    verwijzer_naam=ibis.ifelse(eigen, j.verwijzer_naam, j.h_naam)).select(t.columns)


def _zorgperioden(t: ibis.Table, key: list[str]) -> ibis.Table:
    t = t.mutate(_stop=ibis.ifelse(t.einddatum.notnull(), 1, 0))
    laatste = _newest(t, [*key, "_stop"], [ibis.desc(t.meldingsdatum.fill_null(ONBEKENDE_DATUM)),
                                            ibis.desc("batch_id"), ibis.desc("bron")])
    geldig = laatste.filter(laatste.status_aanlevering.isnull() | (laatste.status_aanlevering != INGETROKKEN))
    return _newest(geldig, key, [ibis.desc("_stop")]).drop("_stop")


def vernieuw(store: Store) -> None:
    """Rebuild every `_actueel` table from the appended facts."""
    with store.transaction():
        store.analyze()  # the facts just appended: the planner must know their size
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


def toewijzingen_op(store: Store, peildatum: dt.date) -> ibis.Table:
    """The allocations as they were known on a date: only versions issued on or before it count
    (a forecast made then, in a back-test, must not see a later change)."""
    t = store.table("toewijzing")
    return _toewijzingen(store, t.filter(t.toewijzingsdatum <= peildatum), list(TABLES["toewijzing"].key))


def zorgperioden(store: Store) -> ibis.Table:
    return actueel(store, "zorgperiode")


def clienten(store: Store) -> ibis.Table:
    return actueel(store, "client")


def aanbieders(store: Store) -> ibis.Table:
    return actueel(store, "aanbieder")


def declaratieregels(store: Store) -> ibis.Table:
    """Every claim line with its current status (see the module docstring)."""
    d = store.table("declaratieregel")
    s = actueel(store, "declaratie_status").select(s_agb=_.agb_code, s_ref=_.referentienummer, s_status=_.status,
                                                   retourcodes=_.retourcodes)
    a = actueel(store, "declaratie_antwoord").select(a_agb=_.agb_code, a_nummer=_.declaratienummer)
    j = d.left_join(s, [d.agb_code == s.s_agb, d.referentienummer == s.s_ref])
    j = j.left_join(a, [j.agb_code == a.a_agb, j.declaratienummer == a.a_nummer])
    status = ibis.cases((j.s_status.notnull() & (j.s_status != "ingediend"), j.s_status),
                        (j.a_nummer.notnull(), "toegekend"), else_="ingediend")
    return j.select(*[j[c] for c in d.columns], status=status, retourcodes=j.retourcodes)
