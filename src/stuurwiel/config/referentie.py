"""Public reference data shipped as package data: municipalities, population, Iv3 spending.

Derived from ../shared/reference by scripts/afleiden_referentie.py; bronnen.json names the source.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _rijen(naam: str) -> list[dict[str, str]]:
    with resources.files("stuurwiel.data").joinpath(naam).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def bronnen() -> dict[str, str]:
    return json.loads(resources.files("stuurwiel.data").joinpath("bronnen.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class GemeenteInfo:
    code: str
    naam: str
    provincie: str
    jeugdregio: str
    pct_jeugd_met_jeugdzorg: float


@cache
def gemeenten() -> dict[str, GemeenteInfo]:
    """All 342 municipalities of 2026, by CBS code."""
    return {
        r["gemeentecode"]: GemeenteInfo(r["gemeentecode"], r["gemeentenaam"], r["provincie"],
                                        r["jeugdregio"], float(r["pct_jeugd_met_jeugdzorg_2022"]))
        for r in _rijen("gemeenten.csv")
    }


@cache
def bevolking() -> dict[str, dict[int, tuple[int, int]]]:
    """gemeentecode -> jaar -> (inwoners, jeugdigen 0-17 estimate)."""
    out: dict[str, dict[int, tuple[int, int]]] = {}
    for r in _rijen("bevolking.csv"):
        out.setdefault(r["gemeentecode"], {})[int(r["jaar"])] = (int(r["inwoners"]), int(r["jeugdigen_0_17"]))
    return out


@cache
def iv3_jeugd() -> dict[tuple[str, int, str], int]:
    """(gemeentecode, jaar, soort) -> euro; soort is begroting or jaarrekening."""
    return {(r["gemeentecode"], int(r["jaar"]), r["soort"]): int(r["bedrag_euro"]) for r in _rijen("iv3_jeugd.csv")}
