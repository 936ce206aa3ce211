"""Columns all at once: tables held as equally long arrays, identifiers and empty values."""

from __future__ import annotations

from dataclasses import fields
from typing import Self

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class Kolommen:
    """A dataclass of equally long arrays, one per field: rows are taken and parts joined column by column."""

    def neem(self, idx: np.ndarray) -> Self:
        return type(self)(*(getattr(self, f.name)[idx] for f in fields(self)))

    @classmethod
    def samen(cls, delen: list[Self]) -> Self:
        return cls(*(np.concatenate([getattr(d, f.name) for d in delen]) for f in fields(cls)))


def volgnummers(voorvoegsel: str, nummers: np.ndarray, breedte: int) -> pa.Array:
    """'R0000000001'-style identifiers, all at once."""
    tekst = pc.utf8_lpad(pa.array(np.asarray(nummers, dtype=np.int64)).cast(pa.string()), breedte, "0")
    return pc.binary_join_element_wise(voorvoegsel, tekst, "")


def tekst_of_leeg(waarden: np.ndarray) -> pa.Array:
    """Strings with "" as null."""
    return pa.array(waarden, pa.string(), mask=(np.asarray(waarden) == ""))


def referentienummers(nummers: np.ndarray) -> pa.Array:
    """A claim line's referentienummer: R and ten digits, unique in the region."""
    return volgnummers("R", nummers, 10)
