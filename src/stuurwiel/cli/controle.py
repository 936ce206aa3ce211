"""`stuurwiel controleer`: the Zorginstituut's verdict on iJw messages, without a region or a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.cli.app import FormaatOptie, UitOptie, app, stop, toon, voortgang, vorm


@app.command()
def controleer(
    paden: Annotated[list[Path], typer.Argument(help="iJw-berichten (.xml), zip-archieven daarvan en mappen")],
    formaat: FormaatOptie = "tabel",
    xsd: Annotated[Path | None, typer.Option(
        "--xsd", help="map met de officiële iJw-XSD's (standaard: de meegeleverde XSD's van iJw 3.2)",
        exists=True, file_okay=False)] = None,
    uit: UitOptie = None,
) -> None:
    """Controleer iJw-berichten op XSD en de officiële regels (TR, CD, CS); slaat niets op.
    Afsluitcode 1 als er iets gevonden is."""
    from stuurwiel.invoer.ijw.controle import XsdFout
    from stuurwiel.toepassing.controle import bevindingen

    vorm(formaat)
    try:
        with voortgang("controleren") as melden:
            tabel = bevindingen(paden, xsd, lambda gedaan, totaal: melden("iJw-berichten", gedaan, totaal))
    except XsdFout as e:
        raise stop(str(e)) from None
    toon(tabel, formaat, uit)
    if tabel.rijen:
        raise typer.Exit(1)
