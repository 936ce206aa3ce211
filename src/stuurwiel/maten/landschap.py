"""The provider landscape: how many providers, which are new, and how concentrated the cost is.

Same signature and result shape as maten/volume.py.
"""

from __future__ import annotations

import ibis

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie, dimensiekolommen
from stuurwiel.maten.basis import groep, met_segment, selecteer, toewijzingen_per_periode
from stuurwiel.maten.geld import kosten
from stuurwiel.maten.kalender import op_datum
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

TOP_PROCENT = 20  # the "systeemspelers": the top 20 % of providers by cost (Pareto 20/80)


def aanbieders(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    t = selecteer(opslag, toewijzingen_per_periode(opslag, perioden), selectie)
    return t.group_by(groep(per)).aggregate(waarde=t.agb_code.nunique())


def nieuwe_aanbieders(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    a = feiten.toewijzingen(opslag)
    a = selecteer(opslag, met_segment(opslag, a, a.ingangsdatum), selectie)
    eerste = a.group_by([*dimensiekolommen(per), "agb_code"]).aggregate(eerste=a.ingangsdatum.min())
    j = op_datum(eerste, perioden, "eerste")
    return j.group_by(groep(per)).aggregate(waarde=j.agb_code.nunique())


def _kosten_per_aanbieder(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    """Each provider's positive cost within its group, its rank (0 = largest), the group's number
    of providers and total, and whether it is in the top TOP_PROCENT of providers."""
    binnen = [p for p in per if p != "aanbieder"]
    k = kosten(opslag, perioden, [*binnen, "aanbieder"], selectie)
    k = k.filter(k.waarde > 0)
    groepering = groep(binnen)
    rang = ibis.row_number().over(ibis.window(group_by=groepering, order_by=[ibis.desc("waarde"), "agb_code"]))
    venster = ibis.window(group_by=groepering)
    k = k.mutate(rang=rang, n=k.count().over(venster), totaal=k.waarde.sum().over(venster))
    return k.mutate(top=k.rang * 100 < k.n * TOP_PROCENT)


def kostenaandeel_top20(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    k = _kosten_per_aanbieder(opslag, perioden, per, selectie)
    g = k.group_by(groep(per)).aggregate(top=k.waarde.sum(where=k.top), totaal=k.waarde.sum())
    return g.select(*groep(per), waarde=100 * g.top.cast("float64") / g.totaal)


def systeemspelers(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    k = _kosten_per_aanbieder(opslag, perioden, per, selectie)
    k = k.filter(k.top)
    return k.select(*groep(per), waarde=100 * k.waarde.cast("float64") / k.totaal)


def hhi(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    k = _kosten_per_aanbieder(opslag, perioden, per, selectie)
    aandeel = 100 * k.waarde.cast("float64") / k.totaal
    return k.group_by(groep(per)).aggregate(waarde=(aandeel * aandeel).sum())
