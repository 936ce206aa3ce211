"""Audit sampling as questions: the sample size (`steekproefomvang`), the grid of sizes as the
published tables print it (`steekproeftabel`) and the evaluation of a sample (`steekproefevaluatie`),
each one `Tabel`; the statistics are in analyses/steekproef."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from stuurwiel.analyses.steekproef import evaluatie, omvang
from stuurwiel.analyses.steekproef.grenzen import fractie
from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

METHODEN = {"attribuut": "attribute sampling (binomiaal): afwijkingen tellen",
            "mus": "steekproef op geldeenheden (Poisson): fouten in bedragen"}


@dataclass(frozen=True)
class Parameters:
    """What a question about a sample says: percentages as people type them (5 is 5 %), amounts in
    one unit of their choice."""
    methode: str
    risico: Fraction
    tolerantie: Fraction | None = None  # attribute: tolerable deviation rate (%)
    verwacht: Fraction = Fraction(0)  # attribute: expected rate (%); MUS: expected misstatement (amount)
    populatie: Fraction | None = None  # MUS: the population's value
    materialiteit: Fraction | None = None  # MUS: tolerable misstatement (amount)
    omvang: int | None = None  # evaluation: the sample size
    afwijkingen: int | None = None  # evaluation (attribute): deviations found
    fouten: tuple[float, ...] = ()  # evaluation (MUS): the taints found
    verdeling: str = "poisson"  # evaluation (MUS): the Stringer bound's distribution

    def __post_init__(self) -> None:
        if self.methode not in METHODEN:
            raise Vraagfout(f"onbekende methode '{self.methode}' (kies uit {', '.join(METHODEN)})")
        if not 0 < self.risico < 100:
            raise Vraagfout("het risico ligt tussen 0 en 100 %")

    def vereis(self, *velden: str) -> None:
        ontbreekt = [f"--{v}" for v in velden if getattr(self, v) is None]
        if ontbreekt:
            raise Vraagfout(f"methode {self.methode} vraagt om {', '.join(ontbreekt)}")


def parameters(vraag: Vraag) -> Parameters:
    if not isinstance(vraag.steekproef, Parameters):
        raise Vraagfout("deze vraag gaat over een steekproef: geef methode en risico")
    return vraag.steekproef


def _pct(x: Fraction | None) -> float | None:
    return None if x is None else float(x)


def steekproefomvang(_: Opslag | None, vraag: Vraag) -> Tabel:
    p = parameters(vraag)
    try:
        if p.methode == "attribuut":
            p.vereis("tolerantie")
            o = omvang.attribuut(fractie(p.risico), fractie(p.tolerantie), fractie(p.verwacht))
            return _attribuutomvang(p, o)
        p.vereis("populatie", "materialiteit")
        o = omvang.mus(fractie(p.risico), p.populatie, p.materialiteit, p.verwacht)
    except omvang.GeenOmvang as e:
        raise Vraagfout(str(e)) from None
    return _musomvang(p, o)


def _attribuutomvang(p: Parameters, o: omvang.Omvang) -> Tabel:
    kolommen = [Kolom("methode", "methode"), Kolom("risico_pct", "risico (%)", "procent"),
                Kolom("tolerantie_pct", "toelaatbaar (%)", "procent", 2),
                Kolom("verwacht_pct", "verwacht (%)", "procent", 2), Kolom("omvang", "omvang", "aantal"),
                Kolom("verwachte_afwijkingen", "verwachte afwijkingen", "aantal")]
    uitleg = (f"{notatie.aantal(o.omvang, 'post', 'posten')}: vindt u er hoogstens {int(o.verwacht)} afwijkingen in, "
              f"dan ligt het afwijkingspercentage met {notatie.getal(100 - float(p.risico), 0)} % zekerheid onder "
              f"{notatie.getal(float(p.tolerantie), 2)} % (AICPA, binomiaal)")
    return tabel("Steekproefomvang", kolommen, [["attribuut", _pct(p.risico), _pct(p.tolerantie), _pct(p.verwacht),
                                                  o.omvang, int(o.verwacht)]], uitleg=uitleg, enkelvoudig=True)


def _musomvang(p: Parameters, o: omvang.Omvang) -> Tabel:
    kolommen = [Kolom("methode", "methode"), Kolom("risico_pct", "risico (%)", "procent"),
                Kolom("populatie", "populatie", "getal", 2), Kolom("materialiteit", "materialiteit", "getal", 2),
                Kolom("verwacht", "verwachte fout", "getal", 2), Kolom("omvang", "omvang", "aantal"),
                Kolom("interval", "interval", "getal", 2), Kolom("verwachte_taints", "verwachte fouten (taints)",
                                                                "getal", 2)]
    interval = float(p.populatie / o.omvang)
    uitleg = (f"{notatie.aantal(o.omvang, 'post', 'posten')} (één per {notatie.getal(interval, 2)}): met "
              f"{notatie.getal(100 - float(p.risico), 0)} % zekerheid ligt de fout onder de materialiteit als de "
              f"gevonden fouten niet groter zijn dan verwacht (Poisson, AICPA tabel C-1)")
    return tabel("Steekproefomvang", kolommen, [["mus", _pct(p.risico), float(p.populatie), float(p.materialiteit),
                                                  float(p.verwacht), o.omvang, interval, float(o.verwacht)]],
                 uitleg=uitleg, enkelvoudig=True)


def steekproeftabel(_: Opslag | None, vraag: Vraag) -> Tabel:
    """The grid of sample sizes as the published tables print it: attribute sampling as AICPA A-1
    (risk 5 %) and A-2 (10 %), the expected deviations in parentheses; MUS as table C-1."""
    p = parameters(vraag)
    risico = fractie(p.risico)
    if p.methode == "attribuut":
        kolommen_, rijen_ = omvang.TOLERANTIE_ATTRIBUUT, omvang.raster_attribuut(risico)
        eerste = Kolom("verwacht_pct", "verwacht (%)", "procent", 2)
        titel = f"Steekproefomvang bij attribute sampling, {notatie.getal(float(p.risico), 0)} % risico"
        uitleg = ("per verwacht afwijkingspercentage (rij) en toelaatbaar afwijkingspercentage (kolom): de omvang, "
                  "met tussen haakjes het verwachte aantal afwijkingen; * = groter dan "
                  f"{notatie.getal(omvang.TE_GROOT)}, niet doelmatig")
    else:
        kolommen_, rijen_ = omvang.TOLERANTIE_MUS, omvang.raster_mus(risico)
        eerste = Kolom("verhouding", "verwacht / toelaatbaar", "getal", 2)
        titel = f"Steekproefomvang op geldeenheden, {notatie.getal(float(p.risico), 0)} % risico"
        uitleg = ("per verhouding tussen verwachte en toelaatbare fout (rij) en toelaatbare fout als percentage van "
                  "de populatie (kolom): de omvang")
    kolommen = [eerste, *(Kolom(f"t{notatie.getal(float(t), 1).replace(',', '_')}",
                                f"{notatie.getal(float(t), 1).removesuffix(',0')} %") for t in kolommen_)]
    rijen = [[float(v), *(_cel(c, p.methode) for c in cellen)] for v, cellen in rijen_]
    return tabel(titel, kolommen, rijen, uitleg=uitleg)


def _cel(o: omvang.Omvang | None, methode: str) -> str:
    if o is None:
        return "*"
    return f"{o.omvang} ({int(o.verwacht)})" if methode == "attribuut" else str(o.omvang)


def steekproefevaluatie(_: Opslag | None, vraag: Vraag) -> Tabel:
    """The evaluation of a sample from its counts: the upper deviation limit (attribute) or the most
    likely and upper misstatement from the taints found (MUS)."""
    p = parameters(vraag)
    try:
        if p.methode == "attribuut":
            p.vereis("omvang", "afwijkingen")
            e = evaluatie.attribuut(p.omvang, p.afwijkingen, float(fractie(p.risico)),
                                    None if p.tolerantie is None else float(fractie(p.tolerantie)))
            return attribuutevaluatie(e)
        p.vereis("omvang", "populatie")
        e = evaluatie.mus(p.fouten, p.omvang, float(fractie(p.risico)), p.verdeling)
    except ValueError as fout:
        raise Vraagfout(str(fout)) from None
    return musevaluatie(e, float(p.populatie), None if p.materialiteit is None else float(p.materialiteit))


def conclusie(binnen: bool | None) -> str | None:
    return None if binnen is None else ("binnen de tolerantie" if binnen else "boven de tolerantie")


def attribuutevaluatie(e: evaluatie.Attribuutevaluatie) -> Tabel:
    kolommen = [Kolom("omvang", "omvang", "aantal"), Kolom("afwijkingen", "afwijkingen", "aantal"),
                Kolom("risico_pct", "risico (%)", "procent"),
                Kolom("afwijkingspercentage", "in de steekproef (%)", "procent", 2),
                Kolom("bovengrens_pct", "bovengrens (%)", "procent"),
                Kolom("tolerantie_pct", "toelaatbaar (%)", "procent", 2), Kolom("conclusie", "conclusie")]
    tolerantie = None if e.tolerantie is None else 100 * e.tolerantie
    uitleg = (f"met {notatie.getal(100 - 100 * e.risico, 0)} % zekerheid ligt het afwijkingspercentage in de "
              f"populatie onder {notatie.getal(e.bovengrens_pct, 1)} % (binomiaal, naar boven afgerond zoals AICPA "
              "tabel A-3 en A-4)")
    return tabel("Evaluatie van de steekproef", kolommen,
                 [[e.omvang, e.afwijkingen, 100 * e.risico, e.afwijkingspercentage, e.bovengrens_pct, tolerantie,
                   conclusie(e.binnen)]], uitleg=uitleg, enkelvoudig=True)


def musevaluatie(e: evaluatie.Musevaluatie, populatie: float, materialiteit: float | None) -> Tabel:
    kolommen = [Kolom("omvang", "omvang", "aantal"), Kolom("fouten", "fouten", "aantal"),
                Kolom("som_taints", "som van de fouten (taints)", "getal", 4),
                Kolom("risico_pct", "risico (%)", "procent"), Kolom("verdeling", "verdeling"),
                Kolom("meest_waarschijnlijk", "meest waarschijnlijke fout", "getal", 2),
                Kolom("bovengrens", "maximale fout", "getal", 2),
                Kolom("bovengrens_pct", "maximale fout (% van de populatie)", "procent", 2),
                Kolom("materialiteit", "materialiteit", "getal", 2), Kolom("conclusie", "conclusie")]
    binnen = None if materialiteit is None else e.bovengrens * populatie <= materialiteit
    uitleg = (f"met {notatie.getal(100 - 100 * e.risico, 0)} % zekerheid is de fout in de populatie niet groter dan "
              f"{notatie.getal(e.bovengrens * populatie, 2)} (Stringer, {evaluatie.VERDELINGEN[e.verdeling]})")
    return tabel("Evaluatie van de steekproef", kolommen,
                 [[e.omvang, len(e.taints), sum(e.taints), 100 * e.risico, e.verdeling,
                   e.meest_waarschijnlijk * populatie, e.bovengrens * populatie, 100 * e.bovengrens, materialiteit,
                   conclusie(binnen)]], uitleg=uitleg, enkelvoudig=True)
