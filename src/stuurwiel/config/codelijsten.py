"""The iJw 3.2 code lists, derived from basisschema.xsd (scripts/afleiden_referentie.py)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def codelijsten() -> dict[str, dict[str, str]]:
    tekst = resources.files("stuurwiel.data").joinpath("codelijsten.json").read_text(encoding="utf-8")
    return json.loads(tekst)["lijsten"]


def codelijst(naam: str) -> dict[str, str]:
    """Code -> description for one list, e.g. codelijst("ProductCategorie")."""
    return codelijsten()[naam]


def omschrijving(naam: str, code: str | None) -> str:
    if code is None:
        return "onbekend"
    return codelijst(naam).get(code, code)
