"""A table for machines: the columns' machine names, every value as it is (amounts in eurocent,
fractions as fractions, dates as JJJJ-MM-DD); a suppressed figure is empty."""

from __future__ import annotations

import csv as _csv
import datetime as dt
import io
import json as _json
import math
from typing import Any

from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.uitvoer.weergave import veilig


def waarde(c: Cel) -> Any:
    if c.onderdrukt or c.waarde is None:
        return None
    w = c.waarde
    if hasattr(w, "item") and not isinstance(w, str):  # numpy and pandas scalars
        w = w.item()
    if isinstance(w, float) and math.isnan(w):
        return None
    if isinstance(w, dt.date):
        return w.isoformat()
    return w


def records(tabel: Tabel) -> list[dict[str, Any]]:
    """One dict per row, by machine name (the JSON and the API)."""
    namen = [k.naam for k in tabel.kolommen]
    return [dict(zip(namen, (waarde(c) for c in rij), strict=True)) for rij in tabel.rijen]


def csv(tabel: Tabel) -> str:
    buffer = io.StringIO()
    schrijver = _csv.writer(buffer, lineterminator="\n")
    schrijver.writerow([k.naam for k in tabel.kolommen])
    for rij in tabel.rijen:
        schrijver.writerow(["" if (w := waarde(c)) is None else veilig.csv_waarde(w) for c in rij])
    return buffer.getvalue()


def json(tabel: Tabel) -> str:
    inhoud = records(tabel)
    return _json.dumps(inhoud[0] if tabel.enkelvoudig and len(inhoud) == 1 else inhoud, ensure_ascii=False,
                       indent=1)
