"""What a question restricts the facts to, and the dimensions a figure can be split by.

A `Selectie` names municipalities, subregions, segments, providers, products and referrers; empty
means all. It is the one shape in which a municipality (or a provider, …) travels from a command, a
page or an API call down to the catalogue, and the scope (`privacy/bereik.py`) narrows it. A
subregion (`subregio`) is a group of municipalities from the region file: a dimension wherever the
municipality is one (the measures join its column to the facts, `maten.basis.selecteer`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

# --per word -> the column that holds it
DIMENSIES = {
    "gemeente": "gemeentecode",
    "subregio": "subregio",
    "segment": "segmentcode",
    "aanbieder": "agb_code",
    "verwijzer": "verwijzer_type",
    "product": "productcode",
}
# dimension -> the field of a Selectie that restricts it
VELDEN = {"gemeente": "gemeenten", "subregio": "subregios", "segment": "segmenten", "aanbieder": "aanbieders",
          "verwijzer": "verwijzers", "product": "producten"}
GEBIEDEN = ("gemeente", "subregio")  # the dimensions that group municipalities, not refine them


@dataclass(frozen=True)
class Selectie:
    """Restricts the facts a question sees; empty means everything."""
    gemeenten: tuple[str, ...] = ()
    subregios: tuple[str, ...] = ()
    segmenten: tuple[str, ...] = ()
    aanbieders: tuple[str, ...] = ()
    producten: tuple[str, ...] = ()
    verwijzers: tuple[str, ...] = ()

    @classmethod
    def van(cls, **waarden: str | list[str] | tuple[str, ...] | None) -> Selectie:
        """From dimension words: Selectie.van(gemeente="0505", segment=None)."""
        def codes(w) -> tuple[str, ...]:
            return () if not w else (w,) if isinstance(w, str) else tuple(w)
        return cls(**{VELDEN[d]: codes(w) for d, w in waarden.items()})

    def codes(self, dimensie: str) -> tuple[str, ...]:
        return getattr(self, VELDEN[dimensie])

    def met(self, **waarden: str | tuple[str, ...] | None) -> Selectie:
        """This selection with some dimensions replaced (None or empty: all)."""
        nieuw = Selectie.van(**waarden)
        return Selectie(**{v: getattr(nieuw if d in waarden else self, v) for d, v in VELDEN.items()})

    @property
    def verfijnd(self) -> bool:
        """Restricted by anything other than municipalities and their subregions."""
        return any(getattr(self, v) for d, v in VELDEN.items() if d not in GEBIEDEN)

    def pas_toe(self, t: Any) -> Any:
        """The rows of an Ibis table within this selection (columns it lacks are not restricted)."""
        for dimensie in VELDEN:
            kolom, codes = DIMENSIES[dimensie], self.codes(dimensie)
            if codes and kolom in t.columns:
                t = t.filter(t[kolom].isin(list(codes)))
        return t

    def omvat(self, sleutels: Mapping[str, str | None]) -> bool:
        """Whether a row with these dimension values (e.g. {"gemeente": "0505"}) lies within it."""
        return all(not self.codes(d) or c in self.codes(d) for d, c in sleutels.items() if d in VELDEN)

    @property
    def leeg(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def dimensiekolommen(per: list[str] | tuple[str, ...]) -> list[str]:
    """The columns that hold the dimensions of `per`; raises ValueError for an unknown word."""
    onbekend = [p for p in per if p not in DIMENSIES]
    if onbekend:
        raise ValueError(f"onbekende indeling {', '.join(onbekend)} (kies uit {', '.join(DIMENSIES)})")
    return [DIMENSIES[p] for p in per]
