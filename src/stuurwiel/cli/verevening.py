"""`stuurwiel verevening`: who pays what of each segment's cost under the region's settlement rules, and
the what-if of another variant, key or share of own cost (docs/verevening.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.cli.app import DbOptie, FormaatOptie, GemeenteOptie, UitOptie, app, bereik, stop, vraag, vraag_en_toon


@app.command()
def verevening(
    jaar: Annotated[int, typer.Option("--jaar", help="het kalenderjaar")],
    variant: Annotated[str | None, typer.Option(
        "--variant", help="eigen, regio, subregio of verzekering (standaard: wat regio.yaml per segment zegt)")] = None,
    sleutel: Annotated[str | None, typer.Option(
        "--sleutel", help="inwoners, jeugdigen, historisch of vast (standaard: uit regio.yaml)")] = None,
    aandeel_eigen: Annotated[float | None, typer.Option(
        "--aandeel-eigen", help="verzekering: het deel eigen kosten α, van 0 (regio) tot 1 (eigen)")] = None,
    pot: Annotated[str | None, typer.Option("--pot", help="verzekering: de pot, regio of subregio")] = None,
    cumulatie: Annotated[float | None, typer.Option(
        "--cumulatie", help="cumulatieregeling: het meeste dat solidariteit per gemeente verschuift, in procenten van "
                            "haar eigen kosten; 0: geen grens (standaard: uit regio.yaml)")] = None,
    grondslag: Annotated[str, typer.Option(
        "--grondslag", help="nacalculatie (de gerealiseerde kosten) of voorschot (de budgetten)")] = "nacalculatie",
    per: Annotated[str | None, typer.Option("--per", help="segment: een regel per gemeente en segment")] = None,
    vergelijk: Annotated[bool, typer.Option("--vergelijk", help="de varianten naast elkaar")] = False,
    gemeente: GemeenteOptie = None,
    openbaar: Annotated[bool, typer.Option("--openbaar", help="zoals voor wie geen dossierinzage heeft")] = False,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """De verevening tussen gemeenten: per gemeente (en segment) de eigen kosten, de sleutel, de bijdrage en het
    verschil dat de solidariteit maakt; elke pot telt op de cent op tot zijn kosten."""
    from stuurwiel.begrippen.periode import jaar as jaarperiode
    from stuurwiel.toepassing.verevening import Keuze

    if per not in (None, "segment"):
        raise stop(f"onbekende indeling '{per}' (een verevening kan per segment)")
    keuze = Keuze(grondslag=grondslag, variant=variant, sleutel=sleutel, aandeel_eigen=aandeel_eigen, pot=pot,
                  cumulatie_procent=cumulatie, vergelijk=vergelijk)
    vraag_en_toon(vraag("verevening", perioden=(jaarperiode(jaar),), per=(per,) if per else (),
                        selectie=Selectie(gemeenten=tuple(gemeente or ())), bereik=bereik(db, openbaar),
                        vorm=formaat, verevening=keuze), db, uit)
