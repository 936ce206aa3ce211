"""The exchange files (docs/formats.md): their columns, what a valid value is, and the rules
between columns of one row. One definition serves reading, validating and documenting.

Column kinds
  tekst        text or an identifier (optional maximum length); a BSN in it is refused (invoer/bsnwacht.py)
  vrijetekst   free text without a BSN, a number of 9 digits passing the 11-proef refused; in a message
               every digit of it is masked
  geheel       whole number >= 0
  bedrag       amount in eurocent, whole number >= 0
  jaar         a year, 2000-2100
  datum        JJJJ-MM-DD (also DD-MM-JJJJ as Excel writes it)
  bsn          9 digits passing the 11-proef; never stored
  gemeente     CBS code of a municipality of the region
  agb          8-digit AGB code
  segment      a segment code of the region
  lastenpost   a post of the region's whole budget (regio.yaml: begroting.posten)
  maat         the name of a measure in the metric catalogue (`stuurwiel maten`)
  periode      a period: JJJJ, JJJJ-Qn or JJJJ-MM
  code:Lijst   a code from the iJw code list `Lijst` (basisschema.xsd)
  keuze:a|b    one of the listed words

How each kind is normalised, checked and typed while loading: invoer/kolomsoorten.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kolom:
    naam: str
    soort: str
    verplicht: bool = False
    max_lengte: int | None = None
    omschrijving: str = ""


@dataclass(frozen=True)
class Rijregel:
    """A rule between columns of one row; `fout` is a DuckDB predicate that is true for bad rows."""
    fout: str
    kolom: str
    reden: str


@dataclass(frozen=True)
class Soort:
    naam: str
    omschrijving: str
    kolommen: tuple[Kolom, ...]
    rijregels: tuple[Rijregel, ...] = field(default=())

    @property
    def verplichte_kolommen(self) -> list[str]:
        return [k.naam for k in self.kolommen if k.verplicht]

    def kolom(self, naam: str) -> Kolom:
        return next(k for k in self.kolommen if k.naam == naam)


def K(naam: str, soort: str, verplicht: bool = False, max_lengte: int | None = None, omschrijving: str = "") -> Kolom:
    return Kolom(naam, soort, verplicht, max_lengte, omschrijving)


CONTRACTVORMEN = "inspanningsgericht|outputgericht|taakgericht"
STATUSSEN = "ingediend|toegekend|afgewezen"
DOELREALISATIE = "volledig|gedeeltelijk|niet"
AANMELDUITKOMSTEN = "lokaal_geholpen|doorverwezen|geen_hulp_nodig|lopend"
# who brought a registration to the local team (docs/formats.md); optional, so older files still load
HERKOMSTEN = ("huisarts|medisch_specialist|jeugdarts|veilig_thuis|school|politie|gecertificeerde_instelling|"
              "eigen_melding|overig")
VERZOEKSOORTEN = "toewijzing|wijziging"
ONDERBOUWINGSOORTEN = "verklarende_analyse|advies_gedragswetenschapper|multidisciplinair_overleg"

# column groups several kinds share, in the same order
TRAJECT = (K("toewijzingnummer", "tekst", True, 20), K("bsn", "bsn", True), K("gemeentecode", "gemeente", True),
           K("agb_code", "agb", True))  # an allocation: its number, the client, the municipality, the provider
VERWIJZER = (K("verwijzer_type", "code:TypeVerwijzer"), K("verwijzer_naam", "tekst", False, 64))
OMVANG = (K("volume", "geheel"), K("eenheid", "code:Eenheid"), K("frequentie", "code:Frequentie"),
          K("budget_cent", "bedrag"))  # volume × unit per frequency, or a budget

OMVANG_SAMEN = Rijregel("(volume IS NULL) <> (eenheid IS NULL) OR (volume IS NULL) <> (frequentie IS NULL)",
                        "volume", "volume, eenheid en frequentie (de omvang) zijn samen gevuld of samen leeg")
OMVANG_OF_BUDGET = Rijregel("volume IS NOT NULL AND budget_cent IS NOT NULL", "budget_cent",
                            "omvang en budget sluiten elkaar uit")

SOORTEN: dict[str, Soort] = {s.naam: s for s in [
    Soort("aanbieders", "Zorgaanbieders met hun contractvorm.", (
        K("agb_code", "agb", True),
        K("naam", "tekst", True, 200),
        K("contractvorm", f"keuze:{CONTRACTVORMEN}"),
    )),
    Soort("plafonds", "Budgetplafond per aanbieder en jaar.", (
        K("agb_code", "agb", True),
        K("jaar", "jaar", True),
        K("plafond_cent", "bedrag", True),
    )),
    Soort("toewijzingen", "Toewijzingen (JW301), ook gewijzigde: de nieuwste toewijzingsdatum telt.", (
        K("toewijzingnummer", "tekst", True, 20),
        K("bsn", "bsn", True),
        K("geboortedatum", "datum", True),
        K("geslacht", "code:Geslacht", True),
        K("gemeentecode", "gemeente", True),
        K("agb_code", "agb", True),
        K("productcategorie", "code:ProductCategorie", True),
        K("productcode", "tekst", False, 5, "leeg bij een aspecifieke toewijzing"),
        *VERWIJZER,
        K("toewijzingsdatum", "datum", True),
        K("ingangsdatum", "datum", True),
        K("einddatum", "datum"),
        *OMVANG,
        K("reden_wijziging", "code:RedenWijziging"),
        K("referentie_aanbieder", "tekst", False, 36,
          "het verzoek (JW315) waarop de toewijzing antwoordt; de verwijzer komt daaruit"),
    ), (
        Rijregel("einddatum < ingangsdatum", "einddatum", "einddatum ligt vóór de ingangsdatum"),
        OMVANG_SAMEN,
        OMVANG_OF_BUDGET,
        Rijregel("volume IS NULL AND budget_cent IS NULL AND productcode IS NOT NULL", "volume",
                 "een specifieke toewijzing heeft een omvang of een budget"),
    )),
    Soort("declaraties", "Declaratieregels (JW323) met hun status (JW325).", (
        K("referentienummer", "tekst", True, 20),
        K("vorig_referentienummer", "tekst", False, 20),
        *TRAJECT,
        K("productcategorie", "code:ProductCategorie", True),
        K("productcode", "tekst", True, 5),
        K("periode_begin", "datum", True),
        K("periode_eind", "datum", True),
        K("geleverd_volume", "geheel", True),
        K("eenheid", "code:Eenheid", True),
        K("tarief_cent", "bedrag", False, None, "leeg als de declaratie geen tarief noemt"),
        K("bedrag_cent", "bedrag", True),
        K("debet_credit", "code:DebetCredit", True),
        K("declaratiedatum", "datum", True),
        K("status", f"keuze:{STATUSSEN}", True),
        K("declaratienummer", "tekst", False, 12, "de declaratie (JW323) waartoe de regel behoort"),
    ), (
        Rijregel("periode_eind < periode_begin", "periode_eind", "periode_eind ligt vóór periode_begin"),
        Rijregel("date_trunc('month', periode_begin) <> date_trunc('month', periode_eind)", "periode_eind",
                 "een declaratieregel beslaat één kalendermaand"),
        Rijregel("debet_credit = 'C' AND vorig_referentienummer IS NULL", "vorig_referentienummer",
                 "een creditregel noemt de regel die hij crediteert (vorig_referentienummer)"),
    )),
    Soort("zorgperioden", "Start en stop van zorg (JW305/JW307).", (
        *TRAJECT,
        K("productcategorie", "code:ProductCategorie", True),
        K("productcode", "tekst", False, 5),
        K("begindatum", "datum", True),
        K("einddatum", "datum"),
        K("reden_beeindiging", "code:RedenBeeindiging"),
        K("status_aanlevering", "code:StatusAanlevering", False, None, "3: trekt een eerdere start of stop in"),
        K("meldingsdatum", "datum", False, None, "de datum van de melding; de nieuwste melding telt"),
    ), (
        Rijregel("einddatum < begindatum", "einddatum", "einddatum ligt vóór de begindatum"),
        Rijregel("einddatum IS NOT NULL AND reden_beeindiging IS NULL", "reden_beeindiging",
                 "een beëindigde zorgperiode heeft een reden beëindiging"),
    )),
    Soort("verzoeken", "Verzoeken om toewijzing (JW315) en om wijziging (JW317) van een aanbieder.", (
        K("referentie_aanbieder", "tekst", True, 36, "het kenmerk van het verzoek bij de aanbieder"),
        K("soort", f"keuze:{VERZOEKSOORTEN}", True),
        K("bsn", "bsn", True),
        K("geboortedatum", "datum"),
        K("geslacht", "code:Geslacht"),
        K("gemeentecode", "gemeente", True),
        K("agb_code", "agb", True),
        K("toewijzingnummer", "tekst", False, 20, "de toewijzing die gewijzigd moet worden"),
        K("productcategorie", "code:ProductCategorie"),
        K("productcode", "tekst", False, 5),
        *VERWIJZER,
        K("ingangsdatum", "datum", True),
        K("einddatum", "datum"),
        *OMVANG,
        K("reden_verzoek", "code:RedenVerzoek"),
        K("verzoekdatum", "datum", True),
    ), (
        OMVANG_SAMEN,
        OMVANG_OF_BUDGET,
    )),
    Soort("verzoekantwoorden", "Antwoorden van de gemeente op verzoeken (JW319).", (
        K("referentie_aanbieder", "tekst", True, 36),
        K("gemeentecode", "gemeente", True),
        K("agb_code", "agb", True),
        K("antwoord", "code:VerzoekAntwoord", True),
        K("reden_afwijzing", "code:RedenAfwijzingVerzoek"),
        K("antwoorddatum", "datum", True),
    )),
    Soort("declaratieantwoorden", "Antwoorden op declaraties (JW325): elke regel van de declaratie is toegekend, "
          "behalve de regels die als afgewezen zijn gemeld.", (
        K("declaratienummer", "tekst", True, 12),
        K("gemeentecode", "gemeente", True),
        K("agb_code", "agb", True),
        K("antwoorddatum", "datum", True),
        K("ingediend_cent", "bedrag", True),
        K("ingediend_debet_credit", "code:DebetCredit", True),
        K("toegekend_cent", "bedrag", True),
        K("toegekend_debet_credit", "code:DebetCredit", True),
    )),
    Soort("declaratiestatussen", "Status van afzonderlijke declaratieregels, met de retourcodes van de gemeente.", (
        K("agb_code", "agb", True),
        K("referentienummer", "tekst", True, 20),
        K("status", f"keuze:{STATUSSEN}", True),
        K("retourcodes", "tekst", False, 100, "iJw-retourcodes, gescheiden door spaties"),
        K("statusdatum", "datum", True),
    )),
    Soort("retourcodes", "Afkeuringen in retourberichten (JW302, JW306, JW308, JW316, JW318, JW320): "
          "elke retourcode anders dan 0200, met het element waarop hij slaat.", (
        K("berichtsoort", "tekst", True, 5),
        K("gemeentecode", "gemeente", True),
        K("agb_code", "agb", True),
        K("identificatie_retour", "tekst", False, 12, "het bericht waarop de retour antwoordt"),
        K("meldingsdatum", "datum", True),
        K("onderwerp", "tekst", False, 200, "het element met de retourcode"),
        K("sleutel", "tekst", False, 36, "toewijzingnummer, referentie of BSN-loos kenmerk van dat element"),
        K("retourcode", "code:RetourCode", True),
    )),
    Soort("wachtlijsten", "Wachtenden per aanbieder en product op een peildatum.", (
        K("peildatum", "datum", True),
        K("agb_code", "agb", True),
        K("productcategorie", "code:ProductCategorie", True),
        K("productcode", "tekst", True, 5),
        K("wachtenden", "geheel", True),
        K("gemiddelde_wachttijd_dagen", "geheel"),
        K("langste_wachttijd_dagen", "geheel"),
    ), (
        Rijregel("langste_wachttijd_dagen < gemiddelde_wachttijd_dagen", "langste_wachttijd_dagen",
                 "de langste wachttijd is korter dan de gemiddelde"),
    )),
    Soort("uitkomsten", "Uitkomst per beëindigd traject, gemeld door de aanbieder.", (
        *TRAJECT,
        K("einddatum", "datum", True),
        K("doelrealisatie", f"keuze:{DOELREALISATIE}"),
        K("tevredenheid", "geheel", False, None, "rapportcijfer 1 tot en met 10"),
    ), (
        Rijregel("tevredenheid < 1 OR tevredenheid > 10", "tevredenheid",
                 "tevredenheid is een rapportcijfer van 1 tot en met 10"),
    )),
    Soort("aanmeldingen", "Aanmeldingen bij het lokale team en hun uitkomst.", (
        K("aanmeldingnummer", "tekst", True, 20),
        K("bsn", "bsn", True),
        K("geboortedatum", "datum"),
        K("gemeentecode", "gemeente", True),
        K("aanmelddatum", "datum", True),
        K("uitkomst", f"keuze:{AANMELDUITKOMSTEN}", True),
        K("toewijzingnummer", "tekst", False, 20),
        K("herkomst", f"keuze:{HERKOMSTEN}", False, None, "wie de jeugdige aanmeldde; leeg: onbekend"),
    ), (
        Rijregel("uitkomst = 'doorverwezen' AND toewijzingnummer IS NULL", "toewijzingnummer",
                 "een doorverwijzing noemt de toewijzing waarin zij uitmondde"),
    )),
    Soort("transitieplannen", "Het plan voor de overgang naar hulp voor volwassenen (het 16+-plan) dat de aanbieder "
          "voor een jeugdige van 16 jaar of ouder vastlegde, bij de toewijzing waarvoor hij het maakte. Een latere "
          "lading met dezelfde toewijzing vervangt de datum.", (
        K("toewijzingnummer", "tekst", True, 20, "de toewijzing van de jeugdige"),
        K("datum", "datum", True, None, "de datum waarop het plan is vastgelegd"),
    )),
    Soort("budgetten", "Budget per gemeente, jaar en (optioneel) segment, of van een post van de hele begroting "
          "die niet uit declaraties komt (postcode; zie `lasten`).", (
        K("gemeentecode", "gemeente", True),
        K("jaar", "jaar", True),
        K("segmentcode", "segment"),
        K("budget_cent", "bedrag", True),
        K("postcode", "lastenpost", False, None, "leeg: het budget van de declaraties (de zorginkoop)"),
    ), (
        Rijregel("segmentcode IS NOT NULL AND postcode IS NOT NULL", "postcode",
                 "een budget hoort bij een segment of bij een lastenpost, niet bij beide"),
    )),
    Soort("lasten", "Kosten die niet uit declaraties komen (jeugdteams, PGB, gecertificeerde instellingen, "
          "uitvoeringskosten, …), per gemeente, post en maand; de posten staan in regio.yaml (begroting.posten). "
          "Een latere lading met dezelfde gemeente, post en maand vervangt het bedrag.", (
        K("gemeentecode", "gemeente", True),
        K("postcode", "lastenpost", True, None, "code van de post in regio.yaml, bijvoorbeeld `jeugdteams`"),
        K("jaar", "jaar", True),
        K("maand", "geheel", True, None, "1 tot en met 12"),
        K("bedrag_cent", "bedrag", True, None, "de kosten van die maand"),
    ), (
        Rijregel("maand < 1 OR maand > 12", "maand", "maand is 1 tot en met 12"),
    )),
    Soort("onderbouwingen", "Onderbouwingen van een toewijzing boven de norm (het normenkader, docs/regio.md): wie "
          "wanneer welke soort onderbouwing vastlegde, met een korte samenvatting. Het bestand bevat geen "
          "persoonsgegevens van de jeugdige: geen naam, geen BSN (een getal van 9 cijfers dat de 11-proef haalt wordt "
          "geweigerd), geen diagnose; de toewijzing wijst de jeugdige al aan. Een latere lading met dezelfde "
          "toewijzing, datum en soort vervangt de onderbouwing.", (
        K("toewijzingnummer", "tekst", True, 20, "de toewijzing boven de norm"),
        K("datum", "datum", True, None, "de datum van de onderbouwing"),
        K("auteur", "vrijetekst", True, 100, "wie haar opstelde: functie of team (jeugdconsulent lokaal team)"),
        K("soort", f"keuze:{ONDERBOUWINGSOORTEN}", True),
        K("samenvatting", "vrijetekst", True, 500, "waarom de norm niet past, zonder gegevens over de jeugdige"),
    )),
    Soort("toelichtingen", "Het verhaal achter de cijfers: een korte tekst bij een maat, gemeente en periode, "
          "afgedrukt naast het cijfer in elke rapportage. Een latere lading met dezelfde maat, gemeente en "
          "periode vervangt de tekst.", (
        K("maat", "maat", True, None, "naam uit `stuurwiel maten`, bijvoorbeeld `kosten`"),
        K("gemeentecode", "gemeente", False, None, "leeg: de regio"),
        K("periode", "periode", True, None, "de periode van de rapportage: `2025-08`, `2025-Q3` of `2025`"),
        K("tekst", "tekst", True, 1000),
        K("auteur", "tekst", False, 100),
    )),
]}


def soort_van_bestandsnaam(stam: str) -> Soort | None:
    """`declaraties_2024-05` and `Declaraties` are declaraties; the longest matching name wins."""
    stam = stam.lower()
    treffers = [s for s in SOORTEN.values() if stam.startswith(s.naam)]
    return max(treffers, key=lambda s: len(s.naam)) if treffers else None


def soort_van_kolommen(kolommen: list[str]) -> Soort | None:
    """The kind whose mandatory columns are all present (most specific first)."""
    aanwezig = {k.strip().lower() for k in kolommen}
    for soort in sorted(SOORTEN.values(), key=lambda s: -len(s.verplichte_kolommen)):
        if set(soort.verplichte_kolommen) <= aanwezig:
            return soort
    return None


SOORT_UITLEG = {
    "tekst": "tekst (zonder BSN)", "vrijetekst": "tekst zonder BSN (geen getal van 9 cijfers dat de 11-proef haalt)",
    "geheel": "geheel getal ≥ 0", "bedrag": "eurocent, geheel getal ≥ 0",
    "jaar": "jaartal", "datum": "datum JJJJ-MM-DD (of DD-MM-JJJJ)", "bsn": "BSN (11-proef)",
    "gemeente": "CBS-gemeentecode van de regio", "agb": "AGB-code (8 cijfers)", "segment": "segmentcode van de regio",
    "lastenpost": "postcode uit regio.yaml (begroting.posten)",
    "maat": "naam van een maat", "periode": "periode JJJJ, JJJJ-Qn of JJJJ-MM",
}


def _uitleg(k: Kolom) -> str:
    if k.soort.startswith("code:"):
        return f"iJw-codelijst {k.soort[5:]}"
    if k.soort.startswith("keuze:"):
        return "een van: " + ", ".join(f"`{w}`" for w in k.soort[6:].split("|"))
    tekst = SOORT_UITLEG[k.soort]
    return f"{tekst}, max. {k.max_lengte} tekens" if k.max_lengte else tekst


def als_markdown() -> str:
    """The specification as the reference part of docs/formats.md."""
    uit = []
    for s in SOORTEN.values():
        uit += [f"### `{s.naam}`", "", s.omschrijving, "", "| kolom | verplicht | waarde | toelichting |",
                "|---|---|---|---|"]
        uit += [f"| `{k.naam}` | {'ja' if k.verplicht else ''} | {_uitleg(k)} | {k.omschrijving} |"
                for k in s.kolommen]
        if s.rijregels:
            uit += ["", "Regels binnen een rij:", ""] + [f"- {r.reden}" for r in s.rijregels]
        uit.append("")
    return "\n".join(uit)
