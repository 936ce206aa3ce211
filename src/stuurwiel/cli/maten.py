"""`stuurwiel maten` (the metric catalogue) and `stuurwiel meet` (one measure from it)."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.begrippen.selectie import DIMENSIES, Selectie
from stuurwiel.cli.app import DbOptie, FormaatOptie, GemeenteOptie, UitOptie, app, bereik, stop, vraag, vraag_en_toon


@app.command()
def maten(
    groep: Annotated[str | None, typer.Option("--groep", help="volume, geld, toegang, landschap, uitkomsten, "
                                                               "beschikbaarheid of doelgroepen")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
) -> None:
    """De maten van de catalogus: naam, betekenis, eenheid, indelingen en privacyklasse."""
    vraag_en_toon(vraag("maten", groep=groep, vorm=formaat), None, uit)


@app.command(name="meet")
def meet_commando(
    naam_maat: Annotated[str, typer.Argument(metavar="MAAT", help="naam uit `stuurwiel maten`")],
    periode: Annotated[list[str], typer.Option("--periode", help="2025, 2025-Q3, 2025-08 of '2025-01 t/m 2025-08'; "
                                                                  "mag vaker")],
    per: Annotated[list[str] | None, typer.Option("--per", help=", ".join(DIMENSIES) + "; mag vaker")] = None,
    gemeente: GemeenteOptie = None,
    openbaar: Annotated[bool, typer.Option("--openbaar", help="onderdruk kleine aantallen, zoals voor wie geen "
                                                               "dossierinzage heeft")] = False,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Eén maat uit de catalogus, voor een of meer perioden, eventueel per indeling."""
    from stuurwiel.begrippen.periode import ontleed_periode

    try:
        perioden = tuple(ontleed_periode(p) for p in periode)
    except ValueError as e:
        raise stop(str(e)) from None
    vraag_en_toon(vraag("meting", maat=naam_maat, perioden=perioden, per=tuple(per or ()),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), bereik=bereik(db, openbaar),
                        vorm=formaat), db, uit)

