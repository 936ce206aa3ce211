"""The iJw 3.2 messages as text templates, filled with str.format by synth/ijw/berichten.py.

Written with four spaces a level at the element's depth in the message (tabs in the output); the
prefix jwNNN is the message's own (jw301, ...). An optional element sits on its own line and is
filled only when it has a value (`optioneel`).
"""

from __future__ import annotations

import re

BERICHTCODE = {"JW301": "436", "JW305": "438", "JW307": "440", "JW315": "446", "JW317": "486", "JW319": "488",
               "JW323": "490", "JW325": "491"}
ACHTERNAMEN = (("Jong", "de"), ("Jansen", ""), ("Vries", "de"), ("Berg", "van den"), ("Dijk", "van"),
               ("Bakker", ""), ("Janssen", ""), ("Visser", ""), ("Smit", ""), ("Meijer", ""), ("Boer", "de"),
               ("Mulder", ""), ("Groot", "de"), ("Bos", ""), ("Vos", ""), ("Peters", ""), ("Hendriks", ""),
               ("Leeuwen", "van"), ("Dekker", ""), ("Brouwer", ""))


def _tabs(tekst: str, dieper: int = 0) -> str:
    return re.sub(r"(?m)^((?:    )*)(?=<)", lambda m: "\t" * (len(m[1]) // 4 + dieper), tekst)


def _sjabloon(soort: str, tekst: str, dieper: int = 0) -> str:
    return _tabs(tekst, dieper).replace("jwNNN", soort.lower())


def _per_soort(tekst: str, *soorten: str) -> dict[str, str]:
    return {s: _sjabloon(s, tekst) for s in soorten or BERICHTCODE}


def _element(soort: str, naam: str, diepte: int) -> str:
    """An optional element on its own line: format it with its value."""
    return _sjabloon(soort, f"\n{'    ' * diepte}<jwNNN:{naam}>{{}}</jwNNN:{naam}>")


def optioneel(sjabloon: str, waarde: str | None) -> str:
    """An optional element: its template filled with the value, or nothing."""
    return "" if waarde is None else sjabloon.format(waarde)


KOP = _per_soort("""<?xml version="1.0" encoding="UTF-8"?>
<jwNNN:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" \
xmlns:jwNNN="http://www.istandaarden.nl/ijw/3_2/jwNNN/schema">
    <jwNNN:Header>
        <jwNNN:BerichtCode>{code}</jwNNN:BerichtCode>
        <jwNNN:BerichtVersie>3</jwNNN:BerichtVersie>
        <jwNNN:BerichtSubversie>2</jwNNN:BerichtSubversie>
        <jwNNN:Afzender>{b.afzender}</jwNNN:Afzender>
        <jwNNN:Ontvanger>{b.ontvanger}</jwNNN:Ontvanger>
        <jwNNN:BerichtIdentificatie>
            <ijw:Identificatie>{b.identificatie}</ijw:Identificatie>
            <ijw:Dagtekening>{b.dagtekening}</ijw:Dagtekening>
        </jwNNN:BerichtIdentificatie>
        <jwNNN:XsdVersie>
            <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
            <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
        </jwNNN:XsdVersie>{b.kop}
    </jwNNN:Header>""")
SLOT = _per_soort("\n</jwNNN:Bericht>\n")
RETOURCODE = {d: _sjabloon("JW325", """
<jwNNN:RetourCodes>
    <jwNNN:RetourCode>{}</jwNNN:RetourCode>
</jwNNN:RetourCodes>""", d) for d in (2, 4, 6)}
KOP_JW325 = _sjabloon("JW325", """
        <jwNNN:DeclaratieIdentificatie>
            <ijw:Identificatie>{identificatie}</ijw:Identificatie>
            <ijw:Dagtekening>{dagtekening}</ijw:Dagtekening>
        </jwNNN:DeclaratieIdentificatie>
        <jwNNN:XsdVersieDeclaratie>
            <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
            <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
        </jwNNN:XsdVersieDeclaratie>""") + RETOURCODE[2].format("0200")

MET_CLIENTGEGEVENS = ("JW301", "JW305", "JW307", "JW315")
CLIENT = _per_soort("""
    <jwNNN:Client>
        <jwNNN:Bsn>{r.bsn}</jwNNN:Bsn>
        <jwNNN:Geboortedatum>
            <ijw:Datum>{r.geboortedatum}</ijw:Datum>
        </jwNNN:Geboortedatum>
        <jwNNN:Geslacht>{r.geslacht}</jwNNN:Geslacht>
        <jwNNN:Naam>{naam}
        </jwNNN:Naam>{contact}
        <jwNNN:{lijst}>{producten}
        </jwNNN:{lijst}>
    </jwNNN:Client>""", *MET_CLIENTGEGEVENS)
STRATEN = ("Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Julianastraat", "Beatrixstraat", "Wilhelminalaan",
           "Nieuwstraat", "Parallelweg", "Raadhuisplein")
# The BRP address: Soort 01 needs an Adres (CD034), and a Contact needs Huis and Postcode (TR006).
CONTACT_JW301 = _sjabloon("JW301", """
        <jwNNN:Contactgegevens>
            <jwNNN:Contact>
                <jwNNN:Soort>01</jwNNN:Soort>
                <jwNNN:Adres>
                    <ijw:Huis>
                        <ijw:Huisnummer>{huisnummer}</ijw:Huisnummer>
                    </ijw:Huis>
                    <ijw:Postcode>{postcode}</ijw:Postcode>
                    <ijw:Straatnaam>{straat}</ijw:Straatnaam>
                    <ijw:Plaatsnaam>{plaats}</ijw:Plaatsnaam>
                    <ijw:LandCode>NL</ijw:LandCode>
                </jwNNN:Adres>
            </jwNNN:Contact>
        </jwNNN:Contactgegevens>""")
LIJST = {"JW301": "ToegewezenProducten", "JW305": "StartProducten", "JW307": "StopProducten",
         "JW315": "AangevraagdeProducten"}


def _namen(volledig: bool) -> tuple[str, ...]:
    """The content of Naam per surname; NaamGebruik only where the message has a full name."""
    gebruik = "\n            <ijw:NaamGebruik>1</ijw:NaamGebruik>" if volledig else ""
    voorvoegsel = "\n                <ijw:Voorvoegsel>{}</ijw:Voorvoegsel>"
    return tuple(_tabs(f"""
            <ijw:Geslachtsnaam>
                <ijw:Achternaam>{naam}</ijw:Achternaam>{vv and voorvoegsel.format(vv)}
            </ijw:Geslachtsnaam>{gebruik}""") for naam, vv in ACHTERNAMEN)


NAAM = {s: _namen(s == "JW301") for s in MET_CLIENTGEGEVENS}
PRODUCT = _per_soort("""
                <jwNNN:Product>
                    <ijw:Categorie>{r.productcategorie}</ijw:Categorie>{code}
                </jwNNN:Product>""", *MET_CLIENTGEGEVENS)
CODE = _tabs("\n                    <ijw:Code>{}</ijw:Code>")
_OMVANG = """
                <jwNNN:Omvang>
                    <ijw:Volume>{r.volume}</ijw:Volume>
                    <ijw:Eenheid>{r.eenheid}</ijw:Eenheid>
                    <ijw:Frequentie>{r.frequentie}</ijw:Frequentie>
                </jwNNN:Omvang>"""
DIEPER = {"JW301": 0, "JW315": 0, "JW317": 1}  # TeWijzigenProduct lies a level deeper
OMVANG = {s: _sjabloon(s, _OMVANG, d) for s, d in DIEPER.items()}
BUDGET = {s: _element(s, "Budget", 4 + d) for s, d in DIEPER.items()}
EINDDATUM = {"JW301": _element("JW301", "Einddatum", 4), "JW315": _element("JW315", "ToewijzingEinddatum", 4),
             "JW317": _element("JW317", "Einddatum", 5)}

TOEGEWEZEN_PRODUCT = _sjabloon("JW301", """
            <jwNNN:ToegewezenProduct>
                <jwNNN:ToewijzingNummer>{r.toewijzingnummer}</jwNNN:ToewijzingNummer>{referentie}{product}
                <jwNNN:Toewijzingsdatum>{r.toewijzingsdatum}</jwNNN:Toewijzingsdatum>
                <jwNNN:Toewijzingstijd>09:00:00</jwNNN:Toewijzingstijd>
                <jwNNN:Ingangsdatum>{r.ingangsdatum}</jwNNN:Ingangsdatum>{einddatum}{reden}{omvang}
            </jwNNN:ToegewezenProduct>""")
REFERENTIE_JW301 = _element("JW301", "ReferentieAanbieder", 4)
REDEN_WIJZIGING = _element("JW301", "RedenWijziging", 4)
AANGEVRAAGD_PRODUCT = _sjabloon("JW315", """
            <jwNNN:AangevraagdProduct>
                <jwNNN:ReferentieAanbieder>{referentie}</jwNNN:ReferentieAanbieder>{product}
                <jwNNN:ToewijzingIngangsdatum>{r.ingangsdatum}</jwNNN:ToewijzingIngangsdatum>{einddatum}{omvang}
                <jwNNN:Verwijzer>
                    <ijw:Type>{r.verwijzer_type}</ijw:Type>{naam}
                </jwNNN:Verwijzer>
            </jwNNN:AangevraagdProduct>""")
VERWIJZER_NAAM = _tabs("\n                    <ijw:Naam>{}</ijw:Naam>")
START_PRODUCT = _sjabloon("JW305", """
            <jwNNN:StartProduct>
                <jwNNN:ToewijzingNummer>{r.toewijzingnummer}</jwNNN:ToewijzingNummer>{product}
                <jwNNN:ToewijzingIngangsdatum>{ingangsdatum}</jwNNN:ToewijzingIngangsdatum>
                <jwNNN:Begindatum>{r.begindatum}</jwNNN:Begindatum>
                <jwNNN:StatusAanlevering>1</jwNNN:StatusAanlevering>
            </jwNNN:StartProduct>""")
STOP_PRODUCT = _sjabloon("JW307", """
            <jwNNN:StopProduct>
                <jwNNN:ToewijzingNummer>{r.toewijzingnummer}</jwNNN:ToewijzingNummer>{product}
                <jwNNN:ToewijzingIngangsdatum>{ingangsdatum}</jwNNN:ToewijzingIngangsdatum>
                <jwNNN:Begindatum>{r.begindatum}</jwNNN:Begindatum>
                <jwNNN:RedenBeeindiging>{r.reden_beeindiging}</jwNNN:RedenBeeindiging>
                <jwNNN:Einddatum>{r.einddatum}</jwNNN:Einddatum>
                <jwNNN:StatusAanlevering>1</jwNNN:StatusAanlevering>
            </jwNNN:StopProduct>""")
JW317 = _sjabloon("JW317", """
    <jwNNN:Client>
        <jwNNN:Bsn>{r.bsn}</jwNNN:Bsn>
        <jwNNN:Verzoek>
            <jwNNN:ReferentieAanbieder>VW{r.toewijzingnummer}</jwNNN:ReferentieAanbieder>
            <jwNNN:RedenVerzoek>2</jwNNN:RedenVerzoek>
            <jwNNN:TeWijzigenProducten>
                <jwNNN:TeWijzigenProduct>
                    <jwNNN:ToewijzingNummer>{r.toewijzingnummer}</jwNNN:ToewijzingNummer>
                    <jwNNN:GewensteIngangsdatum>{r.ingangsdatum}</jwNNN:GewensteIngangsdatum>{einddatum}{omvang}
                </jwNNN:TeWijzigenProduct>
            </jwNNN:TeWijzigenProducten>
        </jwNNN:Verzoek>
    </jwNNN:Client>""")
JW319 = _sjabloon("JW319", """
    <jwNNN:Antwoord>
        <jwNNN:ReferentieAanbieder>{referentie}</jwNNN:ReferentieAanbieder>
        <jwNNN:VerzoekAntwoord>1</jwNNN:VerzoekAntwoord>
        <jwNNN:RedenAfwijzingVerzoek>{reden}</jwNNN:RedenAfwijzingVerzoek>
    </jwNNN:Antwoord>""")

JW323 = _sjabloon("JW323", """
    <jwNNN:Declaratie>
        <jwNNN:DeclaratieNummer>{nummer}</jwNNN:DeclaratieNummer>
        <jwNNN:DeclaratiePeriode>
            <ijw:Begindatum>{maand}-01</ijw:Begindatum>
            <ijw:Einddatum>{maandeinde}</ijw:Einddatum>
        </jwNNN:DeclaratiePeriode>
        <jwNNN:DeclaratieDagtekening>{dagtekening}</jwNNN:DeclaratieDagtekening>
        <jwNNN:TotaalIngediendBedrag>{totaal}
        </jwNNN:TotaalIngediendBedrag>{clienten}
    </jwNNN:Declaratie>""")
JW325 = _sjabloon("JW325", """
    <jwNNN:DeclaratieAntwoord>
        <jwNNN:DeclaratieNummer>{nummer}</jwNNN:DeclaratieNummer>
        <jwNNN:TotaalIngediendBedrag>{ingediend}
        </jwNNN:TotaalIngediendBedrag>
        <jwNNN:TotaalToegekendBedrag>{toegekend}
        </jwNNN:TotaalToegekendBedrag>{clienten}{retour}
    </jwNNN:DeclaratieAntwoord>""")
TOTAAL = _tabs("""
            <ijw:TotaalBedrag>{}</ijw:TotaalBedrag>
            <ijw:DebetCredit>{}</ijw:DebetCredit>""")
CLIENTEN = _per_soort("""
        <jwNNN:Clienten>{}
        </jwNNN:Clienten>""", "JW323", "JW325")
DECLARATIECLIENT = _per_soort("""
            <jwNNN:Client>
                <jwNNN:Bsn>{bsn}</jwNNN:Bsn>
                <jwNNN:Prestaties>{prestaties}
                </jwNNN:Prestaties>{retour}
            </jwNNN:Client>""", "JW323", "JW325")
PRESTATIE = _per_soort("""
                    <jwNNN:Prestatie>
                        <jwNNN:ProductReferentie>
                            <ijw:ReferentieNummer>{r.referentienummer}</ijw:ReferentieNummer>{vorig}
                        </jwNNN:ProductReferentie>
                        <jwNNN:ToewijzingNummer>{r.toewijzingnummer}</jwNNN:ToewijzingNummer>
                        <jwNNN:ProductCategorie>{r.productcategorie}</jwNNN:ProductCategorie>
                        <jwNNN:ProductCode>{r.productcode}</jwNNN:ProductCode>
                        <jwNNN:ProductPeriode>
                            <ijw:Begindatum>{r.periode_begin}</ijw:Begindatum>
                            <ijw:Einddatum>{r.periode_eind}</ijw:Einddatum>
                        </jwNNN:ProductPeriode>
                        <jwNNN:GeleverdVolume>{volume}</jwNNN:GeleverdVolume>
                        <jwNNN:Eenheid>{r.eenheid}</jwNNN:Eenheid>{tarief}
                        <jwNNN:IngediendBedrag>
                            <ijw:Bedrag>{r.bedrag_cent}</ijw:Bedrag>
                            <ijw:DebetCredit>{r.debet_credit}</ijw:DebetCredit>
                        </jwNNN:IngediendBedrag>{retour}
                    </jwNNN:Prestatie>""", "JW323", "JW325")
VORIG = _tabs("\n                            <ijw:VorigReferentieNummer>{}</ijw:VorigReferentieNummer>")
TARIEF = {s: _element(s, "ProductTarief", 6) for s in PRESTATIE}
