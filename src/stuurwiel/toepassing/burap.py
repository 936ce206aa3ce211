"""The burap's answers over the whole budget: the budget realisation per post (the claims one post
among them), the proposed budget amendment per municipality, the deviations that matter with what
explains them, and the risks. They read the year-end forecast of `prognose.bereken` (computed once
per state of the data and peildatum) and narrow their rows by the scope of whoever asks."""

from __future__ import annotations

from stuurwiel.analyses.prognose import bijsturing
from stuurwiel.analyses.prognose import burap as burap_
from stuurwiel.analyses.prognose.hele_begroting import TOTAAL, Begrotingspost, haal, hele_begroting
from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.config.begroting import DECLARATIES
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.prognose import Jaarprognose, bereken
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag

DECLARATIES_NAAM = "Zorginkoop (declaraties)"
TOTAAL_NAAM = "Hele begroting"
INTERVAL = [Kolom("ondergrens", "80%: laag", "eurocent"), Kolom("bovengrens", "80%: hoog", "eurocent")]


def _posten(opslag: Opslag, vraag: Vraag) -> tuple[Jaarprognose, list[Begrotingspost]]:
    p = bereken(opslag, vraag.peildatum)
    b = p.burap
    return p, hele_begroting(b, haal(opslag, b.peildatum))


def _zichtbaar(vraag: Vraag, posten: list[Begrotingspost]) -> list[Begrotingspost]:
    """The region and the municipalities asked for (all without a selection), within the scope."""
    zicht = vraag.bereik.beperk(("gemeente",), vraag.selectie)
    return [p for p in posten if p.gemeentecode is None or not zicht.gemeenten or p.gemeentecode in zicht.gemeenten]


def _postnamen(opslag: Opslag) -> dict[str, str]:
    return {DECLARATIES: DECLARATIES_NAAM, TOTAAL: TOTAAL_NAAM, **dict(opslag.rijen("SELECT postcode, naam FROM "
                                                                                      "lastenpost"))}


def _wie(gemeenten: dict[str, str], code: str | None) -> str:
    return naam(gemeenten, code) if code else "Regio"


REALISATIEKOLOMMEN = [
    Kolom("gemeentecode", None, "code"), Kolom("postcode", None, "code"), Kolom("gemeente", "gemeente"),
    Kolom("post", "post"), Kolom("budget", "budget", "eurocent"), Kolom("naar_rato", "budget naar rato", "eurocent"),
    Kolom("gerealiseerd", "gerealiseerd", "eurocent"), Kolom("realisatie", "realisatie", "fractie"),
    Kolom("jaartotaal", "prognose", "eurocent"), *INTERVAL, Kolom("verschil", "prognose − budget", "eurocent"),
    Kolom("kans_overschrijding", "kans > budget", "fractie"),
]


