"""`stuurwiel begroting`: the annual budget forecast per municipality, and its back-test."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.begrippen.notatie import aantal
from stuurwiel.cli.app import DbOptie, FormaatOptie, UitOptie, afgekeurd, app, beantwoord, stop, toon, vraag


@app.command()
def begroting(
    doeljaar: Annotated[int | None, typer.Option("--doeljaar", help="het jaar waarvoor begroot wordt")] = None,
    reeks: Annotated[Path | None, typer.Option(
        "--reeks", help="CSV met gemeentecode, jaar, soort (begroting of jaarrekening) en bedrag in euro's, of het "
                        "CBS Iv3-bestand (jeugd_kern_keur, duizenden euro's); zonder: de database")] = None,
    toetsjaren: Annotated[str | None, typer.Option(
        "--toets", help="terugtoets over deze jaren, bijvoorbeeld 2019-2022")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Realistisch begroten: per gemeente een prognose van de uitgaven in het doeljaar met een 80%-interval,
    uit de jaarreeksen van alle gemeenten samen, naast de eigen begroting. Met --toets: hoe goed dat eerder ging."""
    from stuurwiel.begrippen.periode import jaar, ontleed_jaren
    from stuurwiel.invoer.reeks import ReeksFout

    if (doeljaar is None) == (toetsjaren is None):
        raise stop("geef --doeljaar (een prognose) of --toets (een terugtoets), niet allebei of geen van beide")
    try:
        jaren = ontleed_jaren(toetsjaren) if toetsjaren else [doeljaar]
    except ValueError as e:
        raise stop(f"--toets {e}") from None
    v = vraag("begrotingstoets" if toetsjaren else "begroting", perioden=tuple(jaar(j) for j in jaren), bron=reeks,
              vorm=formaat)
    try:
        toon(beantwoord(v, db), formaat, uit)
    except ReeksFout as e:
        problemen = aantal(len(e.problemen), "probleem", "problemen")
        raise afgekeurd(e.problemen, f"de reeks is niet te gebruiken: {problemen}") from None
