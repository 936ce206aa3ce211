"""Application services shared by the CLI and the web app: set up a store, load a batch.

They wire the layers together (ingest → store → signals) without adding logic of their own.
"""

from __future__ import annotations

from pathlib import Path

from stuurwiel.analyses import signalen
from stuurwiel.config.regio import Regio
from stuurwiel.invoer.ijw.lading import officiele_schemas
from stuurwiel.invoer.laden import (
    Referentie,
    Resultaat,
    Voortgang,
    lees_lading,
    schrijf_lading,
)
from stuurwiel.invoer.regio import schrijf_regio
from stuurwiel.maten.catalogus import CATALOGUS
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.privacy.sleutel import Sleutel, SleutelFout, sleutelpad


def sleutelpad_van(opslag: Opslag, regio: Regio | None = None) -> Path:
    ingesteld = regio.privacy.sleutel if regio else None
    if ingesteld is None and opslag.is_ingericht():
        stored = opslag.instelling("sleutel_pad")
        ingesteld = Path(stored) if stored else None
    return sleutelpad(opslag.url, ingesteld)


def initialiseer(opslag: Opslag, regio: Regio) -> tuple[Path, bool]:
    """Create or update the store for a region; create the key if there is none.
    Returns the key path and whether the key was newly made."""
    if opslag.is_ingericht():
        bestaand = opslag.rijen("SELECT code FROM regio")
        if bestaand and bestaand[0][0] != regio.code and opslag.aantal("toewijzing") + opslag.aantal("declaratieregel"):
            raise OpslagFout(f"deze database hoort bij regio '{bestaand[0][0]}' en bevat al gegevens; "
                            f"kies een andere --db voor regio '{regio.code}'")
    pad = sleutelpad(opslag.url, regio.privacy.sleutel)
    nieuw = not pad.exists()
    sleutel = Sleutel.maak(pad)
    with opslag.transactie():
        schrijf_regio(opslag, regio)
        vingerafdruk = opslag.instelling("sleutel_vingerafdruk")
        if vingerafdruk and vingerafdruk != sleutel.vingerafdruk:
            raise SleutelFout(f"de sleutel in {pad} is niet de sleutel waarmee deze database is gevuld")
        opslag.zet_instelling("sleutel_vingerafdruk", sleutel.vingerafdruk)
        opslag.zet_instelling("sleutel_pad", str(pad.resolve()))
    return pad, nieuw


def sleutel_voor(opslag: Opslag) -> Sleutel:
    """The key this store was made with; refuses another key."""
    sleutel = Sleutel.lees(sleutelpad_van(opslag))
    if opslag.instelling("sleutel_vingerafdruk") != sleutel.vingerafdruk:
        raise SleutelFout("de pseudonimiseringssleutel hoort niet bij deze database; "
                          "wijs de juiste aan met STUURWIEL_SLEUTEL")
    return sleutel


def vereis_ingericht(opslag: Opslag) -> None:
    if not opslag.is_ingericht():
        raise OpslagFout(f"{opslag.url} is nog niet ingericht; begin met `stuurwiel init --regio …`")
    opslag.werk_bij()


def laad(opslag: Opslag, paden: list[Path], *, gebruiker: str | None = None,
         voortgang: Voortgang | None = None, soort: str = "uitwisseling", xsd: Path | None = None) -> Resultaat:
    """Validate and store a batch of exchange files and iJw messages, then refresh the signals —
    all or nothing. Raises ingest.laden.Afgewezen (nothing stored) when the batch has problems.
    With `soort` "toelichting" only annotation files (kind `toelichtingen`) are accepted; `xsd`
    is a folder of official iJw XSDs every message is validated against as well."""
    vereis_ingericht(opslag)
    sleutel = sleutel_voor(opslag)
    referentie = Referentie.uit_store(opslag)
    referentie.maten = set(CATALOGUS)
    if xsd:
        officiele_schemas(xsd)  # a folder without usable XSDs is refused before any work
    lading = lees_lading(paden, referentie, sleutel, voortgang, xsd,
                         alleen="toelichtingen" if soort == "toelichting" else None)
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
