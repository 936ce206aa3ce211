"""The iJw 3.2 rules that can be checked on one message, by their official codes.

Every technical rule of the XSLT level (TR) and every condition (CD) and constraint (CS) of the
Zorginstituut, written from its text in ../shared/reference/ijw-3.2/regels/ and applied at every
technical path listed for it. A breach is answered with the general return code 0001 (IV028).
The restrictions (RS) are the XSD's and are checked there. Where a text leaves the element
open, docs/ijw.md says how it is read here.

A message reaches these checks only after it passed its XSD, so every required element is
there and every value has its type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from lxml import etree

from stuurwiel.invoer.ijw.xsd import BERICHTEN, elementpad
from stuurwiel.privacy.bsn import is_geldig_bsn

ALGEMENE_RETOURCODE = "0001"  # "Bericht is afgekeurd om technische redenen" (IV028)
IJW = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
EIND_2020 = dt.date(2020, 12, 31)
BEGIN_2021 = dt.date(2021, 1, 1)
VERWIJZERS_MET_CODE = {"02", "03", "04", "05"}
POSTCODE_NL = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
ALFANUMERIEK = re.compile(r"[A-Za-z0-9]+")
# DeclaratieAntwoord codes that reject nothing: no remarks (0200), fully awarded (8001, IV087)
NIET_AFGEKEURD = {"0200", "8001"}

Gevonden = Iterator[tuple[etree._Element | str, str]]  # (element, or the path of a missing one; Dutch text)


@dataclass(frozen=True)
class Regel:
    code: str
    retourcode: str
    wat: str  # what it checks, in Dutch
    berichten: tuple[str, ...]


@dataclass(frozen=True)
class Bevinding:
    """One breach: the rule's code (or XSD), its return code, where, and what is wrong."""
    regel: str
    retourcode: str | None
    pad: str
    melding: str
    regelnummer: int | None = None


REGELS: dict[str, Regel] = {}
_CONTROLES: dict[str, list[tuple[str, Callable[[Inhoud], Gevonden]]]] = {}


def regel(code: str, wat: str, *berichten: str) -> Callable:
    def registreer(controle: Callable[[Inhoud], Gevonden]) -> Callable[[Inhoud], Gevonden]:
        REGELS[code] = Regel(code, ALGEMENE_RETOURCODE, wat, berichten)
        for soort in berichten:
            _CONTROLES.setdefault(soort, []).append((code, controle))
        return controle
    return registreer


class Inhoud:
    """A parsed message that passed its XSD; paths use `m:` for the message's namespace, `i:` for
    the basisschema's."""

    def __init__(self, hoofdelement: etree._Element, soort: str):
        self.hoofdelement, self.soort = hoofdelement, soort
        self.ns = {"m": BERICHTEN[soort], "i": IJW}
        # Every element's children by tag, in one walk, and every path and text asked once: the rules ask
        # the same few paths many times, and ElementPath would parse each and walk again.
        self._kinderen: dict[etree._Element, dict[str, list[etree._Element]]] = {}
        for el in hoofdelement.iter(etree.Element):
            self._kinderen.setdefault(el.getparent(), {}).setdefault(el.tag, []).append(el)
        self._gevonden: dict[tuple[etree._Element, str], list[etree._Element]] = {}
        self._teksten: dict[tuple[etree._Element, str], str | None] = {}
        self.dagtekening = self.datum(hoofdelement, "m:Header/m:BerichtIdentificatie/i:Dagtekening")

    def alle(self, pad: str, el: etree._Element | None = None) -> list[etree._Element]:
        sleutel = (self.hoofdelement if el is None else el, pad)
        gevonden = self._gevonden.get(sleutel)
        if gevonden is None:
            gevonden = [sleutel[0]]
            for tag in _stappen(pad, self.ns["m"]):
                gevonden = [kind for ouder in gevonden for kind in self._kinderen.get(ouder, {}).get(tag, ())]
            self._gevonden[sleutel] = gevonden
        return gevonden

    def een(self, el: etree._Element, pad: str) -> etree._Element | None:
        gevonden = self.alle(pad, el)
        return gevonden[0] if gevonden else None

    def tekst(self, el: etree._Element | None, pad: str) -> str | None:
        if el is None:
            return None
        sleutel = (el, pad)
        if sleutel not in self._teksten:
            gevonden = self.een(el, pad)
            tekst = None if gevonden is None else gevonden.text
            self._teksten[sleutel] = tekst.strip() or None if tekst else None
        return self._teksten[sleutel]

    def getal(self, el: etree._Element, pad: str) -> int | None:
        tekst = self.tekst(el, pad)
        return None if tekst is None else int(tekst)

    def datum(self, el: etree._Element | None, pad: str) -> dt.date | None:
        """A date, or None when absent or outside what Python's dates hold (years 1-9999)."""
        tekst = self.tekst(el, pad)
        try:
            return dt.date.fromisoformat(tekst[:10]) if tekst and len(tekst) >= 10 else None
        except ValueError:
            return None


@cache
def _stappen(pad: str, namespace: str) -> tuple[str, ...]:
    """A path of `m:` and `i:` steps (or ".") as the tags of its steps."""
    prefix = {"m": namespace, "i": IJW}
    return tuple(f"{{{prefix[stap[0]]}}}{stap[2:]}" for stap in pad.split("/") if stap != ".")


def controleer(hoofdelement: etree._Element, soort: str) -> list[Bevinding]:
    """Every breach of the rules that apply to this message code, in rule order."""
    controles = _CONTROLES.get(soort)
    if not controles:
        return []
    inhoud = Inhoud(hoofdelement, soort)
    uit = []
    for code, controle in controles:
        for plaats, melding in controle(inhoud):
            if isinstance(plaats, str):
                uit.append(Bevinding(code, ALGEMENE_RETOURCODE, plaats, melding))
            else:
                uit.append(Bevinding(code, ALGEMENE_RETOURCODE, elementpad(plaats), melding, plaats.sourceline))
    return uit


def _ontbreekt(el: etree._Element, naam: str) -> str:
    return f"{elementpad(el)}/{naam}"


