"""Access: who refers young people into care, and what the local team does with registrations.

Same signature and result shape as maten/volume.py.
"""

from __future__ import annotations

import ibis

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie, dimensiekolommen
from stuurwiel.maten.basis import groep, selecteer, trajecten
from stuurwiel.maten.kalender import op_datum
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

DOORVERWEZEN, LOPEND = "doorverwezen", "lopend"
ZORGVERWIJZERS = ("huisarts", "medisch_specialist")  # the herkomst of registrations seed 004 §3.3 counts


def verwijzermix(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    """Share of the new trajectories per referrer within each group of the other dimensions."""
    t = selecteer(opslag, trajecten(opslag), selectie)
    j = op_datum(t, perioden, "begindatum")
    n = j.group_by(groep(per)).aggregate(aantal=j.count())
    binnen = ["periode", *dimensiekolommen([p for p in per if p != "verwijzer"])]
    totaal = n.aantal.sum().over(ibis.window(group_by=binnen))
    n = n.mutate(basis=totaal.cast("float64"))
    return n.select(*groep(per), waarde=100 * n.aantal.cast("float64") / n.basis, basis=n.basis,
                    teller=n.aantal.cast("float64"), noemer=n.basis)


def _aanmeldingen(opslag: Opslag, perioden: list[Periode], selectie: Selectie) -> ibis.Table:
    a = selecteer(opslag, feiten.actueel(opslag, "aanmelding"), selectie)
    return op_datum(a, perioden, "aanmelddatum")


def aanmeldingen_lokaal_team(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    j = _aanmeldingen(opslag, perioden, selectie)
    return j.group_by(groep(per)).aggregate(waarde=j.count())


def doorverwezen_lokaal_team(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
    j = _aanmeldingen(opslag, perioden, selectie)
    j = j.filter(j.uitkomst != LOPEND)
    g = j.group_by(groep(per)).aggregate(doorverwezen=j.count(where=j.uitkomst == DOORVERWEZEN), basis=j.count())
    return g.select(*groep(per), waarde=100 * g.doorverwezen.cast("float64") / g.basis,
                    basis=g.basis.cast("float64"), teller=g.doorverwezen.cast("float64"),
                    noemer=g.basis.cast("float64"))


def _van_herkomst(herkomsten: tuple[str, ...]):
    def aanmeldingen(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
        j = _aanmeldingen(opslag, perioden, selectie)
        j = j.filter(j.herkomst.isin(list(herkomsten)))
        return j.group_by(groep(per)).aggregate(waarde=j.count())
    return aanmeldingen


aanmeldingen_huisarts_specialist = _van_herkomst(ZORGVERWIJZERS)
aanmeldingen_veilig_thuis = _van_herkomst(("veilig_thuis",))
