"""`stuurwiel rapport maand|kwartaal|jaar`: the reports as HTML, PDF and Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.begrippen.periode import Periode, ontleed_periode
from stuurwiel.cli.app import DbOptie, app, console, stop, voortgang
from stuurwiel.maten.basis import regio
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing import vereis_ingericht
from stuurwiel.uitvoer.rapporten import FORMATEN, Meter, bouw, schrijf

rapport_app = typer.Typer(help="Rapportages: maand (per gemeente), kwartaal en jaar (de regio), als HTML, PDF en "
                               "Excel.", no_args_is_help=True)
app.add_typer(rapport_app, name="rapport")

HtmlOptie = Annotated[bool, typer.Option("--html", help="een HTML-pagina")]
PdfOptie = Annotated[bool, typer.Option("--pdf", help="een PDF (A4)")]
XlsxOptie = Annotated[bool, typer.Option("--xlsx", help="een Excel-bestand met de tabellen achter elke grafiek")]
UitOptie = Annotated[Path, typer.Option("--uit", help="map voor de bestanden")]
InternOptie = Annotated[bool, typer.Option("--intern", help="zonder onderdrukking van kleine aantallen: alleen voor "
                                                             "wie dossierinzage heeft")]


def _maak(soort: str, periode: Periode, gemeente: str | None, formaten: list[str], uit: Path, intern: bool,
          db: str | None) -> None:
    formaten = formaten or list(FORMATEN)
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag, voortgang("rapport") as melden:
            vereis_ingericht(opslag)
            if gemeente is not None and gemeente not in namen(opslag, "gemeente"):
                raise stop(f"gemeente {gemeente} hoort niet bij deze regio")
            melden("cijfers", 0, 1)
            rapport = bouw(Meter(opslag, Bereik(privacy=None if intern else regio(opslag).privacy)), soort, periode,
                           gemeente)
            melden("cijfers", 1, 1)
            melden("bestanden", 0, 1)
            paden = schrijf(rapport, formaten, uit)
            melden("bestanden", 1, 1)
    except OpslagFout as e:
        raise stop(str(e)) from None
    for pad in paden:
        console.print(f"Geschreven: {pad}", highlight=False)


def _periode(tekst: str, soort: str, voorbeeld: str) -> Periode:
    try:
        p = ontleed_periode(tekst)
    except ValueError as e:
        raise stop(str(e)) from None
    if p.soort != soort:
        raise stop(f"'{tekst}' is geen {soort} (verwacht bijvoorbeeld {voorbeeld})")
    return p


def _formaten(html: bool, pdf: bool, xlsx: bool) -> list[str]:
    return [f for f, gevraagd in zip(FORMATEN, (html, pdf, xlsx)) if gevraagd]


@rapport_app.command()
def maand(
    gemeente: Annotated[str, typer.Option("--gemeente", help="CBS-code van de gemeente")],
    periode: Annotated[str, typer.Option("--periode", help="de maand, bijvoorbeeld 2025-08")],
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Maandrapportage van een gemeente: de maand en het jaar tot nu, tegen vorig jaar en tegen de regio. Zonder
    --html/--pdf/--xlsx alle drie."""
    _maak("maand", _periode(periode, "maand", "2025-08"), gemeente, _formaten(html, pdf, xlsx), uit, intern, db)


@rapport_app.command()
def kwartaal(
    periode: Annotated[str, typer.Option("--periode", help="het kwartaal, bijvoorbeeld 2025-Q3")],
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Kwartaalrapportage van de regio (Samen Sturen): per gemeente, segment en aanbieder, met de uitkomsten."""
    _maak("kwartaal", _periode(periode, "kwartaal", "2025-Q3"), None, _formaten(html, pdf, xlsx), uit, intern, db)


@rapport_app.command()
def jaar(
    jaar: Annotated[int, typer.Option("--jaar", help="het kalenderjaar")],
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Jaarrapportage van de regio: vijf jaar ontwikkeling en het jaar tegen het vorige, per segment."""
    _maak("jaar", _periode(str(jaar), "jaar", "2025"), None, _formaten(html, pdf, xlsx), uit, intern, db)