def _jaren_terug(datum: dt.date, jaren: int) -> dt.date:
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year - jaren, day=28)


# --- where the elements are --------------------------------------------------------------

_GEBOORTEDATUMS = {"JW301": ("m:Client/m:Geboortedatum", "m:Client/m:Relaties/m:Relatie/m:Geboortedatum"),
                   **{s: ("m:Client/m:Geboortedatum",) for s in ("JW305", "JW307", "JW315")}}
_CONTACTEN = ("m:Client/m:Contactgegevens/m:Contact", "m:Client/m:Relaties/m:Relatie/m:Contact")
_NAMEN = ("m:Client/m:Naam", "m:Client/m:Relaties/m:Relatie/m:Naam")
_VERZOEK = "m:Client/m:Verzoek/"


@dataclass(frozen=True)
class _Soortproduct:
    """Products that carry a period, a product, a volume or a budget."""
    pad: str
    ingang: str
    eind: str
    nieuw: bool = True  # False for a TeWijzigenProduct: its product is the allocated one


_PRODUCTEN = {
    "JW301": (_Soortproduct("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", "Ingangsdatum", "Einddatum"),),
    "JW315": (_Soortproduct("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct", "ToewijzingIngangsdatum",
                            "ToewijzingEinddatum"),),
    "JW317": (_Soortproduct(_VERZOEK + "m:NieuweProducten/m:NieuwProduct", "GewensteIngangsdatum", "Einddatum"),
              _Soortproduct(_VERZOEK + "m:TeWijzigenProducten/m:TeWijzigenProduct", "GewensteIngangsdatum",
                            "Einddatum", nieuw=False)),
}


def _producten(b: Inhoud, alleen_nieuw: bool = False) -> Iterator[tuple[etree._Element, _Soortproduct]]:
    for sp in _PRODUCTEN.get(b.soort, ()):
        if sp.nieuw or not alleen_nieuw:
            for el in b.alle(sp.pad):
                yield el, sp


_PRESTATIES = "m:Declaratie/m:Clienten/m:Client/m:Prestaties/m:Prestatie"
_ANTWOORDPRESTATIES = "m:DeclaratieAntwoord/m:Clienten/m:Client/m:Prestaties/m:Prestatie"


def _prestaties(b: Inhoud) -> list[etree._Element]:
    return b.alle(_PRESTATIES if b.soort == "JW323" else _ANTWOORDPRESTATIES)


# --- header and client ------------------------------------------------------------------

_HEENBERICHTEN = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325")


@regel("CS015", "BerichtSubversie is 2", *_HEENBERICHTEN)
def _cs015(b: Inhoud) -> Gevonden:
    el = b.een(b.hoofdelement, "m:Header/m:BerichtSubversie")
    if b.tekst(el, ".") != "2":
        yield el, "BerichtSubversie moet 2 zijn (iJw 3.2)"


@regel("CS025", "BerichtVersie is 3", *_HEENBERICHTEN)
def _cs025(b: Inhoud) -> Gevonden:
    el = b.een(b.hoofdelement, "m:Header/m:BerichtVersie")
    if b.tekst(el, ".") != "3":
        yield el, "BerichtVersie moet 3 zijn (iJw 3.2)"


@regel("CS002", "Bsn voldoet aan de 11-proef", "JW301", "JW305", "JW307", "JW315", "JW317", "JW323", "JW325")
def _cs002(b: Inhoud) -> Gevonden:
    for el in b.hoofdelement.iter(f"{{{b.ns['m']}}}Bsn"):
        if not is_geldig_bsn((el.text or "").strip()):
            yield el, "het BSN voldoet niet aan de 11-proef"


@regel("TR002", "Geboortedatum ligt niet meer dan 120 jaar voor de Dagtekening, tenzij onbekend",
       "JW301", "JW305", "JW307", "JW315")
def _tr002(b: Inhoud) -> Gevonden:
    if b.dagtekening is None:
        return
    grens = _jaren_terug(b.dagtekening, 120)
    for pad in _GEBOORTEDATUMS[b.soort]:
        for el in b.alle(pad):
            datum = b.datum(el, "i:Datum")
            onbekend = b.tekst(el, "i:DatumGebruik") == "3" and datum == dt.date(1900, 1, 1)
            if datum is not None and datum < grens and not onbekend:
                yield b.een(el, "i:Datum"), f"geboortedatum {datum} ligt meer dan 120 jaar voor de dagtekening"


@regel("CS139", "DatumGebruik en Datum van Geboortedatum zijn met elkaar in overeenstemming",
       "JW301", "JW305", "JW307", "JW315")
def _cs139(b: Inhoud) -> Gevonden:
    for pad in _GEBOORTEDATUMS[b.soort]:
        for el in b.alle(pad):
            gebruik, datum = b.tekst(el, "i:DatumGebruik"), b.datum(el, "i:Datum")
            if datum is None or gebruik is None:
                continue
            klopt = {"1": datum.day == 1, "2": (datum.month, datum.day) == (1, 1),
                     "3": datum == dt.date(1900, 1, 1)}.get(gebruik, True)
            if not klopt:
                yield b.een(el, "i:DatumGebruik"), (f"DatumGebruik {gebruik} past niet bij geboortedatum {datum} "
                                                    "(1: dag 01, 2: 1 januari, 3: 1900-01-01)")


@regel("TR134", "een datum bestaat en ligt niet na de Dagtekening",
       "JW301", "JW305", "JW307", "JW315", "JW323", "JW325")
