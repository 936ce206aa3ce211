"""A batch of iJw messages read into rows of the exchange-file kinds.

Every message is read safely, recognised by namespace, judged by its XSD and the official
iJw rules (invoer/ijw/controle.py), and then read into rows. A message whose bytes were loaded
before is skipped, so reloading an archive, or a later archive that repeats messages, changes
nothing.

An archive loaded before is skipped whole (by its hash); a new one is read message by message,
on every core when the batch is large, and its rows come back as Arrow tables per kind, joined
in archive order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from stuurwiel.invoer.bestanden import Bronbestand, bestandshash
from stuurwiel.invoer.ijw import archief, berichten, controle
from stuurwiel.invoer.ijw.archief import Bericht
from stuurwiel.invoer.ijw.regels import Bevinding
from stuurwiel.invoer.uitwisseling import SOORTEN

WEIGEREN = {controle.XSD, "CS002", "CS337", "CS340"}  # what keeps a message from being read faithfully


@dataclass(frozen=True)
class Melding:
    """A problem in one message: file (or archive/member), line, element path, value, reason."""
    naam: str
    regelnummer: int | None
    element: str | None
    waarde: str | None
    reden: str


@dataclass(frozen=True)
class Markering:
    """A rule broken by a message that is read all the same: stored and flagged as a signal."""
    bericht: str  # file, or archive/member
    berichtsoort: str
    gemeentecode: str | None
    agb_code: str | None
    bevinding: Bevinding

    @property
    def bron(self) -> str:
        return f"{self.bericht}:{self.bevinding.regelnummer}" if self.bevinding.regelnummer else self.bericht


@dataclass
class Uitslag:
    """What one message gave: its code and number of rows, or its problems."""
    naam: str
    hash: str | None = None
    soort: str | None = None
    regels: int = 0
    meldingen: list[Melding] = field(default_factory=list)
    gemarkeerd: list[Markering] = field(default_factory=list)


@dataclass
class Deel:
    """What a worker's task gave: per message its code and problems, and all rows as a table per kind."""
    uitslagen: list[Uitslag]
    tabellen: dict[str, pa.Table]


@dataclass
class Berichtenlezer:
    bekend: set[str]  # hashes of files and messages loaded before (or earlier in this batch)
    xsd: Path | None = None  # a folder of official XSDs instead of the shipped ones (--xsd)
    tabellen: dict[str, list[pa.Table]] = field(default_factory=dict)  # kind -> rows (text) of new messages
    meldingen: list[Melding] = field(default_factory=list)
    gemarkeerd: list[Markering] = field(default_factory=list)
    bestanden: list[Bronbestand] = field(default_factory=list)
    overgeslagen: list[str] = field(default_factory=list)
    per_soort: Counter = field(default_factory=Counter)

    def lees(self, paden: list[Path], melden: Callable[[int, int], None] = lambda *a: None) -> None:
        """Read the messages in these .xml and .zip files; melden(done, total) reports progress."""
        taken, archieven = self._taken(paden)
        totaal, gedaan = sum(len(leden) for _, leden in taken), 0
        melden(0, totaal)
        nieuw: Counter = Counter()  # new messages per archive
        for (pad, _), deel in zip(taken, controle.overal(lees_taak, taken, self.xsd, totaal), strict=True):
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
            taken += controle.in_taken(pad, namen)
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
        self.gemarkeerd += u.gemarkeerd
        self.bestanden.append(Bronbestand(pad, u.naam, u.hash, u.soort, u.regels))
        self.per_soort[u.soort] += 1
        return True


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
    """A message's outcome, and its rows per kind (none when it is refused).

    A message that cannot be read faithfully (XML, XSD, a BSN failing the 11-proef, a claim not
    per calendar month) is refused; one that breaks another rule is read, and its breaches are
    flagged (DESIGN.md, "Reject or flag")."""
    naam, h = bericht.naam, bericht.hash
    ontleed = controle.ontleed(bericht)
    if isinstance(ontleed, Bevinding):
        return Uitslag(naam, meldingen=[_melding(naam, ontleed)]), {}
    hoofdelement, soort = ontleed
    gevonden = controle.beoordeel(hoofdelement, soort, xsd_map)
    geweigerd = [b for b in gevonden if b.regel in WEIGEREN]
    if geweigerd:
        return Uitslag(naam, h, soort, meldingen=[_melding(naam, b) for b in geweigerd]), {}
    uitkomst = berichten.lees(hoofdelement, soort)
    for rijen in uitkomst.rijen.values():
        for rij in rijen:
            rij["_bestand"] = naam
    gemarkeerd = [Markering(naam, soort, uitkomst.gemeentecode, uitkomst.agb_code, b) for b in gevonden]
    return Uitslag(naam, h, soort, sum(len(r) for r in uitkomst.rijen.values()), gemarkeerd=gemarkeerd), uitkomst.rijen


def _melding(naam: str, b: Bevinding) -> Melding:
    """A finding as a problem of the batch, its rule's code first."""
    return Melding(naam, b.regelnummer, b.pad or None, None, f"{met_code(b)}: {b.melding}")


def met_code(b: Bevinding) -> str:
    return b.regel if b.retourcode is None else f"{b.regel} (retourcode {b.retourcode})"
