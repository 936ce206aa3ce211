"""`stuurwiel toelichting laad|toon`: the story behind the figures (tellen en vertellen)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.cli.app import DbOptie, FormaatOptie, UitOptie, app, stop, vraag, vraag_en_toon
from stuurwiel.cli.laden import laad_en_meld
from stuurwiel.cli.nederlands import Opdrachten

toelichting_app = Opdrachten(help="Het verhaal achter de cijfers: een tekst bij een maat, gemeente en periode, "
                                   "afgedrukt naast het cijfer in elke rapportage.", no_args_is_help=True)
app.add_typer(toelichting_app, name="toelichting")


@toelichting_app.command()
def laad(
    paden: Annotated[list[Path], typer.Argument(help="toelichtingenbestanden (CSV, Parquet, XLSX) met de kolommen "
                                                     "maat, gemeentecode, periode, tekst, auteur")],
    db: DbOptie = None,
) -> None:
    """Laad toelichtingen, alles of niets; een latere tekst bij dezelfde maat, gemeente en periode vervangt de oude."""
    laad_en_meld(paden, db, soort="toelichting")


@toelichting_app.command()
def toon(
    periode: Annotated[list[str] | None, typer.Option("--periode", help="alleen deze periode(n)")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """De geldende toelichtingen."""
    from stuurwiel.begrippen.periode import ontleed_periode

    try:
        perioden = tuple(ontleed_periode(p) for p in periode or ())
    except ValueError as e:
        raise stop(str(e)) from None
    vraag_en_toon(vraag("toelichtingen", perioden=perioden, vorm=formaat), db, uit)
