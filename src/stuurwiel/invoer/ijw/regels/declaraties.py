"""The rules on claims and their answers (JW323, JW325)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from stuurwiel.invoer.ijw.regels.basis import (
    ALFANUMERIEK,
    ANTWOORDPRESTATIES,
    BEGIN_2021,
    NIET_AFGEKEURD,
    PRESTATIES,
    Gevonden,
    Inhoud,
    alle_prestaties,
    jaren_terug,
    ontbreekt,
    regel,
)

# --- JW323, JW325: claims and their answers --------------------------------------------------

def _bedrag(b: Inhoud, el: etree._Element | None, naam: str = "Bedrag") -> int:
    """An amount with its sign: credit counts negative."""
    return (b.getal(el, f"i:{naam}") or 0) * (-1 if b.tekst(el, "i:DebetCredit") == "C" else 1)


@regel("CS100", "de periode begint en eindigt op of na 1 januari 2021", "JW323")
def _cs100(b: Inhoud) -> Gevonden:
    for periode in b.overal(("m:Declaratie/m:DeclaratiePeriode", f"{PRESTATIES}/m:ProductPeriode")):
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
    for el in b.alle(f"{PRESTATIES}/m:ProductPeriode"):
        begin, eind = b.datum(el, "i:Begindatum"), b.datum(el, "i:Einddatum")
        if begin and eind and (begin.year, begin.month) != (eind.year, eind.month):
            yield b.een(el, "i:Einddatum"), f"einddatum {eind} valt niet in de maand van begindatum {begin}"


@regel("TR137", "een Einddatum (of DeclaratieDagtekening) ligt op of na de Begindatum van zijn periode en niet na "
       "de Dagtekening", "JW323", "JW325")
def _tr137(b: Inhoud) -> Gevonden:
    perioden = [(p, "i:Begindatum", "i:Einddatum") for p in b.alle(
        f"{PRESTATIES if b.soort == 'JW323' else ANTWOORDPRESTATIES}/m:ProductPeriode")]
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
    grens = jaren_terug(dagtekening, 5)
    for el in b.alle(f"{PRESTATIES}/m:ProductPeriode/i:Einddatum"):
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
    for el in alle_prestaties(b):
        credit = b.tekst(el, "m:IngediendBedrag/i:DebetCredit") == "C"
        vorig = b.een(el, "m:ProductReferentie/i:VorigReferentieNummer")
        if credit and vorig is None:
            yield ontbreekt(el, "ProductReferentie") + "/VorigReferentieNummer", \
                "een creditregel noemt het referentienummer van de regel die hij crediteert"
        elif not credit and vorig is not None:
            yield vorig, "alleen een creditregel heeft een vorig referentienummer"


@regel("CD087", "ProductTarief is gevuld als de Eenheid niet 83 (euro's) is, anders leeg", "JW323")
def _cd087(b: Inhoud) -> Gevonden:
    for el in alle_prestaties(b):
        euro, tarief = b.tekst(el, "m:Eenheid") == "83", b.een(el, "m:ProductTarief")
        if not euro and tarief is None:
            yield ontbreekt(el, "ProductTarief"), "bij een eenheid anders dan euro's hoort een tarief"
        elif euro and tarief is not None:
            yield tarief, "bij eenheid euro's (83) blijft het tarief leeg"


@regel("CS339", "bij Eenheid 83 (euro's) is IngediendBedrag gelijk aan GeleverdVolume", "JW323")
def _cs339(b: Inhoud) -> Gevonden:
    for el in alle_prestaties(b):
        if b.tekst(el, "m:Eenheid") == "83":
            bedrag, volume = b.getal(el, "m:IngediendBedrag/i:Bedrag"), b.getal(el, "m:GeleverdVolume")
            if bedrag != volume:
                yield b.een(el, "m:IngediendBedrag"), f"bij eenheid euro's is het bedrag ({bedrag}) gelijk aan " \
                                                      f"het geleverde volume ({volume})"


# The amounts CS325 checks, per message code: (path, whether it is a total).
_BEDRAGEN = {"JW323": (("m:Declaratie/m:TotaalIngediendBedrag", True), (f"{PRESTATIES}/m:IngediendBedrag", False)),
             "JW325": (("m:DeclaratieAntwoord/m:TotaalIngediendBedrag", True),
                       ("m:DeclaratieAntwoord/m:TotaalToegekendBedrag", True),
                       (f"{ANTWOORDPRESTATIES}/m:IngediendBedrag", False))}


@regel("CS325", "bij (Totaal)Bedrag 0 is DebetCredit D", *_BEDRAGEN)
def _cs325(b: Inhoud) -> Gevonden:
    for pad, totaal in _BEDRAGEN[b.soort]:
        for el in b.alle(pad):
            bedrag = b.getal(el, "i:TotaalBedrag" if totaal else "i:Bedrag")
            if bedrag == 0 and b.tekst(el, "i:DebetCredit") != "D":
                yield b.een(el, "i:DebetCredit"), "een bedrag van 0 is debet (D)"


@regel("TR358", "TotaalIngediendBedrag is de som van de ingediende bedragen van de Prestaties (debet min credit)",
       "JW323")
def _tr358(b: Inhoud) -> Gevonden:
    totaal_el = b.een(b.hoofdelement, "m:Declaratie/m:TotaalIngediendBedrag")
    som = sum(_bedrag(b, b.een(el, "m:IngediendBedrag")) for el in alle_prestaties(b))
    totaal = _bedrag(b, totaal_el, "TotaalBedrag")
    if totaal != som:
        yield totaal_el, f"het totaal ({totaal}) is niet de som van de prestaties ({som})"


@regel("TR315", "VorigReferentieNummer is uniek in het bericht", "JW323")
def _tr315(b: Inhoud) -> Gevonden:
    for el, waarde in b.herhaald(b.alle(f"{PRESTATIES}/m:ProductReferentie/i:VorigReferentieNummer")):
        yield el, f"vorig referentienummer {waarde} wordt in dit bericht al eerder gecrediteerd"


@regel("TR316", "een debetregel wordt niet in hetzelfde bericht gecrediteerd", "JW323")
def _tr316(b: Inhoud) -> Gevonden:
    vorige = b.alle(f"{PRESTATIES}/m:ProductReferentie/i:VorigReferentieNummer")
    if not vorige:
        return  # no credit lines
    referenties = {b.tekst(el, ".") for el in b.alle(f"{PRESTATIES}/m:ProductReferentie/i:ReferentieNummer")}
    for el in vorige:
        if b.tekst(el, ".") in referenties:
            yield el, f"regel {b.tekst(el, '.')} wordt gecrediteerd in hetzelfde bericht waarin hij gedeclareerd wordt"


@regel("TR416", "per ProductPeriode, ProductCategorie, ProductCode en ToewijzingNummer hoogstens één debetregel",
       "JW323")
def _tr416(b: Inhoud) -> Gevonden:
    for client in b.alle("m:Declaratie/m:Clienten/m:Client"):
        prestaties = b.alle("m:Prestaties/m:Prestatie", client)
        if len(prestaties) < 2:
            continue  # a repeat takes two
        gezien = set()
        for el in prestaties:
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
    som = sum(_bedrag(b, b.een(el, "m:IngediendBedrag")) for el in alle_prestaties(b))
    if som != ingediend - toegekend:
        yield toegekend_el, (f"ingediend ({ingediend}) min toegekend ({toegekend}) is niet de som van de "
                             f"afgewezen prestaties ({som})")