def _tr134(b: Inhoud) -> Gevonden:
    if b.dagtekening is None:
        return
    paden = [f"{p}/i:Datum" for p in _GEBOORTEDATUMS.get(b.soort, ())] + {
        "JW301": ["m:Client/m:ToegewezenProducten/m:ToegewezenProduct/m:Toewijzingsdatum"],
        "JW305": ["m:Client/m:StartProducten/m:StartProduct/m:Begindatum"],
        "JW307": ["m:Client/m:StopProducten/m:StopProduct/m:Begindatum",
                  "m:Client/m:StopProducten/m:StopProduct/m:Einddatum"],
        "JW323": ["m:Declaratie/m:DeclaratiePeriode/i:Begindatum", f"{_PRESTATIES}/m:ProductPeriode/i:Begindatum"],
        "JW325": [f"{_ANTWOORDPRESTATIES}/m:ProductPeriode/i:Begindatum"],
    }.get(b.soort, [])
    for pad in paden:
        for el in b.alle(pad):
            datum = b.datum(el, ".")
            if datum is not None and datum > b.dagtekening:
                yield el, f"datum {datum} ligt na de dagtekening van het bericht ({b.dagtekening})"


# --- JW301: contact details, names, communication -----------------------------------------

@regel("TR006", "een Contact heeft Telefoon en/of Huis en Postcode", "JW301")
def _tr006(b: Inhoud) -> Gevonden:
    for pad in _CONTACTEN:
        for el in b.alle(pad):
            adres = b.een(el, "m:Adres")
            volledig = adres is not None and b.een(adres, "i:Huis") is not None and b.tekst(adres, "i:Postcode")
            if b.een(el, "m:Telefoon") is None and not volledig:
                yield el, "een contact heeft een telefoonnummer nodig, of een adres met huisnummer en postcode"


@regel("TR061", "de Client heeft een BRP-, correspondentie- of verblijfadres (Soort 01, 02 of 03)", "JW301")
def _tr061(b: Inhoud) -> Gevonden:
    soorten = {b.tekst(el, "m:Soort") for el in b.alle(_CONTACTEN[0])}
    if not soorten & {"01", "02", "03"}:
        yield b.een(b.hoofdelement, "m:Client/m:Contactgegevens"), \
            "de cliënt heeft geen contact met soort 01 (BRP-adres), 02 (correspondentieadres) of 03 (verblijfadres)"


@regel("CD005", "Huis is gevuld als Postcode gevuld is, anders leeg", "JW301")
def _cd005(b: Inhoud) -> Gevonden:
    for adres in _adressen(b):
        huis, postcode = b.een(adres, "i:Huis"), b.tekst(adres, "i:Postcode")
        if postcode and huis is None:
            yield _ontbreekt(adres, "Huis"), "met een postcode hoort een huisnummer (Huis)"
        elif huis is not None and not postcode:
            yield huis, "Huis mag alleen gevuld zijn als de postcode gevuld is"


@regel("CD025", "Postcode is gevuld als LandCode NL is", "JW301")
def _cd025(b: Inhoud) -> Gevonden:
    for adres in _adressen(b):
        if b.tekst(adres, "i:LandCode") == "NL" and not b.tekst(adres, "i:Postcode"):
            yield _ontbreekt(adres, "Postcode"), "een adres in Nederland (LandCode NL) heeft een postcode nodig"


@regel("CS089", "bij LandCode NL heeft Postcode de vorm van een Nederlandse postcode (1234AB)", "JW301")
def _cs089(b: Inhoud) -> Gevonden:
    for adres in _adressen(b):
        postcode = b.tekst(adres, "i:Postcode")
        if b.tekst(adres, "i:LandCode") == "NL" and postcode and not POSTCODE_NL.fullmatch(postcode):
            yield b.een(adres, "i:Postcode"), f"postcode {postcode} is geen Nederlandse postcode (1234AB)"


@regel("CD034", "Straatnaam en Plaatsnaam zijn gevuld bij een BRP- of verblijfadres (Soort 01 of 03)", "JW301")
def _cd034(b: Inhoud) -> Gevonden:
    for pad in _CONTACTEN:
        for contact in b.alle(pad):
            if b.tekst(contact, "m:Soort") not in ("01", "03"):
                continue
            adres = b.een(contact, "m:Adres")
            for naam in ("Straatnaam", "Plaatsnaam"):
                if adres is None or not b.tekst(adres, f"i:{naam}"):
                    plaats = _ontbreekt(contact, "Adres") + f"/{naam}"
                    yield plaats, f"een BRP- of verblijfadres heeft een {naam.lower()} nodig"


@regel("CD009", "Periode van een Contact alleen bij een tijdelijk adres (Soort 04)", "JW301")
def _cd009(b: Inhoud) -> Gevonden:
    for pad in _CONTACTEN:
        for contact in b.alle(pad):
            periode = b.een(contact, "m:Periode")
            if periode is not None and b.tekst(contact, "m:Soort") != "04":
                yield periode, "een periode mag alleen bij een tijdelijk adres (soort 04)"


def _adressen(b: Inhoud) -> Iterator[etree._Element]:
    for pad in _CONTACTEN:
        yield from b.alle(f"{pad}/m:Adres")


@regel("CD007", "Taal is gevuld als Communicatie/Vorm 1 (tolk taal) is, anders leeg", "JW301")
def _cd007(b: Inhoud) -> Gevonden:
    for el in b.alle("m:Client/m:Communicatie"):
        tolk, taal = b.tekst(el, "i:Vorm") == "1", b.een(el, "i:Taal")
        if tolk and taal is None:
            yield _ontbreekt(el, "Taal"), "bij een tolk (vorm 1) hoort de taal"
        elif not tolk and taal is not None:
            yield taal, "een taal hoort alleen bij een tolk (vorm 1)"


@regel("CS050", "NaamGebruik 1-4 met Partnernaam, anders 1 of 6", "JW301")
def _cs050(b: Inhoud) -> Gevonden:
    for pad in _NAMEN:
        for naam in b.alle(pad):
            gebruik = b.tekst(naam, "i:NaamGebruik")
            toegestaan = ("1", "2", "3", "4") if b.een(naam, "i:Partnernaam") is not None else ("1", "6")
            if gebruik not in toegestaan:
                yield b.een(naam, "i:NaamGebruik"), (f"NaamGebruik {gebruik} past niet: "
                                                     f"toegestaan is {' of '.join(toegestaan)}")


