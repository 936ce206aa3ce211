"""`stuurwiel signalen`: the business-rule signals counted per rule, their lines with their follow-up,
and `signalen zet` / `signalen geschiedenis` to follow a signal up (toepassing/opvolging.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from stuurwiel.begrippen.opvolging import STATUSSEN
from stuurwiel.cli.app import DbOptie, FormaatOptie, GemeenteOptie, UitOptie, app, console, stop, vraag, vraag_en_toon
from stuurwiel.cli.nederlands import Opdrachten

signalen_app = Opdrachten(help="Gegevens die een bedrijfsregel schenden, en hun opvolging: status, eigenaar en "
                                "notities.", invoke_without_command=True)
app.add_typer(signalen_app, name="signalen")
STATUS = ", ".join(STATUSSEN)


@signalen_app.callback()
def signalen(
    ctx: typer.Context,
    regel: Annotated[str | None, typer.Option(
        "--regel", help="alleen deze regel, elke regel apart; ook een officiële iJw-code (TR101, CD041 …)")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", help=f"{STATUS}; mag vaker")] = None,
    gemeente: GemeenteOptie = None,
    aanbieder: Annotated[list[str] | None, typer.Option(
        "--aanbieder", help="AGB-code of naam van de aanbieder; mag vaker")] = None,
    periode: Annotated[list[str] | None, typer.Option(
        "--periode", help="alleen signalen over deze periode (2025, 2025-Q3, 2025-08); mag vaker")] = None,
    volgorde: Annotated[str | None, typer.Option(
        "--volgorde", help="regel, bedrag (hoogste eerst), periode (nieuwste eerst), status, gemeente of "
                           "aanbieder")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Gegevens die een bedrijfsregel schenden: per regel geteld; met --regel, --status, --gemeente, --aanbieder
    of --periode de signalen zelf, elk met zijn id, status, eigenaar en laatste notitie."""
    from stuurwiel.begrippen.periode import ontleed_periode
    from stuurwiel.begrippen.selectie import Selectie

    if ctx.invoked_subcommand is not None:
        return
    try:
        perioden = tuple(ontleed_periode(p) for p in periode or ())
    except ValueError as e:
        raise stop(f"--periode: {e}") from None
    selectie = Selectie.van(gemeente=gemeente, aanbieder=aanbieder)
    lijst = bool(regel or status or perioden or volgorde) or not selectie.leeg
    vraag_en_toon(vraag("signaalregels" if lijst else "signalen", regel=regel, status=tuple(status or ()),
                        perioden=perioden, selectie=selectie, volgorde=volgorde, vorm=formaat), db, uit)


@signalen_app.command()
def zet(
    signalen: Annotated[list[str], typer.Argument(help="de id's van de signalen (de eerste kolom van de lijst)")],
    status: Annotated[str, typer.Option("--status", help=STATUS)],
    eigenaar: Annotated[str | None, typer.Option(
        "--eigenaar", help="wie het signaal opvolgt (zonder: wie het was)")] = None,
    notitie: Annotated[str | None, typer.Option("--notitie", help="wat er gedaan of gevonden is")] = None,
    bedrag: Annotated[str | None, typer.Option(
        "--bedrag", help="het teruggevorderde bedrag in euro (1234,56), alleen bij de status teruggevorderd")] = None,
    db: DbOptie = None,
) -> None:
    """Zet de status van een of meer signalen, met eigenaar en notitie; elke wijziging blijft bewaard. Een signaal
    houdt zijn status zolang het na een nieuwe lading blijft bestaan."""
    import getpass

    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.toepassing import opvolging
    from stuurwiel.toepassing.inrichten import vereis_ingericht

    try:
        wijziging = opvolging.wijziging(signalen, status, getpass.getuser(), eigenaar, notitie, bedrag)
        with Opslag.open(db) as opslag:
            vereis_ingericht(opslag)
            n = opvolging.zet(opslag, wijziging)
    except (opvolging.Opvolgfout, OpslagFout) as e:
        raise stop(f"{e}; er is niets opgeslagen") from None
    wat = f"{n} signalen" if n > 1 else f"Signaal {wijziging.signalen[0]}"
    console.print(f"{wat} op status '{wijziging.status}' gezet.", highlight=False)


@signalen_app.command()
def geschiedenis(
    signaal: Annotated[str, typer.Argument(help="het id van het signaal")],
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """Elke wijziging van de opvolging van een signaal: wie, wanneer, van welke status naar welke, eigenaar,
    bedrag en notitie; ook van een signaal dat na een latere lading niet meer geldt."""
    vraag_en_toon(vraag("signaalgeschiedenis", signaal=signaal, vorm=formaat), db, uit)
