"""`stuurwiel init`: set up a store for a region; `stuurwiel exporteer`: its tables as Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.begrippen.notatie import getal
from stuurwiel.cli.app import DbOptie, app, console, stop


@app.command(name="init")
def richt_in(
    regio: Annotated[str, typer.Option("--regio", help="zhz, groningen, nederland (alle 342 gemeenten) of het pad "
                                                       "van een regio.yaml")],
    db: DbOptie = None,
) -> None:
    """Richt de database in voor een regio en maak de pseudonimiseringssleutel (als die er nog niet is)."""
    from stuurwiel.config.regio import RegioFout, lees_regio
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.privacy.sleutel import SleutelFout
    from stuurwiel.toepassing.inrichten import initialiseer

    try:
        config = lees_regio(regio)
        with Opslag.open(db) as opslag:
            pad, nieuw = initialiseer(opslag, config)
            url = opslag.url
    except (RegioFout, OpslagFout, SleutelFout) as e:
        raise stop(str(e)) from None
    console.print(f"Regio [bold]{config.naam}[/] ingericht in {url}: {len(config.gemeenten)} gemeenten, "
                  f"{len(config.segmenten)} segmenten, {len(config.producten)} producten.")
    if nieuw:
        console.print(f"Nieuwe pseudonimiseringssleutel: {pad} (bewaar hem buiten de database; "
                      "zonder deze sleutel passen nieuwe ladingen niet bij de oude).")
    else:
        console.print(f"Pseudonimiseringssleutel: {pad}")


@app.command(name="exporteer")
def exporteer(
    parquet: Annotated[Path, typer.Option("--parquet", help="map voor de Parquet-bestanden (een tabel per map)")],
    db: DbOptie = None,
) -> None:
    """Schrijf de canonieke tabellen als Parquet, de feiten per gemeente gepartitioneerd: voor Spark
    (`--db spark:MAP`) of een ander rekenplatform. Accounts en de sleutel blijven achter."""
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.opslag.spark import ParquetFout, exporteer
    from stuurwiel.toepassing.inrichten import vereis_ingericht

    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            rijen = exporteer(opslag, parquet)
    except (OpslagFout, ParquetFout) as e:
        raise stop(str(e)) from None
    except OSError as e:
        raise stop(f"kan {parquet} niet schrijven: {e.strerror or e}") from None
    console.print(f"Geëxporteerd naar {parquet}: {len(rijen)} tabellen, {getal(sum(rijen.values()))} rijen; "
                  f"lees ze met --db spark:{parquet}", highlight=False, soft_wrap=True)
