"""Outcomes (the harmonised outcome indicators): dropout, goal attainment and satisfaction.

Same signature and result shape as maten/volume.py.
"""

from __future__ import annotations

import ibis

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.basis import groep, met_segment, selecteer
from stuurwiel.maten.kalender import op_datum
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

VOLLEDIG = "volledig"


def _geeindigd_in(t: ibis.Table, perioden: list[Periode]) -> ibis.Table:
    return op_datum(t, perioden, "einddatum")


def _percentage(j: ibis.Table, per: list[str], teller: ibis.Value) -> ibis.Table:
    g = j.group_by(groep(per)).aggregate(_teller=j.count(where=teller), basis=j.count())
    return g.select(*groep(per), waarde=100 * g._teller.cast("float64") / g.basis, basis=g.basis.cast("float64"),
                    teller=g._teller.cast("float64"), noemer=g.basis.cast("float64"))


def uitval(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    z = feiten.zorgperioden(opslag)
    z = z.filter(z.einddatum.notnull() & z.reden_beeindiging.notnull())
    z = selecteer(opslag, met_segment(opslag, z, z.einddatum), selectie)
    j = _geeindigd_in(z, perioden)
    return _percentage(j, per, j.reden_beeindiging.isin(opslag.regio().voortijdig_beeindigd))


def _uitkomsten(opslag: Opslag, perioden: list[Periode], selectie: Selectie) -> ibis.Table:
    """Reported outcomes with the product of their allocation and its segment at the end."""
    u = feiten.actueel(opslag, "uitkomst")
    a = feiten.toewijzingen(opslag).select(nummer=ibis._.toewijzingnummer, productcode=ibis._.productcode)
    u = u.left_join(a, u.toewijzingnummer == a.nummer).drop("nummer")
    return _geeindigd_in(selecteer(opslag, met_segment(opslag, u, u.einddatum), selectie), perioden)


def doelrealisatie(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    j = _uitkomsten(opslag, perioden, selectie)
    j = j.filter(j.doelrealisatie.notnull())
    return _percentage(j, per, j.doelrealisatie == VOLLEDIG)


def tevredenheid(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    j = _uitkomsten(opslag, perioden, selectie)
    j = j.filter(j.tevredenheid.notnull())
    return j.group_by(groep(per)).aggregate(waarde=j.tevredenheid.mean().cast("float64"),
                                            basis=j.count().cast("float64"))
