"""`stuurwiel kerncijfers`."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.begrippen.selectie import DIMENSIES, Selectie
from stuurwiel.cli.app import DbOptie, FormaatOptie, GemeenteOptie, UitOptie, app, stop, vraag, vraag_en_toon


@app.command()
def kerncijfers(
    jaar: Annotated[int, typer.Option("--jaar", help="kalenderjaar")],
    gemeente: GemeenteOptie = None,
    per: Annotated[str | None, typer.Option("--per", help=", ".join(DIMENSIES))] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Kerncijfers van een jaar: jeugdigen in zorg, trajecten en kosten, per gemeente, segment, aanbieder,
    verwijzer of product."""
    from stuurwiel.begrippen.periode import jaar as jaarperiode

    if per is not None and per not in DIMENSIES:
        raise stop(f"onbekende indeling '{per}' (kies uit {', '.join(DIMENSIES)})")
    vraag_en_toon(vraag("kerncijfers", perioden=(jaarperiode(jaar),), per=(per,) if per else (),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), vorm=formaat), db, uit)

