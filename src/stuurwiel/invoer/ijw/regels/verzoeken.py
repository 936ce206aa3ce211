"""The rules on requests and their answers (JW315, JW317, JW319)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from stuurwiel.invoer.ijw.regels.basis import (
    PRODUCTEN,
    VERWIJZERS_MET_CODE,
    VERZOEK,
    Gevonden,
    Inhoud,
    alle_producten,
    ontbreekt,
    regel,
)

# --- JW315, JW317, JW319: requests and answers --------------------------------------------

@regel("TR383", "ReferentieAanbieder is uniek per AangevraagdProduct", "JW315")
def _tr383(b: Inhoud) -> Gevonden:
    for el, waarde in b.herhaald(b.alle(f"{PRODUCTEN['JW315'][0].pad}/m:ReferentieAanbieder")):
        yield el, f"ReferentieAanbieder {waarde} komt vaker voor in het bericht"


@regel("CD043", "BeschikkingIngangsdatum is gevuld als BeschikkingNummer gevuld is, anders leeg", "JW315")
def _cd043(b: Inhoud) -> Gevonden:
    for el, _sp in alle_producten(b):
        nummer, datum = b.een(el, "m:BeschikkingNummer"), b.een(el, "m:BeschikkingIngangsdatum")
        if nummer is not None and datum is None:
            yield ontbreekt(el, "BeschikkingIngangsdatum"), "bij een beschikkingnummer hoort de ingangsdatum ervan"
        elif nummer is None and datum is not None:
            yield datum, "een beschikkingsingangsdatum hoort alleen bij een beschikkingnummer"


def _verwijzers(b: Inhoud) -> Iterator[tuple[etree._Element, bool, etree._Element | None, etree._Element | None]]:
    """(Verwijzer, whether its Type needs a care-provider code, Naam, ZorgverlenerCode)."""
    for el in b.alle(f"{PRODUCTEN['JW315'][0].pad}/m:Verwijzer"):
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
            yield ontbreekt(el, "Naam"), "een verwijzer zonder zorgverlenercode heeft een naam nodig"


@regel("CD068", "ZorgverlenerCode is leeg als het type verwijzer niet 02-05 is", "JW315")
def _cd068(b: Inhoud) -> Gevonden:
    for _el, met_code, _naam, code in _verwijzers(b):
        if not met_code and code is not None:
            yield code, "een zorgverlenercode hoort alleen bij verwijzers van type 02, 03, 04 of 05"


@regel("TR352", "een verzoek om wijziging heeft minstens één OngewijzigdProduct of TeWijzigenProduct", "JW317")
def _tr352(b: Inhoud) -> Gevonden:
    if not b.alle(VERZOEK + "m:OngewijzigdeProducten") and not b.alle(VERZOEK + "m:TeWijzigenProducten"):
        yield b.een(b.hoofdelement, "m:Client/m:Verzoek"), \
            "een verzoek om wijziging noemt minstens één bestaand product (ongewijzigd of te wijzigen)"


@regel("TR353", "een verzoek om wijziging heeft minstens één TeWijzigenProduct of NieuwProduct", "JW317")
def _tr353(b: Inhoud) -> Gevonden:
    if not b.alle(VERZOEK + "m:TeWijzigenProducten") and not b.alle(VERZOEK + "m:NieuweProducten"):
        yield b.een(b.hoofdelement, "m:Client/m:Verzoek"), \
            "een verzoek om wijziging vraagt minstens één wijziging of nieuw product"


@regel("TR380", "GewensteIngangsdatum van een NieuwProduct ligt na de Dagtekening", "JW317")
def _tr380(b: Inhoud) -> Gevonden:
    # A TeWijzigenProduct may instead start on its allocation's Ingangsdatum, and must for a
    # budget or a total (IV092): that needs the allocation, which one message does not hold.
    for el, sp in alle_producten(b, alleen_nieuw=True):
        datum = b.datum(el, f"m:{sp.ingang}")
        if datum and b.dagtekening and datum <= b.dagtekening:
            yield b.een(el, f"m:{sp.ingang}"), f"gewenste ingangsdatum {datum} ligt niet na de dagtekening"


@regel("CD085", "RedenAfwijzingVerzoek is gevuld als VerzoekAntwoord 1 (afgewezen) is", "JW319")
def _cd085(b: Inhoud) -> Gevonden:
    antwoord = b.een(b.hoofdelement, "m:Antwoord")
    if b.tekst(antwoord, "m:VerzoekAntwoord") == "1" and b.een(antwoord, "m:RedenAfwijzingVerzoek") is None:
        yield ontbreekt(antwoord, "RedenAfwijzingVerzoek"), "een afgewezen verzoek heeft een reden van afwijzing"


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
        yield ontbreekt(antwoord, "Woonplaatsbeginsel"), "bij afwijzing om het woonplaatsbeginsel (8) hoort de " \
                                                          "gemeente van het woonplaatsbeginsel"


@regel("TR409", "Woonplaatsbeginsel is weggelaten als RedenAfwijzingVerzoek niet 8 is", "JW319")
def _tr409(b: Inhoud) -> Gevonden:
    antwoord = b.een(b.hoofdelement, "m:Antwoord")
    wpb = b.een(antwoord, "m:Woonplaatsbeginsel")
    if wpb is not None and b.tekst(antwoord, "m:RedenAfwijzingVerzoek") != "8":
        yield wpb, "het woonplaatsbeginsel hoort alleen bij reden van afwijzing 8"
