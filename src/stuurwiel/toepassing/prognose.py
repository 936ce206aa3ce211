"""The year-end forecast (burap) and what follows from it, as answers: the forecast per
municipality (and per segment for a municipality asked for), the months with late claims added,
the providers heading for their ceiling, what needs attention, and the back-test.

The forecast is the same for every audience; it is computed once per state of the data and
peildatum, and each answer narrows its rows by the scope of whoever asks (`Bereik.beperk`), like
the catalogue does: the municipalities' totals are aggregates everyone sees, their segments only
who may see that municipality in detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stuurwiel.analyses.prognose import burap as burap_
from stuurwiel.analyses.prognose.gegevens import Gegevens, toetsmaanden
from stuurwiel.analyses.prognose.plafond import Plafond
from stuurwiel.analyses.prognose.plafond import plafonds as plafonds_
from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel, uit_frame
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing import aanvulling
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout

JAARKOLOMMEN = [
    Kolom("niveau", None, "code"), Kolom("gemeentecode", None, "code"), Kolom("segmentcode", None, "code"),
    Kolom("naam", ""), Kolom("gedeclareerd", None, "eurocent"), Kolom("gerealiseerd", "gerealiseerd", "eurocent"),
    Kolom("rest", "rest van het jaar", "eurocent"), Kolom("jaartotaal", "jaartotaal", "eurocent"),
    Kolom("ondergrens", "80%: laag", "eurocent"), Kolom("bovengrens", "80%: hoog", "eurocent"),
    Kolom("budget", "budget", "eurocent"), Kolom("kans_overschrijding", "kans > budget", "fractie"),
    Kolom("aandacht", "aandacht", "ja_nee"),
]


@dataclass(frozen=True)
class Jaarprognose:
    burap: burap_.Burap
    plafonds: list[Plafond]
    gemeenten: list[str]  # the forecast's municipalities, in the order of its arrays


_JAARPROGNOSES = Voorraad(4)


def bereken(opslag: Opslag, peildatum: dt.date | None = None) -> Jaarprognose:
    """The year's forecast on the peildatum (default: the latest claim date), kept per state of the data."""
    peildatum = peildatum or opslag.stand()
    if peildatum is None:
        raise GeenAntwoord("er zijn nog geen declaraties geladen; een prognose heeft ze nodig")

    def maak() -> Jaarprognose:
        g = aanvulling.gegevens(opslag, peildatum).met_trajecten(opslag)
        b = burap_.burap(g)
        return Jaarprognose(b, plafonds_(g, b), g.gemeenten)
    return _JAARPROGNOSES.haal((opslag.toestand(), peildatum), maak)


def bereid_voor(opslag: Opslag) -> None:
    """The forecast and the completion of late claims for the data as they are now, computed before
    anyone asks (none without claims)."""
    try:
        bereken(opslag)
        aanvulling.per_maand(opslag)
    except GeenAntwoord:
        pass


