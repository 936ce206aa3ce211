"""What each iJw message says, as rows of the exchange-file kinds (docs/ijw.md).

A message reaches this module only after it passed its XSD and the official rules that refuse
it (`invoer/ijw/controle.py`), so every element the schema requires is there. Values stay text:
the staging area checks and types them like any exchange file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from stuurwiel.invoer.ijw.xsd import BERICHTEN, elementpad

RETOURBERICHTEN = ("JW302", "JW306", "JW308", "JW316", "JW318", "JW320")
GEEN_BEZWAAR = {"0200", "8001"}  # "geen opmerking", "declaratie volledig toegewezen"
EURO, HELE_TOEWIJZING = "83", "6"  # Eenheid "Euro's"; Frequentie "totaal binnen geldigheidsduur toewijzing"
GEMEENTE_AFZENDER = {"JW301", "JW302", "JW319", "JW320", "JW325"}  # the others are sent by the provider


@dataclass
class Uitkomst:
    """The rows one message gives, per exchange-file kind, and the parties in its header."""
    rijen: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)
    gemeentecode: str | None = None
    agb_code: str | None = None

    def rij(self, soort: str, element: etree._Element, pad: str, /, **waarden: str | None) -> None:
        self.rijen.setdefault(soort, []).append({**waarden, "_regel": element.sourceline, "_pad": pad})


@cache
def _pad(namen: tuple[str, ...]) -> str:
    """An ElementPath in any namespace: the message was validated, so no foreign element is there."""
    return "/".join(f"{{*}}{naam}" for naam in namen)


class _Lezer:
    """Reads one message: `t(el, "Product", "Categorie")` is the text of a (grand)child."""

    def __init__(self, hoofdelement: etree._Element, soort: str):
        self.hoofdelement, self.soort, self.ns = hoofdelement, soort, BERICHTEN[soort]
        kop = self.kind(hoofdelement, "Header")
        afzender, ontvanger = self.t(kop, "Afzender"), self.t(kop, "Ontvanger")
        self.gemeente, self.agb = (afzender, ontvanger) if soort in GEMEENTE_AFZENDER else (ontvanger, afzender)
        self.dagtekening = self.t(kop, "BerichtIdentificatie", "Dagtekening")
        self.kop = kop

    @staticmethod
    def kind(el: etree._Element, naam: str) -> etree._Element | None:
        return el.find(_pad((naam,)))

    @staticmethod
    def alle(el: etree._Element, naam: str) -> list[etree._Element]:
        return el.findall(_pad((naam,)))

    @staticmethod
    def t(el: etree._Element | None, *pad: str) -> str | None:
        tekst = None if el is None else el.findtext(_pad(pad))
        return tekst.strip() or None if tekst else None

    def n(self, el: etree._Element | None, *pad: str) -> str | None:
        """A whole number in its plain form: the schema also allows ' 007 ' and '+7'."""
        tekst = self.t(el, *pad)
        return None if tekst is None else str(int(tekst))

    def omvang(self, el: etree._Element) -> dict[str, str | None]:
        """Volume, unit and frequency, or a budget: eurocents for the whole allocation (IV042) are its
        budget, as a Budget element is."""
        volume, eenheid, frequentie = (self.n(el, "Omvang", "Volume"), self.t(el, "Omvang", "Eenheid"),
                                       self.t(el, "Omvang", "Frequentie"))
        if eenheid == EURO and frequentie == HELE_TOEWIJZING:
            return dict(volume=None, eenheid=None, frequentie=None, budget_cent=volume)
        return dict(volume=volume, eenheid=eenheid, frequentie=frequentie, budget_cent=self.n(el, "Budget"))

    def product(self, el: etree._Element) -> dict[str, str | None]:
        return dict(productcategorie=self.t(el, "Product", "Categorie"), productcode=self.t(el, "Product", "Code"))


def _genummerd(elementen: list[etree._Element], pad: str) -> Iterator[tuple[etree._Element, str]]:
    """Each element with its path; the index only where the name repeats, as in xsd.Schending."""
    if len(elementen) == 1:
        yield elementen[0], pad
        return
    for i, el in enumerate(elementen, start=1):
        yield el, f"{pad}[{i}]"


def _producten(lz: _Lezer, ouder: etree._Element, pad: str, lijst: str, item: str
               ) -> Iterator[tuple[etree._Element, str]]:
    lijst_el = lz.kind(ouder, lijst)
    if lijst_el is not None:
        yield from _genummerd(lz.alle(lijst_el, item), f"{pad}/{lijst}/{item}")


# --- per message ---------------------------------------------------------------------------

def _jw301(lz: _Lezer, uit: Uitkomst) -> None:
    client = lz.kind(lz.hoofdelement, "Client")
    klant = dict(bsn=lz.t(client, "Bsn"), geboortedatum=lz.t(client, "Geboortedatum", "Datum"),
                 geslacht=lz.t(client, "Geslacht"), gemeentecode=lz.gemeente, agb_code=lz.agb)
    for el, pad in _producten(lz, client, "/Bericht/Client", "ToegewezenProducten", "ToegewezenProduct"):
        wijziging, referentie = lz.t(el, "RedenWijziging"), lz.t(el, "ReferentieAanbieder")
        # A first allocation without a request was made by the municipality itself (docs/ijw.md).
        verwijzer = "01" if wijziging is None and referentie is None else None
        uit.rij("toewijzingen", el, pad, **klant, **lz.product(el), **lz.omvang(el),
                toewijzingnummer=lz.n(el, "ToewijzingNummer"), verwijzer_type=verwijzer,
                toewijzingsdatum=lz.t(el, "Toewijzingsdatum"), ingangsdatum=lz.t(el, "Ingangsdatum"),
                einddatum=lz.t(el, "Einddatum"), reden_wijziging=wijziging, referentie_aanbieder=referentie)


def _zorgperioden(lijst: str, item: str) -> Callable[[_Lezer, Uitkomst], None]:
    def lees(lz: _Lezer, uit: Uitkomst) -> None:
        client = lz.kind(lz.hoofdelement, "Client")
        for el, pad in _producten(lz, client, "/Bericht/Client", lijst, item):
            uit.rij("zorgperioden", el, pad, **lz.product(el), bsn=lz.t(client, "Bsn"),
                    gemeentecode=lz.gemeente, agb_code=lz.agb, toewijzingnummer=lz.n(el, "ToewijzingNummer"),
                    begindatum=lz.t(el, "Begindatum"), einddatum=lz.t(el, "Einddatum"),
                    reden_beeindiging=lz.t(el, "RedenBeeindiging"),
                    status_aanlevering=lz.t(el, "StatusAanlevering"), meldingsdatum=lz.dagtekening)
    return lees


def _jw315(lz: _Lezer, uit: Uitkomst) -> None:
    client = lz.kind(lz.hoofdelement, "Client")
    for el, pad in _producten(lz, client, "/Bericht/Client", "AangevraagdeProducten", "AangevraagdProduct"):
        uit.rij("verzoeken", el, pad, **lz.product(el), **lz.omvang(el),
                referentie_aanbieder=lz.t(el, "ReferentieAanbieder"), soort="toewijzing",
                bsn=lz.t(client, "Bsn"), geboortedatum=lz.t(client, "Geboortedatum", "Datum"),
                geslacht=lz.t(client, "Geslacht"), gemeentecode=lz.gemeente, agb_code=lz.agb,
                verwijzer_type=lz.t(el, "Verwijzer", "Type"), verwijzer_naam=lz.t(el, "Verwijzer", "Naam"),
                ingangsdatum=lz.t(el, "ToewijzingIngangsdatum"), einddatum=lz.t(el, "ToewijzingEinddatum"),
                verzoekdatum=lz.dagtekening)


def _jw317(lz: _Lezer, uit: Uitkomst) -> None:
    client = lz.kind(lz.hoofdelement, "Client")
    verzoek = lz.kind(client, "Verzoek")
    gemeen = dict(referentie_aanbieder=lz.t(verzoek, "ReferentieAanbieder"), soort="wijziging",
                  bsn=lz.t(client, "Bsn"), gemeentecode=lz.gemeente, agb_code=lz.agb,
                  reden_verzoek=lz.t(verzoek, "RedenVerzoek"), verzoekdatum=lz.dagtekening)
    for lijst, item in (("TeWijzigenProducten", "TeWijzigenProduct"), ("NieuweProducten", "NieuwProduct")):
        for el, pad in _producten(lz, verzoek, "/Bericht/Client/Verzoek", lijst, item):
            uit.rij("verzoeken", el, pad, **gemeen, **lz.product(el), **lz.omvang(el),
                    toewijzingnummer=lz.n(el, "ToewijzingNummer"), ingangsdatum=lz.t(el, "GewensteIngangsdatum"),
                    einddatum=lz.t(el, "Einddatum"))


def _jw319(lz: _Lezer, uit: Uitkomst) -> None:
    el = lz.kind(lz.hoofdelement, "Antwoord")
    uit.rij("verzoekantwoorden", el, "/Bericht/Antwoord", referentie_aanbieder=lz.t(el, "ReferentieAanbieder"),
            gemeentecode=lz.gemeente, agb_code=lz.agb, antwoord=lz.t(el, "VerzoekAntwoord"),
            reden_afwijzing=lz.t(el, "RedenAfwijzingVerzoek"), antwoorddatum=lz.dagtekening)


def _prestaties(lz: _Lezer, ouder: etree._Element, pad: str
                ) -> Iterator[tuple[etree._Element, etree._Element, str]]:
    """(client, prestatie, path) of a declaration or its answer."""
    clienten = lz.kind(ouder, "Clienten")
    if clienten is None:
        return
    for client, cpad in _genummerd(lz.alle(clienten, "Client"), f"{pad}/Clienten/Client"):
        for el, ppad in _producten(lz, client, cpad, "Prestaties", "Prestatie"):
            yield client, el, ppad


def _declaratieregel(lz: _Lezer, client: etree._Element, el: etree._Element) -> dict[str, str | None]:
    return _in_euros(dict(
        referentienummer=lz.t(el, "ProductReferentie", "ReferentieNummer"),
        vorig_referentienummer=lz.t(el, "ProductReferentie", "VorigReferentieNummer"),
        toewijzingnummer=lz.n(el, "ToewijzingNummer"), bsn=lz.t(client, "Bsn"),
        productcategorie=lz.t(el, "ProductCategorie"), productcode=lz.t(el, "ProductCode"),
        periode_begin=lz.t(el, "ProductPeriode", "Begindatum"),
        periode_eind=lz.t(el, "ProductPeriode", "Einddatum"), geleverd_volume=lz.n(el, "GeleverdVolume"),
        eenheid=lz.t(el, "Eenheid"), tarief_cent=lz.n(el, "ProductTarief"),
        bedrag_cent=lz.n(el, "IngediendBedrag", "Bedrag"),
        debet_credit=lz.t(el, "IngediendBedrag", "DebetCredit")))


def _in_euros(regel: dict[str, str | None]) -> dict[str, str | None]:
    """A line in euro's (83) carries its amount in cents as volume and no tariff (CS339, CD087);
    Stuurwiel counts it in whole euros at a tariff of 100 cents."""
    if regel["eenheid"] == "83" and regel["bedrag_cent"] is not None:
        regel |= dict(geleverd_volume=str(int(regel["bedrag_cent"]) // 100), tarief_cent="100")
    return regel


def _jw323(lz: _Lezer, uit: Uitkomst) -> None:
    decl = lz.kind(lz.hoofdelement, "Declaratie")
    nummer, datum = lz.t(decl, "DeclaratieNummer"), lz.t(decl, "DeclaratieDagtekening")
    # A line may lie outside the DeclaratiePeriode (the municipality answers it with 9319); it is
    # stored like any other and counts in its own service month.
    for client, el, pad in _prestaties(lz, decl, "/Bericht/Declaratie"):
        declaratieregel = _declaratieregel(lz, client, el)
        uit.rij("declaraties", el, pad, **declaratieregel, gemeentecode=lz.gemeente, agb_code=lz.agb,
                declaratiedatum=datum, status="ingediend", declaratienummer=nummer)


def _jw325(lz: _Lezer, uit: Uitkomst) -> None:
    _retourcodes(lz, uit, alleen=lz.kop)
    antwoord = lz.kind(lz.hoofdelement, "DeclaratieAntwoord")
    if antwoord is None:  # the whole message was refused: its header's return codes say why
        return
    ingediend, toegekend = lz.kind(antwoord, "TotaalIngediendBedrag"), lz.kind(antwoord, "TotaalToegekendBedrag")
    uit.rij("declaratieantwoorden", antwoord, "/Bericht/DeclaratieAntwoord",
            declaratienummer=lz.t(antwoord, "DeclaratieNummer"), gemeentecode=lz.gemeente, agb_code=lz.agb,
            antwoorddatum=lz.dagtekening, ingediend_cent=lz.n(ingediend, "TotaalBedrag"),
            ingediend_debet_credit=lz.t(ingediend, "DebetCredit"), toegekend_cent=lz.n(toegekend, "TotaalBedrag"),
            toegekend_debet_credit=lz.t(toegekend, "DebetCredit"))
    for _client, el, pad in _prestaties(lz, antwoord, "/Bericht/DeclaratieAntwoord"):
        codes = [c.text.strip() for c in lz.alle(lz.kind(el, "RetourCodes"), "RetourCode")]
        if set(codes) <= GEEN_BEZWAAR:
            continue
        uit.rij("declaratiestatussen", el, pad, agb_code=lz.agb,
                referentienummer=lz.t(el, "ProductReferentie", "ReferentieNummer"), status="afgewezen",
                retourcodes=" ".join(codes), statusdatum=lz.dagtekening)


SLEUTELS = ("ToewijzingNummer", "ReferentieAanbieder", "ReferentieNummer", "Nummer")


def _retourcodes(lz: _Lezer, uit: Uitkomst, alleen: etree._Element | None = None) -> None:
    """Every return code that objects to something, with the element it is about."""
    waar = alleen if alleen is not None else lz.hoofdelement
    for code_el in waar.iter(f"{{{lz.ns}}}RetourCode"):
        code = (code_el.text or "").strip()
        if code in GEEN_BEZWAAR:
            continue
        onderwerp = code_el.getparent()
        if etree.QName(onderwerp).localname == "RetourCodes":
            onderwerp = onderwerp.getparent()
        sleutel = next((s for s in (lz.t(onderwerp, n) for n in SLEUTELS) if s), None)
        uit.rij("retourcodes", code_el, elementpad(onderwerp), berichtsoort=lz.soort, gemeentecode=lz.gemeente,
                agb_code=lz.agb, identificatie_retour=lz.t(lz.kop, "IdentificatieRetour"),
                meldingsdatum=lz.dagtekening, onderwerp=elementpad(onderwerp), sleutel=sleutel, retourcode=code)


LEZERS: dict[str, Callable[[_Lezer, Uitkomst], None]] = {
    "JW301": _jw301,
    "JW305": _zorgperioden("StartProducten", "StartProduct"),
    "JW307": _zorgperioden("StopProducten", "StopProduct"),
    "JW315": _jw315,
    "JW317": _jw317,
    "JW319": _jw319,
    "JW323": _jw323,
    "JW325": _jw325,
    **{s: _retourcodes for s in RETOURBERICHTEN},
}


def lees(hoofdelement: etree._Element, soort: str) -> Uitkomst:
    """The rows of a message that passed its XSD and the rules that refuse (invoer/ijw/lading.py)."""
    lezer = _Lezer(hoofdelement, soort)
    uit = Uitkomst(gemeentecode=lezer.gemeente, agb_code=lezer.agb)
    LEZERS[soort](lezer, uit)
    return uit
