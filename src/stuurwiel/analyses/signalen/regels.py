"""The line rules: each an Ibis query over the current facts that yields one row per offending line,
naming the rule and the source line. A rule names the official iJw 3.2 rules it checks (technical
rules TR…, business rules OP…); a technical rule's retourcode is the one a municipality would
answer with (docs/ijw.md).
"""

from __future__ import annotations

import ibis

from stuurwiel.analyses.signalen.basis import (
    GEEN_EINDE,
    declaraties,
    declaraties_met_toewijzing,
    declaratiesignaal,
    kolom,
    signaal,
)
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

VERBLIJF_EENHEID = "14"  # etmaal
EURO_EENHEID = "83"
AFGEWEZEN, IN_ONDERZOEK = "1", "2"  # VerzoekAntwoord
BESLISTERMIJN_DAGEN = 56  # OP274, OP346: a request "in onderzoek" is decided within eight weeks

def zonder_toewijzing(opslag: Opslag) -> ibis.Table:
    """A claim on an allocation number never sent (a removed one is `op_verwijderde_toewijzing`)."""
    d = declaraties(opslag)
    a = opslag.tabel("toewijzing")
    t = d.anti_join(a, d.toewijzingnummer == a.toewijzingnummer)
    return declaratiesignaal(t, "zonder_toewijzing", "declaratie op toewijzing " + t.toewijzingnummer
                         + " die niet bestaat")


def op_verwijderde_toewijzing(opslag: Opslag) -> ibis.Table:
    """A claim on an allocation that was sent, but is not current: only removal (13) does that."""
    d = declaraties(opslag)
    ooit = opslag.tabel("toewijzing").select(nummer=kolom("toewijzingnummer"))
    huidig = feiten.toewijzingen(opslag).select(nummer=kolom("toewijzingnummer"))
    v = d.semi_join(ooit, d.toewijzingnummer == ooit.nummer)
    t = v.anti_join(huidig, v.toewijzingnummer == huidig.nummer)
    return declaratiesignaal(t, "op_verwijderde_toewijzing", "declaratie op toewijzing " + t.toewijzingnummer
                         + ", die verwijderd is (reden wijziging 13)")


def buiten_toewijzing(opslag: Opslag) -> ibis.Table:
    j = declaraties_met_toewijzing(opslag)
    t = j.filter((j.periode_begin < j.a_begin) | (j.a_eind.notnull() & (j.periode_eind > j.a_eind)))
    return declaratiesignaal(t, "buiten_toewijzing", "geleverd " + t.periode_begin.cast("string")
                         + " t/m " + t.periode_eind.cast("string") + " buiten toewijzing "
                         + t.toewijzingnummer)


def na_zorgeinde(opslag: Opslag) -> ibis.Table:
    """A claim inside its allocation's dates (else `buiten_toewijzing`) for days after its care period
    ended (JW307), when no other care period of the allocation runs on its last day."""
    j = declaraties_met_toewijzing(opslag)
    j = j.filter((j.periode_begin >= j.a_begin) & (j.a_eind.isnull() | (j.periode_eind <= j.a_eind)))
    z = feiten.zorgperioden(opslag).select(nummer=kolom("toewijzingnummer"), z_begin=kolom("begindatum"),
                                           z_eind=kolom("einddatum"))
    gestopt = j.join(z, [j.toewijzingnummer == z.nummer, z.z_begin <= j.periode_begin, z.z_eind < j.periode_eind])
    laatste = ibis.row_number().over(group_by="rij_sleutel", order_by=ibis.desc("z_eind"))
    t = gestopt.mutate(_rn=laatste).filter(kolom("_rn") == 0)
    t = t.anti_join(z, [t.toewijzingnummer == z.nummer, z.z_begin <= t.periode_eind,
                        z.z_eind.isnull() | (z.z_eind >= t.periode_eind)])
    return declaratiesignaal(t, "na_zorgeinde", "geleverd " + t.periode_begin.cast("string") + " t/m "
                             + t.periode_eind.cast("string") + ", na het einde van de zorg op "
                             + t.z_eind.cast("string") + " (toewijzing " + t.toewijzingnummer + ")")


