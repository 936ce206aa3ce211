"""Availability: waiting lists, and the providers whose waiting time exceeds the norm of four
months (they owe the region a recovery plan).

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

WACHTTIJDNORM_DAGEN = 122  # four months


def _stand(opslag: Opslag, perioden: list[Periode], selectie: Selectie) -> ibis.Table:
    """Per period the latest report of each provider × product within the period, with the
    product's segment on that date."""
    w = feiten.actueel(opslag, "wachtlijst")
    j = op_datum(w, perioden, "peildatum")
    laatste = j.peildatum.max().over(ibis.window(group_by=["periode", "agb_code", "productcode"]))
    j = j.mutate(_laatste=laatste)
    j = j.filter(j.peildatum == j._laatste).drop("_laatste")
    return selecteer(opslag, met_segment(opslag, j, j.peildatum), selectie)


def wachtenden(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    w = _stand(opslag, perioden, selectie)
    return w.group_by(groep(per)).aggregate(waarde=w.wachtenden.sum())


def gemiddelde_wachttijd(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    w = _stand(opslag, perioden, selectie)
    w = w.filter(w.gemiddelde_wachttijd_dagen.notnull() & (w.wachtenden > 0))
    g = w.group_by(groep(per)).aggregate(dagen=(w.wachtenden * w.gemiddelde_wachttijd_dagen).sum(),
                                         n=w.wachtenden.sum())
    return g.select(*groep(per), waarde=g.dagen.cast("float64") / g.n)


def _boven_norm(opslag: Opslag, perioden: list[Periode], selectie: Selectie) -> ibis.Table:
    w = _stand(opslag, perioden, selectie)
    return w.filter(w.gemiddelde_wachttijd_dagen > WACHTTIJDNORM_DAGEN)


def aanbieders_boven_wachttijdnorm(opslag: Opslag, perioden: list[Periode], per: list[str],
                                   selectie: Selectie) -> ibis.Table:
    w = _boven_norm(opslag, perioden, selectie)
    return w.group_by(groep(per)).aggregate(waarde=w.agb_code.nunique())


def wachttijd_boven_norm(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    w = _boven_norm(opslag, perioden, selectie)
    return w.group_by(groep(per)).aggregate(waarde=w.gemiddelde_wachttijd_dagen.max().cast("float64"))
