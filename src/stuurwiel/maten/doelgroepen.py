"""Groups the region's goals name (seed 004 §3.3): young people of 16 and of 18 and over in care at
a moment, and whether the 16+ have a transition plan; crises and court-ordered measures
(jeugdbescherming, jeugdreclassering) by number and duration.

Crisis and court-ordered care are recognised by their iJw product category (code list
ProductCategorie: 46 crisis, 47 jeugdreclassering, 48 jeugdbescherming), so the measures mean the
same in every region whatever its segments. Same signature and result shape as maten/volume.py.
"""

from __future__ import annotations

import ibis

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.basis import groep, selecteer, toewijzingen_per_periode, trajecten
from stuurwiel.maten.kalender import op_datum
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

CRISIS = ("46",)
MAATREGEL = ("47", "48")  # jeugdreclassering, jeugdbescherming
MAANDEN_16, MAANDEN_18 = 16 * 12, 18 * 12


def in_zorg_op_einde(opslag: Opslag, perioden: list[Periode], selectie: Selectie) -> ibis.Table:
    """Allocations running on the last day of each period, with the young person's age in whole
    months on that day (from the birth month)."""
    t = selecteer(opslag, toewijzingen_per_periode(opslag, perioden), selectie)
    t = t.filter(t.einddatum.isnull() | (t.einddatum >= t.periode_eind))
    c = feiten.clienten(opslag).select("client_id", "geboortemaand")
    j = t.join(c, "client_id")
    maanden = ((j.periode_eind.year() - j.geboortemaand.year()) * 12 + j.periode_eind.month()
               - j.geboortemaand.month())
    return j.mutate(leeftijd_maanden=maanden)


def _vanaf(maanden: int):
    def jeugdigen(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
        t = in_zorg_op_einde(opslag, perioden, selectie)
        t = t.filter(t.leeftijd_maanden >= maanden)
        return t.group_by(groep(per)).aggregate(waarde=t.client_id.nunique())
    return jeugdigen


jeugdigen_16_plus = _vanaf(MAANDEN_16)
jeugdigen_18_plus = _vanaf(MAANDEN_18)


def transitieplan_16_plus(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie
                          ) -> ibis.Table:
    """Of the young people of 16 and over in care on the last day: the share with a transition plan
    dated on or before that day, on any of their allocations."""
    t = in_zorg_op_einde(opslag, perioden, selectie)
    t = t.filter(t.leeftijd_maanden >= MAANDEN_16)
    p = feiten.actueel(opslag, "transitieplan")
    a = feiten.toewijzingen(opslag).select("toewijzingnummer", "client_id")
    pa_ = p.join(a, "toewijzingnummer")
    plan = pa_.group_by("client_id").aggregate(plandatum=pa_.datum.min())
    plan = plan.rename(plan_client="client_id")
    j = t.left_join(plan, t.client_id == plan.plan_client)
    j = j.mutate(met_plan=ibis.ifelse(j.plandatum.notnull() & (j.plandatum <= j.periode_eind), j.client_id,
                                      ibis.null("string")))
    g = j.group_by(groep(per)).aggregate(teller=j.met_plan.nunique(), basis=j.client_id.nunique())
    return g.select(*groep(per), waarde=100 * g.teller.cast("float64") / g.basis, basis=g.basis.cast("float64"),
                    teller=g.teller.cast("float64"), noemer=g.basis.cast("float64"))


def _trajecten_van(opslag: Opslag, selectie: Selectie, categorieen: tuple[str, ...]) -> ibis.Table:
    t = selecteer(opslag, trajecten(opslag), selectie)
    p = opslag.tabel("product").select("productcode", "productcategorie")
    j = t.join(p, "productcode")
    return j.filter(j.productcategorie.isin(list(categorieen)))


def _aantal(categorieen: tuple[str, ...]):
    def nieuw(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
        j = op_datum(_trajecten_van(opslag, selectie, categorieen), perioden, "begindatum")
        return j.group_by(groep(per)).aggregate(waarde=j.count())
    return nieuw


def _duur(categorieen: tuple[str, ...]):
    def mediaan(opslag: Opslag, perioden: list[Periode], per: list[str], selectie: Selectie) -> ibis.Table:
        j = op_datum(_trajecten_van(opslag, selectie, categorieen), perioden, "einddatum")
        duur = j.einddatum.delta(j.begindatum, unit="day") + 1
        return j.group_by(groep(per)).aggregate(waarde=duur.quantile(0.5).cast("float64"), basis=j.count())
    return mediaan


crises = _aantal(CRISIS)
crisisduur_mediaan = _duur(CRISIS)
maatregelen = _aantal(MAATREGEL)
maatregelduur_mediaan = _duur(MAATREGEL)
