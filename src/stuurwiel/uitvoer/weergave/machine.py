"""A table for machines: the columns' machine names, every value as it is (amounts in eurocent,
fractions as fractions, dates as JJJJ-MM-DD); a suppressed figure is empty. For an audience with
suppression (the table's `verborgen`) a figure is as precise as its page shows it: a share of
22,2% is 22.2, not 22.22222222222222, so no download says more than the page."""

from __future__ import annotations

import csv as _csv
import datetime as dt
import io
import json as _json
import math
from typing import Any

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.uitvoer.weergave import veilig


def waarde(c: Cel, decimalen: int | None = None) -> Any:
    """The value for machines; `decimalen`: rounded to as many decimals (a float only)."""
    if c.onderdrukt or c.waarde is None:
        return None
    w = c.waarde
    if hasattr(w, "item") and not isinstance(w, str):  # numpy and pandas scalars
        w = w.item()
    if isinstance(w, float) and math.isnan(w):
        return None
    if isinstance(w, dt.date):
        return w.isoformat()
    if decimalen is not None and isinstance(w, float):
        return round(w, decimalen) + 0.0  # no -0.0
    return w


def _decimalen(tabel: Tabel) -> list[int | None]:
    """Per column, the decimals its page shows when the audience has suppression (else None: exact)."""
    return [notatie.decimalen(k.eenheid, k.decimalen) if tabel.verborgen and k.numeriek else None
            for k in tabel.kolommen]


def records(tabel: Tabel) -> list[dict[str, Any]]:
    """One dict per row, by machine name (the JSON and the API)."""
    namen, decimalen = [k.naam for k in tabel.kolommen], _decimalen(tabel)
    return [dict(zip(namen, (waarde(c, d) for c, d in zip(rij, decimalen, strict=True)), strict=True))
            for rij in tabel.rijen]


def csv(tabel: Tabel) -> str:
    buffer = io.StringIO()
    schrijver = _csv.writer(buffer, lineterminator="\n")
    schrijver.writerow([k.naam for k in tabel.kolommen])
    decimalen = _decimalen(tabel)
    for rij in tabel.rijen:
        schrijver.writerow(["" if (w := waarde(c, d)) is None else veilig.csv_waarde(w)
                            for c, d in zip(rij, decimalen, strict=True)])
    return buffer.getvalue()


def json(tabel: Tabel) -> str:
    inhoud = records(tabel)
    return _json.dumps(inhoud[0] if tabel.enkelvoudig and len(inhoud) == 1 else inhoud, ensure_ascii=False,
                       indent=1)
