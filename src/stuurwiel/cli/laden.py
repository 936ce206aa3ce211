"""`stuurwiel laad`: load exchange files into the store, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.begrippen.notatie import aantal, getal
from stuurwiel.cli.app import DbOptie, afgekeurd, app, console, fout, stop, toon, voortgang

MAX_OVERGESLAGEN = 20


@app.command()
def laad(
    paden: Annotated[list[Path], typer.Argument(
        help="bestanden of mappen: CSV, Parquet, XLSX, iJw-berichten (.xml) en zip-archieven daarvan")],
    db: DbOptie = None,
    xsd: Annotated[Path | None, typer.Option(
        "--xsd", help="map met de officiële iJw-XSD's, om tegen te controleren in plaats van de meegeleverde",
        exists=True, file_okay=False)] = None,
) -> None:
    """Laad uitwisselbestanden en iJw-berichten: bij één fout niets, en opnieuw laden verandert niets."""
    laad_en_meld(paden, db, xsd=xsd)


def laad_en_meld(paden: list[Path], db: str | None, soort: str = "uitwisseling", xsd: Path | None = None) -> None:
    """Load a batch and tell the user what was stored, or every problem when it was rejected."""
    from stuurwiel.invoer.ijw.controle import XsdFout
    from stuurwiel.invoer.problemen import Afgewezen
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.privacy.sleutel import SleutelFout
    from stuurwiel.toepassing.laden import laad as laad_bestanden
    from stuurwiel.toepassing.laden import lees, schrijf, verslag

    try:
        with voortgang("laden") as melden:
            try:  # validate read-only, beside a running dashboard, which steps aside only for the write
                with Opslag.open(db, alleen_lezen=True) as opslag:
                    gelezen = lees(opslag, paden, voortgang=melden, soort=soort, xsd=xsd)
            except OpslagFout:
                gelezen = None  # not set up yet, or made by an earlier release: said or mended below
            with Opslag.open(db) as opslag:
                resultaat = (schrijf(opslag, gelezen, voortgang=melden) if gelezen
                             else laad_bestanden(opslag, paden, voortgang=melden, soort=soort, xsd=xsd))
                tabel = verslag(opslag, resultaat) if resultaat.batch_id is not None else None
    except Afgewezen as e:
        raise afgekeurd(e.problemen, f"lading afgewezen: {aantal(len(e.problemen), 'probleem', 'problemen')}; "
                                       "er is niets opgeslagen.") \
            from None
    except (OpslagFout, SleutelFout, XsdFout) as e:
        raise stop(str(e)) from None

    lading = resultaat.lading
    for w in lading.waarschuwingen:
        fout.print(f"Let op: {w}", highlight=False)
    for naam in lading.overgeslagen[:MAX_OVERGESLAGEN]:
        console.print(f"{naam}: al eerder geladen, overgeslagen.", highlight=False)
    if len(lading.overgeslagen) > MAX_OVERGESLAGEN:
        console.print(f"… en nog {getal(len(lading.overgeslagen) - MAX_OVERGESLAGEN)} eerder geladen bestanden "
                      "of berichten overgeslagen.", highlight=False)
    if lading.berichten:
        console.print("iJw-berichten: " + ", ".join(f"{soort} {getal(n)}" for soort, n in lading.berichten.items()),
                      highlight=False)
    if tabel is None:
        console.print("Niets nieuws om te laden.")
        return
    toon(tabel, "tabel")
