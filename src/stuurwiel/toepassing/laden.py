"""Loading a batch: ingest validates and writes it, then the current picture and the signals are
rebuilt in the same transaction. The CLI and the dashboard load through here alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stuurwiel.analyses import signalen
from stuurwiel.begrippen.notatie import aantal
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.config.invoer import MB
from stuurwiel.invoer.ijw import controle
from stuurwiel.invoer.laden import Lading, Resultaat, lees_lading, schrijf_lading
from stuurwiel.invoer.referentie import Referentie
from stuurwiel.invoer.tussenopslag import Voortgang
from stuurwiel.maten.catalogus import CATALOGUS
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.apart import in_eigen_proces
from stuurwiel.toepassing.inrichten import sleutel_voor, vereis_ingericht

# a load of one kind of file only: the story behind a figure, the onderbouwing of an allocation above its norm
ALLEEN = {"toelichting": "toelichtingen", "onderbouwing": "onderbouwingen"}


@dataclass
class Gelezen:
    """A validated batch, and the state of the store it was validated against (`Opslag.toestand`)."""
    lading: Lading
    toestand: tuple
    paden: list[Path]
    soort: str
    xsd: Path | None


def laad(opslag: Opslag, paden: list[Path], *, gebruiker: str | None = None,
         voortgang: Voortgang | None = None, soort: str = "uitwisseling", xsd: Path | None = None) -> Resultaat:
    """Validate and store a batch of exchange files and iJw messages, then refresh the signals —
    all or nothing. Raises invoer.problemen.Afgewezen (nothing stored) when the batch has problems.
    With `soort` "toelichting" or "onderbouwing" only files of that kind (`ALLEEN`) are accepted; `xsd`
    is a folder of official iJw XSDs every message is validated against as well."""
    return schrijf(opslag, lees(opslag, paden, voortgang=voortgang, soort=soort, xsd=xsd),
                   gebruiker=gebruiker, voortgang=voortgang)


def lees(opslag: Opslag, paden: list[Path], *, voortgang: Voortgang | None = None, soort: str = "uitwisseling",
         xsd: Path | None = None, apart: bool = False) -> Gelezen:
    """Validate a batch against the store, which may be open read-only: a DuckDB file is written by one
    process alone, so the (long) validation happens before the (short) write, beside the dashboard.
    `apart`: read in a process of its own with the region's memory limit (an upload, toepassing/apart.py)."""
    vereis_ingericht(opslag)
    sleutel = sleutel_voor(opslag)
    referentie = Referentie.uit_opslag(opslag)
    referentie.maten = set(CATALOGUS)
    if xsd:
        controle.schemas(xsd)  # a folder without usable XSDs is refused before any work
    if apart:
        lading = in_eigen_proces(lees_lading, paden, referentie, sleutel, None, xsd, alleen=ALLEEN.get(soort),
                                 geheugen=referentie.grenzen.geheugen_mb * MB)
    else:
        lading = lees_lading(paden, referentie, sleutel, voortgang, xsd, alleen=ALLEEN.get(soort))
    return Gelezen(lading, opslag.toestand(), paden, soort, xsd)


def schrijf(opslag: Opslag, gelezen: Gelezen, *, gebruiker: str | None = None,
            voortgang: Voortgang | None = None) -> Resultaat:
    """Store a validated batch and refresh the current picture and the signals, in one transaction. When
    another load came in since the validation, validate again against what is stored now."""
    if opslag.toestand() != gelezen.toestand:
        gelezen = lees(opslag, gelezen.paden, voortgang=voortgang, soort=gelezen.soort, xsd=gelezen.xsd)
    lading, soort = gelezen.lading, gelezen.soort
    with opslag.transactie():
        resultaat = schrijf_lading(opslag, lading, soort=soort, gebruiker=gebruiker, voortgang=voortgang)
        if resultaat.batch_id is not None:
            melden = voortgang or (lambda *a: None)
            melden("bijwerken", 0, 2)
            feiten.vernieuw(opslag)
            melden("bijwerken", 1, 2)
            signalen.vernieuw(opslag)
            melden("bijwerken", 2, 2)
    return resultaat


def verslag(opslag: Opslag, resultaat: Resultaat) -> Tabel:
    """What a load stored: new rows per table, and the signals raised by its rows."""
    lading = resultaat.lading
    rijen = sorted(resultaat.nieuw.items())
    titel = (f"Lading {resultaat.batch_id}: {aantal(len({b.pad for b in lading.bestanden}), 'bestand', 'bestanden')}, "
             f"{aantal(lading.regels, 'regel', 'regels')}")
    per_regel = signalen.per_lading(opslag, resultaat.batch_id)
    opmerkingen = ["Signalen (opgeslagen en gemarkeerd, zie `stuurwiel signalen`):",
                   *(f"  {regel}: {n}" for regel, n in per_regel.items())] if per_regel else []
    return tabel(titel, [Kolom("tabel", "tabel"), Kolom("nieuw", "nieuwe rijen", "aantal")], rijen,
                 opmerkingen=opmerkingen)