@regel("CS318", "NaamGebruik van de Client is niet 6 (niet-natuurlijk persoon)", "JW301")
def _cs318(b: Inhoud) -> Gevonden:
    el = b.een(b.hoofdelement, "m:Client/m:Naam/i:NaamGebruik")
    if el is not None and b.tekst(el, ".") == "6":
        yield el, "een cliënt is een natuurlijk persoon: NaamGebruik 6 is niet toegestaan"


# --- products with a period, a volume or a budget (JW301, JW315, JW317) -------------------

@regel("CS003", "een Einddatum ligt niet voor de Begindatum of Ingangsdatum van zijn periode",
       "JW301", "JW315", "JW317")
def _cs003(b: Inhoud) -> Gevonden:
    for el, sp in _producten(b):
        begin, eind = b.datum(el, f"m:{sp.ingang}"), b.datum(el, f"m:{sp.eind}")
        if begin and eind and eind < begin:
            yield b.een(el, f"m:{sp.eind}"), f"{sp.eind} {eind} ligt voor {sp.ingang} {begin}"
    if b.soort == "JW301":
        for pad in _CONTACTEN:
            for periode in b.alle(f"{pad}/m:Periode"):
                begin, eind = b.datum(periode, "i:Begindatum"), b.datum(periode, "i:Einddatum")
                if begin and eind and eind < begin:
                    yield b.een(periode, "i:Einddatum"), f"Einddatum {eind} ligt voor Begindatum {begin}"


@regel("CD075", "Einddatum is gevuld als Budget gevuld is", "JW301", "JW315", "JW317")
def _cd075(b: Inhoud) -> Gevonden:
    for el, sp in _producten(b):
        if b.een(el, "m:Budget") is not None and b.een(el, f"m:{sp.eind}") is None:
            yield _ontbreekt(el, sp.eind), f"bij een budget hoort een {sp.eind}"


@regel("CD076", "Einddatum is gevuld als de Frequentie 2 (per week) is", "JW301", "JW315", "JW317")
def _cd076(b: Inhoud) -> Gevonden:
    for el, sp in _producten(b):
        if b.tekst(el, "m:Omvang/i:Frequentie") == "2" and b.een(el, f"m:{sp.eind}") is None:
            yield _ontbreekt(el, sp.eind), f"bij een omvang per week hoort een {sp.eind}"


@regel("CD077", "Omvang is leeg als Budget gevuld is", "JW301", "JW315", "JW317")
def _cd077(b: Inhoud) -> Gevonden:
    for el, _sp in _producten(b):
        if b.een(el, "m:Budget") is not None and b.een(el, "m:Omvang") is not None:
            yield b.een(el, "m:Omvang"), "een product heeft een omvang of een budget, niet allebei"


@regel("CD078", "Budget is leeg als Omvang gevuld is", "JW301", "JW315", "JW317")
def _cd078(b: Inhoud) -> Gevonden:
    for el, _sp in _producten(b):
        if b.een(el, "m:Omvang") is not None and b.een(el, "m:Budget") is not None:
            yield b.een(el, "m:Budget"), "een product heeft een budget of een omvang, niet allebei"


@regel("CD079", "Product is gevuld als Budget leeg is", "JW301", "JW315", "JW317")
def _cd079(b: Inhoud) -> Gevonden:
    for el, _sp in _producten(b, alleen_nieuw=True):
        if b.een(el, "m:Budget") is None and b.een(el, "m:Product") is None:
            yield _ontbreekt(el, "Product"), "zonder budget hoort er een product bij"


@regel("CD041", "Omvang is gevuld als Product/Code gevuld is", "JW301", "JW315", "JW317")
def _cd041(b: Inhoud) -> Gevonden:
    for el, _sp in _producten(b, alleen_nieuw=True):
        if b.tekst(el, "m:Product/i:Code") and b.een(el, "m:Omvang") is None:
            yield _ontbreekt(el, "Omvang"), "bij een productcode hoort een omvang"


def _aspecifiek_zonder_omvang(b: Inhoud) -> Gevonden:
    """CD080, CD095, CD096: no volume for a product without a code that runs past 2020."""
    for el, sp in _producten(b, alleen_nieuw=True):
        eind = b.datum(el, f"m:{sp.eind}")
        omvang = b.een(el, "m:Omvang")
        if omvang is not None and not b.tekst(el, "m:Product/i:Code") and (eind is None or eind > EIND_2020):
            yield omvang, "een product zonder productcode dat na 2020 loopt heeft geen omvang"


regel("CD080", "Omvang is leeg bij een product zonder Code dat na 2020 loopt (of geen Einddatum heeft)",
      "JW301")(_aspecifiek_zonder_omvang)
regel("CD095", "Omvang is leeg bij een aangevraagd product zonder Code dat na 2020 loopt (of geen "
      "ToewijzingEinddatum heeft)", "JW315")(_aspecifiek_zonder_omvang)
regel("CD096", "Omvang is leeg bij een NieuwProduct zonder Code dat na 2020 loopt (of geen Einddatum heeft)",
      "JW317")(_aspecifiek_zonder_omvang)


def _frequentie(b: Inhoud) -> Gevonden:
    """CS338, CS343: etmaal, dagdeel, euro's and stuks (inspanning) per week, per month or in total."""
    for el, sp in _producten(b):
        eind = b.datum(el, f"m:{sp.eind}")
        omvang = b.een(el, "m:Omvang")
        if omvang is None or (eind is not None and eind <= EIND_2020):
            continue
        if b.tekst(omvang, "i:Eenheid") in ("14", "16", "83", "84") and \
                b.tekst(omvang, "i:Frequentie") not in ("2", "4", "6"):
            yield b.een(omvang, "i:Frequentie"), ("bij eenheid etmaal, dagdeel, euro's of stuks (inspanning) is de "
                                                  "frequentie per week (2), per maand (4) of totaal (6)")


regel("CS338", "Frequentie 2, 4 of 6 bij Eenheid 14, 16, 83 of 84 na 2020", "JW301", "JW317")(_frequentie)
regel("CS343", "Frequentie 2, 4 of 6 bij Eenheid 14, 16, 83 of 84 na 2020", "JW315")(_frequentie)


