"""The `stuurwiel` command: one Typer app, commands registered by the modules beside this one.

Commands are thin adapters: they turn their options into a `Vraag`, have it answered by the
application layer (`toepassing.vragen.beantwoord`) and render the one table it gives. Heavy
libraries are imported inside the commands, so `stuurwiel --help` starts at once.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from stuurwiel.begrippen.notatie import getal
from stuurwiel.begrippen.tabel import VORMEN
from stuurwiel.cli.nederlands import Opdrachten

if TYPE_CHECKING:
    from stuurwiel.begrippen.tabel import Tabel
    from stuurwiel.privacy.bereik import Bereik
    from stuurwiel.toepassing.vraag import Vraag

app = Opdrachten(
    name="stuurwiel",
    help="Stuurwiel: stuurinformatie, prognoses en controle voor jeugdhulpregio's.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)
console = Console()
fout = Console(stderr=True)

DbOptie = Annotated[
    str | None,
    typer.Option("--db", help="DuckDB-bestand, postgresql://-URL of spark:MAP (een export, alleen lezen; "
                              "standaard: $STUURWIEL_DB of ./stuurwiel.duckdb)"),
]
FormaatOptie = Annotated[str, typer.Option("--formaat", help=", ".join(VORMEN))]
UitOptie = Annotated[Path | None, typer.Option(
    "--uit", help="bestand (.csv, .json, .xlsx) of map voor --formaat csv, json, csv-nl of xlsx; xlsx zonder --uit: "
                  "een bestand met de naam van de tabel in de huidige map")]
GemeenteOptie = Annotated[list[str] | None, typer.Option(
    "--gemeente", help="CBS-code of naam (0505, 505 of Dordrecht); mag vaker")]


def stop(bericht: str, code: int = 1) -> typer.Exit:
    fout.print(f"[bold red]Fout:[/] {escape(bericht)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


MAX_PROBLEMEN = 200  # problems printed; the rest are counted


def afgekeurd(problemen: list, samenvatting: str) -> typer.Exit:
    """Print every problem (up to MAX_PROBLEMEN) on stderr and end with `samenvatting`."""
    for p in problemen[:MAX_PROBLEMEN]:
        fout.print(str(p), highlight=False, markup=False, soft_wrap=True)
    if len(problemen) > MAX_PROBLEMEN:
        fout.print(f"… en nog {getal(len(problemen) - MAX_PROBLEMEN)} problemen", highlight=False)
    return stop(samenvatting)


@contextmanager
def voortgang(omschrijving: str) -> Iterator:
    """A progress bar on stderr; yields a callback(stap, gedaan, totaal) for library code."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=fout, transient=True) as progress:
        taken: dict[str, int] = {}

        def melden(stap: str, gedaan: int, totaal: int) -> None:
            if stap not in taken:
                taken[stap] = progress.add_task(f"{omschrijving}: {stap}", total=totaal)
            progress.update(taken[stap], completed=gedaan, total=totaal)

        yield melden


def vorm(formaat: str) -> str:
    """A form a table can be shown in, or the end of the command."""
    if formaat not in VORMEN:
        raise stop(f"onbekend formaat '{formaat}' (kies uit {', '.join(VORMEN)})")
    return formaat


def bereik(db: str | None, openbaar: bool) -> Bereik:
    """Who asks at the command line: the analyst at the store, with case-level rights; with
    `openbaar`, as an audience without them (small counts suppressed by the region's rules)."""
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.privacy.bereik import VOLLEDIG, Bereik

    if not openbaar:
        return VOLLEDIG
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            return Bereik(privacy=opslag.regio().privacy)
    except OpslagFout as e:
        raise stop(str(e)) from None


def peildatum(tekst: str | None) -> dt.date | None:
    """The date of a command's --peildatum (None when not given); a date that cannot be read ends the command."""
    from stuurwiel.begrippen.waarden import lees_datum

    if tekst is None:
        return None
    try:
        return lees_datum(tekst)
    except ValueError as e:
        raise stop(f"--peildatum: {e}") from None


def vraag(onderwerp: str, **velden) -> Vraag:
    """The question of a command; a question that cannot be asked ends the command with its reason."""
    from stuurwiel.toepassing.vraag import Vraag, Vraagfout

    try:
        return Vraag(onderwerp, **velden)
    except Vraagfout as e:
        raise stop(str(e)) from None


def beantwoord(v: Vraag, db: str | None) -> Tabel:
    """The answer from the store at `db` (opened read-only, and only when the question needs it)."""
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.privacy.bereik import BuitenBereik
    from stuurwiel.toepassing import vragen
    from stuurwiel.toepassing.inrichten import vereis_ingericht
    from stuurwiel.toepassing.vraag import Vraagfout

    try:
        onderwerp = vragen.ONDERWERPEN.get(v.onderwerp)
        if onderwerp is not None and (not onderwerp.opslag or v.bron is not None):
            return vragen.beantwoord(None, v)
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            return vragen.beantwoord(opslag, v)
    except (Vraagfout, OpslagFout, BuitenBereik) as e:
        raise stop(str(e)) from None


def toon(tabel: Tabel, vorm: str, uit: Path | None = None) -> None:
    """A table for people in the terminal, with its notes; in a file form on standard output or in
    the file `uit` (a workbook always in a file), with the notes on standard error so the output
    stays machine-readable."""
    from stuurwiel.uitvoer.weergave import bestand, terminal

    _controleer_uit(vorm, uit)
    if vorm == "tabel":
        terminal.toon(tabel, console)
        return
    if uit is None and vorm in ("csv", "json"):
        print(bestand.inhoud(tabel, vorm).decode("utf-8"), end="")
    elif uit is None and vorm == "csv-nl":
        sys.stdout.flush()
        sys.stdout.buffer.write(bestand.inhoud(tabel, vorm))
        sys.stdout.buffer.flush()
    else:
        try:
            pad = bestand.schrijf(tabel, vorm, uit)
        except OSError as e:
            raise stop(f"kan {bestand.pad(tabel, vorm, uit)} niet schrijven: {e.strerror or e}") from None
        console.print(f"Geschreven: {pad}", highlight=False, soft_wrap=True)
        if vorm == "xlsx":
            return
    for opmerking in [*tabel.opmerkingen, tabel.voetnoot if vorm == "csv-nl" else ""]:
        if opmerking:
            fout.print(opmerking, highlight=False, markup=False, soft_wrap=True)


def _controleer_uit(vorm: str, uit: Path | None) -> None:
    from stuurwiel.uitvoer.weergave import bestand

    if (bezwaar := bestand.bezwaar(vorm, uit)) is not None:
        raise stop(bezwaar)


def vraag_en_toon(v: Vraag, db: str | None, uit: Path | None = None) -> None:
    _controleer_uit(v.vorm, uit)  # before the work of answering
    toon(beantwoord(v, db), v.vorm, uit)
