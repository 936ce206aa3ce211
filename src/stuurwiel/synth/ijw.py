"""The region as iJw 3.2 messages (docs/ijw.md, "Synthetic messages").

The messages are made from the exchange tables toewijzingen, zorgperioden and declaraties (the
columns of ingest.uitwisseling), not from the simulation, so any region's files become messages the
same way, and reading them back gives exactly the rows of those tables. What the tables do not say
(when a request was sent, which requests were refused, when a claim was answered) is drawn from
streams of the seed. Every message between a municipality and its providers lands in
<gemeentecode>/<JJJJ-MM>.zip by the month of its Dagtekening.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import shutil
import zipfile
from collections import Counter, defaultdict, namedtuple
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from operator import attrgetter
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stuurwiel.invoer.uitwisseling import SOORTEN
from stuurwiel.synth.schrijven import ALS_BERICHT, VAST_TIJDSTIP
from stuurwiel.synth.toeval import stroom

BERICHTCODE = {"JW301": "436", "JW305": "438", "JW307": "440", "JW315": "446", "JW317": "486", "JW319": "488",
               "JW323": "490", "JW325": "491"}
VAN_GEMEENTE = ("JW301", "JW319", "JW325")
ACHTERNAMEN = (("Jong", "de"), ("Jansen", ""), ("Vries", "de"), ("Berg", "van den"), ("Dijk", "van"),
               ("Bakker", ""), ("Janssen", ""), ("Visser", ""), ("Smit", ""), ("Meijer", ""), ("Boer", "de"),
               ("Mulder", ""), ("Groot", "de"), ("Bos", ""), ("Vos", ""), ("Peters", ""), ("Hendriks", ""),
               ("Leeuwen", "van"), ("Dekker", ""), ("Brouwer", ""))
KANS_GEWEIGERD_VERZOEK = 0.03
REDENEN_AFWIJZING_VERZOEK = ("2", "3", "4", "6", "7")
RETOURCODES_AFGEWEZEN = ("0611", "9307", "9308", "9321", "9341")
MAX_NUMMER = 999_999_999  # LDT_Nummer
MAX_BEDRAG = 99_999_999  # LDT_Bedrag, LDT_Budget and LDT_Volume
BEGRENSD = {"toewijzingen": ("volume", "budget_cent"),
            "declaraties": ("geleverd_volume", "tarief_cent", "bedrag_cent")}


# --- templates ------------------------------------------------------------------------------
# Written with four spaces a level at the element's depth in the message; the prefix jwNNN is
# the message's own (jw301, ...).

def _tabs(tekst: str, dieper: int = 0) -> str:
    return re.sub(r"(?m)^((?:    )*)(?=<)", lambda m: "\t" * (len(m[1]) // 4 + dieper), tekst)


def _sjabloon(soort: str, tekst: str, dieper: int = 0) -> str:
    return _tabs(tekst, dieper).replace("jwNNN", soort.lower())


def _per_soort(tekst: str, *soorten: str) -> dict[str, str]:
    return {s: _sjabloon(s, tekst) for s in soorten or BERICHTCODE}


def _element(soort: str, naam: str, diepte: int) -> str:
    """An optional element on its own line: format it with its value."""
    return _sjabloon(soort, f"\n{'    ' * diepte}<jwNNN:{naam}>{{}}</jwNNN:{naam}>")


def _of(sjabloon: str, waarde: str | None) -> str:
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
CONTACT_JW301 = _sjabloon("JW301", """
        <jwNNN:Contactgegevens>
            <jwNNN:Contact>
                <jwNNN:Soort>01</jwNNN:Soort>
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
                        <jwNNN:GeleverdVolume>{r.geleverd_volume}</jwNNN:GeleverdVolume>
                        <jwNNN:Eenheid>{r.eenheid}</jwNNN:Eenheid>{tarief}
                        <jwNNN:IngediendBedrag>
                            <ijw:Bedrag>{r.bedrag_cent}</ijw:Bedrag>
                            <ijw:DebetCredit>{r.debet_credit}</ijw:DebetCredit>
                        </jwNNN:IngediendBedrag>{retour}
                    </jwNNN:Prestatie>""", "JW323", "JW325")
VORIG = _tabs("\n                            <ijw:VorigReferentieNummer>{}</ijw:VorigReferentieNummer>")
TARIEF = {s: _element(s, "ProductTarief", 6) for s in PRESTATIE}


# --- messages of one municipality -------------------------------------------------------------

@dataclass
class Bericht:
    soort: str
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: str
    inhoud: str
    kop: str = ""  # what the header holds beyond the common part

    @property
    def naam(self) -> str:
        return f"{self.soort}_{self.afzender}_{self.ontvanger}_{self.identificatie}.xml"

    def tekst(self) -> str:
        return KOP[self.soort].format(code=BERICHTCODE[self.soort], b=self) + self.inhoud + SLOT[self.soort]


class Gemeente:
    """Collects the messages between one municipality and its providers. Identificaties are the
    gemeentecode and a running number per type: unique in the region, made without the others."""

    def __init__(self, code: str, seed: int, peildatum: str):
        self.code, self.seed, self.peildatum = code, seed, peildatum
        self.berichten: list[Bericht] = []
        self.aantal: Counter[str] = Counter()

    def toeval(self, doel: str) -> np.random.Generator:
        return stroom(self.seed, "ijw", doel, self.code)

    def stuur(self, soort: str, aanbieder: str, dagtekening: str, inhoud: str, kop: str = "") -> str:
        self.aantal[soort] += 1
        identificatie = f"{self.code}{self.aantal[soort]:08d}"
        partijen = (self.code, aanbieder) if soort in VAN_GEMEENTE else (aanbieder, self.code)
        self.berichten.append(Bericht(soort, *partijen, identificatie, dagtekening, inhoud, kop))
        return identificatie


def _dag(datum: str, dagen: int) -> str:
    return (dt.date.fromisoformat(datum) + dt.timedelta(days=int(dagen))).isoformat()


def _groepeer(rijen: Iterable, sleutel: Callable) -> dict[tuple, list]:
    """Rows per key, keys sorted, rows in their order."""
    groepen: dict[tuple, list] = defaultdict(list)
    for r in rijen:
        groepen[sleutel(r)].append(r)
    return dict(sorted(groepen.items()))


def _clientdeel(soort: str, r, producten: str) -> str:
    naam = NAAM[soort][int(r.bsn) % len(ACHTERNAMEN)]
    return CLIENT[soort].format(r=r, naam=naam, contact=CONTACT_JW301 if soort == "JW301" else "",
                                lijst=LIJST[soort], producten=producten)


def _product(soort: str, r) -> str:
    return PRODUCT[soort].format(r=r, code=_of(CODE, r.productcode))


def _omvang(soort: str, r) -> str:
    if r.volume is not None:
        return OMVANG[soort].format(r=r)
    return _of(BUDGET[soort], r.budget_cent)


# --- allocations and requests ---------------------------------------------------------------

def _met_verzoek(r) -> bool:
    """A first version that answers a request (JW315); 01 without a name was allocated by the
    municipality on its own."""
    return r.verwijzer_type is not None and not (r.verwijzer_type == "01" and r.verwijzer_naam is None)


def _referentie(r) -> str | None:
    if r.reden_wijziging is None:
        if r.verwijzer_type is None:  # a request the archive does not hold: the referrer stays unknown
            return f"ONB{r.toewijzingnummer}"
        return f"VZ{r.toewijzingnummer}" if _met_verzoek(r) else None
    return f"VW{r.toewijzingnummer}" if r.reden_wijziging == "04" else None


def toewijzingen(g: Gemeente, rijen: list) -> None:
    """JW315 and JW319 (requests, a few refused), JW301 (allocations) and JW317 (extensions)."""
    toewijzing = _groepeer(rijen, attrgetter("toewijzingsdatum", "agb_code", "bsn"))
    verzoeken: dict[tuple, list] = defaultdict(list)
    vooraf = g.toeval("verzoekdatum").integers(1, 15, len(toewijzing))
    for ((datum, agb, bsn), groep), dagen in zip(toewijzing.items(), vooraf, strict=True):
        for r in groep:
            if r.reden_wijziging is None and _met_verzoek(r):
                verzoeken[_dag(datum, -dagen), agb, bsn].append((f"VZ{r.toewijzingnummer}", r))
    _geweigerd(g, verzoeken)
    for (dag, agb, _), groep in sorted(verzoeken.items()):
        producten = "".join(AANGEVRAAGD_PRODUCT.format(
            r=r, referentie=ref, product=_product("JW315", r), einddatum=_of(EINDDATUM["JW315"], r.einddatum),
            omvang=_omvang("JW315", r), naam=_of(VERWIJZER_NAAM, r.verwijzer_naam)) for ref, r in groep)
        g.stuur("JW315", agb, dag, _clientdeel("JW315", groep[0][1], producten))
    for (datum, agb, _), groep in toewijzing.items():
        producten = "".join(TOEGEWEZEN_PRODUCT.format(
            r=r, referentie=_of(REFERENTIE_JW301, _referentie(r)), product=_product("JW301", r),
            einddatum=_of(EINDDATUM["JW301"], r.einddatum), reden=_of(REDEN_WIJZIGING, r.reden_wijziging),
            omvang=_omvang("JW301", r)) for r in sorted(groep, key=lambda r: int(r.toewijzingnummer)))
        g.stuur("JW301", agb, datum, _clientdeel("JW301", groep[0], producten))
    toegewezen = {r.toewijzingnummer: r.toewijzingsdatum for r in rijen if r.reden_wijziging is None}
    verlengd = sorted((r for r in rijen if r.reden_wijziging == "04"),
                      key=lambda r: (r.toewijzingsdatum, r.agb_code, int(r.toewijzingnummer)))
    for r, vooraf in zip(verlengd, g.toeval("verlengingsverzoek").integers(1, 11, len(verlengd)), strict=True):
        inhoud = JW317.format(r=r, einddatum=_of(EINDDATUM["JW317"], r.einddatum), omvang=_omvang("JW317", r))
        # never before the allocation it extends
        dag = max(_dag(r.toewijzingsdatum, -vooraf), toegewezen.get(r.toewijzingnummer, ""))
        g.stuur("JW317", r.agb_code, dag, inhoud)


def _geweigerd(g: Gemeente, verzoeken: dict[tuple, list]) -> None:
    """About 3 % of the requests follow an earlier request for the same care that was refused:
    that one (ReferentieAanbieder VA…) joins the requests, its refusal is a JW319."""
    alle = [(dag, agb, bsn, r) for (dag, agb, bsn), groep in sorted(verzoeken.items()) for _, r in groep]
    rng = g.toeval("geweigerd")
    gekozen = [alle[i] for i in np.flatnonzero(rng.random(len(alle)) < KANS_GEWEIGERD_VERZOEK)]
    n = len(gekozen)
    eerder, antwoord, reden = rng.integers(5, 21, n), rng.integers(1, 5, n), rng.integers(0, 5, n)
    antwoorden = []
    for (dag, agb, bsn, r), e, a, k in zip(gekozen, eerder, antwoord, reden, strict=True):
        verzocht = _dag(dag, -e)
        verzoeken[verzocht, agb, bsn].append((f"VA{r.toewijzingnummer}", r))
        antwoorden.append((_dag(verzocht, a), agb, f"VA{r.toewijzingnummer}", REDENEN_AFWIJZING_VERZOEK[k]))
    for dag, agb, ref, k in sorted(antwoorden):
        g.stuur("JW319", agb, dag, JW319.format(referentie=ref, reden=k))


# --- care periods -----------------------------------------------------------------------------

def zorgperioden(g: Gemeente, rijen: list, toewijzingrijen: list) -> None:
    """JW305 per start, JW307 per stop, per provider, client and day."""
    toewijzing = {r.toewijzingnummer: r for r in toewijzingrijen}
    ontbreekt = next((r.toewijzingnummer for r in rijen if r.toewijzingnummer not in toewijzing), None)
    if ontbreekt is not None:
        raise ValueError(f"zorgperioden: toewijzing {ontbreekt} van gemeente {g.code} staat niet in toewijzingen")
    gestopt = [r for r in rijen if r.einddatum is not None]
    for soort, deel, sjabloon, datum in (("JW305", rijen, START_PRODUCT, "begindatum"),
                                         ("JW307", gestopt, STOP_PRODUCT, "einddatum")):
        for (dag, agb, _), groep in _groepeer(deel, attrgetter(datum, "agb_code", "bsn")).items():
            producten = "".join(sjabloon.format(r=r, product=_product(soort, r),
                                                ingangsdatum=toewijzing[r.toewijzingnummer].ingangsdatum)
                                for r in groep)
            g.stuur(soort, agb, dag, _clientdeel(soort, toewijzing[groep[0].toewijzingnummer], producten))


# --- claims and their answers -----------------------------------------------------------------

def _saldo(rijen: Iterable) -> int:
    return sum(-int(r.bedrag_cent) if r.debet_credit == "C" else int(r.bedrag_cent) for r in rijen)


def _laatste_dag(maand: str) -> str:
    jaar, m = map(int, maand.split("-"))
    return f"{maand}-{calendar.monthrange(jaar, m)[1]:02d}"


def _totaal(saldo: int) -> str:
    return TOTAAL.format(abs(saldo), "D" if saldo >= 0 else "C")


def _clienten(soort: str, rijen: list, retour: Callable[[], str] | None = None) -> str:
    """Clienten: per BSN in order of first appearance, its lines in their order; `retour` gives
    each line's RetourCodes (JW325)."""
    per_bsn: dict[str, list] = defaultdict(list)
    for r in rijen:
        per_bsn[r.bsn].append(r)
    clientretour = RETOURCODE[4].format("0200") if retour else ""
    return CLIENTEN[soort].format("".join(
        DECLARATIECLIENT[soort].format(bsn=bsn, retour=clientretour, prestaties="".join(
            PRESTATIE[soort].format(r=r, vorig=_of(VORIG, r.vorig_referentienummer),
                                    tarief=_of(TARIEF[soort], r.tarief_cent), retour=retour() if retour else "")
            for r in groep))
        for bsn, groep in per_bsn.items()))