def begrotingsrealisatie(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per municipality (and the region) every post of the whole budget: budget, realised to date
    against the budget pro rata, the year-end forecast with its interval and chance of overrun."""
    p, posten = _posten(opslag, vraag)
    b = p.burap
    gemeenten, postnamen = namen(opslag, "gemeente"), _postnamen(opslag)
    rijen = []
    for x in _zichtbaar(vraag, posten):
        rato = x.budget * b.maand / 12 if x.budget is not None else None
        rijen.append([x.gemeentecode, x.postcode, _wie(gemeenten, x.gemeentecode), postnamen.get(x.postcode,
                      x.postcode), x.budget, rato, x.gerealiseerd, x.gerealiseerd / rato if rato else None,
                      x.jaartotaal, x.ondergrens, x.bovengrens, x.verschil, x.kans_overschrijding])
    return tabel(f"Hele begroting {b.jaar} op {notatie.datum(b.peildatum)}", REALISATIEKOLOMMEN, rijen,
                 uitleg=f"gerealiseerd: januari t/m {notatie.MAANDEN[b.maand - 1]} (de declaraties met wat daarover "
                        "nog komt, de lasten zoals geboekt); realisatie: gerealiseerd als deel van het budget naar "
                        "rato; prognose: het jaartotaal, 8 van de 10 keer tussen laag en hoog",
                 opmerkingen=[_methode_lasten(), burap_.uitleg(b)])


def _methode_lasten() -> str:
    return ("Posten buiten de declaraties: geboekt tot nu toe plus, voor elke maand die nog komt, het gemiddelde van "
            "de geboekte maanden van dit jaar; het interval uit de spreiding van die maanden; zonder geboekte maand "
            "het budget. De hele begroting telt de posten op; haar kans op overschrijding is die van de declaraties "
            "tegen wat het budget na de andere posten overlaat.")


WIJZIGINGKOLOMMEN = [
    Kolom("gemeentecode", None, "code"), Kolom("gemeente", "gemeente"), Kolom("budget", "begroting", "eurocent"),
    Kolom("jaartotaal", "prognose", "eurocent"), *INTERVAL, Kolom("kans_overschrijding", "kans > budget", "fractie"),
    Kolom("wijziging", "voorgestelde wijziging", "eurocent"), Kolom("nieuw", "gewijzigde begroting", "eurocent"),
    Kolom("grondslag", "grondslag"),
]


def begrotingswijziging(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per municipality the proposed amendment of its whole budget: the part of the deviation that is
    certain (analyses.prognose.bijsturing)."""
    p, posten = _posten(opslag, vraag)
    b = p.burap
    gemeenten = namen(opslag, "gemeente")
    rijen = []
    for x in _zichtbaar(vraag, posten):
        if x.postcode != TOTAAL:
            continue
        w = bijsturing.wijziging(x)
        rijen.append([x.gemeentecode, _wie(gemeenten, x.gemeentecode), x.budget, x.jaartotaal, x.ondergrens,
                      x.bovengrens, x.kans_overschrijding, w, x.budget + w if w is not None else None,
                      _grondslag(x, w)])
    if not rijen:
        raise GeenAntwoord(f"er is geen begroting {b.jaar} om te wijzigen")
    return tabel(f"Voorstel begrotingswijziging {b.jaar} op {notatie.datum(b.peildatum)}", WIJZIGINGKOLOMMEN, rijen,
                 uitleg="voorgestelde wijziging: alleen het deel van de afwijking dat vrijwel zeker is — bij "
                        "overschrijding tot de ondergrens van het 80%-interval, bij onderschrijding tot de "
                        "bovengrens, niets zolang de begroting binnen het interval ligt; afgerond op hele "
                        "duizenden euro's naar nul")


def _grondslag(x: Begrotingspost, w: int | None) -> str:
    if w is None:
        return "geen begroting voor elke post"
    if w > 0:
        return "overschrijding vrijwel zeker: de ondergrens ligt boven de begroting"
    if w < 0:
        return "onderschrijding vrijwel zeker: de bovengrens ligt onder de begroting"
    return "de begroting ligt binnen het 80%-interval: bewaken, nog niet wijzigen"


def afwijkingen(opslag: Opslag, vraag: Vraag) -> Tabel:
    """The municipalities whose whole budget deviates in a way that matters, with the lines that
    explain it: the segments of the claims and the other posts furthest from their own budget."""
    p, posten = _posten(opslag, vraag)
    b = p.burap
    gemeenten, segmenten, postnamen = namen(opslag, "gemeente"), namen(opslag, "segment"), _postnamen(opslag)
    rijen = []
    for x in _zichtbaar(vraag, posten):
        if x.postcode != TOTAAL or x.gemeentecode is None or not bijsturing.doet_ertoe(x):
            continue
        regels = bijsturing.verklaring(b, posten, x.gemeentecode)
        tekst = "; ".join(f"{naam(segmenten, r.code) if r.soort == 'segment' else postnamen.get(r.code, r.code)} "
                          f"{notatie.waarde(r.verschil, 'eurocent')} "
                          f"({notatie.procentverschil(100 * r.verschil / r.budget)})" for r in regels)
        rijen.append([x.gemeentecode, naam(gemeenten, x.gemeentecode), x.verschil, x.verschil / x.budget,
                      x.kans_overschrijding, tekst])
    return tabel(f"Afwijkingen die ertoe doen, {b.jaar} op {notatie.datum(b.peildatum)}", [
        Kolom("gemeentecode", None, "code"), Kolom("gemeente", "gemeente"),
        Kolom("verschil", "prognose − begroting", "eurocent"), Kolom("aandeel", "van de begroting", "fractie", 1),
        Kolom("kans_overschrijding", "kans > budget", "fractie"), Kolom("verklaring", "verklaard door")], rijen,
        uitleg=f"gemeenten waarvan de prognose van de hele begroting minstens "
               f"{notatie.waarde(bijsturing.MATERIEEL, 'fractie')} afwijkt en die afwijking vrijwel zeker is of "
               f"{burap_.aandacht()}; verklaard door: de {bijsturing.VERKLARINGEN} segmenten en posten met de "
               "grootste afwijking van hun eigen budget, prognose min budget")


def risicos(opslag: Opslag, vraag: Vraag) -> Tabel:
    """What may still go wrong after the amendment: the upper bound above the amended budget, providers
    reaching their ceiling before the year's end (a client stop), claims still to come over the months
    gone by, and posts with nothing booked this year."""
    p, posten = _posten(opslag, vraag)
    b = p.burap
    gemeenten, postnamen = namen(opslag, "gemeente"), _postnamen(opslag)
    zichtbaar = _zichtbaar(vraag, posten)
    rijen = [("Begroting", _wie(gemeenten, x.gemeentecode), "de prognose kan 1 op 10 keer dit bedrag boven de "
              "gewijzigde begroting uitkomen", r) for x in zichtbaar
             if x.postcode == TOTAAL and (r := bijsturing.restrisico(x)) > 0]
    rijen += [("Budgetplafond", x.naam, f"bereikt naar verwachting op {notatie.datum(x.bereikt)}: kans op een "
               "cliëntenstop", x.jaartotaal - x.plafond) for x in p.plafonds if x.bereikt and x.bereikt > b.peildatum]
    rijen += [("Late declaraties", _wie(gemeenten, x.gemeentecode), "nog te declareren over de maanden tot de "
               f"peildatum, geschat ({notatie.waarde(1 - x.gedeclareerd / x.gerealiseerd, 'fractie')} van het "
               "gerealiseerde)", x.gerealiseerd - x.gedeclareerd)
              for x in b.posten if x.niveau == "regio" and x.gerealiseerd > x.gedeclareerd]
    rijen += [("Niet geboekt", _wie(gemeenten, x.gemeentecode), f"{postnamen.get(x.postcode, x.postcode)}: nog niets "
               f"geboekt in {b.jaar}, de prognose is het budget", x.budget) for x in zichtbaar
              if x.postcode not in (TOTAAL, DECLARATIES) and x.maanden == 0 and x.gemeentecode is not None]
    return tabel(f"Risico's {b.jaar} op {notatie.datum(b.peildatum)}", [
        Kolom("soort", "risico"), Kolom("wie", "wie"), Kolom("wat", "wat"), Kolom("bedrag", "bedrag", "eurocent")],
        rijen, uitleg="begroting: de bovengrens van het 80%-interval min de gewijzigde begroting; budgetplafond: "
                      "prognose min plafond; late declaraties: wat de aanvulling nog verwacht")
