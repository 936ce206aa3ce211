"""The `stuurwiel` command: one Typer app, commands registered by the modules beside this one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

app = typer.Typer(
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
    typer.Option("--db", help="DuckDB-bestand of postgresql://-URL (standaard: $STUURWIEL_DB of ./stuurwiel.duckdb)"),
]


def stop(bericht: str, code: int = 1) -> typer.Exit:
    fout.print(f"[bold red]Fout:[/] {escape(bericht)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


MAX_PROBLEMEN = 200  # problems printed; the rest are counted


def afgekeurd(problemen: list, samenvatting: str) -> typer.Exit:
    """Print every problem (up to MAX_PROBLEMEN) on stderr and end with `samenvatting`."""
    for p in problemen[:MAX_PROBLEMEN]:
        fout.print(str(p), highlight=False, markup=False, soft_wrap=True)
    if len(problemen) > MAX_PROBLEMEN:
        fout.print(f"… en nog {len(problemen) - MAX_PROBLEMEN} problemen", highlight=False)
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