def boven_volume(opslag: Opslag) -> ibis.Table:
    """Net claimed volume in a service month above what the allocation allows for that month."""
    j = declaraties_met_toewijzing(opslag)
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
    return signaal(t, "boven_volume", "in " + t.maand.strftime("%Y-%m") + " " + t.netto.cast("string")
                   + " gedeclareerd, toegewezen " + t._toegestaan.cast("string")
                   + " (toewijzing " + t.toewijzingnummer + ")", "declaratieregel", t.referentienummer,
                   t.maand, t.bedrag)


def dubbel_referentienummer(opslag: Opslag) -> ibis.Table:
    d = feiten.declaratieregels(opslag)
    n = d.count().over(ibis.window(group_by=["agb_code", "referentienummer"]))
    t = d.mutate(_n=n).filter(ibis._["_n"] > 1)
    return declaratiesignaal(t, "dubbel_referentienummer", "referentienummer " + t.referentienummer
                         + " komt " + t._n.cast("string") + " keer voor bij deze aanbieder")


def dubbele_declaratie(opslag: Opslag) -> ibis.Table:
    """The same allocation, product and service period claimed more than once (net of credits)."""
    d = declaraties(opslag)
    credits = d.filter(d.debet_credit == "C").select(agb=kolom("agb_code"), vorig=kolom("vorig_referentienummer"))
    debet = d.filter(d.debet_credit == "D")
    open_debet = debet.anti_join(credits, [debet.agb_code == credits.agb, debet.referentienummer == credits.vorig])
    n = open_debet.count().over(ibis.window(group_by=["toewijzingnummer", "productcode", "periode_begin",
                                                      "periode_eind"]))
    t = open_debet.mutate(_n=n).filter(ibis._["_n"] > 1)
    return declaratiesignaal(t, "dubbele_declaratie", "toewijzing " + t.toewijzingnummer + " voor "
                         + t.periode_begin.cast("string") + " t/m " + t.periode_eind.cast("string") + " "
                         + t._n.cast("string") + " keer gedeclareerd")


def bedrag_afwijkend(opslag: Opslag) -> ibis.Table:
    d = declaraties(opslag)
    t = d.filter((d.eenheid != EURO_EENHEID) & (d.bedrag_cent != d.geleverd_volume * d.tarief_cent))
    return declaratiesignaal(t, "bedrag_afwijkend", "bedrag " + t.bedrag_cent.cast("string") + " ≠ volume "
                         + t.geleverd_volume.cast("string") + " × tarief " + t.tarief_cent.cast("string"))


def tarief_afwijkend(opslag: Opslag) -> ibis.Table:
    d = declaraties(opslag)
    tarief = opslag.tabel("tarief")
    j = d.join(tarief, [d.productcode == tarief.productcode, d.periode_begin.year() == tarief.jaar])
    t = j.filter((j.eenheid != EURO_EENHEID) & (j.tarief_cent != j.tarief_cent_right))
    return declaratiesignaal(t, "tarief_afwijkend", "tarief " + t.tarief_cent.cast("string")
                         + " wijkt af van het contracttarief " + t.tarief_cent_right.cast("string"))


def credit_zonder_voorganger(opslag: Opslag) -> ibis.Table:
    """A credit line must reverse an earlier debit line that was not rejected."""
    d = feiten.declaratieregels(opslag)
    credit = d.filter(d.debet_credit == "C")
    debet = d.filter((d.debet_credit == "D") & (d.status != "afgewezen"))
    voorganger = debet.select(agb=kolom("agb_code"), ref=kolom("referentienummer"))
    t = credit.anti_join(voorganger, [credit.agb_code == voorganger.agb,
                                      credit.vorig_referentienummer == voorganger.ref])
    return declaratiesignaal(t, "credit_zonder_voorganger", "creditregel verwijst naar "
                         + t.vorig_referentienummer + ", dat niet (goedgekeurd) gedeclareerd is")


def dubbele_credit(opslag: Opslag) -> ibis.Table:
    d = declaraties(opslag)
    c = d.filter(d.debet_credit == "C")
    n = c.count().over(ibis.window(group_by=["agb_code", "vorig_referentienummer"]))
    t = c.mutate(_n=n).filter(ibis._["_n"] > 1)
    return declaratiesignaal(t, "dubbele_credit", "regel " + t.vorig_referentienummer + " is "
                         + t._n.cast("string") + " keer gecrediteerd")


