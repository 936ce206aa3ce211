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
from stuurwiel.privacy.bereik import VOLLEDIG, Bereik

# column -> (catalogue measure, decimals shown; None keeps the whole number)
KOLOMMEN = {
    "jeugdigen_in_zorg": ("jeugdigen_in_zorg", None),
    "per_1000_jeugdigen": ("jeugdigen_per_1000", 1),
    "nieuwe_trajecten": ("nieuwe_trajecten", None),
    "beeindigde_trajecten": ("beeindigde_trajecten", None),
    "kosten_cent": ("kosten", None),
    "kosten_per_client_cent": ("kosten_per_client", 0),
}


def kerncijfers(opslag: Opslag, perioden: list[Periode], per: list[str] = (), selectie: Selectie = Selectie(),
                bereik: Bereik = VOLLEDIG) -> pd.DataFrame:
    """All key figures in one frame: one row per period × dimension value, and per figure whether it
    is suppressed (`onderdrukt_<kolom>`, with its reason in `reden_<kolom>`)."""
    sleutels = ["periode", *dimensiekolommen(list(per))]
    uit = None
    for kolom, (naam, decimalen) in KOLOMMEN.items():
        df = meet(opslag, naam, perioden, per, selectie, bereik)[[*sleutels, "waarde", "onderdrukt", "reden"]]
        df = df.rename(columns={"waarde": kolom, "onderdrukt": f"onderdrukt_{kolom}", "reden": f"reden_{kolom}"})
        if decimalen is not None:
            df[kolom] = df[kolom].round(decimalen)
        uit = df if uit is None else uit.merge(df, on=sleutels, how="outer")
    for kolom, (_, decimalen) in KOLOMMEN.items():
        onderdrukt = uit[f"onderdrukt_{kolom}"].astype("boolean").fillna(False).astype(bool)
        uit[f"onderdrukt_{kolom}"] = onderdrukt
        if decimalen is None:  # no row is none; a suppressed count stays empty
            uit[kolom] = uit[kolom].mask(uit[kolom].isna() & ~onderdrukt, 0).astype("Int64")
    uit["kosten_per_client_cent"] = uit.kosten_per_client_cent.astype("Int64")
    volgorde = {p.label: i for i, p in enumerate(perioden)}
    uit = uit.assign(_v=uit.periode.map(volgorde)).sort_values(["_v", *sleutels[1:]], na_position="last")
    vlaggen = [f"{v}_{k}" for k in KOLOMMEN for v in ("onderdrukt", "reden")]
    return uit.reset_index(drop=True)[[*sleutels, *KOLOMMEN, *vlaggen]]
