"""The key figures (kerncijfers) in one frame, read from the metric catalogue.

Young people in care, per 1,000 young people, new and ended trajectories, cost and cost per
client: one row per period × dimension value, as `stuurwiel kerncijfers` shows them.
"""

from __future__ import annotations

import pandas as pd

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie, dimensiekolommen
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag.database import Opslag

# column -> (catalogue measure, decimals shown; None keeps the whole number)
KOLOMMEN = {
    "jeugdigen_in_zorg": ("jeugdigen_in_zorg", None),
    "per_1000_jeugdigen": ("jeugdigen_per_1000", 1),
    "nieuwe_trajecten": ("nieuwe_trajecten", None),
    "beeindigde_trajecten": ("beeindigde_trajecten", None),
    "kosten_cent": ("kosten", None),
    "kosten_per_client_cent": ("kosten_per_client", 0),
}


def kerncijfers(opslag: Opslag, perioden: list[Periode], per: list[str] = (), selectie: Selectie = Selectie()) -> pd.DataFrame:
    """All key figures in one frame: one row per period × dimension value."""
    keys = ["periode", *dimensiekolommen(list(per))]
    out = None
    for kolom, (naam, decimalen) in KOLOMMEN.items():
        df = meet(opslag, naam, perioden, per, selectie)[[*keys, "waarde"]].rename(columns={"waarde": kolom})
        if decimalen is not None:
            df[kolom] = df[kolom].round(decimalen)
        out = df if out is None else out.merge(df, on=keys, how="outer")
    for kolom, (_, decimalen) in KOLOMMEN.items():
        if decimalen is None:
            out[kolom] = out[kolom].fillna(0).astype("int64")
    out["kosten_per_client_cent"] = out.kosten_per_client_cent.astype("Int64")
    volgorde = {p.label: i for i, p in enumerate(perioden)}
    out = out.assign(_v=out.periode.map(volgorde)).sort_values(["_v", *keys[1:]], na_position="last")
    return out.reset_index(drop=True)[[*keys, *KOLOMMEN]]