def leeftijd_18_plus(opslag: Opslag) -> ibis.Table:
    d = declaraties(opslag)
    c = feiten.clienten(opslag).select(cid=kolom("client_id"), geboortemaand=kolom("geboortemaand"))
    j = d.join(c, d.client_id == c.cid)
    # Only the birth month is kept: from the month after the 18th birthday's month the young
    # person is 18 on every day of the service period.
    zeker_achttien = j.geboortemaand + ibis.interval(years=18) + ibis.interval(months=1)
    t = j.filter(j.periode_begin >= zeker_achttien)
    return declaratiesignaal(t, "leeftijd_18_plus", "zorg geleverd in " + t.periode_begin.cast("string")
                         + " aan een jeugdige van 18 jaar of ouder")


def overlappend_verblijf(opslag: Opslag) -> ibis.Table:
    """Two residential allocations (etmaal) of one young person that overlap in time."""
    a = feiten.toewijzingen(opslag)
    v = a.filter(a.eenheid == VERBLIJF_EENHEID)
    w = v.select(client2=kolom("client_id"), nummer2=kolom("toewijzingnummer"), begin2=kolom("ingangsdatum"),
                 eind2=kolom("einddatum"))
    j = v.join(w, [v.client_id == w.client2, v.toewijzingnummer != w.nummer2,
                   v.ingangsdatum <= w.eind2.fill_null(GEEN_EINDE),
                   w.begin2 <= v.einddatum.fill_null(GEEN_EINDE)])
    return signaal(j, "overlappend_verblijf", "verblijf overlapt met toewijzing " + j.nummer2,
                   "toewijzing", j.toewijzingnummer, j.ingangsdatum.truncate("M").cast("date"))


def _zorgsignaal(t: ibis.Table, regel: str, tekst: ibis.Value) -> ibis.Table:
    return signaal(t, regel, tekst, "zorgperiode", t.toewijzingnummer, t.begindatum.truncate("M").cast("date"))


def zorg_zonder_toewijzing(opslag: Opslag) -> ibis.Table:
    z = feiten.zorgperioden(opslag)
    a = opslag.tabel("toewijzing")
    t = z.anti_join(a, z.toewijzingnummer == a.toewijzingnummer)
    return _zorgsignaal(t, "zorg_zonder_toewijzing", "start of stop van zorg op toewijzing " + t.toewijzingnummer
                        + " die niet bestaat")


def stop_zonder_start(opslag: Opslag) -> ibis.Table:
    """A stop message (JW307) needs the start (JW305) of the same allocation and begindatum. An
    exchange-file row without a meldingsdatum is a whole care period, not a message."""
    m = feiten.zorgmeldingen(opslag)
    stop = m.filter((m._stop == 1) & m.meldingsdatum.notnull())
    start = m.filter(m._stop == 0).select(nummer=kolom("toewijzingnummer"), begin=kolom("begindatum"))
    t = stop.anti_join(start, [stop.toewijzingnummer == start.nummer, stop.begindatum == start.begin])
    return _zorgsignaal(t, "stop_zonder_start", "stop van zorg die begon op " + t.begindatum.cast("string")
                        + " zonder start (toewijzing " + t.toewijzingnummer + ")")


