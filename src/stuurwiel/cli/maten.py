"""`stuurwiel maten` (the metric catalogue) and `stuurwiel meet` (one measure from it)."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import typer

from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.selectie import DIMENSIES, Selectie
from stuurwiel.cli.app import DbOptie, app, stop
from stuurwiel.cli.cijfers import FormaatOptie, controleer_formaat
from stuurwiel.cli.opmaak import toon
from stuurwiel.maten.basis import regio
from stuurwiel.maten.catalogus import GROEPEN, MATEN, maat, meet
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.privacy.onthulling import verborgen
from stuurwiel.toepassing import vereis_ingericht
from stuurwiel.uitvoer.notatie import waarde


@app.command()
def maten(
    groep: Annotated[str | None, typer.Option("--groep", help=", ".join(GROEPEN))] = None,
    formaat: FormaatOptie = "tabel",
) -> None:
    """De maten van de catalogus: naam, betekenis, eenheid, indelingen en privacyklasse."""
    controleer_formaat(formaat)
    if groep is not None and groep not in GROEPEN:
        raise stop(f"onbekende groep '{groep}' (kies uit {', '.join(GROEPEN)})")
    df = pd.DataFrame([dict(maat=m.naam, naam=m.label, groep=m.groep, eenheid=m.eenheid,
                            indelingen=", ".join(m.dimensies), privacy=m.privacy, definitie=m.definitie)
                       for m in MATEN if groep in (None, m.groep)])
    kolommen = {c: (c, None) for c in ("maat", "naam", "groep", "eenheid", "indelingen", "privacy")}
    toon(df, formaat, "Maten (zie docs/maten.md voor de definities)", kolommen)


@app.command(name="meet")
def meet_commando(
    naam_maat: Annotated[str, typer.Argument(metavar="MAAT", help="naam uit `stuurwiel maten`")],
    periode: Annotated[list[str], typer.Option("--periode", help="2025, 2025-Q3, 2025-08 of '2025-01 t/m 2025-08'; "
                                                                  "mag vaker")],
    per: Annotated[list[str] | None, typer.Option("--per", help=", ".join(DIMENSIES) + "; mag vaker")] = None,
    gemeente: Annotated[list[str] | None, typer.Option("--gemeente", help="CBS-code; mag vaker")] = None,
    openbaar: Annotated[bool, typer.Option("--openbaar", help="onderdruk kleine aantallen, zoals voor wie geen "
                                                               "dossierinzage heeft")] = False,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """Eén maat uit de catalogus, voor een of meer perioden, eventueel per indeling."""
    controleer_formaat(formaat)
    per = per or []
    try:
        m = maat(naam_maat)
        perioden = [ontleed_periode(p) for p in periode]
        m.controleer(per)
    except ValueError as e:
        raise stop(str(e)) from None
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            privacy = regio(opslag).privacy if openbaar else None
            df = meet(opslag, m.naam, perioden, per, Selectie(gemeenten=tuple(gemeente or ())), Bereik(privacy=privacy))
            for dimensie in per:
                lookup, code = namen(opslag, dimensie), DIMENSIES[dimensie]
                df.insert(df.columns.get_loc(code) + 1, f"{dimensie}_naam", [naam(lookup, c) for c in df[code]])
    except OpslagFout as e:
        raise stop(str(e)) from None
    teken = verborgen(privacy) if privacy else ""
    df["tekst"] = [waarde(w, m.eenheid, o, teken) for w, o in zip(df.waarde, df.onderdrukt)]
    kolommen = {"periode": ("periode", None)}
    for dimensie in per:
        kolommen |= {DIMENSIES[dimensie]: (dimensie, None), f"{dimensie}_naam": ("naam", None)}
    kolommen["tekst"] = (m.label.lower(), str)
    toon(df.drop(columns=["tekst"]) if formaat != "tabel" else df, formaat, m.label, kolommen)
