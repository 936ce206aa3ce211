"""`stuurwiel toelichting laad|toon`: the story behind the figures (tellen en vertellen)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.cli.app import DbOptie, app, stop
from stuurwiel.cli.cijfers import FormaatOptie, controleer_formaat
from stuurwiel.cli.laden import laad_en_meld
from stuurwiel.cli.opmaak import toon as toon_tabel
from stuurwiel.maten.toelichting import toelichtingen
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.toepassing import vereis_ingericht

toelichting_app = typer.Typer(help="Het verhaal achter de cijfers: een tekst bij een maat, gemeente en periode, "
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
    db: DbOptie = None,
) -> None:
    """De geldende toelichtingen."""
    controleer_formaat(formaat)
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            df = toelichtingen(opslag, periode)
    except OpslagFout as e:
        raise stop(str(e)) from None
    kolommen = {c: (c, None) for c in ("maat", "gemeentecode", "periode", "tekst", "auteur")}
    toon_tabel(df, formaat, "Toelichtingen", kolommen)
