"""`stuurwiel synth`: write a synthetic region with its ground truth."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.cli.app import app, console, stop, voortgang
from stuurwiel.config.regio import RegioFout, lees_regio

FORMATEN = ("csv", "parquet", "xlsx", "ijw")


def parse_jaren(text: str) -> range:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", text)
    if not m:
        raise ValueError(f"'{text}' is geen jaar of reeks jaren (bijv. 2021-2025)")
    begin, eind = int(m[1]), int(m[2] or m[1])
    if eind < begin:
        raise ValueError(f"'{text}': het laatste jaar ligt vóór het eerste")
    return range(begin, eind + 1)


@app.command()
def synth(
    uit: Annotated[Path, typer.Option("--uit", help="map waarin de bestanden komen")],
    regio: Annotated[str, typer.Option("--regio", help="zhz, groningen, nederland of een regio.yaml")] = "zhz",
    jaren: Annotated[str, typer.Option("--jaren", help="bijv. 2021-2025")] = "2021-2025",
    seed: Annotated[int, typer.Option("--seed")] = 1,
    schaal: Annotated[float, typer.Option("--schaal", help="1.0 is de echte omvang")] = 1.0,
    formaat: Annotated[str, typer.Option("--formaat", help="csv, parquet, xlsx of ijw (iJw-berichten)")] = "csv",
    peildatum: Annotated[str | None, typer.Option("--peildatum", help="exportdatum (standaard 31-12 van het laatste jaar)")] = None,
) -> None:
    """Maak een synthetische regio: alle uitwisselbestanden plus de grondwaarheid (in grondwaarheid/).

    Met --formaat ijw komen toewijzingen, zorgperioden en declaraties als iJw 3.2-berichten in
    ijw/<gemeentecode>/<JJJJ-MM>.zip en de andere soorten als CSV."""
    from stuurwiel.synth import genereer
    from stuurwiel.synth.nederland import nederland_regio

    if formaat not in FORMATEN:
        raise stop(f"onbekend formaat '{formaat}' (kies uit {', '.join(FORMATEN)})")
    if schaal <= 0:
        raise stop("--schaal moet groter dan 0 zijn")
    try:
        config = nederland_regio() if regio == "nederland" else lees_regio(regio)
        reeks = parse_jaren(jaren)
        datum = dt.date.fromisoformat(peildatum) if peildatum else None
    except (RegioFout, ValueError) as e:
        raise stop(str(e)) from None
    with voortgang("synthetiseren") as melden:
        samenvatting = genereer(config, reeks, seed=seed, schaal=schaal, uit=uit, formaat=formaat,
                                peildatum=datum, voortgang=melden)
    console.print(samenvatting, soft_wrap=True)
