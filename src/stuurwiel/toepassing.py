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
from stuurwiel.opslag.database import Store, StoreFout
from stuurwiel.privacy.sleutel import Sleutel, SleutelFout, key_path


def configured_key_path(store: Store, regio: Regio | None = None) -> Path:
    configured = regio.privacy.sleutel if regio else None
    if configured is None and store.is_initialised():
        stored = store.setting("sleutel_pad")
        configured = Path(stored) if stored else None
    return key_path(store.url, configured)


def initialiseer(store: Store, regio: Regio) -> tuple[Path, bool]:
    """Create or update the store for a region; create the key if there is none.
    Returns the key path and whether the key was newly made."""
    if store.is_initialised():
        bestaand = store.fetchall("SELECT code FROM regio")
        if bestaand and bestaand[0][0] != regio.code and store.count("toewijzing") + store.count("declaratieregel"):
            raise StoreFout(f"deze database hoort bij regio '{bestaand[0][0]}' en bevat al gegevens; "
                            f"kies een andere --db voor regio '{regio.code}'")
    pad = key_path(store.url, regio.privacy.sleutel)
    nieuw = not pad.exists()
    sleutel = Sleutel.create(pad)
    with store.transaction():
        schrijf_regio(store, regio)
        vingerafdruk = store.setting("sleutel_vingerafdruk")
        if vingerafdruk and vingerafdruk != sleutel.fingerprint:
            raise SleutelFout(f"de sleutel in {pad} is niet de sleutel waarmee deze database is gevuld")
        store.set_setting("sleutel_vingerafdruk", sleutel.fingerprint)
        store.set_setting("sleutel_pad", str(pad.resolve()))
    return pad, nieuw


def sleutel_voor(store: Store) -> Sleutel:
    """The key this store was made with; refuses another key."""
    sleutel = Sleutel.read(configured_key_path(store))
    if store.setting("sleutel_vingerafdruk") != sleutel.fingerprint:
        raise SleutelFout("de pseudonimiseringssleutel hoort niet bij deze database; "
                          "wijs de juiste aan met STUURWIEL_SLEUTEL")
    return sleutel


def vereis_init(store: Store) -> None:
    if not store.is_initialised():
        raise StoreFout(f"{store.url} is nog niet ingericht; begin met `stuurwiel init --regio …`")
    store.werk_bij()


def laad(store: Store, paden: list[Path], *, gebruiker: str | None = None,
         voortgang: Voortgang | None = None, soort: str = "uitwisseling", xsd: Path | None = None) -> Resultaat:
    """Validate and store a batch of exchange files and iJw messages, then refresh the signals —
    all or nothing. Raises ingest.laden.Afgewezen (nothing stored) when the batch has problems.
    With `soort` "toelichting" only annotation files (kind `toelichtingen`) are accepted; `xsd`
    is a folder of official iJw XSDs every message is validated against as well."""
    vereis_init(store)
    sleutel = sleutel_voor(store)
    referentie = Referentie.uit_store(store)
    referentie.maten = set(CATALOGUS)
    if xsd:
        officiele_schemas(xsd)  # a folder without usable XSDs is refused before any work
    lading = lees_lading(paden, referentie, sleutel, voortgang, xsd,
                         alleen="toelichtingen" if soort == "toelichting" else None)
    with store.transaction():
        resultaat = schrijf_lading(store, lading, soort=soort, gebruiker=gebruiker, voortgang=voortgang)
        if resultaat.batch_id is not None:
            melden = voortgang or (lambda *a: None)
            melden("bijwerken", 0, 2)
            feiten.vernieuw(store)
            melden("bijwerken", 1, 2)
            signalen.vernieuw(store)
            melden("bijwerken", 2, 2)
    return resultaat
