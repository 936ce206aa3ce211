"""Loading a batch of exchange files: read, validate, pseudonymise, store all-or-nothing.

The work happens in a private in-memory DuckDB (the staging area, invoer/tussenopslag.py)
whatever the store's engine, and only when nothing is wrong are the rows made canonical
(invoer/canoniek.py) and written in one transaction. A BSN never leaves the staging area: it is
replaced by its keyed pseudonym first.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from stuurwiel.invoer.bestanden import Bronbestand
from stuurwiel.invoer.bsnwacht import Vervanging
from stuurwiel.invoer.canoniek import canonieke_rijen
from stuurwiel.invoer.ijw.lading import Markering
from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.invoer.referentie import Referentie
from stuurwiel.invoer.tussenopslag import Tussenopslag, Voortgang
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN
from stuurwiel.privacy.bsn import zonder_bsn
from stuurwiel.privacy.sleutel import Sleutel


@dataclass
class Lading:
    """A batch read and validated, ready to be written: canonical rows per table."""
    bestanden: list[Bronbestand]
    overgeslagen: list[str]
    rijen: dict[str, pa.Table] = field(default_factory=dict)
    waarschuwingen: list[str] = field(default_factory=list)
    berichten: dict[str, int] = field(default_factory=dict)  # iJw messages per message code

    @property
    def regels(self) -> int:
        return sum(b.regels for b in self.bestanden)


@dataclass
class Resultaat:
    batch_id: int | None
    lading: Lading
    nieuw: dict[str, int]


def lees_lading(paden: list[Path], ref: Referentie, sleutel: Sleutel,
                voortgang: Voortgang | None = None, xsd: Path | None = None,
                alleen: str | None = None) -> Lading:
    """Read and validate a batch; raise Afgewezen listing every problem when anything is wrong.
    `xsd`: a folder of official iJw XSDs every message is validated against as well;
    `alleen`: the one kind of file the batch may hold."""
    vervanging = sleutel.vervanging if ref.bsn_elders == "pseudonimiseren" else None
    tussenopslag = Tussenopslag(ref, voortgang, xsd, alleen, vervanging)
    try:
        tussenopslag.lees(paden)
        tussenopslag.controleer()
        if tussenopslag.problemen:
            raise Afgewezen(tussenopslag.problemen)
        lading = Lading(tussenopslag.bestanden, tussenopslag.overgeslagen,
                        waarschuwingen=tussenopslag.waarschuwingen, berichten=tussenopslag.berichten)
        if lading.bestanden:
            lading.rijen = canonieke_rijen(tussenopslag.db, list(tussenopslag.soorten), sleutel)
        if tussenopslag.markeringen:
            lading.rijen["berichtbevinding"] = _bevindingen(tussenopslag.markeringen, vervanging)
        return lading
    finally:
        tussenopslag.sluit()


def schrijf_lading(opslag: Opslag, lading: Lading, soort: str = "uitwisseling",
                   gebruiker: str | None = None, voortgang: Voortgang | None = None) -> Resultaat:
    """Write a validated batch in one transaction; rows already stored are skipped."""
    if not lading.bestanden:
        return Resultaat(None, lading, {})
    melden = voortgang or (lambda *a: None)
    with opslag.transactie():
        batch_id = opslag.volgende_batch_id()
        nieuw = {}
        for i, (tabel, rijen) in enumerate(lading.rijen.items()):
            melden("opslaan", i, len(lading.rijen))
            nieuw[tabel] = opslag.voeg_toe(tabel, _met_batch(rijen, batch_id))
        melden("opslaan", len(lading.rijen), len(lading.rijen))
        opslag.voeg_toe("bronbestand", pa.Table.from_pylist(
            [dict(batch_id=batch_id, naam=b.naam, hash=b.hash, soort=b.soort, regels=b.regels)
             for b in lading.bestanden]))
        opslag.voeg_toe("batch", pa.Table.from_pylist([dict(
            batch_id=batch_id, soort=soort, gebruiker=gebruiker or getpass.getuser(),
            geladen_op=dt.datetime.now().replace(microsecond=0), bestanden=len(lading.bestanden),
            regels=lading.regels, nieuw=sum(nieuw.values()))]))
    return Resultaat(batch_id, lading, nieuw)


def _bevindingen(markeringen: list[Markering], vervanging: Vervanging | None) -> pa.Table:
    """The iJw rules broken by stored messages, as rows of berichtbevinding (batch_id set on writing)."""
    return pa.Table.from_pylist([dict(
        regel=m.bevinding.regel, retourcode=m.bevinding.retourcode, berichtsoort=m.berichtsoort,
        pad=m.bevinding.pad, melding=zonder_bsn(m.bevinding.melding), gemeentecode=m.gemeentecode,
        agb_code=m.agb_code, bron=zonder_bsn(m.bron, vervanging),
        batch_id=0) for m in markeringen],
        TABELLEN["berichtbevinding"].arrow_schema())


def _met_batch(rijen: pa.Table, batch_id: int) -> pa.Table:
    i = rijen.schema.get_field_index("batch_id")
    return rijen.set_column(i, "batch_id", pa.array([batch_id] * rijen.num_rows, pa.int64()))
