"""`stuurwiel controleer`: iJw messages judged by the Zorginstituut's rules, as one table of findings.

Needs no region and no store, and stores nothing (invoer/ijw/controle.py does the work).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stuurwiel.begrippen.notatie import aantal
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.invoer.ijw import controle

KOLOMMEN = (Kolom("bestand", "bestand"), Kolom("regel", "regel", "code"), Kolom("retourcode", "retourcode", "code"),
            Kolom("pad", "element"), Kolom("melding", "melding"))


def bevindingen(paden: list[Path], xsd: Path | None = None,
                voortgang: Callable[[int, int], None] = lambda *a: None) -> Tabel:
    """Every finding in the messages of these files and folders; raises controle.XsdFout for an unusable `xsd`."""
    if xsd:
        controle.schemas(xsd)  # a folder without usable XSDs is refused before any work
    gevonden = controle.controleer(paden, xsd, voortgang)
    rijen = [(naam, b.regel, b.retourcode, b.pad or None, b.melding) for naam, b in gevonden]
    berichten = len({naam for naam, _ in gevonden})
    samenvatting = (f"{aantal(len(rijen), 'bevinding', 'bevindingen')} in "
                    f"{aantal(berichten, 'bericht', 'berichten')}" if rijen else "geen bevindingen")
    return tabel("iJw-controle", KOLOMMEN, rijen, opmerkingen=[samenvatting],
                 uitleg="regel: de officiële code (XSD: het bericht past niet in zijn schema en krijgt geen "
                        "retourbericht); retourcode 0001: afgekeurd om technische redenen")