def _overlap(b: Inhoud) -> Gevonden:
    """TR302, TR386, TR410: the same product (or category, or any product) twice in overlapping periods."""
    gezien: list[tuple[str | None, str | None, dt.date, dt.date]] = []
    for el, sp in _producten(b, alleen_nieuw=True):
        begin, eind = b.datum(el, f"m:{sp.ingang}"), b.datum(el, f"m:{sp.eind}") or dt.date.max
        if begin is None or (b.soort == "JW301" and eind == begin
                             and b.tekst(el, "m:RedenWijziging") in ("01", "13")):
            continue  # deleted allocations do not count (TR302)
        categorie, code = b.tekst(el, "m:Product/i:Categorie"), b.tekst(el, "m:Product/i:Code")
        for c, k, b2, e2 in gezien:
            zelfde = (categorie is None or c is None or
                      (categorie == c if code is None or k is None else code == k))
            if zelfde and begin <= e2 and b2 <= eind:
                yield el, f"product {code or categorie or '(zonder product)'} overlapt in tijd met een ander " \
                          "product van dezelfde soort in dit bericht"
                break
        gezien.append((categorie, code, begin, eind))


regel("TR302", "hetzelfde product komt alleen vaker voor als de perioden niet overlappen", "JW301")(_overlap)
regel("TR386", "hetzelfde product komt alleen vaker voor als de perioden niet overlappen", "JW315")(_overlap)
regel("TR410", "hetzelfde NieuwProduct komt alleen vaker voor als de perioden niet overlappen", "JW317")(_overlap)


@regel("CS335", "RedenWijziging 13 (verwijderd) alleen als Ingangsdatum gelijk is aan Einddatum", "JW301")
def _cs335(b: Inhoud) -> Gevonden:
    for el, sp in _producten(b):
        if b.tekst(el, "m:RedenWijziging") == "13" and b.datum(el, f"m:{sp.ingang}") != b.datum(el, f"m:{sp.eind}"):
            yield b.een(el, "m:RedenWijziging"), "reden 13 (verwijderd) vraagt een einddatum gelijk aan de ingangsdatum"


@regel("CS336", "RedenWijziging is niet 01 (administratieve correctie, vervallen)", "JW301")
def _cs336(b: Inhoud) -> Gevonden:
    for el, _sp in _producten(b):
        if b.tekst(el, "m:RedenWijziging") == "01":
            yield b.een(el, "m:RedenWijziging"), "reden 01 (administratieve correctie) is vervallen"


# --- JW305, JW307: start and stop -------------------------------------------------------------

_START_STOP = {"JW305": "m:Client/m:StartProducten/m:StartProduct", "JW307": "m:Client/m:StopProducten/m:StopProduct"}


@regel("CS058", "StatusAanlevering is 1 (eerste aanlevering) of 3 (verwijderen)", "JW305", "JW307")
def _cs058(b: Inhoud) -> Gevonden:
    for el in b.alle(f"{_START_STOP[b.soort]}/m:StatusAanlevering"):
        if b.tekst(el, ".") not in ("1", "3"):
            yield el, "StatusAanlevering moet 1 (eerste aanlevering) of 3 (verwijderen aanlevering) zijn"


@regel("TR018", "Einddatum ligt niet voor Begindatum", "JW307")
def _tr018(b: Inhoud) -> Gevonden:
    for el in b.alle(_START_STOP["JW307"]):
        begin, eind = b.datum(el, "m:Begindatum"), b.datum(el, "m:Einddatum")
        if begin and eind and eind < begin:
            yield b.een(el, "m:Einddatum"), f"einddatum {eind} ligt voor begindatum {begin}"


# --- TR101: no line twice, by its logical key within its parents' ------------------------

def _sleutels(b: Inhoud) -> list[tuple[str, tuple[str, ...], str | None]]:
    """(the class's path, the elements of its logical key, the path of its parent class or None)."""
    product = ("m:ToewijzingNummer", "m:Product/i:Categorie", "m:Product/i:Code", "m:Begindatum")
    clienten = {"JW323": "m:Declaratie/m:Clienten/m:Client", "JW325": "m:DeclaratieAntwoord/m:Clienten/m:Client"}
    return {
        "JW301": [("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", ("m:ToewijzingNummer",), None),
                  ("m:Client/m:Relaties/m:Relatie", ("m:Nummer",), None)],
        "JW305": [(_START_STOP["JW305"], product, None)],
        "JW307": [(_START_STOP["JW307"], product, None)],
        "JW315": [("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct", ("m:ReferentieAanbieder",), None)],
        "JW317": [(_VERZOEK + "m:TeWijzigenProducten/m:TeWijzigenProduct", ("m:ToewijzingNummer",), None),
                  (_VERZOEK + "m:OngewijzigdeProducten/m:OngewijzigdProduct", ("m:ToewijzingNummer",), None)],
        **{s: [(pad, ("m:Bsn",), None),
               ("m:Prestaties/m:Prestatie", ("m:ProductReferentie/i:ReferentieNummer",), pad)]
           for s, pad in clienten.items()},
    }.get(b.soort, [])


@regel("TR101", "geen dubbele regels: de logische sleutel is uniek binnen de bovenliggende klasse",
       "JW301", "JW305", "JW307", "JW315", "JW317", "JW323", "JW325")
def _tr101(b: Inhoud) -> Gevonden:
    for pad, sleutel, ouder in _sleutels(b):
        for groep in b.alle(ouder) if ouder else [b.hoofdelement]:
            gezien = set()
            for el in b.alle(pad, groep):
                waarde = tuple(b.tekst(el, s) for s in sleutel)
                if waarde in gezien:
                    yield el, f"dubbele regel: {' '.join(w for w in waarde if w)} komt al eerder voor"
                gezien.add(waarde)


# --- JW315, JW317, JW319: requests and answers --------------------------------------------

