"""`stuurwiel serve` (the dashboard) and `stuurwiel gebruiker toevoegen|wijzig|verwijder|toon` (its accounts)."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from stuurwiel.cli.app import DbOptie, FormaatOptie, UitOptie, app, console, stop, toon, vorm
from stuurwiel.cli.nederlands import Opdrachten
from stuurwiel.web.rollen import MIN_LENGTE, ROLLEN


@app.command(name="serve")
def dashboard(
    db: DbOptie = None,
    host: Annotated[str, typer.Option("--host", help="adres om op te luisteren; 0.0.0.0 alleen achter een "
                                                     "HTTPS-proxy")] = "127.0.0.1",
    poort: Annotated[int, typer.Option("--poort", "--port", help="TCP-poort")] = 8000,
    werkers: Annotated[int, typer.Option("--werkers", min=1, max=64, help="processen die verzoeken bedienen, elk "
                                                                        "met een eigen leesverbinding")] = 1,
) -> None:
    """Het dashboard: pagina's, exports, rapportages en de API, voor wie een account heeft (`stuurwiel gebruiker`)."""
    import uvicorn

    from stuurwiel.opslag.database import OpslagFout, database_adres
    from stuurwiel.web import gebruikers
    from stuurwiel.web.app import maak_app

    try:
        webapp = maak_app(db)
    except OpslagFout as e:
        raise stop(str(e)) from None
    opslag = webapp.state.opslag
    with opslag.verbinding() as eigen:
        aantal = len(gebruikers.gebruikers(eigen))
    meervoud = f", {werkers} werkers" if werkers > 1 else ""
    _meld(f"Stuurwiel draait op [bold]http://{host}:{poort}[/] met {opslag.url}{meervoud} (stoppen: Ctrl+C).")
    if not aantal:
        console.print("Er is nog geen account: maak er een met `stuurwiel gebruiker toevoegen --naam … --rol "
                      "beheerder` (dat kan terwijl de server draait).")
    instellingen = dict(host=host, port=poort, log_level="info", access_log=False, server_header=False)
    if werkers == 1:
        uvicorn.run(webapp, **instellingen)
        return
    opslag.sluit()  # each worker opens the store itself
    os.environ["STUURWIEL_DB"] = database_adres(db)
    # a worker that imports the reporting libraries and opens the store on a busy machine needs longer
    # than uvicorn's 5 s to answer its supervisor, which would otherwise restart it over and over
    uvicorn.run("stuurwiel.web.app:werker", factory=True, workers=werkers, timeout_worker_healthcheck=120,
                **instellingen)


gebruiker_app = Opdrachten(help="Accounts van het dashboard. Het wachtwoord komt van standaardinvoer (minstens "
                                 f"{MIN_LENGTE} tekens).", no_args_is_help=True)
app.add_typer(gebruiker_app, name="gebruiker")

NaamOptie = Annotated[str, typer.Option("--naam", help="gebruikersnaam")]
GemeenteOptie = Annotated[list[str] | None, typer.Option(
    "--gemeente", help="CBS-code of naam, bij rol gemeente; mag vaker")]
GenereerOptie = Annotated[bool, typer.Option("--genereer-wachtwoord", help="maak een sterk wachtwoord en toon het "
                                                                            "eenmalig, in plaats van het te lezen")]


def _meld(tekst: str) -> None:
    """One line, never wrapped: a password or an address broken over two lines is copied wrong."""
    console.print(tekst, highlight=False, soft_wrap=True)


def _wachtwoord(genereer: bool) -> str:
    from stuurwiel.web import gebruikers

    if genereer:
        return gebruikers.nieuw_wachtwoord()
    if sys.stdin.isatty():
        return typer.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


def _beheer(db: str | None, doe):
    """Do `doe(opslag)` on the accounts of the store at `db`; a refusal ends the command with its reason."""
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.toepassing.inrichten import vereis_ingericht
    from stuurwiel.web import gebruikers

    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:  # accounts live beside a DuckDB file (Opslag.beheer)
            vereis_ingericht(opslag)
            gebruikers.richt_in(opslag)
            return doe(opslag)
    except (OpslagFout, gebruikers.GebruikerFout) as e:
        raise stop(str(e)) from None


def _codes(opslag, gemeente: list[str] | None) -> list[str] | None:
    """Municipalities as the store writes them (Dordrecht and 505 are 0505); one it does not know
    stays as given, for the account's own check to refuse."""
    from stuurwiel.begrippen.waarden import herken_code
    from stuurwiel.maten.namen import namen

    if gemeente is None:
        return None
    lijst = namen(opslag, "gemeente")
    return [herken_code(g, lijst) or g for g in gemeente]


@gebruiker_app.command()
def toevoegen(
    naam: NaamOptie,
    rol: Annotated[str, typer.Option("--rol", help=", ".join(ROLLEN))],
    gemeente: GemeenteOptie = None,
    genereer: GenereerOptie = False,
    db: DbOptie = None,
) -> None:
    """Maak een account; het wachtwoord komt van standaardinvoer."""
    from stuurwiel.web import gebruikers

    wachtwoord = _wachtwoord(genereer)
    g = _beheer(db, lambda opslag: gebruikers.toevoegen(opslag, naam, wachtwoord, rol, _codes(opslag, gemeente) or []))
    _meld(f"Account [bold]{naam}[/] ({rol}{': ' + ', '.join(g.gemeenten) if g.gemeenten else ''}) aangemaakt."
          + (f" Wachtwoord: {wachtwoord}" if genereer else ""))


@gebruiker_app.command()
def wijzig(
    naam: NaamOptie,
    rol: Annotated[str | None, typer.Option("--rol", help=", ".join(ROLLEN))] = None,
    gemeente: GemeenteOptie = None,
    nieuw_wachtwoord: Annotated[bool, typer.Option("--wachtwoord", help="een nieuw wachtwoord, van "
                                                                        "standaardinvoer")] = False,
    genereer: GenereerOptie = False,
    db: DbOptie = None,
) -> None:
    """Wijzig de rol, de gemeenten of het wachtwoord; lopende sessies van het account eindigen."""
    from stuurwiel.web import gebruikers

    wachtwoord = _wachtwoord(genereer) if nieuw_wachtwoord or genereer else None
    _beheer(db, lambda opslag: gebruikers.wijzig(opslag, naam, wachtwoord, rol, _codes(opslag, gemeente)))
    _meld(f"Account [bold]{naam}[/] gewijzigd." + (f" Wachtwoord: {wachtwoord}" if genereer else ""))


@gebruiker_app.command()
def verwijder(naam: NaamOptie, db: DbOptie = None) -> None:
    """Verwijder een account en zijn sessies."""
    from stuurwiel.web import gebruikers

    _beheer(db, lambda opslag: gebruikers.verwijder(opslag, naam))
    _meld(f"Account [bold]{naam}[/] verwijderd.")


@gebruiker_app.command(name="toon")
def toon_accounts(formaat: FormaatOptie = "tabel", uit: UitOptie = None, db: DbOptie = None) -> None:
    """De accounts met hun rol en gemeenten."""
    from stuurwiel.web import gebruikers

    toon(_beheer(db, gebruikers.tabel), vorm(formaat), uit)