def jaarprognose(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Without municipalities asked for: every municipality and the region. With: those
    municipalities and their segments (only those the audience may see in detail)."""
    p = bereken(opslag, vraag.peildatum)
    b = p.burap
    if vraag.selectie.gemeenten:
        zicht = vraag.bereik.beperk(("gemeente", "segment"), vraag.selectie)
        posten = [r for r in b.posten if r.niveau != "regio" and r.gemeentecode in zicht.gemeenten]
    else:
        posten = [r for r in b.posten if r.niveau == "gemeente"] + [r for r in b.posten if r.niveau == "regio"]
    gemeenten, segmenten = namen(opslag, "gemeente"), namen(opslag, "segment")
    rijen = [[r.niveau, r.gemeentecode, r.segmentcode, _postnaam(r, gemeenten, segmenten), r.gedeclareerd,
              r.gerealiseerd, r.rest, r.jaartotaal, r.ondergrens, r.bovengrens, r.budget, r.kans_overschrijding,
              r.vraagt_aandacht] for r in posten]
    return tabel(f"Prognose {b.jaar} op {notatie.datum(b.peildatum)}", JAARKOLOMMEN, rijen,
                 uitleg="gerealiseerd: de maanden tot de peildatum, met de declaraties die daarvoor nog komen; rest: "
                        "de maanden daarna; 80%-interval: de uitkomst valt er naar verwachting 8 van de 10 keer "
                        f"binnen; aandacht: {burap_.aandacht()}",
                 opmerkingen=[burap_.uitleg(b)])


def _postnaam(r: burap_.Post, gemeenten: dict[str, str], segmenten: dict[str, str]) -> str:
    if r.niveau == "regio":
        return "Regio"
    if r.niveau == "gemeente":
        return naam(gemeenten, r.gemeentecode)
    return "  " + naam(segmenten, r.segmentcode)


def maanden(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per month of the year: claimed so far, expected once the late claims are in, then the forecast."""
    p = bereken(opslag, vraag.peildatum)
    b, r = p.burap, p.burap.raming
    zicht = vraag.bereik.beperk((), vraag.selectie)
    sel = [p.gemeenten.index(c) for c in zicht.gemeenten] if zicht.gemeenten else slice(None)
    assen = tuple(range(r.gedeclareerd[sel].ndim - 1))
    verwacht = r.maanden(b.leerstof.gewicht)[sel].sum(axis=assen)
    gedeclareerd = r.gedeclareerd[sel].sum(axis=assen)
    rijen = [(f"{b.jaar}-{m:02d}", notatie.MAANDEN[m - 1], gedeclareerd[m - 1] if m <= b.maand else None,
              verwacht[m - 1], "gerealiseerd" if m <= b.maand else "prognose") for m in range(1, 13)]
    wie = f"gemeente {', '.join(zicht.gemeenten)}" if zicht.gemeenten else "de regio"
    return tabel(f"Kosten per maand {b.jaar} op {notatie.datum(b.peildatum)}, {wie}",
                 [Kolom("maand", None), Kolom("maandnaam", "maand"),
                  Kolom("gedeclareerd", "gedeclareerd tot nu toe", "eurocent"),
                  Kolom("verwacht", "verwachte kosten", "eurocent"), Kolom("soort", "bron")], rijen,
                 uitleg="verwachte kosten: tot de peildatum wat gedeclareerd is met de declaraties die nog komen "
                        "(chain-ladder per segment), daarna de prognose; bron: gerealiseerd of prognose")


PLAFONDKOLOMMEN = [
    Kolom("naam", "aanbieder"), Kolom("agb_code", "AGB", "code"), Kolom("plafond", "plafond", "eurocent"),
    Kolom("gerealiseerd", None, "eurocent"), Kolom("jaartotaal", "prognose", "eurocent"),
    Kolom("aandeel", "van het plafond", "fractie"), Kolom("bereikt", "bereikt", "datum"),
    Kolom("vroegst", "vroegst", "datum"), Kolom("laatst", "uiterlijk", "datum"),
]


def plafonds(opslag: Opslag, vraag: Vraag) -> Tabel:
    """When providers reach their budget ceiling: the early signal of a client stop."""
    p = bereken(opslag, vraag.peildatum)
    b, lijst = p.burap, p.plafonds
    if not lijst:
        raise GeenAntwoord(f"er zijn geen budgetplafonds voor {b.jaar} geladen")
    voor = sum(x.voor_jaareinde for x in lijst)
    rijen = [(x.naam, x.agb_code, x.plafond, x.gerealiseerd, x.jaartotaal, x.jaartotaal / x.plafond, x.bereikt,
              x.vroegst, x.laatst) for x in lijst]
    return tabel(f"Budgetplafonds {b.jaar} op {notatie.datum(b.peildatum)}: {voor} van {len(lijst)} aanbieders "
                 "bereiken hun plafond naar verwachting voor het jaareinde", PLAFONDKOLOMMEN, rijen,
                 uitleg="bereikt: de dag dat de verwachte kosten het plafond passeren; vroegst en uiterlijk: aan de "
                        "boven- en onderkant van het 80%-interval; leeg: niet dit jaar")


def aandacht(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Municipalities likely to overrun their budget, and providers that reach their ceiling after
    the peildatum and before the year's end."""
    p = bereken(opslag, vraag.peildatum)
    b = p.burap
    gemeenten = namen(opslag, "gemeente")
    rijen = [(f"Budget {naam(gemeenten, r.gemeentecode)}",
              f"kans op overschrijding {notatie.waarde(r.kans_overschrijding, 'fractie')}", r.jaartotaal - r.budget)
             for r in b.posten if r.niveau == "gemeente" and r.vraagt_aandacht]
    rijen += [(f"Plafond {x.naam}", f"bereikt op {notatie.datum(x.bereikt)}", x.jaartotaal - x.plafond)
              for x in p.plafonds if x.bereikt and x.bereikt > b.peildatum]
    return tabel("Wat aandacht vraagt", [Kolom("signaal", "signaal"), Kolom("wat", "wat"),
                                         Kolom("verschil", "prognose min budget of plafond", "eurocent")], rijen,
                 uitleg=f"Gemeenten met {burap_.aandacht()} en aanbieders die hun budgetplafond naar verwachting na de "
                        "peildatum en voor het jaareinde bereiken.")


# the back-test's columns for people: the median error per municipality of each method, the region's of two
TOETSKOPPEN = {"gecombineerd_gemeente": "Stuurwiel", "tijdreeks_gemeente": "alleen tijdreeks",
               "bottomup_gemeente": "alleen bottom-up", "runrate_gemeente": "doortrekken (run-rate)",
               "seizoensaandeel_gemeente": "seizoen vorig jaar", "gecombineerd_regio": "Stuurwiel, regio",
               "runrate_regio": "doortrekken, regio", "dekking": "binnen 80%-interval"}  # in this order


def terugtoets(opslag: Opslag, vraag: Vraag) -> Tabel:
    """The forecast as it would have been made at the end of months of earlier years, against the
    outcome: per month the median error, next to run-rate and last year's seasonal share."""
    jaren = [p.begin.year for p in vraag.perioden]
    peildatum = opslag.stand()
    if peildatum is None:
        raise GeenAntwoord("er zijn nog geen declaraties geladen; een prognose heeft ze nodig")
    g = Gegevens.haal(opslag, peildatum, trajecten=False)
    kan = g.toetsjaren()
    buiten = [j for j in jaren if j not in kan]
    if buiten:
        raise Vraagfout(f"jaar {', '.join(map(str, buiten))} kan niet getoetst worden: daarvoor is een jaar eerder "
                        f"nodig en een bekende uitkomst (mogelijk: {', '.join(map(str, kan)) or 'geen'})")
    g = g.met_trajecten(opslag, toetsmaanden(vraag.maanden), jaren)
    verslag = burap_.terugtoets(g, jaren, list(vraag.maanden))
    if verslag.empty:
        raise GeenAntwoord("te weinig jaren om op te toetsen: een jaar leert van de andere getoetste jaren")
    titel = f"Terugtoets {jaren[0]}–{jaren[-1]}" if len(jaren) > 1 else f"Terugtoets {jaren[0]}"
    if vraag.details:
        return uit_frame(f"{titel}: elk geval", [Kolom(k, k, "tekst" if verslag[k].dtype == object else "getal")
                                                 for k in verslag.columns], verslag)
    sv = burap_.samenvatting(verslag)
    sv.insert(1, "peilmoment", [f"eind {notatie.MAANDEN[m - 1]}" for m in sv.maand])
    kolommen = [Kolom("maand", None, "aantal"), Kolom("peilmoment", "prognose gemaakt"),
                Kolom("gevallen", "gevallen", "aantal")]
    volgorde = [*TOETSKOPPEN, *(k for k in sv.columns[3:] if k not in TOETSKOPPEN)]
    kolommen += [Kolom(k, TOETSKOPPEN.get(k), "fractie", 1) for k in volgorde]
    return uit_frame(f"{titel}: mediane fout van het jaartotaal per gemeente", kolommen, sv,
                     uitleg="gevallen: gemeenten × jaren; Stuurwiel: tijdreeks en bottom-up gewogen zoals geleerd "
                            "uit de andere jaren; doortrekken: gedeclareerd × 12 / maand; seizoen vorig jaar: "
                            "gedeclareerd ÷ aandeel van die maanden vorig jaar; binnen 80%-interval: hoe vaak de "
                            "uitkomst erbinnen viel")
