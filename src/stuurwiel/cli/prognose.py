"""`stuurwiel prognose`: the year-end forecast (burap), its back-test, the months with late claims
added, and the providers heading for their ceiling."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.cli.app import (
    DbOptie,
    FormaatOptie,
    GemeenteOptie,
    UitOptie,
    app,
    beantwoord,
    stop,
    toon,
    vraag,
    vraag_en_toon,
)
from stuurwiel.cli.app import peildatum as peildatum_
from stuurwiel.cli.nederlands import Opdrachten

prognose_app = Opdrachten(help="Prognoses: het jaar (burap), de terugtoets, late declaraties en budgetplafonds.",
                           invoke_without_command=True)
app.add_typer(prognose_app, name="prognose")

PeildatumOptie = Annotated[str | None, typer.Option(
    "--peildatum", help="JJJJ-MM-DD of DD-MM-JJJJ: wat toen bekend was (standaard de laatste declaratiedatum)")]


@prognose_app.callback()
def prognose(
    ctx: typer.Context,
    peildatum: PeildatumOptie = None,
    gemeente: GemeenteOptie = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """De jaarprognose (burap) per gemeente en voor de regio, of voor een gemeente per segment, met
    80%-interval en de kans dat het budget overschreden wordt."""
    if ctx.invoked_subcommand is not None:
        return
    vraag_en_toon(vraag("prognose", peildatum=peildatum_(peildatum),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), vorm=formaat), db, uit)


@prognose_app.command()
def toets(
    jaren: Annotated[str, typer.Option("--jaren", help="bijv. 2022-2024")],
    maanden: Annotated[str, typer.Option("--maanden", help="maanden van het jaar, bijv. 1-11")] = "1-11",
    details: Annotated[bool, typer.Option("--details", help="elk geval (jaar, maand, gemeente) apart, "
                                                            "als CSV")] = False,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Terugtoets: de prognose zoals die aan het eind van elke maand van eerdere jaren gemaakt zou zijn, met alleen
    wat toen bekend was, tegen de uitkomst; naast doortrekken (run-rate) en het seizoenspatroon van vorig jaar."""
    from stuurwiel.begrippen.periode import jaar, ontleed_jaren, ontleed_maanden

    try:
        perioden, maandreeks = tuple(jaar(j) for j in ontleed_jaren(jaren)), tuple(ontleed_maanden(maanden))
    except ValueError as e:
        raise stop(f"--jaren/--maanden: {e}") from None
    v = vraag("terugtoets", perioden=perioden, maanden=maandreeks, details=details, vorm=formaat)
    toon(beantwoord(v, db), "csv" if details and formaat == "tabel" else formaat, uit)


@prognose_app.command()
def maanden(
    peildatum: PeildatumOptie = None,
    gemeente: GemeenteOptie = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Per maand van het jaar: wat gedeclareerd is en wat verwacht wordt als de late declaraties binnen zijn,
    en daarna de prognose — zodat de laatste maanden niet als een daling gelezen worden."""
    vraag_en_toon(vraag("prognosemaanden", peildatum=peildatum_(peildatum),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), vorm=formaat), db, uit)


@prognose_app.command()
def aanvulling(
    periode: Annotated[str | None, typer.Option("--periode", help="bijv. 2024, 2024-Q4 of 2024-01 t/m 2024-08 "
                                                                  "(standaard elke maand met declaraties)")] = None,
    gemeente: GemeenteOptie = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Late declaraties per maand: wat gedeclareerd is, wat de maand gaat kosten als alle declaraties binnen zijn,
    en of ze compleet is — de maanden die rapportages grijs tonen."""
    from stuurwiel.begrippen.periode import ontleed_periode

    try:
        perioden = (ontleed_periode(periode),) if periode else ()
    except ValueError as e:
        raise stop(f"--periode: {e}") from None
    vraag_en_toon(vraag("aanvulling", perioden=perioden, selectie=Selectie(gemeenten=tuple(gemeente or ())),
                        vorm=formaat), db, uit)


@prognose_app.command()
def plafonds(
    peildatum: PeildatumOptie = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Aanbieders met een budgetplafond: wanneer zij het naar verwachting bereiken — het vroege signaal
    voor een cliëntenstop."""
    vraag_en_toon(vraag("plafonds", peildatum=peildatum_(peildatum), vorm=formaat), db, uit)


@prognose_app.command()
def begroting(
    peildatum: PeildatumOptie = None,
    gemeente: GemeenteOptie = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """De hele begroting per gemeente en post: de declaraties en de lasten daarbuiten (jeugdteams, PGB, GI, …), elk
    met budget, realisatie tot nu, prognose, 80%-interval en kans op overschrijding."""
    vraag_en_toon(vraag("begrotingsrealisatie", peildatum=peildatum_(peildatum),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), vorm=formaat), db, uit)


@prognose_app.command()
def wijziging(
    peildatum: PeildatumOptie = None,
    gemeente: GemeenteOptie = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Het voorstel tot begrotingswijziging per gemeente (burap): alleen het deel van de afwijking dat vrijwel zeker
    is."""
    vraag_en_toon(vraag("begrotingswijziging", peildatum=peildatum_(peildatum),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), vorm=formaat), db, uit)
