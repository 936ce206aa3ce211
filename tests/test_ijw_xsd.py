"""Stuurwiel's own iJw 3.2 validator gives the verdict of the official XSDs.

The oracle is lxml (libxml2) with the real schemas from ../shared/reference/ijw-3.2/xsd; the
product itself never reads them. The corpus is generated deterministically from the 14 example
messages: structural changes (delete, duplicate, swap, rename, move, other namespace, unknown
elements, attributes, text) and values at and beyond the edges of their types.
"""

from __future__ import annotations

import copy
import json
import random
from importlib import resources
from itertools import islice

import pytest
from lxml import etree

from stuurwiel.invoer.ijw import xsd
from tests.support.omgeving import SHARED

pytestmark = pytest.mark.unit

IJW = SHARED / "reference" / "ijw-3.2"
VOORBEELDEN = {p.stem: p.read_bytes() for p in sorted((IJW / "berichten").glob("JW*.xml"))}
ONGELDIG = {"JW315", "JW318"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # strips nothing: comments and PIs stay
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
IJW_NS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
BESCHRIJVING = json.loads(resources.files("stuurwiel.data").joinpath("ijw_xsd.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    return {code: etree.XMLSchema(etree.parse(str(IJW / "xsd" / f"{code}.xsd"))) for code in xsd.BERICHTEN}


def lees(data: bytes) -> etree._Element:
    return etree.fromstring(data, PARSER)


def test_description_covers_every_message():
    assert sorted(xsd.BERICHTEN) == sorted(VOORBEELDEN)
    codes = {b["berichtcode"] for b in BESCHRIJVING["berichten"].values()}
    assert len(codes) == 14 and BESCHRIJVING["berichten"]["JW323"]["berichtcode"] == "490"


@pytest.mark.parametrize("soort", sorted(set(VOORBEELDEN) - ONGELDIG))
def test_valid_examples(soort, schemas):
    root = lees(VOORBEELDEN[soort])
    assert xsd.berichtsoort(root) == soort
    assert schemas[soort].validate(root.getroottree())
    assert xsd.valideer(root, soort) == []


def test_jw315_impossible_date(schemas):
    root = lees(VOORBEELDEN["JW315"])
    assert not schemas["JW315"].validate(root.getroottree())
    pad = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[{}]/ToewijzingEinddatum"
    assert xsd.valideer(root, "JW315") == [
        xsd.Schending(fout.line, pad.format(i), "2027-06-31", "geen bestaande datum (JJJJ-MM-DD)")
        for i, fout in enumerate(schemas["JW315"].error_log, start=1)
    ]


def test_jw318_misplaced_retourcode(schemas):
    root = lees(VOORBEELDEN["JW318"])
    assert not schemas["JW318"].validate(root.getroottree())
    (schending,) = xsd.valideer(root, "JW318")
    assert schending.regelnummer == schemas["JW318"].error_log[0].line == 33
    assert schending.pad == "/Bericht/Client/Verzoek/RetourCode"
    assert schending.reden == ("onverwacht element RetourCode (verwacht: OngewijzigdeProducten, "
                               "TeWijzigenProducten, NieuweProducten, RetourCodes)")


def test_berichtsoort_only_for_an_ijw_bericht():
    assert xsd.berichtsoort(etree.fromstring(b"<Bericht/>")) is None
    assert xsd.berichtsoort(etree.fromstring(b'<x:Header xmlns:x="%s"/>' % xsd.BERICHTEN["JW301"].encode())) is None
    root = lees(VOORBEELDEN["JW323"])
    assert xsd.valideer(root, "JW301")[0].reden.startswith("hoofdelement is geen Bericht")


def _vervang(soort: str, oud: str, nieuw: str) -> list[xsd.Schending]:
    data = VOORBEELDEN[soort].decode()
    assert oud in data
    return xsd.valideer(lees(data.replace(oud, nieuw, 1).encode()), soort)


@pytest.mark.parametrize(("soort", "oud", "nieuw", "pad", "waarde", "reden"), [
    ("JW301", "<jw301:Bsn>999900006</jw301:Bsn>", "", "/Bericht/Client/Bsn", None, "verplicht element Bsn ontbreekt"),
    ("JW301", "<ijw:Identificatie>123456789012<", "<ijw:Identificatie>1234567890123<",
     "/Bericht/Header/BerichtIdentificatie/Identificatie", "1234567890123", "langer dan 12 tekens"),
    ("JW301", "<ijw:Eenheid>", "<ijw:Eenheid>9",
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Omvang/Eenheid", "904",
     "staat niet in de iJw-codelijst Eenheid"),
    ("JW323", "<jw323:BerichtCode>490<", "<jw323:BerichtCode>491<", "/Bericht/Header/BerichtCode", "491",
     "moet 490 zijn"),
    ("JW301", "<jw301:Bsn>999900006<", "<jw301:Bsn>99990000a<", "/Bericht/Client/Bsn", "99990000a",
     "past niet in het patroon [0-9]{9}"),
    ("JW323", "<ijw:TotaalBedrag>79000<", "<ijw:TotaalBedrag>79000.0<",
     "/Bericht/Declaratie/TotaalIngediendBedrag/TotaalBedrag", "79000.0", "geen geheel getal"),
    ("JW323", "<ijw:TotaalBedrag>79000<", "<ijw:TotaalBedrag>1000000000000<",
     "/Bericht/Declaratie/TotaalIngediendBedrag/TotaalBedrag", "1000000000000", "groter dan 999999999999"),
    ("JW301", "<jw301:Client>", "<jw301:Client>Jansen", "/Bericht/Client", "Jansen",
     "tekst in een element dat alleen elementen mag bevatten"),
    ("JW301", "<jw301:Client>", '<jw301:Client soort="x">', "/Bericht/Client", "x", "onbekend attribuut soort"),
    ("JW301", "<jw301:Client>", f'<jw301:Client xmlns:xsi="{XSI[1:-1]}" xsi:schemaLocation="a b">', None, None, None),
    ("JW301", "<jw301:Bsn>999900006<", "<jw301:Bsn>9999<!-- BSN -->00006<", None, None, None),
])
def test_reasons(soort, oud, nieuw, pad, waarde, reden):
    schendingen = _vervang(soort, oud, nieuw)
    if reden is None:
        assert schendingen == []
        return
    assert schendingen == [xsd.Schending(schendingen[0].regelnummer, pad, waarde, reden)]


# --- the corpus -------------------------------------------------------------------------------

DATUMS = ["2024-02-29", "2023-02-29", "2027-06-31", "2024-04-31", " 2024-01-01 ", "\n2024-01-01\t", "2024-01-01Z",
          "2024-01-01+01:00", "2024-01-01-05:00", "12024-01-01", "02024-01-01", "0000-01-01", "-0001-01-01",
          "-0004-02-29", "-0001-02-29", "-0100-02-29", "-0400-02-29", "1900-02-29", "2000-02-29", "2024-1-01",
          "2024-01-01 x", "2024 -01-01", "2024-13-01", "2024-00-10", "2024-12-00", "+2024-01-01", "2024/01/01",
          "\uff12\uff10\uff12\uff14-01-01", "20240101", "\u20032024-01-01", "9223372036854775807-12-31",
          "9223372036854775808-01-01", "2024-01-01T00:00:00", "2024-12-31", ""]
TIJDEN = ["12:00:00", " 12:00:00 ", "00:00:00", "23:59:59", "24:00:00", "24:00:01", "23:59:60", "23:59:59.999",
          "23:59:59.99999999999999", "12:00:00.", "12:00", "1:00:00", "12:00:00Z", "12:00:00+01:00", "12:60:00",
          "123:00:00", "12:00:00.5 ", "12:00:00 PM", "\u200312:00:00", ""]
TEKSTEN = ["", " ", "\t", "x", " x ", "x\ny", "x\ry", "\nx", "x\n", "\u00a0", "\u2003x", "Zoë", "Ĳssel", "Ỵ", "ÀỳÉ",
           ".", ". .", "a.b", "0384", "03840", "384", "999900006", "99990000", "9999000061", "١٢٣", "1.0.0", "01.0.0",
           "1.0", "RN001", "DN-001", "436", "4360", "3", "2", "😀", "&<>", "0", "-0", "+5", "-1", "007", "1 2", "5.0"]
VREEMD_NS = "urn:stuurwiel:vreemd"


def _waarden(type_id: str, origineel: str, rng: random.Random) -> list[str]:
    """Values at and beyond the edges of a simple type."""
    st = BESCHRIJVING["simpletypes"][type_id]
    facetten = {k: v for stap in st["stappen"] for k, v in stap.items()}
    if st["basis"] == "xs:date":
        return DATUMS
    if st["basis"] == "xs:time":
        return TIJDEN
    if st["basis"] == "xs:integer":
        lo, hi = facetten["minInclusive"], facetten["maxInclusive"]
        return [str(lo), str(hi), str(hi + 1), str(lo - 1), "-0", "+0", "+5", "007", "0" * 20 + str(hi), " 5 ",
                "\t7\n", "5.0", "1e3", "", " ", "1 2", "٣", "+", "-", "9" * 25, "0" * 30 + "1", f" {hi + 1} ",
                "\u00a05", "5\u2003", "1" * 5000]
    waarden = [origineel, f" {origineel}", f"{origineel} ", f"{origineel}\n", f"{origineel}\r", f"\r{origineel}",
               f"{origineel}\u00a0", f"\u2003{origineel}", origineel.lower(), origineel * 2, "", " ", "\u00a0",
               "\u2003", "x\ny", "x\ry", ". .", "😀"]
    codes = facetten.get("enumeration", [])
    for code in codes[:2] + codes[-1:] + rng.sample(codes, min(len(codes), 3)):
        waarden += [code, f"{code} ", code.lower(), code + "0"]
    kortst, langst = facetten.get("minLength", 0), facetten.get("maxLength")
    for teken in sorted({origineel[:1] or "A", "é", "😀", "1", " "}):
        waarden += [teken * kortst, teken * max(kortst - 1, 0)]
        if langst:
            waarden += [teken * langst, teken * (langst + 1), "x" + teken * (langst - 1), teken * (langst - 1) + "\n"]
    return waarden


def _typen_per_naam() -> dict[str, list[str]]:
    typen: dict[str, list[str]] = {}
    for deeltjes in BESCHRIJVING["complextypes"].values():
        for d in deeltjes:
            typen.setdefault(d["naam"], []).append(d["type"])
    return typen


TYPEN = _typen_per_naam()


def _bladen(root: etree._Element, soort: str) -> list[tuple[etree._Element, str]]:
    """(element, simple type id) for every value of a message that is valid against its schema."""
    uit = []

    def loop(el: etree._Element, type_id: str) -> None:
        if type_id in BESCHRIJVING["simpletypes"]:
            uit.append((el, type_id))
            return
        deeltjes = {f"{{{BESCHRIJVING['namespaces'][d['ns']]}}}{d['naam']}": d["type"]
                    for d in BESCHRIJVING["complextypes"][type_id]}
        for kind in el:
            if isinstance(kind.tag, str):
                loop(kind, deeltjes[kind.tag])

    loop(root, BESCHRIJVING["berichten"][soort]["root"])
    return uit


class Mutaties:
    """Changes to one parsed message; each returns a short description for the failure report."""

    def __init__(self, rng: random.Random, root: etree._Element, soort: str):
        self.rng, self.root, self.ns = rng, root, xsd.BERICHTEN[soort]

    @property
    def elementen(self) -> list[etree._Element]:
        return [e for e in self.root.iter() if isinstance(e.tag, str)]

    def willekeurig(self, zonder_root: bool = True) -> etree._Element:
        return self.rng.choice(self.elementen[1:] if zonder_root else self.elementen)

    def bladeren(self) -> list[etree._Element]:
        return [e for e in self.elementen if not any(isinstance(k.tag, str) for k in e)]

    def samengesteld(self) -> list[etree._Element]:
        return [e for e in self.elementen if any(isinstance(k.tag, str) for k in e)]

    def waarde(self) -> str:
        el = self.rng.choice(self.bladeren())
        naam = etree.QName(el).localname
        typen = [t for t in TYPEN.get(naam, []) if t in BESCHRIJVING["simpletypes"]]
        if typen and self.rng.random() < 0.8:
            el.text = self.rng.choice(_waarden(self.rng.choice(typen), el.text or "", self.rng))
        else:
            el.text = self.rng.choice(TEKSTEN + DATUMS[:8] + TIJDEN[:6])
        return f"waarde {naam}={el.text!r}"

    def verwijder(self) -> str:
        el = self.willekeurig()
        el.getparent().remove(el)
        return f"verwijder {etree.QName(el).localname}"

    def verdubbel(self) -> str:
        el = self.willekeurig()
        el.addnext(copy.deepcopy(el))
        return f"verdubbel {etree.QName(el).localname}"

    def wissel(self) -> str:
        el = self.rng.choice([e for e in self.elementen[1:] if e.getnext() is not None])
        el.addprevious(el.getnext())
        return f"wissel {etree.QName(el).localname} met zijn opvolger"

    def hernoem(self) -> str:
        el = self.willekeurig(zonder_root=self.rng.random() < 0.95)
        oud = etree.QName(el)
        nieuw = self.rng.choice([etree.QName(e).localname for e in self.elementen] + ["Onbekend"])
        el.tag = etree.QName(oud.namespace, nieuw).text
        return f"hernoem {oud.localname} tot {nieuw}"

    def verplaats(self) -> str:
        el = self.willekeurig()
        doel = self.rng.choice([e for e in self.samengesteld() if e is not el and el not in e.iterancestors()])
        el.getparent().remove(el)
        doel.insert(self.rng.randint(0, len(doel)), el)
        return f"verplaats {etree.QName(el).localname} naar {etree.QName(doel).localname}"

    def namespace(self) -> str:
        el = self.willekeurig(zonder_root=self.rng.random() < 0.95)
        oud = etree.QName(el)
        nieuw = self.rng.choice([n for n in (self.ns, IJW_NS, VREEMD_NS, None) if n != oud.namespace])
        el.tag = etree.QName(nieuw, oud.localname).text
        return f"namespace van {oud.localname} wordt {nieuw}"

    def onbekend_element(self) -> str:
        doel = self.willekeurig(zonder_root=False)
        nieuw = etree.Element(etree.QName(self.rng.choice([self.ns, IJW_NS]), "Onbekend").text)
        nieuw.text = "x"
        doel.insert(self.rng.randint(0, len(doel)), nieuw)
        return f"onbekend element in {etree.QName(doel).localname}"

    def attribuut(self) -> str:
        el = self.willekeurig(zonder_root=False)
        naam = etree.QName(el).localname
        keuzes = [("soort", "1"), (XSI + "schemaLocation", "a b c"), (XSI + "noNamespaceSchemaLocation", "x.xsd"),
                  (XSI + "nil", "false"), (XSI + "type", "ijw:LDT_Naam"), (f"{{{VREEMD_NS}}}x", "1"),
                  ("{http://www.w3.org/XML/1998/namespace}lang", "nl")]
        # xsi:type naming a declared type of this name (the prefixes of the description are those of the examples)
        keuzes += [(XSI + "type", t) for t in TYPEN.get(naam, []) if "/" not in t] * 3
        sleutel, waarde = self.rng.choice(keuzes)
        el.set(sleutel, waarde)
        return f"attribuut {sleutel}={waarde!r} op {naam}"

    def tekst(self) -> str:
        el = self.rng.choice(self.samengesteld())
        tekst = self.rng.choice(["x", " \n\t ", "\u00a0", "0", "\r\n"])
        if self.rng.random() < 0.5:
            el.text = tekst
        else:
            self.rng.choice([k for k in el if isinstance(k.tag, str)]).tail = tekst
        return f"tekst {tekst!r} in {etree.QName(el).localname}"

    def commentaar(self) -> str:
        el = self.willekeurig(zonder_root=False)
        knoop = etree.Comment(" c ") if self.rng.random() < 0.5 else etree.ProcessingInstruction("pi", "x")
        if len(el) == 0 and el.text:  # inside a value: the text continues after the node
            k = self.rng.randint(0, len(el.text))
            el.text, knoop.tail = el.text[:k], el.text[k:]
            el.append(knoop)
        else:
            el.insert(self.rng.randint(0, len(el)), knoop)
        return f"commentaar of PI in {etree.QName(el).localname}"

    def cdata(self) -> str:
        el = self.rng.choice([e for e in self.bladeren() if e.text])
        el.text = etree.CDATA(el.text)
        return f"CDATA in {etree.QName(el).localname}"


STRUCTUUR = ["verwijder", "verdubbel", "wissel", "hernoem", "verplaats", "namespace", "onbekend_element", "attribuut",
             "tekst", "commentaar", "cdata"]


def waardevarianten(rng: random.Random):
    """Every simple type, at its first occurrence in a valid example, with each of its edge values."""
    gezien = set()
    for soort, data in VOORBEELDEN.items():
        if soort in ONGELDIG:
            continue
        root = lees(data)
        for el, type_id in _bladen(root, soort):
            if type_id in gezien:
                continue
            gezien.add(type_id)
            plaats = list(root.iter()).index(el)
            for waarde in _waarden(type_id, el.text or "", rng):
                variant = lees(data)
                next(islice(variant.iter(), plaats, None)).text = waarde
                yield soort, f"{type_id}={waarde!r}", etree.tostring(variant, encoding="utf-8", xml_declaration=True)


def mutatievarianten(rng: random.Random, per_bericht: int):
    """The examples, and per example random combinations of one to three changes."""
    for soort, data in VOORBEELDEN.items():
        yield soort, "ongewijzigd", data
        for _ in range(per_bericht):
            root = lees(data)
            mutaties = Mutaties(rng, root, soort)
            stappen = [mutaties.waarde() if rng.random() < 0.5 else getattr(mutaties, rng.choice(STRUCTUUR))()
                       for _ in range(rng.choice((1, 1, 1, 2, 3)))]
            yield soort, "; ".join(stappen), etree.tostring(root, encoding="utf-8", xml_declaration=True)


def corpus(seed: int = 20260401):
    """(message code, description of the change, serialised variant)."""
    rng = random.Random(seed)
    yield from waardevarianten(rng)
    yield from mutatievarianten(rng, per_bericht=150)


def test_verdict_equals_xsd_on_generated_corpus(schemas):
    verschillen, regels, telling = [], [], {True: 0, False: 0}
    for soort, beschrijving, data in corpus():
        root = lees(data)
        geldig = schemas[soort].validate(root.getroottree())
        telling[geldig] += 1
        schendingen = xsd.valideer(root, soort)
        if geldig != (schendingen == []):
            eerste = "" if geldig else f"{schemas[soort].error_log[0].line}: {schemas[soort].error_log[0].message}"
            verschillen.append(f"{soort} [{beschrijving}] XSD {'geldig' if geldig else eerste}; wij {schendingen}")
        elif not geldig and schemas[soort].error_log[0].line not in {s.regelnummer for s in schendingen}:
            regels.append(f"{soort} [{beschrijving}] XSD regel {schemas[soort].error_log[0].line}; wij {schendingen}")
    print(f"corpus: {sum(telling.values())} berichten, {telling[True]} geldig, {telling[False]} ongeldig")
    assert telling[True] > 1000 and telling[False] > 2000
    assert not verschillen, f"{len(verschillen)} verschillen met de XSD:\n" + "\n".join(verschillen[:25])
    assert not regels, f"{len(regels)} keer een andere regel dan de XSD:\n" + "\n".join(regels[:25])
