"""Names for the codes in a dimension: gemeente, subregio, segment, aanbieder, product, verwijzer."""

from __future__ import annotations

from stuurwiel.config.codelijsten import codelijst
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

ONBEKEND = "onbekend"


def namen(opslag: Opslag, dimensie: str) -> dict[str, str]:
    if dimensie == "verwijzer":
        return dict(codelijst("TypeVerwijzer"))
    if dimensie == "subregio":  # a subregion is known by its name
        return {s: s for (s,) in opslag.rijen("SELECT DISTINCT subregio FROM gemeente WHERE subregio IS NOT NULL")}
    if dimensie == "aanbieder":
        t = feiten.aanbieders(opslag).select("agb_code", "naam").to_pyarrow()
        return dict(zip(t["agb_code"].to_pylist(), t["naam"].to_pylist()))
    table, key = {"gemeente": ("gemeente", "gemeentecode"), "segment": ("segment", "segmentcode"),
                  "product": ("product", "productcode")}[dimensie]
    return dict(opslag.rijen(f"SELECT {key}, naam FROM {table}"))


def naam(lookup: dict[str, str], code: str | None) -> str:
    if code is None:
        return ONBEKEND
    return lookup.get(code, code)
