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
import pyarrow as pa
from ibis import _

from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import ACTUEEL, TABELLEN

VERWIJDERD = "13"
INGETROKKEN = "3"  # StatusAanlevering: withdraw an earlier start or stop
ONBEKENDE_DATUM = ibis.date(1900, 1, 1)  # a care period from an exchange file has no message date


def _nieuwste(t: ibis.Table, sleutel: list[str], volgorde: list) -> ibis.Table:
    nummer = ibis.row_number().over(group_by=sleutel, order_by=volgorde)
    return t.mutate(_rn=nummer).filter(_["_rn"] == 0).drop("_rn")


def _huidig(opslag: Opslag, naam: str) -> ibis.Table:
    t = opslag.tabel(naam)
    sleutel = list(TABELLEN[naam].sleutel)
    if naam == "toewijzing":
        return _toewijzingen(opslag, t, sleutel)
    if naam == "declaratie_status":
        t = t.mutate(_definitief=ibis.ifelse(t.status != "ingediend", 1, 0))
        return _nieuwste(t, sleutel, [ibis.desc("_definitief"), ibis.desc("batch_id"), ibis.desc("statusdatum"),
                                ibis.desc("bron")]).drop("_definitief")
    if naam == "zorgperiode":
        return _zorgperioden(t, sleutel)
    return _nieuwste(t, sleutel, [ibis.desc("batch_id"), ibis.desc("bron")])


def _toewijzingen(opslag: Opslag, t: ibis.Table, sleutel: list[str]) -> ibis.Table:
    v = opslag.tabel("verzoek")
    v = _nieuwste(v.filter(v.soort == "toewijzing"), ["agb_code", "referentie_aanbieder"],
                [ibis.desc("verzoekdatum"), ibis.desc("batch_id"), ibis.desc("bron")])
    v = v.select(v_agb=_.agb_code, v_ref=_.referentie_aanbieder, v_type=_.verwijzer_type, v_naam=_.verwijzer_naam)
    eerste = _nieuwste(t, sleutel, ["toewijzingsdatum", "batch_id", "bron"])
    eerste = eerste.left_join(v, [eerste.agb_code == v.v_agb, eerste.referentie_aanbieder == v.v_ref])
    herkomst = eerste.select(
        *[eerste[k].name(f"h_{k}") for k in sleutel], h_type=eerste.verwijzer_type.coalesce(eerste.v_type),
        h_naam=ibis.ifelse(eerste.verwijzer_type.notnull(), eerste.verwijzer_naam, eerste.v_naam))
    nieuwste = _nieuwste(t, sleutel, [ibis.desc("toewijzingsdatum"), ibis.desc("batch_id"), ibis.desc("bron")])
    nieuwste = nieuwste.filter(nieuwste.reden_wijziging.isnull() | (nieuwste.reden_wijziging != VERWIJDERD))
    j = nieuwste.left_join(herkomst, [nieuwste[k] == herkomst[f"h_{k}"] for k in sleutel])
    eigen = j.verwijzer_type.notnull()
    return j.mutate(verwijzer_type=ibis.ifelse(eigen, j.verwijzer_type, j.h_type),
                    verwijzer_naam=ibis.ifelse(eigen, j.verwijzer_naam, j.h_naam)).select(t.columns)


def _meldingen(t: ibis.Table, sleutel: list[str]) -> ibis.Table:
    """Per care period the newest start and the newest stop (`_stop` 0 or 1), unless withdrawn."""
    t = t.mutate(_stop=ibis.ifelse(t.einddatum.notnull(), 1, 0))
    laatste = _nieuwste(t, [*sleutel, "_stop"], [ibis.desc(t.meldingsdatum.fill_null(ONBEKENDE_DATUM)),
                                            ibis.desc("batch_id"), ibis.desc("bron")])
    return laatste.filter(laatste.status_aanlevering.isnull() | (laatste.status_aanlevering != INGETROKKEN))


def _zorgperioden(t: ibis.Table, sleutel: list[str]) -> ibis.Table:
    return _nieuwste(_meldingen(t, sleutel), sleutel, [ibis.desc("_stop")]).drop("_stop")


def vernieuw(opslag: Opslag) -> None:
    """Rebuild every `_actueel` table from the appended facts."""
    with opslag.transactie():
        opslag.analyseer()  # the facts just appended: the planner must know their size
        for naam, doel in ACTUEEL.items():
            sql = ibis.to_sql(_huidig(opslag, naam).select(doel.kolomnamen), dialect=opslag.dialect)
            opslag.voer_uit(f"DELETE FROM {doel.naam}")
            opslag.voer_uit(f"INSERT INTO {doel.naam} ({', '.join(doel.kolomnamen)}) {sql}")
        opslag.analyseer()


def actueel(opslag: Opslag, naam: str) -> ibis.Table:
    """The current version of a versioned fact table (see module docstring)."""
    return opslag.tabel(ACTUEEL[naam].naam)


def toewijzingen(opslag: Opslag) -> ibis.Table:
    return actueel(opslag, "toewijzing")


def toewijzingen_op(opslag: Opslag, peildatum: dt.date) -> ibis.Table:
    """The allocations as they were known on a date: only versions issued on or before it count
    (a forecast made then, in a back-test, must not see a later change)."""
    t = opslag.tabel("toewijzing")
    return _toewijzingen(opslag, t.filter(t.toewijzingsdatum <= peildatum), list(TABELLEN["toewijzing"].sleutel))


def toewijzingen_op_data(opslag: Opslag, data: list[dt.date]) -> ibis.Table:
    """`toewijzingen_op` for each of several dates in one query, with the date as `peildatum`."""
    t = opslag.tabel("toewijzing")
    d = ibis.memtable(pa.table({"peildatum": pa.array(sorted(set(data)), pa.date32())}))
    t = t.join(d, t.toewijzingsdatum <= d.peildatum)
    return _toewijzingen(opslag, t, [*TABELLEN["toewijzing"].sleutel, "peildatum"])


def zorgperioden(opslag: Opslag) -> ibis.Table:
    return actueel(opslag, "zorgperiode")


def zorgmeldingen(opslag: Opslag) -> ibis.Table:
    """The starts and stops that count, apart (`_stop` 0 or 1): before a stop wins over its start."""
    return _meldingen(opslag.tabel("zorgperiode"), list(TABELLEN["zorgperiode"].sleutel))


def clienten(opslag: Opslag) -> ibis.Table:
    return actueel(opslag, "client")


def aanbieders(opslag: Opslag) -> ibis.Table:
    return actueel(opslag, "aanbieder")


def declaratieregels(opslag: Opslag) -> ibis.Table:
    """Every claim line with its current status (see the module docstring)."""
    d = opslag.tabel("declaratieregel")
    s = actueel(opslag, "declaratie_status").select(s_agb=_.agb_code, s_ref=_.referentienummer, s_status=_.status,
                                                   retourcodes=_.retourcodes)
    a = actueel(opslag, "declaratie_antwoord").select(a_agb=_.agb_code, a_nummer=_.declaratienummer)
    j = d.left_join(s, [d.agb_code == s.s_agb, d.referentienummer == s.s_ref])
    j = j.left_join(a, [j.agb_code == a.a_agb, j.declaratienummer == a.a_nummer])
    status = ibis.cases((j.s_status.notnull() & (j.s_status != "ingediend"), j.s_status),
                        (j.a_nummer.notnull(), "toegekend"), else_="ingediend")
    return j.select(*[j[c] for c in d.columns], status=status, retourcodes=j.retourcodes)