def declaraties(g: Gemeente, rijen: list) -> None:
    """JW323 per provider, service month, claim date and whether it is decided; JW325 answers
    every decided one, listing the rejected lines."""
    declaratie = _groepeer(rijen, lambda r: (r.declaratiedatum, r.agb_code, r.periode_begin[:7],
                                             r.status == "ingediend"))
    rng = g.toeval("declaratieantwoord")
    later = rng.integers(1, 21, len(declaratie))
    codes = iter(rng.integers(0, len(RETOURCODES_AFGEWEZEN), sum(r.status == "afgewezen" for r in rijen)))
    for i, (((datum, agb, maand, ingediend), groep), na) in enumerate(zip(declaratie.items(), later, strict=True)):
        nummer = f"D{g.code}{i + 1:07d}"
        saldo = _saldo(groep)
        inhoud = JW323.format(nummer=nummer, maand=maand, maandeinde=_laatste_dag(maand), dagtekening=datum,
                              totaal=_totaal(saldo), clienten=_clienten("JW323", groep))
        identificatie = g.stuur("JW323", agb, datum, inhoud)
        if ingediend:
            continue
        afgewezen = [r for r in groep if r.status == "afgewezen"]
        inhoud = JW325.format(
            nummer=nummer, ingediend=_totaal(saldo), toegekend=_totaal(saldo - _saldo(afgewezen)),
            clienten=_clienten("JW325", afgewezen, lambda: RETOURCODE[6].format(RETOURCODES_AFGEWEZEN[next(codes)]))
            if afgewezen else "", retour=RETOURCODE[2].format("0200" if afgewezen else "8001"))
        kop = KOP_JW325.format(identificatie=identificatie, dagtekening=datum)
        g.stuur("JW325", agb, min(_dag(datum, na), g.peildatum), inhoud, kop)


