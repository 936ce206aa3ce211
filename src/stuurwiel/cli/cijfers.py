"""`stuurwiel kerncijfers` and `stuurwiel signalen`."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import typer

from stuurwiel.begrippen.periode import jaar as jaar_periode
from stuurwiel.begrippen.selectie import DIMENSIES, Selectie
from stuurwiel.cli.app import DbOptie, app, stop
from stuurwiel.cli.opmaak import FORMATEN, toon
from stuurwiel.maten import kern
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.toepassing import vereis_ingericht
from stuurwiel.uitvoer.notatie import euro, euro_kort, getal

FormaatOptie = Annotated[str, typer.Option("--formaat", help="tabel, csv of json")]

KERN_KOLOMMEN = {
    "jeugdigen_in_zorg": ("in zorg", getal),
    "per_1000_jeugdigen": ("per 1.000", lambda x: getal(x, 1)),
    "nieuwe_trajecten": ("nieuw", getal),
    "beeindigde_trajecten": ("beëindigd", getal),
    "kosten_cent": ("kosten", euro_kort),
    "kosten_per_client_cent": ("per cliënt", euro),
}
KERN_UITLEG = ("in zorg: jeugdigen met een toewijzing in het jaar; per 1.000 jeugdigen van 0-17 jaar; "
               "nieuw/beëindigd: trajecten; kosten: gedeclareerd, naar maand van levering; per cliënt: "
               "kosten gedeeld door jeugdigen in zorg")


def controleer_formaat(formaat: str) -> None:
    if formaat not in FORMATEN:
        raise stop(f"onbekend formaat '{formaat}' (kies uit {', '.join(FORMATEN)})")


@app.command()
def kerncijfers(
    jaar: Annotated[int, typer.Option("--jaar", help="kalenderjaar")],
    gemeente: Annotated[list[str] | None, typer.Option("--gemeente", help="CBS-code; mag vaker")] = None,
    per: Annotated[str | None, typer.Option("--per", help=", ".join(DIMENSIES))] = None,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """Kerncijfers van een jaar: jeugdigen in zorg, trajecten en kosten, per gemeente, segment, aanbieder, verwijzer of product."""
    controleer_formaat(formaat)
    if per is not None and per not in DIMENSIES:
        raise stop(f"onbekende indeling '{per}' (kies uit {', '.join(DIMENSIES)})")
    selectie = Selectie(gemeenten=tuple(gemeente or ()))
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            onbekend = set(selectie.gemeenten) - set(namen(opslag, "gemeente"))
            if onbekend:
                raise stop(f"gemeente {', '.join(sorted(onbekend))} hoort niet bij deze regio")
            perioden = [jaar_periode(jaar)]
            totaal = kern.kerncijfers(opslag, perioden, [], selectie)
            if per:
                df = kern.kerncijfers(opslag, perioden, [per], selectie)
                lookup = namen(opslag, per)
                code = DIMENSIES[per]
                df.insert(2, "naam", [naam(lookup, c) for c in df[code]])
                totaal.insert(1, code, None)
                totaal.insert(2, "naam", "Totaal")
                df = pd.concat([df, totaal], ignore_index=True)
            else:
                df = totaal
    except OpslagFout as e:
        raise stop(str(e)) from None

    scope = f"gemeente {', '.join(selectie.gemeenten)}" if selectie.gemeenten else "de regio"
    kolommen = ({DIMENSIES[per]: ("code", None), "naam": (per, None)} if per else {}) | KERN_KOLOMMEN
    toon(df, formaat, f"Kerncijfers {jaar}, {scope}", kolommen, KERN_UITLEG)


@app.command()
def signalen(
    regel: Annotated[str | None, typer.Option("--regel", help="alleen deze regel")] = None,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """Gegevens die een bedrijfsregel schenden: per regel geteld, of de regels van één regel."""
    controleer_formaat(formaat)
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            t = opslag.tabel("signaal")
            if regel:
                df = t.filter(t.regel == regel).order_by(["bron"]).execute()
                kolommen = {c: (c, None) for c in ("regel", "sleutel", "bron", "gemeentecode", "agb_code",
                                                   "omschrijving")}
            else:
                df = t.group_by("regel").aggregate(aantal=t.count(), bedrag_cent=t.bedrag_cent.sum()) \
                    .order_by("regel").execute()
                kolommen = {"regel": ("regel", None), "aantal": ("aantal", getal),
                            "bedrag_cent": ("bedrag", euro)}
    except OpslagFout as e:
        raise stop(str(e)) from None
    toon(df, formaat, "Signalen", kolommen)
