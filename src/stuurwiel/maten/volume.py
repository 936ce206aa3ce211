"""Volume: young people in care, trajectories and their duration, the youth population.

Every function takes (opslag, perioden, per, selectie) and returns an Ibis table with `periode`,
the columns of the dimensions in `per`, `waarde` and, for ratios, `basis` (the people the value
rests on). They are declared, with their definitions, in maten/catalogus.py.
"""

from __future__ import annotations

import ibis

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import GEBIEDEN, Selectie
from stuurwiel.maten.basis import groep, jeugdbevolking, selecteer, toewijzingen_per_periode, trajecten, verhouding
from stuurwiel.maten.kalender import kalender, op_datum
from stuurwiel.opslag.database import Opslag


def jeugdigen_in_zorg(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    t = selecteer(opslag, toewijzingen_per_periode(opslag, perioden), selectie)
    return t.group_by(groep(per)).aggregate(waarde=t.client_id.nunique())


def _trajecten_op(opslag: Opslag, perioden: list[Periode], datum: str, selectie: Selectie) -> ibis.Table:
    """Trajectories whose `datum` (begindatum or einddatum) falls in a period."""
    return op_datum(selecteer(opslag, trajecten(opslag), selectie), perioden, datum)


def nieuwe_trajecten(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    j = _trajecten_op(opslag, perioden, "begindatum", selectie)
    return j.group_by(groep(per)).aggregate(waarde=j.count())


def beeindigde_trajecten(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    j = _trajecten_op(opslag, perioden, "einddatum", selectie)
    return j.group_by(groep(per)).aggregate(waarde=j.count())


def _trajectduur(kwantiel: float):
    def trajectduur(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
        j = _trajecten_op(opslag, perioden, "einddatum", selectie)
        duur = j.einddatum.delta(j.begindatum, unit="day") + 1
        return j.group_by(groep(per)).aggregate(waarde=duur.quantile(kwantiel).cast("float64"), basis=j.count())
    return trajectduur


trajectduur_mediaan = _trajectduur(0.5)
trajectduur_p90 = _trajectduur(0.9)


def _bevolking(kolom: str):
    def bevolking(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
        """The municipality's (or subregion's) figure in the year the period begins in (the scope's sum
        without either in per), whatever other dimensions a ratio over it is asked for."""
        b = selecteer(opslag, jeugdbevolking(opslag), selectie)
        cal = kalender(perioden)
        j = b.join(cal, b.jaar == cal.periode_begin.year())
        return j.group_by(groep([p for p in per if p in GEBIEDEN])).aggregate(waarde=j[kolom].sum())
    return bevolking


jeugdigen_0_17 = _bevolking("jeugdigen_0_17")
inwoners = _bevolking("inwoners")


def jeugdigen_per_1000(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    return verhouding(jeugdigen_in_zorg(opslag, perioden, per, selectie),
                      jeugdigen_0_17(opslag, perioden, per, selectie), 1000, basis="teller")
