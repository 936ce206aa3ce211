"""What a settlement reads from the store, through the metric catalogue: each municipality's own cost
(realised: the claimed cost by service month, for the settlement after year end; budgeted: its budget,
for the advance) per segment, its subregion, and the keys (population, past cost)."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from stuurwiel.analyses.verevening.rekenen import Verdeelfout
from stuurwiel.begrippen.periode import jaar as jaarperiode
from stuurwiel.config.verevening import Regel
from stuurwiel.maten.catalogus import meet_volledig
from stuurwiel.opslag.database import Opslag

GRONDSLAGEN = {
    "nacalculatie": "de gerealiseerde kosten (gedeclareerd, naar maand van levering) na afloop van het jaar",
    "voorschot": "de budgetten van het jaar: het voorschot",
}
ONBEKEND_SEGMENT = ""  # cost of a product whose segment is unknown forms a pool of its own


def gemeenten(opslag: Opslag) -> list[tuple[str, str, str | None]]:
    """(code, name, subregion) of every municipality of the region, by code."""
    return [tuple(r) for r in opslag.rijen("SELECT gemeentecode, naam, subregio FROM gemeente ORDER BY gemeentecode")]


def eigen_kosten(opslag: Opslag, jaar: int, grondslag: str) -> dict[tuple[str, str], int]:
    """Own cost per (municipality, segment) in a year: claimed (nacalculatie) or budgeted (voorschot)."""
    if grondslag not in GRONDSLAGEN:
        raise Verdeelfout(f"onbekende grondslag '{grondslag}' (kies uit {', '.join(GRONDSLAGEN)})")
    maat = "kosten" if grondslag == "nacalculatie" else "budget"
    df = meet_volledig(opslag, maat, [jaarperiode(jaar)], ["gemeente", "segment"])
    return _per_gemeente_segment(df)


def _per_gemeente_segment(df: pd.DataFrame) -> dict[tuple[str, str], int]:
    uit: dict[tuple[str, str], int] = {}
    for r in df.itertuples(index=False):
        if pd.isna(r.waarde) or pd.isna(r.gemeentecode):
            continue
        sleutel = (r.gemeentecode, ONBEKEND_SEGMENT if pd.isna(r.segmentcode) else r.segmentcode)
        uit[sleutel] = uit.get(sleutel, 0) + round(r.waarde)
    return {k: v for k, v in uit.items() if v}


def sleutels(opslag: Opslag, regel: Regel, jaar: int, segment: str) -> dict[str, Fraction]:
    """The key's value per municipality for a segment's pool in a year."""
    if regel.sleutel == "vast":
        return {g: Fraction(str(p)) for g, p in regel.vast.items()}
    if regel.sleutel in ("inwoners", "jeugdigen"):
        maat = "inwoners" if regel.sleutel == "inwoners" else "jeugdigen_0_17"
        df = meet_volledig(opslag, maat, [jaarperiode(jaar)], ["gemeente"])
        return {r.gemeentecode: Fraction(int(r.waarde)) for r in df.itertuples(index=False) if not pd.isna(r.waarde)}
    return _historisch(opslag, regel.historisch_jaren, jaar, segment)


def _historisch(opslag: Opslag, jaren: int, jaar: int, segment: str) -> dict[str, Fraction]:
    """Own claimed cost in the segment over the `jaren` years before `jaar` (a negative sum counts as none):
    the own share of the past. Every one of those years must have claims."""
    eerste = jaar - jaren
    df = meet_volledig(opslag, "kosten", [jaarperiode(j) for j in range(eerste, jaar)], ["gemeente", "segment"])
    zonder = sorted(set(range(eerste, jaar)) - {int(p[:4]) for p in df.loc[df.waarde != 0, "periode"]})
    if zonder:
        raise Verdeelfout(f"de sleutel historisch vraagt de kosten van {eerste} t/m {jaar - 1}, maar "
                          f"{', '.join(map(str, zonder))} heeft geen declaraties (kies minder jaren met "
                          "historisch_jaren, of een andere sleutel)")
    per = _per_gemeente_segment(df)
    uit = {g: Fraction(max(k, 0)) for (g, s), k in per.items() if s == segment}
    if not any(uit.values()):
        raise Verdeelfout(f"de sleutel historisch: segment {segment or 'onbekend'} had geen kosten in {eerste} t/m "
                          f"{jaar - 1}")
    return uit
