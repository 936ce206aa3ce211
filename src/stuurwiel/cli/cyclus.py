"""`stuurwiel cyclus`: the policy cycle per theme (the nine steps of seed 002 §4.2), its steps and
artefacts, loading a new version of `cyclus.yaml` and the versions loaded (docs/beleidscyclus.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.cli.app import DbOptie, FormaatOptie, UitOptie, app, console, stop, vraag, vraag_en_toon
from stuurwiel.cli.app import peildatum as peildatum_
from stuurwiel.cli.nederlands import Opdrachten

cyclus_app = Opdrachten(help="De beleidscyclus: per thema de negen stappen, wat achterstallig is en de volgende "
                             "evaluatie.", invoke_without_command=True)
app.add_typer(cyclus_app, name="cyclus")


@cyclus_app.callback()
def cyclus(
    ctx: typer.Context,
    thema: Annotated[str | None, typer.Option("--thema", help="alleen dit thema (zijn code)")] = None,
    stappen: Annotated[bool, typer.Option("--stappen", help="elke stap met zijn status, data en artefact")] = False,
    peildatum: Annotated[str | None, typer.Option(
        "--peildatum", help="JJJJ-MM-DD of DD-MM-JJJJ: de stand op die dag (standaard vandaag)")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Per thema: hoeveel stappen op rij gereed zijn, de volgende stap, wat achterstallig is (te laat, te
    herhalen, te evalueren) en de volgende evaluatie; met --stappen elke stap met zijn artefact."""
    if ctx.invoked_subcommand is not None:
        return
    vraag_en_toon(vraag("cyclusstappen" if stappen else "cyclus", thema=thema, peildatum=peildatum_(peildatum),
                        vorm=formaat), db, uit)


@cyclus_app.command()
def laad(
    bestand: Annotated[str, typer.Argument(help="cyclus.yaml, of zhz voor het meegeleverde voorbeeld")],
    db: DbOptie = None,
) -> None:
    """Laad een beleidscyclus als nieuwste versie; een ongeldig bestand wordt geweigerd en er wordt niets
    opgeslagen, en hetzelfde bestand opnieuw laden verandert niets."""
    import getpass

    from stuurwiel.invoer.cyclus import Cyclusfout
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.toepassing import cyclus as toepassing
    from stuurwiel.toepassing.inrichten import vereis_ingericht
    from stuurwiel.web import gebruikers

    try:
        with Opslag.open(db) as opslag:
            vereis_ingericht(opslag)
            v, nieuw = toepassing.laad(opslag, bestand, getpass.getuser())
            if nieuw:  # on the beheerder's audit log too, as the command line's account changes are
                gebruikers.richt_in(opslag)
                wat = f"versie {v.versie}: {v.bestand} ({len(v.cyclus.themas)} thema's), door {v.geladen_door}"
                gebruikers.log(opslag, gebruikers.OPDRACHTREGEL, "beleidscyclus geladen", wat)
    except Cyclusfout as e:
        raise stop(f"{e}\nEr is niets opgeslagen.") from None
    except OpslagFout as e:
        raise stop(str(e)) from None
    themas = len(v.cyclus.themas)
    if nieuw:
        console.print(f"Beleidscyclus versie {v.versie} opgeslagen: {themas} thema's uit {v.bestand}.",
                      highlight=False)
    else:
        console.print(f"Niets nieuws: versie {v.versie} is al dit bestand ({v.bestand}).", highlight=False)


@cyclus_app.command()
def versies(formaat: FormaatOptie = "tabel", uit: UitOptie = None, db: DbOptie = None) -> None:
    """Elke geladen versie van de beleidscyclus: wie haar laadde en wanneer."""
    vraag_en_toon(vraag("cyclusversies", vorm=formaat), db, uit)
