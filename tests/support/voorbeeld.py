"""A small, hand-made and fully valid set of exchange files for ZHZ, to break on purpose.

The figures are simple enough to check by hand (see test_laden.py and test_kerncijfers.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

from stuurwiel.invoer.uitwisseling import SOORTEN

# Two valid test BSNs (11-proef) from the iJw example messages.
BSN_A = "999900006"
BSN_B = "999900018"

RIJEN: dict[str, list[dict[str, str]]] = {
    "aanbieders": [
        dict(agb_code="42420001", naam="Jeugdzorg De Linde", contractvorm="inspanningsgericht"),
        dict(agb_code="42420002", naam="Verblijf Het Anker", contractvorm="outputgericht"),
    ],
    "toewijzingen": [
        # A: ambulant 4 uur per week at De Linde, Jan-Jun 2024, referred by the GP
        dict(toewijzingnummer="1001", bsn=BSN_A, geboortedatum="2012-05-17", geslacht="1", gemeentecode="0505",
             agb_code="42420001", productcategorie="45", productcode="45A01", verwijzer_type="02",
             verwijzer_naam="", toewijzingsdatum="2023-12-20", ingangsdatum="2024-01-01",
             einddatum="2024-06-30", volume="4", eenheid="04", frequentie="2", budget_cent="",
             reden_wijziging=""),
        # B: pleegzorg at Het Anker from March 2024, open-ended, via the local team
        dict(toewijzingnummer="1002", bsn=BSN_B, geboortedatum="2015-11-03", geslacht="2", gemeentecode="1963",
             agb_code="42420002", productcategorie="44", productcode="44V01", verwijzer_type="01",
             verwijzer_naam="", toewijzingsdatum="2024-02-25", ingangsdatum="2024-03-01", einddatum="",
             volume="7", eenheid="14", frequentie="2", budget_cent="", reden_wijziging=""),
    ],
    "declaraties": [
        dict(referentienummer="R1", vorig_referentienummer="", toewijzingnummer="1001", bsn=BSN_A,
             gemeentecode="0505", agb_code="42420001", productcategorie="45", productcode="45A01",
             periode_begin="2024-01-01", periode_eind="2024-01-31", geleverd_volume="16", eenheid="04",
             tarief_cent="9490", bedrag_cent="151840", debet_credit="D", declaratiedatum="2024-02-10",
             status="toegekend"),
        dict(referentienummer="R2", vorig_referentienummer="", toewijzingnummer="1001", bsn=BSN_A,
             gemeentecode="0505", agb_code="42420001", productcategorie="45", productcode="45A01",
             periode_begin="2024-02-01", periode_eind="2024-02-29", geleverd_volume="12", eenheid="04",
             tarief_cent="9490", bedrag_cent="113880", debet_credit="D", declaratiedatum="2024-03-12",
             status="toegekend"),
        # R2 credited and claimed again with 10 hours
        dict(referentienummer="R3", vorig_referentienummer="R2", toewijzingnummer="1001", bsn=BSN_A,
             gemeentecode="0505", agb_code="42420001", productcategorie="45", productcode="45A01",
             periode_begin="2024-02-01", periode_eind="2024-02-29", geleverd_volume="12", eenheid="04",
             tarief_cent="9490", bedrag_cent="113880", debet_credit="C", declaratiedatum="2024-04-02",
             status="toegekend"),
        dict(referentienummer="R4", vorig_referentienummer="", toewijzingnummer="1001", bsn=BSN_A,
             gemeentecode="0505", agb_code="42420001", productcategorie="45", productcode="45A01",
             periode_begin="2024-02-01", periode_eind="2024-02-29", geleverd_volume="10", eenheid="04",
             tarief_cent="9490", bedrag_cent="94900", debet_credit="D", declaratiedatum="2024-04-02",
             status="toegekend"),
        # a rejected line never counts
        dict(referentienummer="R5", vorig_referentienummer="", toewijzingnummer="1001", bsn=BSN_A,
             gemeentecode="0505", agb_code="42420001", productcategorie="45", productcode="45A01",
             periode_begin="2024-03-01", periode_eind="2024-03-31", geleverd_volume="14", eenheid="04",
             tarief_cent="9490", bedrag_cent="132860", debet_credit="D", declaratiedatum="2024-04-05",
             status="afgewezen"),
        # pleegzorg March 2024: 31 days, claimed in May
        dict(referentienummer="P1", vorig_referentienummer="", toewijzingnummer="1002", bsn=BSN_B,
             gemeentecode="1963", agb_code="42420002", productcategorie="44", productcode="44V01",
             periode_begin="2024-03-01", periode_eind="2024-03-31", geleverd_volume="31", eenheid="14",
             tarief_cent="5208", bedrag_cent="161448", debet_credit="D", declaratiedatum="2024-05-03",
             status="ingediend"),
    ],
}

# Expected 2024 figures (by hand): R1 + R2 - R3 (credit of R2) + R4 + P1; R5 is rejected.
KOSTEN_2024_CENT = 151840 + 113880 - 113880 + 94900 + 161448
KOSTEN_2024_DORDRECHT_CENT = 151840 + 94900


def schrijf(map_: Path, rijen: dict[str, list[dict[str, str]]] | None = None, delimiter: str = ",") -> Path:
    """Write the example (or a variation of it) as CSV files with the spec's column order."""
    map_.mkdir(parents=True, exist_ok=True)
    for soort, rows in (rijen or RIJEN).items():
        cols = [k.naam for k in SOORTEN[soort].kolommen]
        with (map_ / f"{soort}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, cols, delimiter=delimiter, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return map_


def variant(**wijzigingen: dict[int, dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """The example with some rows changed: variant(declaraties={0: {"bsn": "123"}})."""
    out = {soort: [dict(r) for r in rows] for soort, rows in RIJEN.items()}
    for soort, per_rij in wijzigingen.items():
        for i, velden in per_rij.items():
            out[soort][i].update(velden)
    return out
