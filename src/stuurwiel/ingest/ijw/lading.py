"""A batch of iJw messages read into rows of the exchange-file kinds.

Every message is read safely, recognised by namespace, checked against the structure and
types of its schema (and against official XSDs when the user supplies them), and then read
into rows. A message whose bytes were loaded before is skipped, so reloading an archive, or a
later archive that repeats messages, changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from stuurwiel.ingest.bestanden import Bronbestand
from stuurwiel.ingest.ijw import archief, berichten, xsd
from stuurwiel.ingest.ijw.archief import Bericht, Onveilig


class XsdFout(ValueError):
    """The official XSDs a user pointed to cannot be used; the text is for the user."""


@dataclass(frozen=True)
class Melding:
    """A problem in one message: file (or archive/member), line, element path, value, reason."""
    naam: str
    regel: int | None
    element: str | None
    waarde: str | None
    reden: str


@dataclass
class Berichtenlezer:
    bekend: set[str]  # hashes of messages loaded before
    officieel: dict[str, etree.XMLSchema] | None = None  # message code -> official XSD (--xsd)
    rijen: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)
    meldingen: list[Melding] = field(default_factory=list)
    bestanden: list[Bronbestand] = field(default_factory=list)
    overgeslagen: list[str] = field(default_factory=list)
    per_soort: Counter = field(default_factory=Counter)

    def lees(self, pad: Path, melden: Callable[[], None] = lambda: None) -> None:
        for bericht in archief.berichten(pad):
            melden()
            if isinstance(bericht, tuple):
                self.meldingen.append(Melding(bericht[0], None, None, None, bericht[1]))
                continue
            h = bericht.hash
            if h in self.bekend:
                self.overgeslagen.append(bericht.naam)
                continue
            self.bekend.add(h)
            self._lees_bericht(bericht, Bronbestand(pad, bericht.naam, h))

    def _lees_bericht(self, bericht: Bericht, bestand: Bronbestand) -> None:
        try:
            root = archief.ontleed(bericht)
        except Onveilig as e:
            self.meldingen.append(Melding(bericht.naam, e.regel, None, None, str(e)))
            return
        soort = xsd.berichtsoort(root)
        if soort is None:
            self.meldingen.append(Melding(bericht.naam, root.sourceline, f"/{etree.QName(root).localname}", None,
                                          f"geen iJw 3.2-bericht (namespace '{etree.QName(root).namespace}')"))
            return
        schendingen = xsd.valideer(root, soort) + self._officieel(root, soort)
        if not schendingen:
            uitkomst = berichten.lees(root, soort)
            schendingen = uitkomst.schendingen
        if schendingen:
            self.meldingen += [Melding(bericht.naam, s.regel, s.pad, s.waarde, s.reden) for s in schendingen]
            return
        for naam, rijen in uitkomst.rijen.items():
            for rij in rijen:
                rij["_bestand"] = bericht.naam
            self.rijen.setdefault(naam, []).extend(rijen)
        bestand.soort, bestand.regels = soort, sum(len(r) for r in uitkomst.rijen.values())
        self.bestanden.append(bestand)
        self.per_soort[soort] += 1

    def _officieel(self, root: etree._Element, soort: str) -> list[xsd.Schending]:
        schema = (self.officieel or {}).get(soort)
        if schema is None or schema.validate(root.getroottree()):
            return []
        return [xsd.Schending(e.line, None, None, f"volgens de officiële XSD: {e.message}")
                for e in schema.error_log]


def officiele_schemas(map_: Path) -> dict[str, etree.XMLSchema]:
    """The official XSDs in a folder (JW301.xsd … with basisschema.xsd beside them), per message code.
    Raises XsdFout when the folder holds none or one does not load."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    schemas = {}
    for pad in sorted(map_.glob("*.xsd")):
        code = pad.stem.upper()
        if code not in xsd.BERICHTEN:
            continue
        try:
            schemas[code] = etree.XMLSchema(etree.parse(str(pad), parser))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as e:
            raise XsdFout(f"{pad}: geen bruikbare XSD ({e})") from None
    if not schemas:
        raise XsdFout(f"{map_}: geen iJw-berichtschema's (JW301.xsd … JW325.xsd) gevonden")
    return schemas