# --- writing ----------------------------------------------------------------------------------

RIJ = {naam: namedtuple(naam, [k.naam for k in SOORTEN[naam].kolommen]) for naam in ALS_BERICHT}


def schrijf(map_: Path, tabellen: dict[str, pa.Table], *, seed: int, peildatum: dt.date) -> tuple[Counter[str], int]:
    """Write the messages of toewijzingen, zorgperioden and declaraties under map_ (emptied first):
    (messages per type, archives). Municipalities are written side by side in new processes, so a
    script that calls this needs the `if __name__ == "__main__":` guard."""
    for naam, tabel in tabellen.items():
        _controleer(naam, tabel)
    if map_.exists():
        shutil.rmtree(map_)
    codes = set().union(*(pc.unique(t["gemeentecode"]).to_pylist() for t in tabellen.values()))
    taken = [(map_ / code, code, seed, peildatum.isoformat(),
              {naam: t.filter(pc.equal(t["gemeentecode"], code)) for naam, t in tabellen.items()})
             for code in codes]
    taken.sort(key=lambda taak: -sum(t.num_rows for t in taak[4].values()))  # the largest first: even load
    berichten: Counter[str] = Counter()
    archieven = 0
    # Municipalities are independent (their own folder and numbers): one process per core. Spawned,
    # not forked: the parent has threads (Arrow's, the progress bar's).
    processen = max(1, min(os.cpu_count() or 1, len(taken)))
    with ProcessPoolExecutor(processen, mp_context=get_context("spawn")) as pool:
        for aantal, zips in pool.map(_gemeente, taken):
            berichten.update(aantal)
            archieven += zips
    return Counter(dict(sorted(berichten.items()))), archieven


