"""`stuurwiel begrippen`: the region's definitions list — a starting list from the catalogue's own
definitions (`maak`) and the check of policy documents against a list (`controleer`), docs/begrippenlijst.md.

The command is called `begrippen` because that is the users' word; the module is `begrippenlijst`,
because the package `stuurwiel.begrippen` is the project's own vocabulary (periods, selections, tables)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.cli.app import FormaatOptie, UitOptie, app, console, stop, vraag, vraag_en_toon
from stuurwiel.cli.app import peildatum as peildatum_
from stuurwiel.cli.nederlands import Opdrachten

begrippen_app = Opdrachten(help="De begrippenlijst: definities, en beleidsdocumenten eraan getoetst.",
                           no_args_is_help=True)
app.add_typer(begrippen_app, name="begrippen")


@begrippen_app.command()
def controleer(
    documenten: Annotated[list[Path], typer.Argument(help="beleidsdocumenten: .txt, .md, .pdf of .docx")],
    lijst: Annotated[Path | None, typer.Option(
        "--lijst", help="begrippen.yaml (standaard: de definities van de maatcatalogus)")] = None,
    peildatum: Annotated[str | None, typer.Option(
        "--peildatum", help="JJJJ-MM-DD: toets 'laatst beoordeeld' tegen deze dag (standaard vandaag)")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
) -> None:
    """Toets documenten aan de begrippenlijst: vermeden synoniemen, afkortingen en terugkerende termen zonder
    definitie (met hoe vaak en waar: regel, pagina of alinea), begrippen die nergens voorkomen en definities
    die langer dan 12 maanden niet zijn beoordeeld."""
    vraag_en_toon(vraag("begrippencontrole", bron=lijst, documenten=tuple(documenten), peildatum=peildatum_(peildatum),
                        vorm=formaat),
                  None, uit)


@begrippen_app.command()
def maak(
    uit: Annotated[Path | None, typer.Option("--uit", help="het bestand om te schrijven (standaard: scherm)")] = None,
) -> None:
    """Een begrippenlijst om mee te beginnen: elke maat van de catalogus met haar definitie, als begrippen.yaml.
    Vul synoniemen om te vermijden en eigenaren aan en beheer de lijst daarna zelf."""
    import datetime as dt

    from stuurwiel.analyses.begrippenlijst import uit_catalogus
    from stuurwiel.invoer.begrippenlijst import als_yaml

    vandaag = dt.date.today()
    tekst = als_yaml(uit_catalogus(vandaag), f"Begrippenlijst uit de maatcatalogus van Stuurwiel, gemaakt op {vandaag}"
                     ".\nVul per begrip 'vermijden' (synoniemen) en 'eigenaar' aan; "
                     "toets documenten met `stuurwiel begrippen controleer --lijst begrippen.yaml DOC...`.")
    if uit is None:
        print(tekst, end="")
        return
    try:
        uit.write_text(tekst, encoding="utf-8")
    except OSError as e:
        raise stop(f"kan {uit} niet schrijven: {e.strerror or e}") from None
    console.print(f"Geschreven: {uit}", highlight=False)
