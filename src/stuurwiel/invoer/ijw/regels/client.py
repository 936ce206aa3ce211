"""The rules on the header and the client: versions, BSN, birth dates, dates against the Dagtekening,
and the contact details, names and communication of a JW301."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from stuurwiel.invoer.ijw.regels.basis import (
    ANTWOORDPRESTATIES,
    CONTACTEN,
    GEBOORTEDATUMS,
    NAMEN,
    POSTCODE_NL,
    PRESTATIES,
    Gevonden,
    Inhoud,
    jaren_terug,
    ontbreekt,
    regel,
)
from stuurwiel.privacy.bsn import is_geldig_bsn

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
    grens = jaren_terug(b.dagtekening, 120)
    for el in b.overal(GEBOORTEDATUMS[b.soort]):
        datum = b.datum(el, "i:Datum")
        onbekend = b.tekst(el, "i:DatumGebruik") == "3" and datum == dt.date(1900, 1, 1)
        if datum is not None and datum < grens and not onbekend:
            yield b.een(el, "i:Datum"), f"geboortedatum {datum} ligt meer dan 120 jaar voor de dagtekening"


@regel("CS139", "DatumGebruik en Datum van Geboortedatum zijn met elkaar in overeenstemming",
       "JW301", "JW305", "JW307", "JW315")
def _cs139(b: Inhoud) -> Gevonden:
    for el in b.overal(GEBOORTEDATUMS[b.soort]):
        gebruik, datum = b.tekst(el, "i:DatumGebruik"), b.datum(el, "i:Datum")
        if datum is None or gebruik is None:
            continue
        klopt = {"1": datum.day == 1, "2": (datum.month, datum.day) == (1, 1),
                 "3": datum == dt.date(1900, 1, 1)}.get(gebruik, True)
        if not klopt:
            yield b.een(el, "i:DatumGebruik"), (f"DatumGebruik {gebruik} past niet bij geboortedatum {datum} "
                                                "(1: dag 01, 2: 1 januari, 3: 1900-01-01)")


# The dates TR134 checks, per message code.
_DATUMS = {soort: [f"{p}/i:Datum" for p in GEBOORTEDATUMS.get(soort, ())] + paden for soort, paden in {
    "JW301": ["m:Client/m:ToegewezenProducten/m:ToegewezenProduct/m:Toewijzingsdatum"],
    "JW305": ["m:Client/m:StartProducten/m:StartProduct/m:Begindatum"],
    "JW307": ["m:Client/m:StopProducten/m:StopProduct/m:Begindatum",
              "m:Client/m:StopProducten/m:StopProduct/m:Einddatum"],
    "JW315": [],
    "JW323": ["m:Declaratie/m:DeclaratiePeriode/i:Begindatum", f"{PRESTATIES}/m:ProductPeriode/i:Begindatum"],
    "JW325": [f"{ANTWOORDPRESTATIES}/m:ProductPeriode/i:Begindatum"],
}.items()}


@regel("TR134", "een datum bestaat en ligt niet na de Dagtekening", *_DATUMS)
def _tr134(b: Inhoud) -> Gevonden:
    if b.dagtekening is None:
        return
    for el in b.overal(_DATUMS[b.soort]):
        datum = b.datum(el, ".")
        if datum is not None and datum > b.dagtekening:
            yield el, f"datum {datum} ligt na de dagtekening van het bericht ({b.dagtekening})"


# --- JW301: contact details, names, communication -----------------------------------------

@regel("TR006", "een Contact heeft Telefoon en/of Huis en Postcode", "JW301")
def _tr006(b: Inhoud) -> Gevonden:
    for el in b.overal(CONTACTEN):
        adres = b.een(el, "m:Adres")
        volledig = adres is not None and b.een(adres, "i:Huis") is not None and b.tekst(adres, "i:Postcode")
        if b.een(el, "m:Telefoon") is None and not volledig:
            yield el, "een contact heeft een telefoonnummer nodig, of een adres met huisnummer en postcode"


@regel("TR061", "de Client heeft een BRP-, correspondentie- of verblijfadres (Soort 01, 02 of 03)", "JW301")
def _tr061(b: Inhoud) -> Gevonden:
    soorten = {b.tekst(el, "m:Soort") for el in b.alle(CONTACTEN[0])}
    if not soorten & {"01", "02", "03"}:
        yield b.een(b.hoofdelement, "m:Client/m:Contactgegevens"), \
            "de cliënt heeft geen contact met soort 01 (BRP-adres), 02 (correspondentieadres) of 03 (verblijfadres)"


@regel("CD005", "Huis is gevuld als Postcode gevuld is, anders leeg", "JW301")
def _cd005(b: Inhoud) -> Gevonden:
    for adres in _adressen(b):
        huis, postcode = b.een(adres, "i:Huis"), b.tekst(adres, "i:Postcode")
        if postcode and huis is None:
            yield ontbreekt(adres, "Huis"), "met een postcode hoort een huisnummer (Huis)"
        elif huis is not None and not postcode:
            yield huis, "Huis mag alleen gevuld zijn als de postcode gevuld is"


@regel("CD025", "Postcode is gevuld als LandCode NL is", "JW301")
def _cd025(b: Inhoud) -> Gevonden:
    for adres in _adressen(b):
        if b.tekst(adres, "i:LandCode") == "NL" and not b.tekst(adres, "i:Postcode"):
            yield ontbreekt(adres, "Postcode"), "een adres in Nederland (LandCode NL) heeft een postcode nodig"


@regel("CS089", "bij LandCode NL heeft Postcode de vorm van een Nederlandse postcode (1234AB)", "JW301")
def _cs089(b: Inhoud) -> Gevonden:
    for adres in _adressen(b):
        postcode = b.tekst(adres, "i:Postcode")
        if b.tekst(adres, "i:LandCode") == "NL" and postcode and not POSTCODE_NL.fullmatch(postcode):
            yield b.een(adres, "i:Postcode"), f"postcode {postcode} is geen Nederlandse postcode (1234AB)"


@regel("CD034", "Straatnaam en Plaatsnaam zijn gevuld bij een BRP- of verblijfadres (Soort 01 of 03)", "JW301")
def _cd034(b: Inhoud) -> Gevonden:
    for contact in b.overal(CONTACTEN):
        if b.tekst(contact, "m:Soort") not in ("01", "03"):
            continue
        adres = b.een(contact, "m:Adres")
        for naam in ("Straatnaam", "Plaatsnaam"):
            if adres is None or not b.tekst(adres, f"i:{naam}"):
                plaats = ontbreekt(contact, "Adres") + f"/{naam}"
                yield plaats, f"een BRP- of verblijfadres heeft een {naam.lower()} nodig"


@regel("CD009", "Periode van een Contact alleen bij een tijdelijk adres (Soort 04)", "JW301")
def _cd009(b: Inhoud) -> Gevonden:
    for contact in b.overal(CONTACTEN):
        periode = b.een(contact, "m:Periode")
        if periode is not None and b.tekst(contact, "m:Soort") != "04":
            yield periode, "een periode mag alleen bij een tijdelijk adres (soort 04)"


def _adressen(b: Inhoud) -> list[etree._Element]:
    return b.overal(f"{pad}/m:Adres" for pad in CONTACTEN)


@regel("CD007", "Taal is gevuld als Communicatie/Vorm 1 (tolk taal) is, anders leeg", "JW301")
def _cd007(b: Inhoud) -> Gevonden:
    for el in b.alle("m:Client/m:Communicatie"):
        tolk, taal = b.tekst(el, "i:Vorm") == "1", b.een(el, "i:Taal")
        if tolk and taal is None:
            yield ontbreekt(el, "Taal"), "bij een tolk (vorm 1) hoort de taal"
        elif not tolk and taal is not None:
            yield taal, "een taal hoort alleen bij een tolk (vorm 1)"


@regel("CS050", "NaamGebruik 1-4 met Partnernaam, anders 1 of 6", "JW301")
def _cs050(b: Inhoud) -> Gevonden:
    for naam in b.overal(NAMEN):
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