@regel("TR383", "ReferentieAanbieder is uniek per AangevraagdProduct", "JW315")
def _tr383(b: Inhoud) -> Gevonden:
    gezien = set()
    for el in b.alle(f"{_PRODUCTEN['JW315'][0].pad}/m:ReferentieAanbieder"):
        waarde = b.tekst(el, ".")
        if waarde in gezien:
            yield el, f"ReferentieAanbieder {waarde} komt vaker voor in het bericht"
        gezien.add(waarde)


@regel("CD043", "BeschikkingIngangsdatum is gevuld als BeschikkingNummer gevuld is, anders leeg", "JW315")
def _cd043(b: Inhoud) -> Gevonden:
    for el, _sp in _producten(b):
        nummer, datum = b.een(el, "m:BeschikkingNummer"), b.een(el, "m:BeschikkingIngangsdatum")
        if nummer is not None and datum is None:
            yield _ontbreekt(el, "BeschikkingIngangsdatum"), "bij een beschikkingnummer hoort de ingangsdatum ervan"
        elif nummer is None and datum is not None:
            yield datum, "een beschikkingsingangsdatum hoort alleen bij een beschikkingnummer"


def _verwijzers(b: Inhoud) -> Iterator[tuple[etree._Element, bool, etree._Element | None, etree._Element | None]]:
    """(Verwijzer, whether its Type needs a care-provider code, Naam, ZorgverlenerCode)."""
    for el in b.alle(f"{_PRODUCTEN['JW315'][0].pad}/m:Verwijzer"):
        yield el, b.tekst(el, "i:Type") in VERWIJZERS_MET_CODE, b.een(el, "i:Naam"), b.een(el, "i:ZorgverlenerCode")


@regel("CD066", "Naam van de Verwijzer is leeg bij type 02-05 met ZorgverlenerCode", "JW315")
def _cd066(b: Inhoud) -> Gevonden:
    for _el, met_code, naam, code in _verwijzers(b):
        if met_code and code is not None and naam is not None:
            yield naam, "bij een verwijzer met zorgverlenercode blijft de naam leeg"


@regel("CD067", "Naam van de Verwijzer is gevuld bij type 02-05 zonder ZorgverlenerCode", "JW315")
def _cd067(b: Inhoud) -> Gevonden:
    for el, met_code, naam, code in _verwijzers(b):
        if met_code and code is None and naam is None:
            yield _ontbreekt(el, "Naam"), "een verwijzer zonder zorgverlenercode heeft een naam nodig"


@regel("CD068", "ZorgverlenerCode is leeg als het type verwijzer niet 02-05 is", "JW315")
def _cd068(b: Inhoud) -> Gevonden:
    for _el, met_code, _naam, code in _verwijzers(b):
        if not met_code and code is not None:
            yield code, "een zorgverlenercode hoort alleen bij verwijzers van type 02, 03, 04 of 05"


@regel("TR352", "een verzoek om wijziging heeft minstens één OngewijzigdProduct of TeWijzigenProduct", "JW317")
def _tr352(b: Inhoud) -> Gevonden:
    if not b.alle(_VERZOEK + "m:OngewijzigdeProducten") and not b.alle(_VERZOEK + "m:TeWijzigenProducten"):
        yield b.een(b.hoofdelement, "m:Client/m:Verzoek"), \
            "een verzoek om wijziging noemt minstens één bestaand product (ongewijzigd of te wijzigen)"


@regel("TR353", "een verzoek om wijziging heeft minstens één TeWijzigenProduct of NieuwProduct", "JW317")
def _tr353(b: Inhoud) -> Gevonden:
    if not b.alle(_VERZOEK + "m:TeWijzigenProducten") and not b.alle(_VERZOEK + "m:NieuweProducten"):
        yield b.een(b.hoofdelement, "m:Client/m:Verzoek"), \
            "een verzoek om wijziging vraagt minstens één wijziging of nieuw product"


@regel("TR380", "GewensteIngangsdatum van een NieuwProduct ligt na de Dagtekening", "JW317")
def _tr380(b: Inhoud) -> Gevonden:
    # A TeWijzigenProduct may instead start on its allocation's Ingangsdatum, and must for a
    # budget or a total (IV092): that needs the allocation, which one message does not hold.
    for el, sp in _producten(b, alleen_nieuw=True):
        datum = b.datum(el, f"m:{sp.ingang}")
        if datum and b.dagtekening and datum <= b.dagtekening:
            yield b.een(el, f"m:{sp.ingang}"), f"gewenste ingangsdatum {datum} ligt niet na de dagtekening"


@regel("CD085", "RedenAfwijzingVerzoek is gevuld als VerzoekAntwoord 1 (afgewezen) is", "JW319")
def _cd085(b: Inhoud) -> Gevonden:
    antwoord = b.een(b.hoofdelement, "m:Antwoord")
    if b.tekst(antwoord, "m:VerzoekAntwoord") == "1" and b.een(antwoord, "m:RedenAfwijzingVerzoek") is None:
        yield _ontbreekt(antwoord, "RedenAfwijzingVerzoek"), "een afgewezen verzoek heeft een reden van afwijzing"


@regel("CD086", "RedenAfwijzingVerzoek is leeg als VerzoekAntwoord 2 (in onderzoek) is", "JW319")
def _cd086(b: Inhoud) -> Gevonden:
    antwoord = b.een(b.hoofdelement, "m:Antwoord")
    reden = b.een(antwoord, "m:RedenAfwijzingVerzoek")
    if b.tekst(antwoord, "m:VerzoekAntwoord") == "2" and reden is not None:
        yield reden, "een verzoek in onderzoek heeft (nog) geen reden van afwijzing"


@regel("TR377", "Woonplaatsbeginsel is opgenomen als RedenAfwijzingVerzoek 8 is", "JW319")
def _tr377(b: Inhoud) -> Gevonden:
    antwoord = b.een(b.hoofdelement, "m:Antwoord")
    if b.tekst(antwoord, "m:RedenAfwijzingVerzoek") == "8" and b.een(antwoord, "m:Woonplaatsbeginsel") is None:
        yield _ontbreekt(antwoord, "Woonplaatsbeginsel"), "bij afwijzing om het woonplaatsbeginsel (8) hoort de " \
                                                          "gemeente van het woonplaatsbeginsel"


