"""Setting up a store for a region, and the key that pseudonymises its BSNs."""

from __future__ import annotations

from pathlib import Path

from stuurwiel.config.regio import Regio
from stuurwiel.invoer.regio import schrijf_regio
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.privacy.sleutel import Sleutel, SleutelFout, sleutelpad


def sleutelpad_van(opslag: Opslag, regio: Regio | None = None) -> Path:
    ingesteld = regio.privacy.sleutel if regio else None
    if ingesteld is None and opslag.is_ingericht():
        bewaard = opslag.instelling("sleutel_pad")
        ingesteld = Path(bewaard) if bewaard else None
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
