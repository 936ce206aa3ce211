"""`stuurwiel init`: set up a store for a region."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.cli.app import DbOptie, app, console, stop


@app.command(name="init")
def richt_in(
    regio: Annotated[str, typer.Option("--regio", help="zhz, groningen of het pad van een regio.yaml")],
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
