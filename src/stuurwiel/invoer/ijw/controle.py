"""iJw messages judged as the Zorginstituut does: the XSD first, then the rules of invoer/ijw/regels/.

The fast path lets libxml2 validate each message against the official XSD in C (the copies in
`data/ijw_xsd/`, or a folder the user names). Only a message it finds invalid goes through
Stuurwiel's own validator (`xsd.valideer`), which names every violation in Dutch with its
path; a valid one goes through the rules. `controleer` does this for files, folders and zip
archives, on every core when there are many messages; it needs no region and stores nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib import resources
from multiprocessing import get_context
from pathlib import Path

from lxml import etree

from stuurwiel.invoer.ijw import archief, regels, xsd
from stuurwiel.invoer.ijw.archief import Bericht, Onveilig
from stuurwiel.invoer.ijw.regels import Bevinding

XSD = "XSD"  # the "rule" of a message that does not pass its schema: no return message (IV028)
PAKKET_XSD = Path(str(resources.files("stuurwiel.data").joinpath("ijw_xsd")))
PER_TAAK = 4000  # messages a worker takes at once
PARALLEL_VANAF = 3000  # fewer messages are done in this process: starting workers would cost more
_XSD_ONTLEDER = etree.XMLParser(resolve_entities=False, no_network=True)


class XsdFout(ValueError):
    """The official XSDs a user pointed to cannot be used; the text is for the user."""


@cache
def schemas(map_: Path = PAKKET_XSD) -> dict[str, etree.XMLSchema]:
    """The official XSDs in a folder (JW301.xsd … with basisschema.xsd beside them), per message code.
    Raises XsdFout when the folder holds none or one does not load."""
    uit = {code: _schema(map_, code) for code in _xsd_bestanden(map_)}
    if not uit:
        raise XsdFout(f"{map_}: geen iJw-berichtschema's (JW301.xsd … JW325.xsd) gevonden")
    return uit


@cache
def _xsd_bestanden(map_: Path) -> dict[str, Path]:
    return {pad.stem.upper(): pad for pad in sorted(map_.glob("*.xsd")) if pad.stem.upper() in xsd.BERICHTEN}


@cache
def _schema(map_: Path, code: str) -> etree.XMLSchema | None:
    """One message code's XSD, loaded the first time a message of that code comes by: a worker
    loads only the schemas of the messages it sees. None when the folder has no XSD for it."""
    pad = _xsd_bestanden(map_).get(code)
    if pad is None:
        return None
    try:
        return etree.XMLSchema(etree.parse(str(pad), _XSD_ONTLEDER))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as e:
        raise XsdFout(f"{pad}: geen bruikbare XSD ({e})") from None


def beoordeel(hoofdelement: etree._Element, soort: str, xsd_map: Path | None = None) -> list[Bevinding]:
    """What a parsed message breaks: its schema violations (regel XSD), else the rules it breaks."""
    schema = _schema(xsd_map or PAKKET_XSD, soort)
    if schema is not None and schema.validate(hoofdelement):
        return regels.controleer(hoofdelement, soort)
    schendingen = xsd.valideer(hoofdelement, soort)
    if schendingen:
        return [Bevinding(XSD, None, s.pad or "", s.reden + (f" (waarde '{s.waarde}')" if s.waarde else ""),
                          s.regelnummer) for s in schendingen]
    if schema is None:  # a folder of XSDs without this message's: the own validator found nothing
        return regels.controleer(hoofdelement, soort)
    return [Bevinding(XSD, None, "", f"volgens de officiële XSD: {e.message}", e.line) for e in schema.error_log]


def ontleed(bericht: Bericht) -> tuple[etree._Element, str] | Bevinding:
    """A message parsed safely and recognised by its namespace, or why it cannot be read."""
    try:
        hoofdelement = archief.ontleed(bericht)
    except Onveilig as e:
        return Bevinding(XSD, None, "", str(e), e.regelnummer)
    soort = xsd.berichtsoort(hoofdelement)
    if soort is None:
        qname = etree.QName(hoofdelement)
        return Bevinding(XSD, None, f"/{qname.localname}",
                         f"geen iJw 3.2-bericht (namespace '{qname.namespace}')", hoofdelement.sourceline)
    return hoofdelement, soort


def controleer_bericht(bericht: Bericht, xsd_map: Path | None = None) -> list[Bevinding]:
    ontleed_ = ontleed(bericht)
    if isinstance(ontleed_, Bevinding):
        return [ontleed_]
    return beoordeel(*ontleed_, xsd_map)


# --- files, folders and archives -------------------------------------------------------------

def berichtbestanden(paden: list[Path]) -> list[Path]:
    """Files and folders (recursively) to the .xml and .zip files they hold, in a stable order."""
    uit: list[Path] = []
    for pad in paden:
        uit += sorted(p for p in pad.rglob("*") if p.is_file() and archief.is_archief(p)) if pad.is_dir() else [pad]
    return uit


def bestandsnaam(naam: str) -> str:
    """A message's name as users see it: `archief.zip:naam.xml` for one inside a zip."""
    archiefnaam, teken, lid = naam.partition(".zip/")
    return f"{archiefnaam}.zip:{lid}" if teken else naam


def controleer(paden: list[Path], xsd_map: Path | None = None,
               melden: Callable[[int, int], None] = lambda *a: None) -> list[tuple[str, Bevinding]]:
    """(file name, finding) for every message in these files and folders, in file order."""
    taken: list[tuple[Path, list[str]]] = []
    uit: list[tuple[str, Bevinding]] = []
    for pad in berichtbestanden(paden):
        namen = archief.leden(pad) if pad.exists() else "bestand bestaat niet"
        if isinstance(namen, str):
            uit.append((pad.name, Bevinding(XSD, None, "", namen)))
            continue
        taken += in_taken(pad, namen)
    totaal, gedaan = sum(len(leden) for _, leden in taken), 0
    melden(0, totaal)
    for (_, leden), deel in zip(taken, overal(controleer_taak, taken, xsd_map, totaal), strict=True):
        uit += deel
        gedaan += len(leden)
        melden(gedaan, totaal)
    return uit


def in_taken(pad: Path, namen: list[str]) -> list[tuple[Path, list[str]]]:
    """The messages of one file in chunks a worker takes at once."""
    return [(pad, namen[i:i + PER_TAAK]) for i in range(0, len(namen), PER_TAAK)]


def controleer_taak(pad: Path, leden: list[str], xsd_map: Path | None) -> list[tuple[str, Bevinding]]:
    """The findings in the named messages of one file (a worker's task)."""
    uit = []
    for b in archief.berichten(pad, set(leden)):
        if isinstance(b, tuple):
            uit.append((bestandsnaam(b[0]), Bevinding(XSD, None, "", b[1])))
        else:
            uit += [(bestandsnaam(b.naam), v) for v in controleer_bericht(b, xsd_map)]
    return uit


def overal(werk: Callable, taken: list[tuple[Path, list[str]]], xsd_map: Path | None, totaal: int) -> Iterator:
    """werk(pad, leden, xsd_map) of every task, in task order; on all cores when the batch is large."""
    processen = min(os.cpu_count() or 1, len(taken))
    if totaal < PARALLEL_VANAF or processen < 2:
        yield from (werk(pad, leden, xsd_map) for pad, leden in taken)
        return
    # Spawned, not forked: the parent may have threads (DuckDB's, the progress bar's).
    with ProcessPoolExecutor(processen, mp_context=get_context("spawn")) as werkers:
        yield from werkers.map(werk, *zip(*taken, strict=True), [xsd_map] * len(taken))
