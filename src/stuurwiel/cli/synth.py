"""`stuurwiel synth`: write a synthetic region with its ground truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.cli.app import app, console, stop, voortgang

FORMATEN = ("csv", "parquet", "xlsx", "ijw")


@app.command()
def synth(
    uit: Annotated[Path, typer.Option("--uit", help="map waarin de bestanden komen")],
    regio: Annotated[str, typer.Option("--regio", help="zhz, groningen, nederland of een regio.yaml")] = "zhz",
    jaren: Annotated[str, typer.Option("--jaren", help="bijv. 2021-2025")] = "2021-2025",
    seed: Annotated[int, typer.Option("--seed")] = 1,
    schaal: Annotated[float, typer.Option("--schaal", help="1.0 is de echte omvang")] = 1.0,
    formaat: Annotated[str, typer.Option("--formaat", help="csv, parquet, xlsx of ijw (iJw-berichten)")] = "csv",
    peildatum: Annotated[str | None, typer.Option("--peildatum", "--tot", help="exportdatum: wat er dan bekend is, "
                                                  "latere declaraties ontbreken (standaard 31-12 van het laatste "
                                                  "jaar)")] = None,
    zonder_anomalieen: Annotated[bool, typer.Option("--zonder-anomalieen", help="een schone regio: geen "
                                                    "geplante afwijkingen (grondwaarheid/anomalieen.csv blijft leeg)")]
    = False,
) -> None:
    """Maak een synthetische regio: alle uitwisselbestanden plus de grondwaarheid (in grondwaarheid/).

    Met --formaat ijw komen toewijzingen, zorgperioden en declaraties als iJw 3.2-berichten in
    ijw/<gemeentecode>/<JJJJ-MM>.zip en de andere soorten als CSV."""
    from stuurwiel.begrippen.periode import ontleed_jaren
    from stuurwiel.begrippen.waarden import lees_datum
    from stuurwiel.config.regio import RegioFout, lees_regio
    from stuurwiel.synth import genereer

    if formaat not in FORMATEN:
        raise stop(f"onbekend formaat '{formaat}' (kies uit {', '.join(FORMATEN)})")
    if schaal <= 0:
        raise stop("--schaal moet groter dan 0 zijn")
    try:
        jaartallen = ontleed_jaren(jaren)
    except ValueError as e:
        raise stop(f"--jaren {e}") from None
    try:
        config = lees_regio(regio)
        datum = lees_datum(peildatum) if peildatum else None
    except (RegioFout, ValueError) as e:
        raise stop(str(e)) from None
    with voortgang("synthetiseren") as melden:
        samenvatting = genereer(config, range(jaartallen[0], jaartallen[-1] + 1), seed=seed, schaal=schaal,
                                uit=uit, formaat=formaat, peildatum=datum, anomalieen=not zonder_anomalieen,
                                voortgang=melden)
    console.print(samenvatting, soft_wrap=True)
