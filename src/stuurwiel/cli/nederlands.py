"""The command line in Dutch: help ("Gebruik", "Opties", "[verplicht]"), metavars (`--jaar JAAR`,
not `<int>`) and Typer's own errors ("Fout: optie '--jaar' ontbreekt").

Typer vendors its own Click, whose usage line, help option and error messages are plain English
strings (only a few pass through gettext), so a translation catalogue cannot reach them; the
command and group classes below are Typer's documented extension point (`cls=`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import exceptions as fouten
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

OPTIES = "[OPTIES]"
OPDRACHT = "OPDRACHT [ARGUMENTEN]..."
HULP = "Toon deze hulp en stop."
PROBEER = "Probeer '{opdracht} --help' voor hulp."

# English text in help and errors -> Dutch (regular expressions, in order)
_HULPTEKSTEN: list[tuple[str, Any]] = [
    (r"^Usage: ", "Gebruik: "), (r"^Options:$", "Opties:"), (r"^Commands:$", "Opdrachten:"),
    (r"^Arguments:$", "Argumenten:"), (r"\[required\]", "[verplicht]"), (r"\[default:(\s)", r"[standaard:\1"),
    (r"; required\]", "; verplicht]"),
    # an argument's type (PADEN <list[Path]>), blanked so its help stays aligned
    (r"^(  [A-Z_]+(?:\.\.\.)?) <[^>\s]+>", lambda m: m[1] + " " * (len(m[0]) - len(m[1]))),
]
_FOUTEN: list[tuple[str, Any]] = [
    (r"Input should be a valid integer.*", "verwacht een geheel getal"),
    (r"Input should be a valid number.*", "verwacht een getal"),
    (r"Input should be a valid boolean.*", "verwacht ja of nee"),
    (r"Value (.+) is not a valid (\w+)\.", r"\1 is geen geldige waarde"),
    (r"(.+) is not one of (.+)\.", r"\1 is niet een van \2"),
    (r"(?:File|Directory|Path) (.+) does not exist\.", r"\1 bestaat niet"),
    (r"(?:File|Directory|Path) (.+) is a file\.", r"\1 is een bestand, geen map"),
    (r"(?:File|Directory|Path) (.+) is a directory\.", r"\1 is een map, geen bestand"),
    (r"No such command (.+?)\.(?: Did you mean (.+)\?)?$",
     lambda m: f"onbekende opdracht {m[1]}" + (f"; bedoelt u {m[2]}?" if m[2] else "")),
    (r"Got unexpected extra argument(?:\(s\)|s)? \((.+)\)", r"onverwacht argument: \1"),
    (r"Missing command\.", "geef een opdracht"),
]


def _vertaal(tekst: str, tabel: list[tuple[str, Any]], vlaggen: int = 0) -> str:
    for patroon, vervanging in tabel:
        tekst = re.sub(patroon, vervanging, tekst, flags=vlaggen)
    return tekst


def _metavars(params: Sequence[Any]) -> None:
    """Options that take a value show it by their own name (--jaar JAAR, --gemeente GEMEENTE), as do
    arguments (PADEN...)."""
    for p in params:
        waarde = isinstance(p, TyperArgument) or (isinstance(p, TyperOption) and not p.is_flag)
        if waarde and p.metavar is None and p.name:
            p.metavar = p.name.upper()


class _Nederlands:
    """What a command and a group share: Dutch usage line, help option and help text."""

    def format_usage(self, ctx, formatter) -> None:
        stukken = [re.sub(r"^\{(.+)\}", r"\1", stuk) for stuk in self.collect_usage_pieces(ctx)]  # {PADEN}...
        formatter.write_usage(ctx.command_path, " ".join(stukken), prefix="Gebruik: ")

    def get_help_option(self, ctx):
        optie = super().get_help_option(ctx)
        if optie is not None:
            optie.help = HULP
        return optie

    def format_help(self, ctx, formatter) -> None:
        super().format_help(ctx, formatter)
        tekst = _vertaal("".join(formatter.buffer), _HULPTEKSTEN, re.MULTILINE)
        formatter.buffer[:] = [tekst]


class NederlandsCommando(_Nederlands, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _metavars(self.params)


class NederlandseGroep(_Nederlands, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _metavars(self.params)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Typer's main, with its errors in Dutch."""
        try:
            uitkomst = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except fouten.NoArgsIsHelpError as e:
            if not standalone_mode:
                raise
            e.show()
            sys.exit(e.exit_code)
        except fouten.ClickException as e:
            if not standalone_mode:
                raise
            toon_fout(e)
            sys.exit(e.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("Afgebroken.", err=True)
            sys.exit(1)
        if not standalone_mode:
            return uitkomst
        sys.exit(uitkomst if isinstance(uitkomst, int) else 0)


def foutmelding(e: fouten.ClickException) -> str:
    """Typer's error in Dutch."""
    if isinstance(e, fouten.MissingParameter):
        soort = "argument" if (e.param_type or getattr(e.param, "param_type_name", "")) == "argument" else "optie"
        return f"{soort} {_hint(e)} ontbreekt" if _hint(e) else f"{soort} ontbreekt"
    if isinstance(e, fouten.NoSuchOption):
        bedoeld = f" (bedoelt u {', '.join(sorted(e.possibilities))}?)" if e.possibilities else ""
        return f"onbekende optie: {e.option_name}{bedoeld}"
    bericht = _vertaal(e.message, _FOUTEN)
    if isinstance(e, fouten.BadParameter):
        return f"ongeldige waarde voor {_hint(e)}: {bericht}" if _hint(e) else f"ongeldige waarde: {bericht}"
    return bericht


def _hint(e: fouten.BadParameter) -> str | None:
    hint = e.param_hint if e.param_hint is not None else e.param.get_error_hint() if e.param is not None else None
    return hint if hint is None or isinstance(hint, str) else " / ".join(repr(x) for x in hint)


def toon_fout(e: fouten.ClickException) -> None:
    """As Click shows an error, in Dutch: the usage line, where to find help, and what is wrong."""
    ctx = getattr(e, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(PROBEER.format(opdracht=ctx.command_path) + "\n", err=True)
    typer.echo(f"Fout: {foutmelding(e)}", err=True)


class Opdrachten(typer.Typer):
    """A Typer app whose commands and groups speak Dutch."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=NederlandseGroep, options_metavar=OPTIES, subcommand_metavar=OPDRACHT, **kwargs)

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any):
        return super().command(*args, cls=cls or NederlandsCommando, **kwargs)
