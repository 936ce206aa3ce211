"""A batch of iJw messages read into rows of the exchange-file kinds.

Every message is read safely, recognised by namespace, checked against the structure and
types of its schema (and against official XSDs when the user supplies them), and then read
into rows. A message whose bytes were loaded before is skipped, so reloading an archive, or a
later archive that repeats messages, changes nothing.

An archive loaded before is skipped whole (by its hash); a new one is read message by message,
on every core when the batch is large, and its rows come back as Arrow tables per kind, joined
in archive order.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from lxml import etree

from stuurwiel.invoer.bestanden import Bronbestand, bestandshash
from stuurwiel.invoer.ijw import archief, berichten, xsd
from stuurwiel.invoer.ijw.archief import Bericht, Onveilig
from stuurwiel.invoer.uitwisseling import SOORTEN

PER_TAAK = 4000  # messages a worker reads at once
PARALLEL_VANAF = 3000  # fewer messages are read in this process: starting workers would cost more


class XsdFout(ValueError):
    """The official XSDs a user pointed to cannot be used; the text is for the user."""


@dataclass(frozen=True)
class Melding:
    """A problem in one message: file (or archive/member), line, element path, value, reason."""
    naam: str
    regelnummer: int | None
    element: str | None
    waarde: str | None
    reden: str


@dataclass
class Uitslag:
    """What one message gave: its code and number of rows, or its problems."""
    naam: str
    hash: str | None = None
    soort: str | None = None
    regels: int = 0
    meldingen: list[Melding] = field(default_factory=list)


@dataclass
class Deel:
    """What a worker's task gave: per message its code and problems, and all rows as a table per kind."""
    uitslagen: list[Uitslag]
    tabellen: dict[str, pa.Table]


@dataclass
class Berichtenlezer:
    bekend: set[str]  # hashes of files and messages loaded before (or earlier in this batch)
    xsd: Path | None = None  # a folder of official XSDs to validate against as well (--xsd)
    tabellen: dict[str, list[pa.Table]] = field(default_factory=dict)  # kind -> rows (text) of new messages
    meldingen: list[Melding] = field(default_factory=list)
    bestanden: list[Bronbestand] = field(default_factory=list)
    overgeslagen: list[str] = field(default_factory=list)
    per_soort: Counter = field(default_factory=Counter)

    def lees(self, paden: list[Path], melden: Callable[[int, int], None] = lambda *a: None) -> None:
        """Read the messages in these .xml and .zip files; melden(done, total) reports progress."""
        taken, archieven = self._taken(paden)
        totaal, gedaan = sum(len(leden) for _, leden in taken), 0
        melden(0, totaal)
        nieuw: Counter = Counter()  # new messages per archive
        for (pad, _), deel in zip(taken, _lees_overal(taken, self.xsd, totaal), strict=True):
            al_geladen = [u.naam for u in deel.uitslagen if not self._neem(pad, u)]
            nieuw[pad] += len(deel.uitslagen) - len(al_geladen)
            for naam, tabel in deel.tabellen.items():
                if al_geladen:
                    tabel = tabel.filter(pc.invert(pc.is_in(tabel["_bestand"], pa.array(al_geladen))))
                self.tabellen.setdefault(naam, []).append(tabel)
            gedaan += len(deel.uitslagen)
            melden(gedaan, totaal)
        for a in archieven:  # an archive is known from now on, if it brought anything new
            if nieuw[a.pad]:
                a.regels = nieuw[a.pad]
                self.bestanden.append(a)

    def _taken(self, paden: list[Path]) -> tuple[list[tuple[Path, list[str]]], list[Bronbestand]]:
        """Chunks of the messages in files not loaded before, and a record of each new archive."""
        taken, archieven = [], []
        for pad in paden:
            if pad.suffix.lower() == ".zip":
                h = bestandshash(pad)
                if h in self.bekend:
                    self.overgeslagen.append(pad.name)
                    continue
                self.bekend.add(h)
                archieven.append(Bronbestand(pad, pad.name, h, "zip"))
            namen = archief.leden(pad)
            if isinstance(namen, str):
                self.meldingen.append(Melding(pad.name, None, None, None, namen))
                continue
            taken += [(pad, namen[i:i + PER_TAAK]) for i in range(0, len(namen), PER_TAAK)]
        return taken, archieven

    def _neem(self, pad: Path, u: Uitslag) -> bool:
        """Take note of a message; False when its rows do not count (problems, or loaded before)."""
        if u.meldingen:
            self.meldingen += u.meldingen
            return False
        if u.hash in self.bekend:
            self.overgeslagen.append(u.naam)
            return False
        self.bekend.add(u.hash)
        self.bestanden.append(Bronbestand(pad, u.naam, u.hash, u.soort, u.regels))
        self.per_soort[u.soort] += 1
        return True


