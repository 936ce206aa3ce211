"""`stuurwiel laad`: load exchange files into the store, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stuurwiel.cli.app import DbOptie, app, console, fout, stop, voortgang
from stuurwiel.ingest.laden import Afgewezen
from stuurwiel.outputs.notatie import getal
from stuurwiel.privacy.sleutel import SleutelFout
from stuurwiel.store.engine import Store, StoreFout
from stuurwiel.toepassing import laad as laad_bestanden

MAX_GETOOND = 200


@app.command()
def laad(
    paden: Annotated[list[Path], typer.Argument(help="bestanden of mappen (CSV, Parquet, XLSX)")],
    db: DbOptie = None,
) -> None:
    """Laad uitwisselbestanden. Bij één fout wordt niets opgeslagen; hetzelfde bestand opnieuw laden verandert niets."""
    laad_en_meld(paden, db)


def laad_en_meld(paden: list[Path], db: str | None, soort: str = "uitwisseling") -> None:
    """Load a batch and tell the user what was stored, or every problem when it was rejected."""
    try:
        with Store.open(db) as store, voortgang("laden") as melden:
            resultaat = laad_bestanden(store, paden, voortgang=melden, soort=soort)
            signalen = store.fetchall("SELECT regel, count(*) FROM signaal WHERE batch_id = %s GROUP BY regel "
                                      "ORDER BY regel", [resultaat.batch_id or -1])
    except Afgewezen as e:
        for p in e.problemen[:MAX_GETOOND]:
            fout.print(str(p), highlight=False, markup=False, soft_wrap=True)
        if len(e.problemen) > MAX_GETOOND:
            fout.print(f"… en nog {len(e.problemen) - MAX_GETOOND} problemen", highlight=False)
        raise stop(f"lading afgewezen: {len(e.problemen)} problemen; er is niets opgeslagen.") from None
    except (StoreFout, SleutelFout) as e:
        raise stop(str(e)) from None

    lading = resultaat.lading
    for w in lading.waarschuwingen:
        fout.print(f"Let op: {w}", highlight=False)
    for naam in lading.overgeslagen:
        console.print(f"{naam}: al eerder geladen, overgeslagen.", highlight=False)
    if resultaat.batch_id is None:
        console.print("Niets nieuws om te laden.")
        return
    tabel = Table(title=f"Lading {resultaat.batch_id}: {len(lading.bestanden)} bestanden, "
                        f"{getal(lading.regels)} regels")
    tabel.add_column("tabel")
    tabel.add_column("nieuwe rijen", justify="right")
    for naam, n in sorted(resultaat.nieuw.items()):
        tabel.add_row(naam, getal(n))
    console.print(tabel)
    if signalen:
        console.print("Signalen (opgeslagen en gemarkeerd, zie `stuurwiel signalen`):")
        for regel, n in signalen:
            console.print(f"  {regel}: {n}")