def _gemeente(taak: tuple) -> tuple[Counter[str], int]:
    map_, code, seed, peildatum, tabellen = taak
    g = Gemeente(code, seed, peildatum)
    rijen = {naam: _rijen(naam, tabel) for naam, tabel in tabellen.items()}
    toewijzingen(g, rijen["toewijzingen"])
    zorgperioden(g, rijen["zorgperioden"], rijen["toewijzingen"])
    declaraties(g, rijen["declaraties"])
    return g.aantal, _archiveer(map_, g.berichten)


def _rijen(naam: str, tabel: pa.Table) -> list:
    """The rows as text (dates JJJJ-MM-DD, empty None), free text escaped for XML."""
    soort = SOORTEN[naam]
    kolommen = []
    for k in RIJ[naam]._fields:
        waarden = pc.cast(tabel[k], pa.string()).to_pylist()
        if soort.kolom(k).soort == "tekst":
            waarden = [w if w is None else escape(w) for w in waarden]
        kolommen.append(waarden)
    return list(map(RIJ[naam]._make, zip(*kolommen, strict=True)))


def _controleer(naam: str, tabel: pa.Table) -> None:
    """What iJw cannot carry: a toewijzingnummer that is no whole number up to 999999999, an
    amount, volume or budget above 99999999."""
    nummer = tabel["toewijzingnummer"]
    fout = pc.invert(pc.match_substring_regex(nummer, r"^(0|[1-9][0-9]{0,8})$"))
    if pc.any(fout).as_py():
        raise ValueError(f"{naam}: toewijzingnummer '{nummer.filter(fout)[0]}' past niet in iJw: een "
                         f"toewijzingnummer is een geheel getal van 0 tot en met {MAX_NUMMER}")
    for kolom in BEGRENSD.get(naam, ()):
        hoogste = pc.max(tabel[kolom]).as_py()
        if hoogste is not None and hoogste > MAX_BEDRAG:
            raise ValueError(f"{naam}: {kolom} {hoogste} past niet in iJw (hoogstens {MAX_BEDRAG})")


def _archiveer(map_: Path, berichten: list[Bericht]) -> int:
    """One zip per month of Dagtekening, members sorted by name, no timestamps."""
    per_maand: dict[str, list[Bericht]] = defaultdict(list)
    for b in berichten:
        per_maand[b.dagtekening[:7]].append(b)
    map_.mkdir(parents=True, exist_ok=True)
    for maand, lijst in per_maand.items():
        with zipfile.ZipFile(map_ / f"{maand}.zip", "w", zipfile.ZIP_DEFLATED) as z:
            for b in sorted(lijst, key=lambda b: b.naam):
                info = zipfile.ZipInfo(b.naam, VAST_TIJDSTIP)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, b.tekst().encode("utf-8"))
    return len(per_maand)
