"""iJw 3.2 messages checked against the structure and types of the official XSDs, without the XSDs.

The schemas are read from `data/ijw_xsd.json` (derived by scripts/afleiden_referentie.py) and
mirror XSD 1.0 as libxml2 applies it: sequences of elements with their order and number, and
every value against its simple type (invoer/ijw/xsdtypen.py). Every violation is reported, in
document order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml import etree

from stuurwiel.invoer.ijw.xsdtypen import ONBEGRENSD, WITRUIMTE, Controle, waardecontrole

XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
XSI_LOCATIES = {XSI + "schemaLocation", XSI + "noNamespaceSchemaLocation"}


@dataclass(frozen=True)
class Schending:
    regelnummer: int | None  # source line of the offending element
    pad: str  # e.g. /Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum
    waarde: str | None  # the offending text, None for a structural problem
    reden: str  # in Dutch


@cache
def _beschrijving() -> dict:
    return json.loads(resources.files("stuurwiel.data").joinpath("ijw_xsd.json").read_text(encoding="utf-8"))


BERICHTEN: dict[str, str] = {code: b["namespace"] for code, b in _beschrijving()["berichten"].items()}
_SOORT_VAN_NAMESPACE = {ns: code for code, ns in BERICHTEN.items()}


def berichtsoort(hoofdelement: etree._Element) -> str | None:
    """The message code (JW301 …) of a root element `{ns}Bericht`, else None."""
    tag = hoofdelement.tag
    if not isinstance(tag, str) or not tag.endswith("}Bericht"):
        return None
    return _SOORT_VAN_NAMESPACE.get(tag[1:-len("}Bericht")])


def valideer(hoofdelement: etree._Element, berichtsoort: str) -> list[Schending]:
    """Every violation of the message schema of `berichtsoort`, in document order."""
    hoofd = _hoofddeeltje(berichtsoort)
    if hoofdelement.tag != hoofd.tag:
        return [Schending(hoofdelement.sourceline, "/" + _lokaal(hoofdelement.tag), None,
                          f"hoofdelement is geen Bericht uit namespace {BERICHTEN[berichtsoort]}")]
    uit: list[Schending] = []
    _element(hoofdelement, hoofd, uit)
    return uit


# --- the compiled schema --------------------------------------------------------------------

class _Deeltje:
    """An element declaration in a sequence (a particle)."""

    __slots__ = ("complex", "max", "min", "naam", "simpel", "tag", "type_qname")

    def __init__(self, tag: str, naam: str, min_: int, max_: int, type_qname: tuple[str, str] | None):
        self.tag, self.naam, self.min, self.max, self.type_qname = tag, naam, min_, max_, type_qname
        self.complex: _Complex | None = None
        self.simpel: Controle | None = None


class _Complex:
    """A sequence, and per position where each later element is reached from there."""

    __slots__ = ("deeltjes", "sprongen")

    def __init__(self, deeltjes: list[_Deeltje]):
        self.deeltjes = deeltjes
        self.sprongen = [self._sprongen(i) for i in range(len(deeltjes) + 1)]

    def _sprongen(self, i: int) -> dict[str, tuple[int, list[_Deeltje]]]:
        """tag -> (its first position j after i, the required elements between i and j)."""
        sprongen = {}
        for j in range(len(self.deeltjes) - 1, i, -1):  # backwards, so the first position wins
            sprongen[self.deeltjes[j].tag] = (j, [d for d in self.deeltjes[i + 1:j] if d.min])
        return sprongen


def _namespace(prefix: str) -> str:
    return _beschrijving()["namespaces"][prefix] if prefix else ""


def _type_qname(type_id: str) -> tuple[str, str] | None:
    """(namespace, name) of a named type, None for an anonymous one (its id holds a '/')."""
    prefix, naam = type_id.split(":", 1)
    return None if "/" in naam else (_namespace(prefix), naam)


@cache
def _hoofddeeltje(berichtsoort: str) -> _Deeltje:
    bericht = _beschrijving()["berichten"][berichtsoort]
    hoofdtype = bericht["root"]
    deeltje = _Deeltje("{" + bericht["namespace"] + "}Bericht", "Bericht", 1, 1, _type_qname(hoofdtype))
    deeltje.complex = _complex(hoofdtype)
    return deeltje


@cache
def _complex(type_id: str) -> _Complex:
    deeltjes = []
    for p in _beschrijving()["complextypes"][type_id]:
        tag = "{" + _namespace(p["ns"]) + "}" + p["naam"] if p["ns"] else p["naam"]
        d = _Deeltje(tag, p["naam"], p["min"], ONBEGRENSD if p["max"] is None else p["max"], _type_qname(p["type"]))
        if p["type"] in _beschrijving()["complextypes"]:
            d.complex = _complex(p["type"])
        else:
            d.simpel = _simpel(p["type"])
        deeltjes.append(d)
    return _Complex(deeltjes)


@cache
def _simpel(type_id: str) -> Controle:
    return waardecontrole(_beschrijving()["simpletypes"][type_id])


# --- the walk ---------------------------------------------------------------------------------

def _element(el: etree._Element, d: _Deeltje, uit: list[Schending]) -> None:
    if len(el.attrib):
        _attributen(el, d, uit)
    if d.complex is not None:
        _inhoud(el, d.complex, uit)
    else:
        _waarde(el, d.simpel, uit)


def _attributen(el: etree._Element, d: _Deeltje, uit: list[Schending]) -> None:
    for naam, waarde in el.attrib.items():
        if naam in XSI_LOCATIES:
            continue
        if naam == XSI + "type":
            if _qname(el, waarde) != d.type_qname:
                uit.append(Schending(el.sourceline, elementpad(el), waarde,
                                     f"xsi:type {waarde} is niet het type van {d.naam}"))
            continue
        ns, _, lokaal = naam[1:].partition("}") if naam[0] == "{" else ("", "", naam)
        uit.append(Schending(el.sourceline, elementpad(el), waarde,
                             f"onbekend attribuut {lokaal}" + (f" (namespace {ns})" if ns else "")))


def _qname(el: etree._Element, waarde: str) -> tuple[str | None, str]:
    prefix, _, lokaal = waarde.strip(WITRUIMTE).rpartition(":")
    return el.nsmap.get(prefix or None), lokaal


def _waarde(el: etree._Element, controle: Controle, uit: list[Schending]) -> None:
    if len(el):  # comments and processing instructions split the text; an element is not allowed
        delen = [el.text or ""]
        for kind in el:
            if isinstance(kind.tag, str):
                uit.append(Schending(el.sourceline, elementpad(el), None,
                                     f"element {_lokaal(kind.tag)} in een element dat alleen tekst mag bevatten"))
                return
            delen.append(kind.tail or "")
        waarde = "".join(delen)
    else:
        waarde = el.text or ""
    reden = controle(waarde)
    if reden:
        uit.append(Schending(el.sourceline, elementpad(el), waarde, reden))


def _inhoud(el: etree._Element, ct: _Complex, uit: list[Schending]) -> None:
    """Walk the children through the sequence; after an error, carry on from the likeliest position."""
    deeltjes = ct.deeltjes
    aantal = len(deeltjes)
    gemeld = False  # text in element-only content is reported once per element
    if el.text and el.text.strip(WITRUIMTE):
        gemeld = _tekst(el, el.text, uit)
    i, n = 0, 0  # position in the sequence, and how often its element has occurred
    misplaatst: set[str] | tuple = ()  # names reported out of place are not reported missing as well
    for kind in el:
        tekst = kind.tail
        if tekst and not gemeld and tekst.strip(WITRUIMTE):
            gemeld = _tekst(el, tekst, uit)
        tag = kind.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        if i < aantal and deeltjes[i].tag == tag and n < deeltjes[i].max:
            n += 1
        else:
            j, overgeslagen = ct.sprongen[i].get(tag, (-1, []))
            if j >= 0 and n < deeltjes[i].min:
                overgeslagen = [deeltjes[i], *overgeslagen]
            if j < 0 or (overgeslagen and _komt_nog(kind, overgeslagen)):
                uit.append(Schending(kind.sourceline, elementpad(kind), None, _onverwacht(tag, ct, i, n)))
                misplaatst = {*misplaatst, _lokaal(tag)}
                continue
            uit.extend(_ontbreekt(kind.sourceline, el, d) for d in overgeslagen if d.naam not in misplaatst)
            i, n = j, 1
        _element(kind, deeltjes[i], uit)
    ontbrekend = ([deeltjes[i]] if i < aantal and n < deeltjes[i].min else []) + [d for d in deeltjes[i + 1:] if d.min]
    uit.extend(_ontbreekt(el.sourceline, el, d) for d in ontbrekend if d.naam not in misplaatst)


def _ontbreekt(regelnummer: int | None, ouder: etree._Element, d: _Deeltje) -> Schending:
    """A missing element, on the line of the element found in its place (or of its parent at the end)."""
    return Schending(regelnummer, f"{elementpad(ouder)}/{d.naam}", None, f"verplicht element {d.naam} ontbreekt")


def _tekst(el: etree._Element, tekst: str, uit: list[Schending]) -> bool:
    """Text in element-only content, reported once per element."""
    uit.append(Schending(el.sourceline, elementpad(el), tekst.strip(WITRUIMTE),
                         "tekst in een element dat alleen elementen mag bevatten"))
    return True


def _komt_nog(kind: etree._Element, overgeslagen: list[_Deeltje]) -> bool:
    """Whether a skipped required element follows later: then `kind` is the one out of place."""
    tags = {d.tag for d in overgeslagen}
    return any(s.tag in tags for s in kind.itersiblings())


def _onverwacht(tag: str, ct: _Complex, i: int, n: int) -> str:
    deeltjes = ct.deeltjes
    naam = _lokaal(tag)
    if i < len(deeltjes) and deeltjes[i].tag == tag:
        return f"element {naam} komt te vaak voor (hoogstens {deeltjes[i].max} keer)"
    verwacht = _verwacht(deeltjes, i, n)
    zelfde_naam = [d for d in deeltjes if d.naam == naam]
    if zelfde_naam:
        ns = tag[1:].partition("}")[0] if tag[0] == "{" else ""
        verwacht_ns = zelfde_naam[0].tag[1:].partition("}")[0]
        if ns != verwacht_ns:
            return f"element {naam} in namespace {ns or '(geen)'} in plaats van {verwacht_ns}"
        return f"element {naam} staat op de verkeerde plaats (verwacht: {verwacht})"
    return f"onverwacht element {naam} (verwacht: {verwacht})"


def _verwacht(deeltjes: list[_Deeltje], i: int, n: int) -> str:
    """What may come next: the current element if it may repeat, then up to the first required one."""
    namen = [deeltjes[i].naam] if i < len(deeltjes) and n < deeltjes[i].max else []
    if i >= len(deeltjes) or n >= deeltjes[i].min:
        for d in deeltjes[i + 1:]:
            namen.append(d.naam)
            if d.min:
                break
    return ", ".join(namen) or "geen element meer"


def _lokaal(tag: str) -> str:
    return tag.rpartition("}")[2]


def elementpad(el: etree._Element) -> str:
    """/Bericht/Client/...; with a 1-based index where the name repeats among its siblings."""
    delen = []
    while el is not None:
        naam = _lokaal(el.tag)
        ouder = el.getparent()
        if ouder is not None:
            zelfde = [k for k in ouder if isinstance(k.tag, str) and _lokaal(k.tag) == naam]
            if len(zelfde) > 1:
                naam += f"[{zelfde.index(el) + 1}]"
        delen.append(naam)
        el = ouder
    return "/" + "/".join(reversed(delen))
