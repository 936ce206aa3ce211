"""`stuurwiel normen`: the allocations above their norm, the share within the norm per group, and the
evaluation of the normenkader per product (docs/regio.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.cli.app import DbOptie, FormaatOptie, GemeenteOptie, UitOptie, app, bereik, stop, vraag, vraag_en_toon
from stuurwiel.cli.nederlands import Opdrachten

normen_app = Opdrachten(help="Het normenkader: toewijzingen boven de norm, het aandeel binnen de norm, de evaluatie.",
                        invoke_without_command=True)
app.add_typer(normen_app, name="normen")

PER = ("aanbieder", "segment", "verwijzer", "gemeente", "product")
JaarOptie = Annotated[int | None, typer.Option("--jaar", help="het jaar waarin de toewijzingen ingingen")]
OpenbaarOptie = Annotated[bool, typer.Option(
    "--openbaar", help="zoals voor wie geen dossierinzage heeft: kleine aantallen onderdrukt, geen lijst van "
                       "toewijzingen")]


def _jaar(jaar: int | None) -> tuple:
    from stuurwiel.begrippen.periode import jaar as jaarperiode

    if jaar is None:
        raise stop("geef het jaar: --jaar 2024")
    return (jaarperiode(jaar),)


@normen_app.callback()
def normen(
    ctx: typer.Context,
    jaar: JaarOptie = None,
    gemeente: GemeenteOptie = None,
    per: Annotated[str | None, typer.Option("--per", help=", ".join(PER) + ": het aandeel binnen de norm")] = None,
    openbaar: OpenbaarOptie = False,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Elke toewijzing die in het jaar inging en boven haar norm komt (duur, toegewezen of geleverde
    intensiteit), met de norm, de waarde, wat erboven ligt, de kosten boven de norm en de onderbouwing; met
    --per het aandeel binnen de norm per groep."""
    if ctx.invoked_subcommand is not None:
        return
    if per is not None and per not in PER:
        raise stop(f"onbekende indeling '{per}' (kies uit {', '.join(PER)})")
    vraag_en_toon(vraag("normen", perioden=_jaar(jaar), per=(per,) if per else (),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), bereik=bereik(db, openbaar),
                        vorm=formaat), db, uit)


@normen_app.command()
def evaluatie(
    jaar: JaarOptie = None,
    gemeente: GemeenteOptie = None,
    openbaar: OpenbaarOptie = False,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Voor het jaarlijkse besluit over de normen: per product de toewijzingen van het jaar ervoor en van het
    jaar tegen de norm van het jaar: duur en intensiteit (kwartielen), het aandeel boven de norm, de kosten
    boven de norm en wat naleving had bespaard."""
    vraag_en_toon(vraag("normevaluatie", perioden=_jaar(jaar), selectie=Selectie(gemeenten=tuple(gemeente or ())),
                        bereik=bereik(db, openbaar), vorm=formaat), db, uit)
