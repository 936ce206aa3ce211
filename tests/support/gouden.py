"""Numbers recorded before a redesign (tests/data/*_gouden.json) and the check that the code still
gives them: the same structure, every number within a relative tolerance.

To record again after a change that is meant to move the numbers, write the test's own
computation to its file with `json.dumps(..., indent=1, ensure_ascii=False)`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "data"


def opgenomen(naam: str) -> dict:
    return json.loads((DATA / naam).read_text(encoding="utf-8"))


def waarde(x):
    """A value as JSON holds it: numbers as int or float (NaN as None), dates as ISO text."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, dt.date):
        return x.isoformat()
    return x


def rijen(records) -> list[dict]:
    return [{k: waarde(v) for k, v in r.items()} for r in records]


def verschillen(gemeten, verwacht, rel: float = 1e-9, pad: str = "") -> list[str]:
    """Where `gemeten` differs from `verwacht`: a different structure or text, or a number further
    than `rel` (relative) from the recorded one."""
    if isinstance(verwacht, dict) and isinstance(gemeten, dict):
        if gemeten.keys() != verwacht.keys():
            return [f"{pad}: keys {sorted(gemeten)} != {sorted(verwacht)}"]
        return [v for k in verwacht for v in verschillen(gemeten[k], verwacht[k], rel, f"{pad}.{k}")]
    if isinstance(verwacht, list) and isinstance(gemeten, list):
        if len(gemeten) != len(verwacht):
            return [f"{pad}: {len(gemeten)} items != {len(verwacht)}"]
        return [v for i, (a, b) in enumerate(zip(gemeten, verwacht)) for v in verschillen(a, b, rel, f"{pad}[{i}]")]
    getallen = (int, float)
    if isinstance(verwacht, getallen) and isinstance(gemeten, getallen) and not isinstance(verwacht, bool):
        return [] if math.isclose(gemeten, verwacht, rel_tol=rel, abs_tol=0.0) else [f"{pad}: {gemeten!r} != {verwacht!r}"]
    return [] if gemeten == verwacht else [f"{pad}: {gemeten!r} != {verwacht!r}"]
