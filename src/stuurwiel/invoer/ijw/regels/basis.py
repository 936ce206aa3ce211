"""The machinery of the per-message rules: the catalogue, a parsed message as the rules read it,
and where the elements of each message are."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from stuurwiel.invoer.ijw.xsd import BERICHTEN, elementpad

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
        # Every element's children by path step (m:Naam, i:Naam), in one walk, and every longer path and text
        # asked once: the rules ask the same few paths many times, and ElementPath would parse each and walk again.
        stappen = _STAPPEN[soort]
        self._kinderen: dict[etree._Element, dict[str, list[etree._Element]]] = {}
        for el in hoofdelement.iter(etree.Element):
            self._kinderen.setdefault(el.getparent(), {}).setdefault(stappen[el.tag], []).append(el)
        self._gevonden: dict[tuple[etree._Element, str], list[etree._Element]] = {}
        self._teksten: dict[tuple[etree._Element, str], str | None] = {}
        self.dagtekening = self.datum(hoofdelement, "m:Header/m:BerichtIdentificatie/i:Dagtekening")

    def alle(self, pad: str, el: etree._Element | None = None) -> list[etree._Element]:
        """The elements at this path under `el` (default: the root), in document order; the list is shared,
        so not to be changed."""
        ouder = self.hoofdelement if el is None else el
        if "/" not in pad:
            return [ouder] if pad == "." else self._kinderen.get(ouder, _GEEN).get(pad, _LEEG)
        gevonden = self._gevonden.get((ouder, pad))
        if gevonden is None:
            stappen = _PADEN.get(pad)
            if stappen is None:
                stappen = _PADEN[pad] = tuple(stap for stap in pad.split("/") if stap != ".")
            gevonden = [ouder]
            for stap in stappen:
                if len(gevonden) == 1:
                    gevonden = self._kinderen.get(gevonden[0], _GEEN).get(stap, _LEEG)
                else:
                    gevonden = [kind for o in gevonden for kind in self._kinderen.get(o, _GEEN).get(stap, ())]
            self._gevonden[ouder, pad] = gevonden
        return gevonden

    def overal(self, paden: Iterable[str]) -> list[etree._Element]:
        """The elements at any of these paths, path by path."""
        return [el for pad in paden for el in self.alle(pad)]

    def een(self, el: etree._Element, pad: str) -> etree._Element | None:
        gevonden = self.alle(pad, el)
        return gevonden[0] if gevonden else None

    def tekst(self, el: etree._Element | None, pad: str) -> str | None:
        if el is None:
            return None
        sleutel = (el, pad)
        tekst = self._teksten.get(sleutel, _ONBEKEND)
        if tekst is _ONBEKEND:
            if pad == ".":
                tekst = el.text
            else:
                gevonden = self.alle(pad, el)
                tekst = gevonden[0].text if gevonden else None
            tekst = self._teksten[sleutel] = tekst.strip() or None if tekst else None
        return tekst

    def herhaald(self, elementen: list[etree._Element]) -> Iterator[tuple[etree._Element, str | None]]:
        """The elements whose text an earlier one already had, with that text."""
        gezien = set()
        for el in elementen:
            waarde = self.tekst(el, ".")
            if waarde in gezien:
                yield el, waarde
            gezien.add(waarde)

    def getal(self, el: etree._Element, pad: str) -> int | None:
        tekst = self.tekst(el, pad)
        return None if tekst is None else int(tekst)

    def datum(self, el: etree._Element | None, pad: str) -> dt.date | None:
        """A date, or None when absent or outside what Python's dates hold (years 1-9999)."""
        tekst = self.tekst(el, pad)
        if tekst is None:
            return None
        datum = _DATUMS.get(tekst, _ONBEKEND)
        if datum is _ONBEKEND:
            try:
                datum = dt.date.fromisoformat(tekst[:10]) if len(tekst) >= 10 else None
            except ValueError:
                datum = None
            if len(_DATUMS) >= 100_000:  # the same few thousand dates recur from message to message
                _DATUMS.clear()
            _DATUMS[tekst] = datum
        return datum


class _Stappen(dict):
    """A tag as the path step that names it (`m:Naam` in the message's namespace, `i:Naam` in the
    basisschema's); a tag in another namespace stays as it is, and no path names it."""

    def __init__(self, namespace: str):
        super().__init__()
        self.prefix = {namespace: "m", IJW: "i"}

    def __missing__(self, tag: str) -> str:
        namespace, _, naam = tag[1:].partition("}")
        stap = self[tag] = f"{self.prefix[namespace]}:{naam}" if namespace in self.prefix else tag
        return stap


_STAPPEN = {soort: _Stappen(namespace) for soort, namespace in BERICHTEN.items()}
_GEEN: dict[str, list[etree._Element]] = {}
_LEEG: list[etree._Element] = []
_PADEN: dict[str, tuple[str, ...]] = {}  # a path as its steps, without "."
_ONBEKEND = object()
_DATUMS: dict[str, dt.date | None] = {}  # a date's text as its date, across messages


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


def ontbreekt(el: etree._Element, naam: str) -> str:
    return f"{elementpad(el)}/{naam}"


def jaren_terug(datum: dt.date, jaren: int) -> dt.date:
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year - jaren, day=28)


# --- where the elements are --------------------------------------------------------------

GEBOORTEDATUMS = {"JW301": ("m:Client/m:Geboortedatum", "m:Client/m:Relaties/m:Relatie/m:Geboortedatum"),
                   **{s: ("m:Client/m:Geboortedatum",) for s in ("JW305", "JW307", "JW315")}}
CONTACTEN = ("m:Client/m:Contactgegevens/m:Contact", "m:Client/m:Relaties/m:Relatie/m:Contact")
NAMEN = ("m:Client/m:Naam", "m:Client/m:Relaties/m:Relatie/m:Naam")
VERZOEK = "m:Client/m:Verzoek/"


@dataclass(frozen=True)
class Soortproduct:
    """Products that carry a period, a product, a volume or a budget."""
    pad: str
    ingang: str
    eind: str
    nieuw: bool = True  # False for a TeWijzigenProduct: its product is the allocated one


PRODUCTEN = {
    "JW301": (Soortproduct("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", "Ingangsdatum", "Einddatum"),),
    "JW315": (Soortproduct("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct", "ToewijzingIngangsdatum",
                            "ToewijzingEinddatum"),),
    "JW317": (Soortproduct(VERZOEK + "m:NieuweProducten/m:NieuwProduct", "GewensteIngangsdatum", "Einddatum"),
              Soortproduct(VERZOEK + "m:TeWijzigenProducten/m:TeWijzigenProduct", "GewensteIngangsdatum",
                            "Einddatum", nieuw=False)),
}


def alle_producten(b: Inhoud, alleen_nieuw: bool = False) -> Iterator[tuple[etree._Element, Soortproduct]]:
    for sp in PRODUCTEN.get(b.soort, ()):
        if sp.nieuw or not alleen_nieuw:
            for el in b.alle(sp.pad):
                yield el, sp


PRESTATIES = "m:Declaratie/m:Clienten/m:Client/m:Prestaties/m:Prestatie"
ANTWOORDPRESTATIES = "m:DeclaratieAntwoord/m:Clienten/m:Client/m:Prestaties/m:Prestatie"


def alle_prestaties(b: Inhoud) -> list[etree._Element]:
    return b.alle(PRESTATIES if b.soort == "JW323" else ANTWOORDPRESTATIES)
