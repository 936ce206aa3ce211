"""Reports the region runs on: the monthly report per municipality, the quarterly regional
report and the annual report, as HTML, PDF and XLSX, every figure from the metric catalogue.

    vraag = Vraag("rapport", (ontleed_periode("2025-08"),), selectie=Selectie(gemeenten=("0505",)),
                  bereik=Bereik(privacy=opslag.regio().privacy))   # an audience without case-level rights
    rapport = bouw(Meter.voor(opslag, vraag), vraag, "maand")
    schrijf(rapport, ["html", "pdf", "xlsx"], Path("uit"))
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from stuurwiel.uitvoer.rapporten.html import html
from stuurwiel.uitvoer.rapporten.inhoud import bouw
from stuurwiel.uitvoer.rapporten.model import Rapport
from stuurwiel.uitvoer.rapporten.pdf import pdf
from stuurwiel.uitvoer.rapporten.xlsx import xlsx

FORMATEN = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

__all__ = ["FORMATEN", "Rapport", "bouw", "inhoud", "schrijf", "schrijf_alle"]


def inhoud(rapport: Rapport, formaat: str, pagina: str | None = None) -> bytes:
    """The report as a file's content in one format (`pagina`: its HTML, when made already)."""
    if formaat == "xlsx":
        return xlsx(rapport)
    pagina = pagina if pagina is not None else html(rapport)
    return pdf(pagina) if formaat == "pdf" else pagina.encode("utf-8")


def schrijf(rapport: Rapport, formaten: list[str], map_: Path) -> list[Path]:
    """Write the report in the formats asked for; returns the files written."""
    map_.mkdir(parents=True, exist_ok=True)
    pagina = html(rapport) if {"html", "pdf"} & set(formaten) else None
    paden = []
    for formaat in (f for f in FORMATEN if f in formaten):
        pad = map_ / f"{rapport.naam}.{formaat}"
        pad.write_bytes(inhoud(rapport, formaat, pagina))
        paden.append(pad)
    return paden


def schrijf_alle(rapporten: Iterable[Rapport], aantal: int, formaten: list[str], map_: Path) -> list[Path]:
    """Write `aantal` reports, in their order. With more than one and more than one core, each report's
    files are made in a worker process while this one computes the next report's figures (which
    share one catalogue and so stay here): laying out a PDF costs about what a report's figures do."""
    processen = min(aantal, os.cpu_count() or 1)
    if processen < 2:
        return [pad for r in rapporten for pad in schrijf(r, formaten, map_)]
    with ProcessPoolExecutor(processen, mp_context=get_context("spawn")) as werkers:
        klaar = [werkers.submit(schrijf, r, formaten, map_) for r in rapporten]
        return [pad for k in klaar for pad in k.result()]
