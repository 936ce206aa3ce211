"""`stuurwiel doelen`: the goals and where they stand; `doelen laad` stores a doelen.yaml as a new
version of the register, `doelen versies` lists them (docs/doelen.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.cli.app import (
    DbOptie,
    FormaatOptie,
    GemeenteOptie,
    UitOptie,
    app,
    bereik,
    console,
    stop,
    vraag,
    vraag_en_toon,
)
from stuurwiel.cli.nederlands import Opdrachten

doelen_app = Opdrachten(help="De doelen van de regio: hun stand (groen, oranje, rood), het register en zijn versies.",
                        invoke_without_command=True)
app.add_typer(doelen_app, name="doelen")


@doelen_app.callback()
def doelen(
    ctx: typer.Context,
    jaar: Annotated[int | None, typer.Option("--jaar", help="de doelen van dit jaar (zonder: alle)")] = None,
    segment: Annotated[list[str] | None, typer.Option("--segment", help="alleen de doelen van dit segment")] = None,
    gemeente: GemeenteOptie = None,
    openbaar: Annotated[bool, typer.Option("--openbaar", help="onderdruk kleine aantallen")] = False,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Elk doel met zijn waarde uit de catalogus, de streefwaarde, de status (groen: gehaald, oranje: bijna,
    rood: niet gehaald), de trend over de laatste kwartalen en de toelichting."""
    from stuurwiel.begrippen.periode import jaar as jaarperiode

    if ctx.invoked_subcommand is not None:
        return
    vraag_en_toon(vraag("doelen", perioden=(jaarperiode(jaar),) if jaar else (),
                        selectie=Selectie(gemeenten=tuple(gemeente or ()), segmenten=tuple(segment or ())),
                        bereik=bereik(db, openbaar), vorm=formaat), db, uit)


@doelen_app.command()
def laad(
    bestand: Annotated[Path, typer.Argument(help="doelen.yaml")],
    door: Annotated[str | None, typer.Option("--door", help="wie het register vastlegt (standaard: uw "
                                                              "gebruikersnaam)")] = None,
    db: DbOptie = None,
) -> None:
    """Leg doelen.yaml vast als nieuwe versie van het doelenregister: bij één fout niets; hetzelfde register
    opnieuw laden verandert niets."""
    import getpass

    from stuurwiel.config.doelen import DoelFout
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.toepassing.doelregister import vastleggen
    from stuurwiel.toepassing.inrichten import vereis_ingericht

    try:
        tekst = bestand.read_text(encoding="utf-8")
    except OSError as e:
        raise stop(f"{bestand}: kan het bestand niet lezen ({e.strerror})") from None
    try:
        with Opslag.open(db) as opslag:
            vereis_ingericht(opslag)
            v = vastleggen(opslag, tekst, bestand.name, door or getpass.getuser())
    except DoelFout as e:
        raise stop(f"{e}\nEr is niets opgeslagen.") from None
    except OpslagFout as e:
        raise stop(str(e)) from None
    if v.nieuw:
        console.print(f"Doelenregister versie {v.versie} vastgelegd: {v.doelen} doelen.", highlight=False)
    else:
        console.print(f"Niets veranderd: dit register is versie {v.versie}, die al geldt.", highlight=False)


@doelen_app.command()
def versies(db: DbOptie = None) -> None:
    """Elke versie van het doelenregister: wie haar vastlegde, wanneer, uit welk bestand."""
    from stuurwiel.begrippen.tabel import Kolom, tabel
    from stuurwiel.cli.app import toon
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.toepassing.doelregister import versies as alle

    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            rijen = alle(opslag)
    except OpslagFout as e:
        raise stop(str(e)) from None
    toon(tabel("Versies van het doelenregister", [
        Kolom("versie", "versie"), Kolom("door", "door"), Kolom("vastgelegd_op", "vastgelegd op"),
        Kolom("bron", "bron"), Kolom("doelen", "doelen", "aantal")], [[str(v), d, str(o), b, n] for v, d, o, b, n
                                                                    in rijen]), "tabel")