def _verzoeken(opslag: Opslag) -> ibis.Table:
    """One row per request (a JW315 product, a JW317) with the date of its first answer and of its
    decision: a JW301 that names it, or a JW319 (any answer; the decision: afgewezen). The peildatum
    is the newest date of the exchange in the store: no answer sent after it can have been loaded."""
    v = opslag.tabel("verzoek")
    v = v.group_by(["agb_code", "referentie_aanbieder"]).aggregate(
        verzoekdatum=v.verzoekdatum.min(), bron=v.bron.min(), batch_id=v.batch_id.min(),
        gemeentecode=v.gemeentecode.min())
    a, t = opslag.tabel("verzoek_antwoord"), opslag.tabel("toewijzing")
    antwoorden = a.select(agb=kolom("agb_code"), ref=kolom("referentie_aanbieder"), datum=kolom("antwoorddatum"),
                          onderzoek=a.antwoord == IN_ONDERZOEK).union(
        t.filter(t.referentie_aanbieder.notnull()).select(
            agb=kolom("agb_code"), ref=kolom("referentie_aanbieder"), datum=kolom("toewijzingsdatum"),
            onderzoek=ibis.literal(False)))
    per = antwoorden.group_by(["agb", "ref"]).aggregate(
        geantwoord=antwoorden.datum.min(), besloten=antwoorden.datum.min(where=~antwoorden.onderzoek),
        in_onderzoek=antwoorden.onderzoek.any())
    datums = v.select(d=kolom("verzoekdatum")).union(antwoorden.select(d=kolom("datum")))
    peil = datums.aggregate(peildatum=datums.d.max())
    j = v.left_join(per, [v.agb_code == per.agb, v.referentie_aanbieder == per.ref])
    return j.cross_join(peil)


def _dagen_later(datum: ibis.Value, dagen: ibis.Value) -> ibis.Value:
    # Ibis types date + interval as a date, but the engines return a timestamp: cast through it.
    return (datum + dagen.as_interval("D")).cast("timestamp").cast("date")


def _vijf_werkdagen_later(datum: ibis.Value) -> ibis.Value:
    """Public holidays are not counted out: from a weekday a week later, from a weekend the Friday."""
    dag = datum.day_of_week.index()  # Monday 0
    return _dagen_later(datum, ibis.cases((dag == 5, 6), (dag == 6, 5), else_=7))


def _termijnsignaal(v: ibis.Table, regel: str, wat: str, antwoord: str) -> ibis.Table:
    """The requests whose `antwoord` came after `termijn`, or has not come and the term is over."""
    datum = v[antwoord]
    t = v.filter(ibis.ifelse(datum.isnull(), v.peildatum > v.termijn, datum > v.termijn))
    datum = t[antwoord]
    tekst = ("verzoek van " + t.verzoekdatum.cast("string") + " " + wat + " "
             + ibis.ifelse(datum.isnull(), "nog niet", "op " + datum.cast("string"))
             + ", termijn tot en met " + t.termijn.cast("string"))
    return signaal(t, regel, tekst, "verzoek", t.referentie_aanbieder, t.verzoekdatum.truncate("M").cast("date"))


def verzoek_niet_tijdig_beantwoord(opslag: Opslag) -> ibis.Table:
    v = _verzoeken(opslag)
    v = v.mutate(termijn=_vijf_werkdagen_later(v.verzoekdatum))
    return _termijnsignaal(v, "verzoek_niet_tijdig_beantwoord", "beantwoord", "geantwoord")


def onderzoek_niet_tijdig_besloten(opslag: Opslag) -> ibis.Table:
    v = _verzoeken(opslag)
    v = v.filter(v.in_onderzoek).mutate(
        termijn=_dagen_later(v.verzoekdatum, ibis.literal(BESLISTERMIJN_DAGEN)))
    return _termijnsignaal(v, "onderzoek_niet_tijdig_besloten", "in onderzoek genomen, besloten", "besloten")


def antwoord_zonder_verzoek(opslag: Opslag) -> ibis.Table:
    a = opslag.tabel("verzoek_antwoord")
    v = opslag.tabel("verzoek")
    t = a.anti_join(v, [a.agb_code == v.agb_code, a.referentie_aanbieder == v.referentie_aanbieder])
    return signaal(t, "antwoord_zonder_verzoek", "antwoord op verzoek " + t.referentie_aanbieder
                    + " dat niet ontvangen is", "verzoek_antwoord", t.referentie_aanbieder,
                    t.antwoorddatum.truncate("M").cast("date"))


def berichtregel(opslag: Opslag) -> ibis.Table:
    """An official rule (TR, CD, CS) broken by a message that was stored all the same (invoer/ijw/lading.py):
    the breach was found while loading, so its code and retourcode come with it."""
    b = opslag.tabel("berichtbevinding")
    return signaal(b, "berichtregel", b.berichtsoort + ": " + b.melding, "bericht", b.pad,
                    ijw=(b.regel, b.retourcode))