@regel("TR409", "Woonplaatsbeginsel is weggelaten als RedenAfwijzingVerzoek niet 8 is", "JW319")
def _tr409(b: Inhoud) -> Gevonden:
    antwoord = b.een(b.hoofdelement, "m:Antwoord")
    wpb = b.een(antwoord, "m:Woonplaatsbeginsel")
    if wpb is not None and b.tekst(antwoord, "m:RedenAfwijzingVerzoek") != "8":
        yield wpb, "het woonplaatsbeginsel hoort alleen bij reden van afwijzing 8"


# --- JW323, JW325: claims and their answers --------------------------------------------------

def _bedrag(b: Inhoud, el: etree._Element | None, naam: str = "Bedrag") -> int:
    """An amount with its sign: credit counts negative."""
    return (b.getal(el, f"i:{naam}") or 0) * (-1 if b.tekst(el, "i:DebetCredit") == "C" else 1)


@regel("CS100", "de periode begint en eindigt op of na 1 januari 2021", "JW323")
def _cs100(b: Inhoud) -> Gevonden:
    for pad in ("m:Declaratie/m:DeclaratiePeriode", f"{_PRESTATIES}/m:ProductPeriode"):
        for periode in b.alle(pad):
            for naam in ("Begindatum", "Einddatum"):
                datum = b.datum(periode, f"i:{naam}")
                if datum and datum < BEGIN_2021:
                    yield b.een(periode, f"i:{naam}"), f"{naam.lower()} {datum} ligt voor 1 januari 2021"


