"""The BSN guard: a BSN belongs in a `bsn` column, which is pseudonymised, and nowhere else.

A valid BSN (11-proef) in any text or identifier column — a provider's name, an allocation or
claim number, a referrer, `referentie_aanbieder`, a toelichting — or in a file's name refuses
the batch (the column check of the kinds `tekst` and `vrijetekst`, invoer/kolomsoorten.py, in
DuckDB SQL over the whole staged table). A region that prefers to load such a batch sets
`privacy.bsn_elders: pseudonimiseren`: every such BSN is then replaced, here, by a stand-in made
from its keyed pseudonym (`Sleutel.vervanging`), so the same BSN reads the same everywhere and a
number that served as a key still joins.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pyarrow as pa

from stuurwiel.invoer.kolomsoorten import kolomsoort
from stuurwiel.invoer.uitwisseling import Soort
from stuurwiel.privacy.bsn import bevat_bsn_sql, zonder_bsn

TEKSTSOORTEN = ("tekst", "vrijetekst")  # the kinds of column a BSN must not be in

Vervanging = Callable[[str], str]


def tekstkolommen(soort: Soort) -> list[str]:
    return [k.naam for k in soort.kolommen if kolomsoort(k.soort).naam in TEKSTSOORTEN]


def vervang(db: duckdb.DuckDBPyConnection, tabel: str, kolommen: list[str], vervanging: Vervanging) -> None:
    """Replace every BSN in these columns of the staged table by its stand-in. The engine finds the
    (few) distinct values holding one; only those are rewritten in Python, then joined back."""
    for kolom in kolommen:
        c = f'"{kolom}"'
        oud = [w for (w,) in db.execute(f"SELECT DISTINCT {c} FROM {tabel} WHERE {bevat_bsn_sql(c)}").fetchall()]
        if not oud:
            continue
        paren = pa.table({"oud": pa.array(oud, pa.string()),
                          "nieuw": pa.array([zonder_bsn(w, vervanging) for w in oud], pa.string())})
        db.register("_bsn_paren", paren)
        try:
            db.execute(f"UPDATE {tabel} SET {c} = p.nieuw FROM _bsn_paren p WHERE {tabel}.{c} = p.oud")
        finally:
            db.unregister("_bsn_paren")
