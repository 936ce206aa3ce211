"""Money: claimed cost and its ratios, budget against realisation, verzilvering.

Amounts are eurocent. Same signature and result shape as maten/volume.py.
"""

from __future__ import annotations

import ibis

from stuurwiel.begrippen.periode import Periode, maandeinde, maandnummer
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.basis import OPEN_EIND, groep, kostenregels, met_segment, selecteer, verhouding
from stuurwiel.maten.kalender import maandkalender, op_datum
from stuurwiel.maten.volume import inwoners, jeugdigen_0_17, jeugdigen_in_zorg
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

# iJw Frequentie: per dag, per week, per maand (totaal binnen de geldigheidsduur has no monthly volume)
PER_DAG, PER_WEEK, PER_MAAND = "1", "2", "4"


def kosten(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    d = kostenregels(opslag)
    # the periods' whole span first, on the stored column the service month comes from: the engine then joins
    # one year's claim lines, not every year's (it pushes down neither the join on the periods nor, as far, a
    # filter on the derived month: 2.6 s against 1.3 s at national size)
    laatste = maandeinde(maandnummer(max(p.eind for p in perioden)))  # a claim counts in its service month
    d = selecteer(opslag, d.filter(d.periode_begin.between(min(p.begin for p in perioden), laatste)), selectie)
    j = op_datum(d, perioden, "dienstmaand")
    return j.group_by(groep(per)).aggregate(waarde=j.bedrag_getekend_cent.sum())


def kosten_per_client(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    return verhouding(kosten(opslag, perioden, per, selectie), jeugdigen_in_zorg(opslag, perioden, per, selectie),
                      basis="noemer")


def kosten_per_jeugdige(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    return verhouding(kosten(opslag, perioden, per, selectie), jeugdigen_0_17(opslag, perioden, per, selectie))


def kosten_per_inwoner(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    return verhouding(kosten(opslag, perioden, per, selectie), inwoners(opslag, perioden, per, selectie))


def budget(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    """The annual budget pro rata: every month of a period carries a twelfth of its year's budget.
    Per segment only the segment budgets count; otherwise a municipality's total budget (a row
    without segment) and, where it has none, the sum of its segment budgets. Only the claims' budget:
    a budget of a post of the whole budget (with a postcode) is the answer `begrotingsrealisatie`'s."""
    b = feiten.actueel(opslag, "budget")
    b = selecteer(opslag, b.filter(b.postcode.isnull()), selectie)
    if "segment" not in per:
        b = b.group_by(["gemeentecode", "subregio", "jaar"]).aggregate(
            budget_cent=b.budget_cent.max(where=b.segmentcode.isnull()).fill_null(
                b.budget_cent.sum(where=b.segmentcode.notnull())))
    else:
        b = b.filter(b.segmentcode.notnull())
    mk = maandkalender(perioden)
    j = b.join(mk, b.jaar == mk.maand_begin.year())
    return j.group_by(groep(per)).aggregate(waarde=(j.budget_cent.sum() / 12).cast("float64"))


def budgetrealisatie(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    return verhouding(kosten(opslag, perioden, per, selectie), budget(opslag, perioden, per, selectie), 100)


def _toegewezen_per_maand(opslag: Opslag, perioden: list[Periode]) -> ibis.Table:
    """Allocations with a volume per day, week or month × the months of each period they are
    active in: the volume allocated for the days active in that month, and the segment then."""
    a = feiten.toewijzingen(opslag)
    a = a.filter(a.volume.notnull() & a.frequentie.isin([PER_DAG, PER_WEEK, PER_MAAND]))
    mk = maandkalender(perioden)
    j = a.join(mk, [a.ingangsdatum <= mk.maand_eind, a.einddatum.isnull() | (a.einddatum >= mk.maand_begin)])
    begin = ibis.greatest(j.ingangsdatum, j.maand_begin)
    dagen = ibis.least(j.einddatum.fill_null(OPEN_EIND), j.maand_eind).delta(begin, unit="day") + 1
    toegewezen = ibis.cases((j.frequentie == PER_DAG, j.volume * dagen),
                            (j.frequentie == PER_WEEK, j.volume * dagen / 7),
                            else_=j.volume * dagen / j.maand_eind.day())
    j = j.mutate(toegewezen=toegewezen.cast("float64"), _op=begin)
    return met_segment(opslag, j, j._op).drop("_op")


def verzilvering(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    a = selecteer(opslag, _toegewezen_per_maand(opslag, perioden), selectie)
    d = feiten.declaratieregels(opslag)
    d = d.filter(d.status != "afgewezen")
    d = d.group_by(nummer=d.toewijzingnummer, eenheid_d=d.eenheid,
                   maand=d.periode_begin.truncate("M").cast("date")).aggregate(
        gedeclareerd=ibis.ifelse(d.debet_credit == "C", -d.geleverd_volume, d.geleverd_volume).sum())
    j = a.left_join(d, [a.toewijzingnummer == d.nummer, a.eenheid == d.eenheid_d, a.maand_begin == d.maand])
    g = j.group_by(groep(per)).aggregate(gedeclareerd=j.gedeclareerd.sum().fill_null(0),
                                         toegewezen=j.toegewezen.sum(), basis=j.client_id.nunique())
    return g.select(*groep(per), waarde=ibis.ifelse(g.toegewezen > 0, 100 * g.gedeclareerd / g.toegewezen,
                                                    ibis.null("float64")), basis=g.basis.cast("float64"))
