"""Pattern signals about allocations taken together: several products stacked for one young person
at one provider (`stapelen`), and allocations on which nothing is claimed long after their
product's allocations usually are (`niet_verzilverd`). Thresholds in regio.yaml `signalen:`."""

from __future__ import annotations

import ibis

from stuurwiel.analyses.signalen.basis import GEEN_EINDE, declaraties, kolom, netto, signaal
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

DAGEN_PER_MAAND = 365.25 / 12
PER_DAG, PER_WEEK, PER_MAAND, TOTAAL = "1", "2", "4", "6"  # iJw Frequentie


def _lopend(moment: ibis.Table, a: ibis.Table) -> list[ibis.Value]:
    """The allocations of the moment's young person and provider that run on it."""
    return [moment.m_client == a.client_id, moment.m_agb == a.agb_code, a.begin <= moment.moment,
            a.eind >= moment.moment]


def stapelen(opslag: Opslag) -> ibis.Table:
    """Every allocation that runs while its young person has `producten` or more products at its
    provider at once. The moments to check are the allocations' start dates: that is where the
    number of running products can rise."""
    drempels = opslag.regio().signalen.stapelen
    p = opslag.tabel("product").select(p_code="productcode", p_eenheid="eenheid")
    a = feiten.toewijzingen(opslag)
    a = a.join(p, a.productcode == p.p_code).filter(~kolom("p_eenheid").isin(drempels.niet_meetellen))
    a = a.select("toewijzingnummer", "client_id", "agb_code", "gemeentecode", "productcode", "bron", "batch_id",
                 begin=kolom("ingangsdatum"), eind=kolom("einddatum").fill_null(GEEN_EINDE))
    momenten = a.select(m_client=a.client_id, m_agb=a.agb_code, moment=a.begin).distinct()
    j = momenten.join(a, _lopend(momenten, a)).select("m_client", "m_agb", "moment", "productcode").distinct()
    stapels = j.group_by(["m_client", "m_agb", "moment"]).aggregate(
        n=j.count(), producten=j.productcode.group_concat(", ", order_by=j.productcode))
    stapels = stapels.filter(stapels.n >= drempels.producten)
    k = stapels.join(a, _lopend(stapels, a))
    eerste = ibis.row_number().over(group_by="toewijzingnummer", order_by="moment")
    k = k.mutate(_rn=eerste).filter(kolom("_rn") == 0)
    gedeclareerd = _gedeclareerd(opslag)
    k = k.left_join(gedeclareerd, k.toewijzingnummer == gedeclareerd.g_nummer)
    tekst = (k.n.cast("string") + " producten tegelijk bij deze aanbieder op " + k.moment.cast("string") + ": "
             + k.producten)
    return signaal(k, "stapelen", tekst, "toewijzing", k.toewijzingnummer, k.moment.truncate("M").cast("date"),
                   k.g_bedrag.fill_null(0))


def _gedeclareerd(opslag: Opslag) -> ibis.Table:
    """Per allocation number the net amount claimed on it."""
    d = declaraties(opslag)
    return d.group_by(g_nummer=d.toewijzingnummer).aggregate(g_bedrag=netto(d).sum())


def niet_verzilverd(opslag: Opslag) -> ibis.Table:
    """An allocation without a single claim line, `factor` times longer after its start than the
    `percentiel` of the days in which its product's allocations get their first claim, that ran for
    at least `min_dagen` (to its einddatum, or to the end of its care when that was reported). An
    allocation that began before the first month claimed in the store is timed from that month.
    The amount is what the allocation grants (volume × tariff, or its budget)."""
    drempels = opslag.regio().signalen.niet_verzilverd
    a = _met_eerste_declaratie(opslag)
    gewoon = a.filter(a.eerste.notnull())
    gewoon = gewoon.group_by(u_code=gewoon.productcode).aggregate(
        gewoon=gewoon.dagen.quantile(drempels.percentiel / 100))
    t = a.filter(a.eerste.isnull())
    t = t.join(gewoon, t.productcode == gewoon.u_code)
    tarief = opslag.tabel("tarief").select(p_code="productcode", p_jaar="jaar", prijs="tarief_cent")
    t = t.left_join(tarief, [t.productcode == tarief.p_code, t.ingangsdatum.year() == tarief.p_jaar])
    zorg_eind = ibis.ifelse(t.z_eind.notnull() & ~t.z_open, t.z_eind, GEEN_EINDE)
    eind = ibis.least(t.einddatum.fill_null(t.stand), zorg_eind)
    t = t.filter((t.wacht > drempels.factor * t.gewoon) & (eind.delta(t.vanaf, unit="day") + 1 >= drempels.min_dagen))
    start = ibis.ifelse(t.z_start.isnull(), "geen start zorg gemeld",
                        "start zorg gemeld op " + t.z_start.cast("string"))
    tekst = ("toewijzing " + t.toewijzingnummer + " (" + t.productcode + ", ingang " + t.ingangsdatum.cast("string")
             + ") na " + t.wacht.cast("string") + " dagen nog niet gedeclareerd; van de toewijzingen van dit "
             + "product is " + str(drempels.percentiel) + " % binnen " + t.gewoon.round().cast("int64").cast("string")
             + " dagen voor het eerst gedeclareerd; " + start)
    return signaal(t, "niet_verzilverd", tekst, "toewijzing", t.toewijzingnummer,
                   t.ingangsdatum.truncate("M").cast("date"), _toegewezen(t))


def _met_eerste_declaratie(opslag: Opslag) -> ibis.Table:
    """The current allocations with: the date of their first claim line (any status), the days from
    their start (`vanaf`: at the earliest the first month claimed in the store) to it (`dagen`) and
    to the store's last claim date (`wacht`), and their care periods (first start, last stop, open)."""
    r = feiten.declaratieregels(opslag)
    eerste = r.group_by(e_nummer=r.toewijzingnummer).aggregate(eerste=r.declaratiedatum.min())
    grens = r.aggregate(data_begin=r.periode_begin.min(), stand=r.declaratiedatum.max())
    z = feiten.zorgperioden(opslag)
    zorg = z.group_by(z_nummer=z.toewijzingnummer).aggregate(
        z_start=z.begindatum.min(), z_eind=z.einddatum.max(), z_open=z.einddatum.isnull().any())
    a = feiten.toewijzingen(opslag).cross_join(grens)
    a = a.left_join(eerste, a.toewijzingnummer == eerste.e_nummer)
    a = a.left_join(zorg, a.toewijzingnummer == zorg.z_nummer)
    a = a.mutate(vanaf=ibis.greatest(a.ingangsdatum, a.data_begin))
    return a.mutate(dagen=a.eerste.delta(a.vanaf, unit="day"), wacht=a.stand.delta(a.vanaf, unit="day"))


def _toegewezen(t: ibis.Table) -> ibis.Value:
    """What an allocation grants in eurocent: its budget, or its volume for its whole period times the
    tariff (`prijs`) of its first year (an allocation without einddatum: up to the store's last claim date)."""
    dagen = t.einddatum.fill_null(t.stand).delta(t.ingangsdatum, unit="day") + 1
    eenheden = ibis.cases((t.frequentie == PER_DAG, t.volume * dagen), (t.frequentie == PER_WEEK, t.volume * dagen / 7),
                          (t.frequentie == PER_MAAND, t.volume * dagen / DAGEN_PER_MAAND),
                          (t.frequentie == TOTAAL, t.volume))
    return t.budget_cent.fill_null((eenheden * t.prijs).round().cast("int64"))
