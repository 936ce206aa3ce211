"""Business-rule signals: well-formed data that breaks a rule is stored, and flagged here.

Each rule is an Ibis query over the current facts that yields one row per offending line,
naming the rule and the source line. `vernieuw` recomputes them all after every load (in the
load's transaction), so an allocation that arrives after its claims clears the signal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis
import pyarrow as pa

from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN

VERBLIJF_EENHEID = "14"  # etmaal
EURO_EENHEID = "83"


@dataclass(frozen=True)
class Regel:
    code: str
    titel: str
    query: Callable[[Opslag], ibis.Table]


def _declaraties(opslag: Opslag) -> ibis.Table:
    d = feiten.declaratieregels(opslag)
    return d.filter(d.status != "afgewezen")


def _signaal(t: ibis.Table, regel: str, omschrijving: ibis.Value, tabel: str, sleutel: ibis.Value,
            periode: ibis.Value | None = None, bedrag: ibis.Value | None = None) -> ibis.Table:
    return t.select(
        regel=ibis.literal(regel),
        omschrijving=omschrijving,
        tabel=ibis.literal(tabel),
        sleutel=sleutel.cast("string"),
        bron=t.bron,
        batch_id=t.batch_id,
        gemeentecode=t.gemeentecode,
        agb_code=t.agb_code,
        periode=periode if periode is not None else ibis.null("date"),
        bedrag_cent=bedrag if bedrag is not None else ibis.null("int64"),
    )


def _declaratiesignaal(t: ibis.Table, regel: str, tekst: ibis.Value) -> ibis.Table:
    return _signaal(t, regel, tekst, "declaratieregel", t.referentienummer,
                   t.periode_begin.truncate("M").cast("date"),
                   ibis.ifelse(t.debet_credit == "C", -t.bedrag_cent, t.bedrag_cent))


def zonder_toewijzing(opslag: Opslag) -> ibis.Table:
    d = _declaraties(opslag)
    a = feiten.toewijzingen(opslag)
    t = d.anti_join(a, d.toewijzingnummer == a.toewijzingnummer)
    return _declaratiesignaal(t, "zonder_toewijzing", "declaratie op toewijzing " + t.toewijzingnummer
                         + " die niet bestaat")


def _declaraties_met_toewijzing(opslag: Opslag) -> ibis.Table:
    d = _declaraties(opslag)
    a = feiten.toewijzingen(opslag).select(
        "toewijzingnummer", a_client=_kolom("client_id"), a_begin=_kolom("ingangsdatum"), a_eind=_kolom("einddatum"),
        a_volume=_kolom("volume"), a_eenheid=_kolom("eenheid"), a_frequentie=_kolom("frequentie"))
    j = d.join(a, d.toewijzingnummer == a.toewijzingnummer)
    return j.drop("toewijzingnummer_right") if "toewijzingnummer_right" in j.columns else j


def _kolom(naam: str):
    return ibis._[naam]


def buiten_toewijzing(opslag: Opslag) -> ibis.Table:
    j = _declaraties_met_toewijzing(opslag)
    t = j.filter((j.periode_begin < j.a_begin) | (j.a_eind.notnull() & (j.periode_eind > j.a_eind)))
    return _declaratiesignaal(t, "buiten_toewijzing", "geleverd " + t.periode_begin.cast("string")
                         + " t/m " + t.periode_eind.cast("string") + " buiten toewijzing "
                         + t.toewijzingnummer)


def boven_volume(opslag: Opslag) -> ibis.Table:
    """Net claimed volume in a service month above what the allocation allows for that month."""
    j = _declaraties_met_toewijzing(opslag)
    j = j.filter((j.eenheid == j.a_eenheid) & j.a_frequentie.isin(["1", "2", "4"]))
    j = j.mutate(maand=j.periode_begin.truncate("M").cast("date"),
                 netto=ibis.ifelse(j.debet_credit == "C", -j.geleverd_volume, j.geleverd_volume))
    g = j.group_by(["toewijzingnummer", "maand", "a_volume", "a_frequentie"]).aggregate(
        netto=j.netto.sum(), bron=j.bron.max(), batch_id=j.batch_id.max(), gemeentecode=j.gemeentecode.max(),
        agb_code=j.agb_code.max(), referentienummer=j.referentienummer.max(),
        bedrag=ibis.ifelse(j.debet_credit == "C", -j.bedrag_cent, j.bedrag_cent).sum())
    dagen = (g.maand + ibis.interval(months=1) - ibis.interval(days=1)).day()  # days in the month
    toegestaan = ibis.cases((g.a_frequentie == "1", g.a_volume * dagen),
                            (g.a_frequentie == "2", (g.a_volume * dagen / 7).ceil()),
                            else_=g.a_volume)
    t = g.filter(g.netto > toegestaan).mutate(_toegestaan=toegestaan.cast("int64"))
    return _signaal(t, "boven_volume", "in " + t.maand.strftime("%Y-%m") + " " + t.netto.cast("string")
                   + " gedeclareerd, toegewezen " + t._toegestaan.cast("string")
                   + " (toewijzing " + t.toewijzingnummer + ")", "declaratieregel", t.referentienummer,
                   t.maand, t.bedrag)


def dubbel_referentienummer(opslag: Opslag) -> ibis.Table:
    d = feiten.declaratieregels(opslag)
    n = d.count().over(ibis.window(group_by=["agb_code", "referentienummer"]))
    t = d.mutate(_n=n).filter(ibis._["_n"] > 1)
    return _declaratiesignaal(t, "dubbel_referentienummer", "referentienummer " + t.referentienummer
                         + " komt " + t._n.cast("string") + " keer voor bij deze aanbieder")


def dubbele_declaratie(opslag: Opslag) -> ibis.Table:
    """The same allocation, product and service period claimed more than once (net of credits)."""
    d = _declaraties(opslag)
    credits = d.filter(d.debet_credit == "C").select(agb=_kolom("agb_code"), vorig=_kolom("vorig_referentienummer"))
    debet = d.filter(d.debet_credit == "D")
    open_debet = debet.anti_join(credits, [debet.agb_code == credits.agb, debet.referentienummer == credits.vorig])
    n = open_debet.count().over(ibis.window(group_by=["toewijzingnummer", "productcode", "periode_begin",
                                                      "periode_eind"]))
    t = open_debet.mutate(_n=n).filter(ibis._["_n"] > 1)
    return _declaratiesignaal(t, "dubbele_declaratie", "toewijzing " + t.toewijzingnummer + " voor "
                         + t.periode_begin.cast("string") + " t/m " + t.periode_eind.cast("string") + " "
                         + t._n.cast("string") + " keer gedeclareerd")


def bedrag_afwijkend(opslag: Opslag) -> ibis.Table:
    d = _declaraties(opslag)
    t = d.filter((d.eenheid != EURO_EENHEID) & (d.bedrag_cent != d.geleverd_volume * d.tarief_cent))
    return _declaratiesignaal(t, "bedrag_afwijkend", "bedrag " + t.bedrag_cent.cast("string") + " ≠ volume "
                         + t.geleverd_volume.cast("string") + " × tarief " + t.tarief_cent.cast("string"))


def tarief_afwijkend(opslag: Opslag) -> ibis.Table:
    d = _declaraties(opslag)
    tarief = opslag.tabel("tarief")
    j = d.join(tarief, [d.productcode == tarief.productcode, d.periode_begin.year() == tarief.jaar])
    t = j.filter((j.eenheid != EURO_EENHEID) & (j.tarief_cent != j.tarief_cent_right))
    return _declaratiesignaal(t, "tarief_afwijkend", "tarief " + t.tarief_cent.cast("string")
                         + " wijkt af van het contracttarief " + t.tarief_cent_right.cast("string"))


def credit_zonder_voorganger(opslag: Opslag) -> ibis.Table:
    d = feiten.declaratieregels(opslag)
    credit = d.filter(d.debet_credit == "C")
    voorganger = d.select(agb=_kolom("agb_code"), ref=_kolom("referentienummer"))
    t = credit.anti_join(voorganger, [credit.agb_code == voorganger.agb,
                                      credit.vorig_referentienummer == voorganger.ref])
    return _declaratiesignaal(t, "credit_zonder_voorganger", "creditregel verwijst naar "
                         + t.vorig_referentienummer + ", dat niet gedeclareerd is")


def leeftijd_18_plus(opslag: Opslag) -> ibis.Table:
    d = _declaraties(opslag)
    c = feiten.clienten(opslag).select(cid=_kolom("client_id"), geboortemaand=_kolom("geboortemaand"))
    j = d.join(c, d.client_id == c.cid)
    # Only the birth month is kept: from the month after the 18th birthday's month the young
    # person is 18 on every day of the service period.
    zeker_achttien = j.geboortemaand + ibis.interval(years=18) + ibis.interval(months=1)
    t = j.filter(j.periode_begin >= zeker_achttien)
    return _declaratiesignaal(t, "leeftijd_18_plus", "zorg geleverd in " + t.periode_begin.cast("string")
                         + " aan een jeugdige van 18 jaar of ouder")


def overlappend_verblijf(opslag: Opslag) -> ibis.Table:
    """Two residential allocations (etmaal) of one young person that overlap in time."""
    a = feiten.toewijzingen(opslag)
    v = a.filter(a.eenheid == VERBLIJF_EENHEID)
    w = v.select(client2=_kolom("client_id"), nummer2=_kolom("toewijzingnummer"), begin2=_kolom("ingangsdatum"),
                 eind2=_kolom("einddatum"))
    j = v.join(w, [v.client_id == w.client2, v.toewijzingnummer != w.nummer2,
                   v.ingangsdatum <= w.eind2.fill_null(ibis.date(9999, 12, 31)),
                   w.begin2 <= v.einddatum.fill_null(ibis.date(9999, 12, 31))])
    return _signaal(j, "overlappend_verblijf", "verblijf overlapt met toewijzing " + j.nummer2,
                   "toewijzing", j.toewijzingnummer, j.ingangsdatum.truncate("M").cast("date"))


REGELS: dict[str, Regel] = {r.code: r for r in [
    Regel("zonder_toewijzing", "Declaratie zonder toewijzing", zonder_toewijzing),
    Regel("buiten_toewijzing", "Declaratie buiten de toewijzingsperiode", buiten_toewijzing),
    Regel("boven_volume", "Meer gedeclareerd dan toegewezen", boven_volume),
    Regel("dubbel_referentienummer", "Dubbel referentienummer", dubbel_referentienummer),
    Regel("dubbele_declaratie", "Dubbel gedeclareerde levering", dubbele_declaratie),
    Regel("bedrag_afwijkend", "Bedrag ≠ volume × tarief", bedrag_afwijkend),
    Regel("tarief_afwijkend", "Tarief wijkt af van contracttarief", tarief_afwijkend),
    Regel("credit_zonder_voorganger", "Creditregel zonder oorspronkelijke regel", credit_zonder_voorganger),
    Regel("leeftijd_18_plus", "Jeugdhulp aan een jeugdige van 18 jaar of ouder", leeftijd_18_plus),
    Regel("overlappend_verblijf", "Overlappend verblijf (stapeling)", overlappend_verblijf),
]}


def bereken(opslag: Opslag) -> pa.Table:
    schema = TABELLEN["signaal"].arrow_schema()
    delen = [r.query(opslag).to_pyarrow().cast(schema) for r in REGELS.values()]
    return pa.concat_tables(delen)


def per_lading(opslag: Opslag, batch_id: int) -> dict[str, int]:
    """How many signals the rows of one load raise, per rule."""
    t = opslag.tabel("signaal")
    t = t.filter(t.batch_id == batch_id)
    t = t.group_by("regel").aggregate(n=t.count()).order_by("regel").to_pyarrow()
    return dict(zip(t["regel"].to_pylist(), t["n"].to_pylist(), strict=True))


def vernieuw(opslag: Opslag) -> int:
    """Recompute every signal; returns how many there are."""
    rijen = bereken(opslag)
    opslag.vervang("signaal", rijen)
    return rijen.num_rows