def _lees_overal(taken: list[tuple[Path, list[str]]], xsd_map: Path | None, totaal: int):
    """The results of every task, in task order; on all cores when the batch is large."""
    processen = min(os.cpu_count() or 1, len(taken))
    if totaal < PARALLEL_VANAF or processen < 2:
        yield from (lees_taak(pad, leden, xsd_map) for pad, leden in taken)
        return
    # Spawned, not forked: the parent has threads (DuckDB's, the progress bar's).
    with ProcessPoolExecutor(processen, mp_context=get_context("spawn")) as werkers:
        yield from werkers.map(lees_taak, *zip(*taken, strict=True), [xsd_map] * len(taken))


def lees_taak(pad: Path, leden: list[str], xsd_map: Path | None) -> Deel:
    """Read the named messages of one file (a worker's task)."""
    uitslagen, rijen = [], {}
    for b in archief.berichten(pad, set(leden)):
        if isinstance(b, tuple):
            uitslagen.append(Uitslag(b[0], meldingen=[Melding(b[0], None, None, None, b[1])]))
            continue
        uitslag, per_soort = lees_bericht(b, xsd_map)
        uitslagen.append(uitslag)
        for naam, deel in per_soort.items():
            rijen.setdefault(naam, []).extend(deel)
    return Deel(uitslagen, {naam: _tabel(naam, r) for naam, r in rijen.items()})


def _tabel(soort: str, rijen: list[dict]) -> pa.Table:
    """Rows of one kind as text columns, with `_bestand`, `_pad` and `_regel` (staging's layout)."""
    kolommen = {k: pa.array([r.get(k) for r in rijen], pa.string())
                for k in [*(k.naam for k in SOORTEN[soort].kolommen), "_bestand", "_pad"]}
    return pa.table({**kolommen, "_regel": pa.array([r["_regel"] for r in rijen], pa.int64())})


def lees_bericht(bericht: Bericht, xsd_map: Path | None = None) -> tuple[Uitslag, dict[str, list[dict]]]:
    """A message's outcome, and its rows per kind (none when it has problems)."""
    naam, h = bericht.naam, bericht.hash
    try:
        hoofdelement = archief.ontleed(bericht)
    except Onveilig as e:
        return Uitslag(naam, meldingen=[Melding(naam, e.regelnummer, None, None, str(e))]), {}
    soort = xsd.berichtsoort(hoofdelement)
    if soort is None:
        qname = etree.QName(hoofdelement)
        return Uitslag(naam, meldingen=[Melding(naam, hoofdelement.sourceline, f"/{qname.localname}", None,
                                                f"geen iJw 3.2-bericht (namespace '{qname.namespace}')")]), {}
    schendingen = xsd.valideer(hoofdelement, soort) + _officieel(hoofdelement, soort, xsd_map)
    if not schendingen:
        uitkomst = berichten.lees(hoofdelement, soort)
        schendingen = uitkomst.schendingen
    if schendingen:
        return Uitslag(naam, h, soort, meldingen=[Melding(naam, s.regelnummer, s.pad, s.waarde, s.reden)
                                                  for s in schendingen]), {}
    for rijen in uitkomst.rijen.values():
        for rij in rijen:
            rij["_bestand"] = naam
    return Uitslag(naam, h, soort, sum(len(r) for r in uitkomst.rijen.values())), uitkomst.rijen


def _officieel(hoofdelement: etree._Element, soort: str, xsd_map: Path | None) -> list[xsd.Schending]:
    schema = officiele_schemas(xsd_map).get(soort) if xsd_map else None
    if schema is None or schema.validate(hoofdelement.getroottree()):
        return []
    return [xsd.Schending(e.line, None, None, f"volgens de officiële XSD: {e.message}") for e in schema.error_log]


@cache
def officiele_schemas(map_: Path) -> dict[str, etree.XMLSchema]:
    """The official XSDs in a folder (JW301.xsd … with basisschema.xsd beside them), per message code.
    Raises XsdFout when the folder holds none or one does not load."""
    ontleder = etree.XMLParser(resolve_entities=False, no_network=True)
    schemas = {}
    for pad in sorted(map_.glob("*.xsd")):
        code = pad.stem.upper()
        if code not in xsd.BERICHTEN:
            continue
        try:
            schemas[code] = etree.XMLSchema(etree.parse(str(pad), ontleder))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as e:
            raise XsdFout(f"{pad}: geen bruikbare XSD ({e})") from None
    if not schemas:
        raise XsdFout(f"{map_}: geen iJw-berichtschema's (JW301.xsd … JW325.xsd) gevonden")
    return schemas
