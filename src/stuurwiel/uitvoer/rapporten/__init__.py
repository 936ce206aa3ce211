"""Reports the region runs on: the monthly report per municipality, the quarterly regional
report and the annual report, as HTML, PDF and XLSX, every figure from the metric catalogue.

    meter = Meter(store, Bereik(privacy=regio(store).privacy))   # an audience without case-level rights
    rapport = bouw(meter, "maand", ontleed_periode("2025-08"), "0505")
    schrijf(rapport, ["html", "pdf", "xlsx"], Path("uit"))
"""

from __future__ import annotations

from pathlib import Path

from stuurwiel.uitvoer.rapporten.html import html
from stuurwiel.uitvoer.rapporten.inhoud import bouw
from stuurwiel.uitvoer.rapporten.meter import Meter
from stuurwiel.uitvoer.rapporten.model import Rapport
from stuurwiel.uitvoer.rapporten.pdf import pdf
from stuurwiel.uitvoer.rapporten.xlsx import xlsx

FORMATEN = ("html", "pdf", "xlsx")

__all__ = ["FORMATEN", "Meter", "Rapport", "bouw", "schrijf"]


def schrijf(rapport: Rapport, formaten: list[str], map_: Path) -> list[Path]:
    """Write the report in the formats asked for; returns the files written."""
    map_.mkdir(parents=True, exist_ok=True)
    paden = []
    pagina = html(rapport) if {"html", "pdf"} & set(formaten) else ""
    for formaat in FORMATEN:
        if formaat not in formaten:
            continue
        pad = map_ / f"{rapport.naam}.{formaat}"
        if formaat == "html":
            pad.write_text(pagina, encoding="utf-8")
        elif formaat == "pdf":
            pdf(pagina, pad)
        else:
            xlsx(rapport, pad)
        paden.append(pad)
    return paden
