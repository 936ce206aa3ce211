"""`stuurwiel rapport maand|kwartaal|jaar|verevening`: the reports as HTML, PDF and Excel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.cli.app import DbOptie, app, bereik, console, stop, voortgang
from stuurwiel.cli.app import peildatum as peildatum_
from stuurwiel.cli.app import vraag as maak_vraag
from stuurwiel.cli.nederlands import Opdrachten

rapport_app = Opdrachten(help="Rapportages: maand (per gemeente), kwartaal en jaar (de regio) en de burap "
                               "(bestuursrapportage), als HTML, PDF en Excel.", no_args_is_help=True)
app.add_typer(rapport_app, name="rapport")

HtmlOptie = Annotated[bool, typer.Option("--html", help="een HTML-pagina")]
PdfOptie = Annotated[bool, typer.Option("--pdf", help="een PDF (A4)")]
XlsxOptie = Annotated[bool, typer.Option("--xlsx", help="een Excel-bestand met de tabellen achter elke grafiek")]
UitOptie = Annotated[Path, typer.Option("--uit", help="map voor de bestanden")]
InternOptie = Annotated[bool, typer.Option("--intern", help="zonder onderdrukking van kleine aantallen: alleen voor "
                                                             "wie dossierinzage heeft")]
VOORBEELDEN = {"maand": "2025-08", "kwartaal": "2025-Q3", "jaar": "2025", "verevening": "2025", "burap": "2025-08"}
# the kind of period of a report, where it differs from its name
PERIODESOORT = {"verevening": "jaar", "burap": "maand"}


def _maak(soort: str, periode: str, gemeenten: list[str | None] | None, formaten: list[str], uit: Path,
          intern: bool, db: str | None, peildatum=None) -> None:
    """The report of `soort` for each municipality of `gemeenten` ([None]: the region; None: each municipality
    of the region), all from one catalogue."""
    from stuurwiel.begrippen.periode import ontleed_periode
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.toepassing.inrichten import vereis_ingericht
    from stuurwiel.toepassing.meter import Meter
    from stuurwiel.toepassing.vraag import Vraagfout
    from stuurwiel.toepassing.vragen import controleer
    from stuurwiel.uitvoer.rapporten import FORMATEN, bouw, schrijf_alle

    try:
        p = ontleed_periode(periode)
    except ValueError as e:
        raise stop(str(e)) from None
    if p.soort != PERIODESOORT.get(soort, soort):
        raise stop(f"'{periode}' is geen {soort} (verwacht bijvoorbeeld {VOORBEELDEN[soort]})")
    wie = bereik(db, not intern)
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag, voortgang("rapport") as melden:
            vereis_ingericht(opslag)
            vragen = [controleer(opslag, maak_vraag("rapport", perioden=(p,), selectie=Selectie(
                gemeenten=(g,) if g else ()), bereik=wie, peildatum=peildatum))
                for g in (opslag.regio().gemeente_codes if gemeenten is None else gemeenten)]
            meter = Meter.voor(opslag, vragen[0])  # the same for each: the selection without its municipality
            rapporten = (bouw(meter, v, soort) for v in _gemeld(vragen, melden))
            paden = schrijf_alle(rapporten, len(vragen), formaten or list(FORMATEN), uit)
    except (OpslagFout, Vraagfout) as e:
        raise stop(str(e)) from None
    for pad in paden:
        console.print(f"Geschreven: {pad}", highlight=False)


def _gemeld(vragen: list, melden) -> Iterator:
    """The questions one by one, each reported to the progress bar as its figures are computed."""
    for i, v in enumerate(vragen):
        melden("cijfers", i, len(vragen))
        yield v
    melden("cijfers", len(vragen), len(vragen))


def _formaten(html: bool, pdf: bool, xlsx: bool) -> list[str]:
    return [f for f, gevraagd in zip(("html", "pdf", "xlsx"), (html, pdf, xlsx), strict=True) if gevraagd]


@rapport_app.command()
def maand(
    periode: Annotated[str, typer.Option("--periode", help="de maand, bijvoorbeeld 2025-08")],
    gemeente: Annotated[list[str] | None, typer.Option(
        "--gemeente", help="CBS-code of naam van de gemeente; herhaal voor meer gemeenten (standaard: elke gemeente "
                           "van de regio)")] = None,
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Maandrapportage van een gemeente: de maand en het jaar tot nu, tegen vorig jaar en tegen de regio. Zonder
    --gemeente een rapportage voor elke gemeente van de regio, uit één berekening van de cijfers; zonder
    --html/--pdf/--xlsx alle drie."""
    _maak("maand", periode, gemeente or None, _formaten(html, pdf, xlsx), uit, intern, db)


@rapport_app.command()
def kwartaal(
    periode: Annotated[str, typer.Option("--periode", help="het kwartaal, bijvoorbeeld 2025-Q3")],
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Kwartaalrapportage van de regio (Samen Sturen): per gemeente, segment en aanbieder, met de uitkomsten."""
    _maak("kwartaal", periode, [None], _formaten(html, pdf, xlsx), uit, intern, db)


@rapport_app.command()
def jaar(
    jaar: Annotated[int, typer.Option("--jaar", help="het kalenderjaar")],
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Jaarrapportage van de regio: vijf jaar ontwikkeling en het jaar tegen het vorige, per segment."""
    _maak("jaar", str(jaar), [None], _formaten(html, pdf, xlsx), uit, intern, db)


@rapport_app.command()
def verevening(
    jaar: Annotated[int, typer.Option("--jaar", help="het kalenderjaar")],
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Vereveningsrapportage voor het bestuur: wie betaalt wat onder de regels van regio.yaml, na afloop van het jaar
    (nacalculatie) en op de begroting (voorschot), de varianten naast elkaar, per segment en per subregio."""
    _maak("verevening", str(jaar), [None], _formaten(html, pdf, xlsx), uit, intern, db)


@rapport_app.command()
def burap(
    peildatum: Annotated[str, typer.Option("--peildatum", help="JJJJ-MM-DD: de eerste burap na vier maanden "
                                                               "(2025-04-30), de tweede na acht (2025-08-31)")],
    gemeente: Annotated[str | None, typer.Option("--gemeente", help="CBS-code of naam: alleen die gemeente "
                                                                    "(standaard de regio)")] = None,
    html: HtmlOptie = False, pdf: PdfOptie = False, xlsx: XlsxOptie = False,
    uit: UitOptie = Path("."), intern: InternOptie = False, db: DbOptie = None,
) -> None:
    """Bestuursrapportage (burap) op een peildatum: per gemeente en segment de prognose tegen de begroting met
    interval en kans op overschrijding, de hele begroting per post, de afwijkingen die ertoe doen, een voorstel
    tot begrotingswijziging per gemeente en de risico's."""
    datum = peildatum_(peildatum)
    _maak("burap", f"{datum.year}-{datum.month:02d}", [gemeente], _formaten(html, pdf, xlsx), uit, intern, db, datum)