@regel("CS340", "DeclaratiePeriode is precies één hele kalendermaand", "JW323")
def _cs340(b: Inhoud) -> Gevonden:
    el = b.een(b.hoofdelement, "m:Declaratie/m:DeclaratiePeriode")
    begin, eind = b.datum(el, "i:Begindatum"), b.datum(el, "i:Einddatum")
    if begin and eind:
        volgende = (begin.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if begin.day != 1 or eind != volgende - dt.timedelta(days=1):
            yield el, f"de declaratieperiode {begin} t/m {eind} is niet precies één kalendermaand"


@regel("CS337", "Einddatum van de ProductPeriode valt in dezelfde kalendermaand als de Begindatum", "JW323")
def _cs337(b: Inhoud) -> Gevonden:
    for el in b.alle(f"{_PRESTATIES}/m:ProductPeriode"):
        begin, eind = b.datum(el, "i:Begindatum"), b.datum(el, "i:Einddatum")
        if begin and eind and (begin.year, begin.month) != (eind.year, eind.month):
            yield b.een(el, "i:Einddatum"), f"einddatum {eind} valt niet in de maand van begindatum {begin}"


@regel("TR137", "een Einddatum (of DeclaratieDagtekening) ligt op of na de Begindatum van zijn periode en niet na "
       "de Dagtekening", "JW323", "JW325")
def _tr137(b: Inhoud) -> Gevonden:
    perioden = [(p, "i:Begindatum", "i:Einddatum") for p in b.alle(
        f"{_PRESTATIES if b.soort == 'JW323' else _ANTWOORDPRESTATIES}/m:ProductPeriode")]
    if b.soort == "JW323":
        decl = b.een(b.hoofdelement, "m:Declaratie")
        perioden = [(decl, "m:DeclaratiePeriode/i:Begindatum", "m:DeclaratiePeriode/i:Einddatum"),
                    (decl, "m:DeclaratiePeriode/i:Begindatum", "m:DeclaratieDagtekening"), *perioden]
    for el, begin_pad, eind_pad in perioden:
        begin, eind = b.datum(el, begin_pad), b.datum(el, eind_pad)
        if eind is None:
            continue
        if begin and eind < begin:
            yield b.een(el, eind_pad), f"datum {eind} ligt voor de begindatum {begin}"
        elif b.dagtekening and eind > b.dagtekening:
            yield b.een(el, eind_pad), f"datum {eind} ligt na de dagtekening van het bericht ({b.dagtekening})"


@regel("TR335", "Einddatum van de ProductPeriode ligt niet meer dan 5 jaar voor de DeclaratieDagtekening", "JW323")
def _tr335(b: Inhoud) -> Gevonden:
    dagtekening = b.datum(b.hoofdelement, "m:Declaratie/m:DeclaratieDagtekening")
    if dagtekening is None:
        return
    grens = _jaren_terug(dagtekening, 5)
    for el in b.alle(f"{_PRESTATIES}/m:ProductPeriode/i:Einddatum"):
        datum = b.datum(el, ".")
        if datum and datum < grens:
            yield el, f"einddatum {datum} ligt meer dan 5 jaar voor de declaratiedagtekening {dagtekening}"


@regel("CS319", "DeclaratieNummer is aaneengesloten gevuld met cijfers en/of letters", "JW323")
def _cs319(b: Inhoud) -> Gevonden:
    el = b.een(b.hoofdelement, "m:Declaratie/m:DeclaratieNummer")
    nummer = (el.text or "") if el is not None else ""
    if el is not None and not ALFANUMERIEK.fullmatch(nummer.strip(" \t\n\r")):
        yield el, f"declaratienummer '{nummer.strip()}' bevat meer dan cijfers en letters"


@regel("CD060", "VorigReferentieNummer is gevuld bij een creditregel, anders leeg", "JW323", "JW325")
def _cd060(b: Inhoud) -> Gevonden:
    for el in _prestaties(b):
        credit = b.tekst(el, "m:IngediendBedrag/i:DebetCredit") == "C"
        vorig = b.een(el, "m:ProductReferentie/i:VorigReferentieNummer")
        if credit and vorig is None:
            yield _ontbreekt(el, "ProductReferentie") + "/VorigReferentieNummer", \
                "een creditregel noemt het referentienummer van de regel die hij crediteert"
        elif not credit and vorig is not None:
            yield vorig, "alleen een creditregel heeft een vorig referentienummer"


@regel("CD087", "ProductTarief is gevuld als de Eenheid niet 83 (euro's) is, anders leeg", "JW323")
def _cd087(b: Inhoud) -> Gevonden:
    for el in _prestaties(b):
        euro, tarief = b.tekst(el, "m:Eenheid") == "83", b.een(el, "m:ProductTarief")
        if not euro and tarief is None:
            yield _ontbreekt(el, "ProductTarief"), "bij een eenheid anders dan euro's hoort een tarief"
        elif euro and tarief is not None:
            yield tarief, "bij eenheid euro's (83) blijft het tarief leeg"


@regel("CS339", "bij Eenheid 83 (euro's) is IngediendBedrag gelijk aan GeleverdVolume", "JW323")
def _cs339(b: Inhoud) -> Gevonden:
    for el in _prestaties(b):
        if b.tekst(el, "m:Eenheid") == "83":
            bedrag, volume = b.getal(el, "m:IngediendBedrag/i:Bedrag"), b.getal(el, "m:GeleverdVolume")
            if bedrag != volume:
                yield b.een(el, "m:IngediendBedrag"), f"bij eenheid euro's is het bedrag ({bedrag}) gelijk aan " \
                                                      f"het geleverde volume ({volume})"


@regel("CS325", "bij (Totaal)Bedrag 0 is DebetCredit D", "JW323", "JW325")
def _cs325(b: Inhoud) -> Gevonden:
    paden = {"JW323": ("m:Declaratie/m:TotaalIngediendBedrag", f"{_PRESTATIES}/m:IngediendBedrag"),
             "JW325": ("m:DeclaratieAntwoord/m:TotaalIngediendBedrag", "m:DeclaratieAntwoord/m:TotaalToegekendBedrag",
                       f"{_ANTWOORDPRESTATIES}/m:IngediendBedrag")}[b.soort]
    for pad in paden:
        for el in b.alle(pad):
            bedrag = b.getal(el, "i:TotaalBedrag") if "Totaal" in pad else b.getal(el, "i:Bedrag")
            if bedrag == 0 and b.tekst(el, "i:DebetCredit") != "D":
                yield b.een(el, "i:DebetCredit"), "een bedrag van 0 is debet (D)"


@regel("TR358", "TotaalIngediendBedrag is de som van de ingediende bedragen van de Prestaties (debet min credit)",
       "JW323")
def _tr358(b: Inhoud) -> Gevonden:
    totaal_el = b.een(b.hoofdelement, "m:Declaratie/m:TotaalIngediendBedrag")
    som = sum(_bedrag(b, b.een(el, "m:IngediendBedrag")) for el in _prestaties(b))
    totaal = _bedrag(b, totaal_el, "TotaalBedrag")
    if totaal != som:
        yield totaal_el, f"het totaal ({totaal}) is niet de som van de prestaties ({som})"


@regel("TR315", "VorigReferentieNummer is uniek in het bericht", "JW323")
def _tr315(b: Inhoud) -> Gevonden:
    gezien = set()
    for el in b.alle(f"{_PRESTATIES}/m:ProductReferentie/i:VorigReferentieNummer"):
        waarde = b.tekst(el, ".")
        if waarde in gezien:
            yield el, f"vorig referentienummer {waarde} wordt in dit bericht al eerder gecrediteerd"
        gezien.add(waarde)


@regel("TR316", "een debetregel wordt niet in hetzelfde bericht gecrediteerd", "JW323")
def _tr316(b: Inhoud) -> Gevonden:
    referenties = {b.tekst(el, ".") for el in b.alle(f"{_PRESTATIES}/m:ProductReferentie/i:ReferentieNummer")}
    for el in b.alle(f"{_PRESTATIES}/m:ProductReferentie/i:VorigReferentieNummer"):
        if b.tekst(el, ".") in referenties:
            yield el, f"regel {b.tekst(el, '.')} wordt gecrediteerd in hetzelfde bericht waarin hij gedeclareerd wordt"


@regel("TR416", "per ProductPeriode, ProductCategorie, ProductCode en ToewijzingNummer hoogstens één debetregel",
       "JW323")
def _tr416(b: Inhoud) -> Gevonden:
    for client in b.alle("m:Declaratie/m:Clienten/m:Client"):
        gezien = set()
        for el in b.alle("m:Prestaties/m:Prestatie", client):
            if b.tekst(el, "m:IngediendBedrag/i:DebetCredit") != "D":
                continue
            sleutel = tuple(b.tekst(el, p) for p in ("m:ProductPeriode/i:Begindatum", "m:ProductPeriode/i:Einddatum",
                                                     "m:ProductCategorie", "m:ProductCode", "m:ToewijzingNummer"))
            if sleutel in gezien:
                yield el, (f"toewijzing {sleutel[4]}, product {sleutel[3]} en periode {sleutel[0]} t/m {sleutel[1]} "
                           "zijn al eerder in debet gedeclareerd")
            gezien.add(sleutel)


@regel("TR342", "het verschil tussen ingediend en toegekend totaal is de som van de afgewezen Prestaties", "JW325")
def _tr342(b: Inhoud) -> Gevonden:
    antwoord = b.een(b.hoofdelement, "m:DeclaratieAntwoord")
    if antwoord is None:
        return
    ingediend = _bedrag(b, b.een(antwoord, "m:TotaalIngediendBedrag"), "TotaalBedrag")
    toegekend_el = b.een(antwoord, "m:TotaalToegekendBedrag")
    toegekend = _bedrag(b, toegekend_el, "TotaalBedrag")
    afgekeurd = {b.tekst(el, ".") for el in b.alle("m:RetourCodes/m:RetourCode", antwoord)} - NIET_AFGEKEURD
    if afgekeurd:
        if toegekend != 0:
            yield toegekend_el, "bij een afgekeurde declaratie is het toegekende totaal 0"
        return
    som = sum(_bedrag(b, b.een(el, "m:IngediendBedrag")) for el in _prestaties(b))
    if som != ingediend - toegekend:
        yield toegekend_el, (f"ingediend ({ingediend}) min toegekend ({toegekend}) is niet de som van de "
                             f"afgewezen prestaties ({som})")
