"""The yearly control-audit plan (`stuurwiel auditplan`, the page Steekproeven): the populations with
their size and value per segment and per provider class (`auditpopulaties`), and per population the
risk assessment, the confidence it requires, the materiality, the planned sample and who checks it
when (`auditplan`). Last year's results are the answer `steekproeven` for the year before.

The risk assessment (inherent and control risk per population, and the confidence each pair
requires), the tolerances, the expected misstatement and who checks when come from `regio.yaml`
(`steekproef`); the sizes from analyses/steekproef/omvang.py, as `stuurwiel steekproef omvang` gives.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from stuurwiel.analyses.steekproef import omvang, populatie
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.trekkingen import WAT
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

POPULATIES = [Kolom("populatie", "populatie"), Kolom("indeling", "indeling"), Kolom("groep", "groep"),
              Kolom("aantal", "aantal posten", "aantal"), Kolom("waarde_cent", "waarde", "eurocent"),
              Kolom("aandeel", "aandeel in de waarde", "fractie", 1)]
PLAN = [Kolom("populatie", "populatie"), Kolom("aantal", "posten", "aantal"),
        Kolom("waarde_cent", "waarde", "eurocent"), Kolom("inherent", "inherent risico"),
        Kolom("beheersing", "beheersrisico"), Kolom("betrouwbaarheid", "vereiste zekerheid (%)", "procent"),
        Kolom("materialiteit_cent", "materialiteit", "eurocent"), Kolom("methode", "methode"),
        Kolom("tolerantie_pct", "toelaatbaar (%)", "procent", 2), Kolom("verwacht_pct", "verwacht (%)", "procent", 2),
        Kolom("omvang", "steekproef", "aantal"), Kolom("uitvoerder", "wie controleert"), Kolom("moment", "wanneer")]
_POPULATIES = Voorraad(4)  # the populations of a year per state of the store: the plan and its page ask twice


def _jaar(vraag: Vraag) -> int:
    if len(vraag.perioden) != 1 or vraag.periode.soort != "jaar":
        raise Vraagfout("het auditplan gaat over één kalenderjaar (--jaar)")
    return vraag.periode.begin.year


def populaties(opslag: Opslag, jaar: int) -> dict[str, pd.DataFrame]:
    return _POPULATIES.haal((opslag.toestand(), jaar), lambda: {
        soort: populatie.regels(opslag, populatie.Definitie(soort, jaar)) for soort in populatie.SOORTEN})


def auditpopulaties(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Size and value of every population, per segment and per provider class."""
    vraag.bereik.vereis_dossierinzage(WAT)
    jaar = _jaar(vraag)
    segmenten, rijen = namen(opslag, "segment"), []
    for soort, df in populaties(opslag, jaar).items():
        totaal = int(df.bedrag_cent.sum())
        waarde_per_aanbieder = df.groupby("agb_code").bedrag_cent.transform("sum")
        df = df.assign(segment=df.segmentcode.map(lambda c: segmenten.get(c, c or "onbekend")),
                       klasse=waarde_per_aanbieder.map(populatie.klasse))
        rijen.append([soort, "totaal", "", len(df), totaal, 1.0 if totaal else None])
        for indeling, kolom in (("segment", "segment"), ("aanbiedersklasse", "klasse")):
            groepen = df.groupby(kolom).agg(aantal=("sleutel", "size"), waarde=("bedrag_cent", "sum"))
            for groep, r in groepen.sort_values("waarde", ascending=False).iterrows():
                rijen.append([soort, indeling, groep, int(r.aantal), int(r.waarde),
                              r.waarde / totaal if totaal else None])
    return tabel(f"Populaties {jaar}", POPULATIES, rijen,
                 uitleg="aantal posten en waarde per populatie, per segment en per klasse van aanbieders (naar wat "
                        "zij in de populatie declareerden)")


def auditplan(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per population: risk, required confidence, materiality, the planned sample, who and when."""
    vraag.bereik.vereis_dossierinzage(WAT)
    jaar = _jaar(vraag)
    instelling = opslag.regio().steekproef
    rijen = []
    for soort, df in populaties(opslag, jaar).items():
        plan = instelling.populaties[soort]
        zekerheid = instelling.vereiste_betrouwbaarheid(plan)
        risico = Fraction(repr(100 - zekerheid)) / 100
        waarde = int(df.bedrag_cent.sum())
        materialiteit = round(waarde * instelling.fouten_pct / 100)
        tolerantie = None
        try:
            if plan.methode == "mus":
                geteld = df[df.bedrag_cent > 0]
                n = omvang.mus(risico, Fraction(int(geteld.bedrag_cent.sum())), Fraction(materialiteit),
                               Fraction(repr(plan.verwacht_pct)) / 100 * waarde).omvang if waarde > 0 else None
            else:
                tolerantie = plan.tolerantie_pct or instelling.fouten_pct
                n = omvang.attribuut(risico, Fraction(repr(tolerantie)) / 100,
                                     Fraction(repr(plan.verwacht_pct)) / 100).omvang
        except omvang.GeenOmvang:
            n = None
        rijen.append([soort, len(df), waarde, plan.inherent, plan.beheersing, zekerheid, materialiteit, plan.methode,
                      tolerantie, plan.verwacht_pct, n, plan.uitvoerder, plan.moment])
    return tabel(f"Controle-auditplan {jaar}", PLAN, rijen,
                 uitleg=f"materialiteit: {instelling.fouten_pct:g} % van de waarde (goedkeuringstolerantie fouten; "
                        f"onzekerheden {instelling.onzekerheden_pct:g} %); de vereiste zekerheid volgt uit inherent "
                        "risico en beheersrisico (regio.yaml, steekproef)")
