"""The definitions list (`begrippen.yaml`): per term its definition, source, the synonyms to avoid,
its abbreviations, owner and the date it was last reviewed (step 1 of the policy cycle, seed 002
§4.2.2). Validated whole; errors in Dutch with the place in the file.

Not to be confused with the package `stuurwiel.begrippen`, the project's own vocabulary (periods,
selections, tables): this module is the region's list of defined terms, as data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, ValidationError, model_validator

from stuurwiel.config.model import Model, nederlandse_fouten, yaml_gegevens

MAX_BESTAND = 5_000_000  # bytes of a definitions list

Tekst = Annotated[str, Field(min_length=1, max_length=4000)]
Woord = Annotated[str, Field(min_length=2, max_length=100)]


class Lijstfout(ValueError):
    """A definitions list that cannot be read or is invalid; the message is for the user."""


class Begrip(Model):
    term: Woord
    definitie: Tekst
    bron: Tekst
    vermijden: list[Woord] = []  # synonyms that should not be used instead of the term
    afkortingen: list[Woord] = []  # abbreviations that stand for the term (they count as defined)
    eigenaar: Tekst
    laatst_beoordeeld: dt.date


class Begrippenlijst(Model):
    begrippen: list[Begrip] = Field(min_length=1)

    @model_validator(mode="after")
    def _eenduidig(self):
        termen = [b.term.lower() for b in self.begrippen]
        fouten = [f"begrip '{t}' staat meer dan eens in de lijst" for t in sorted({t for t in termen
                                                                                  if termen.count(t) > 1})]
        fouten += [f"'{s}' staat bij '{b.term}' als te vermijden, maar is zelf een begrip van de lijst"
                   for b in self.begrippen for s in b.vermijden if s.lower() in termen]
        if fouten:
            raise ValueError("; ".join(fouten))
        return self


def lees_lijst(pad: Path) -> Begrippenlijst:
    """Read a begrippen.yaml; raises Lijstfout naming the file and the place in it."""
    try:
        if pad.stat().st_size > MAX_BESTAND:
            raise Lijstfout(f"{pad}: groter dan {MAX_BESTAND // 1_000_000} MB; is dit een begrippenlijst?")
        tekst = pad.read_text(encoding="utf-8")
    except OSError as e:
        raise Lijstfout(f"{pad}: kan de begrippenlijst niet lezen ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise Lijstfout(f"{pad.name}: geen UTF-8-tekst (byte {e.start})") from None
    gegevens = yaml_gegevens(tekst, pad.name, Lijstfout)
    if not isinstance(gegevens, dict):
        raise Lijstfout(f"{pad.name}: verwacht een YAML-tabel met begrippen: een lijst van term, definitie, bron, "
                        "vermijden, eigenaar, laatst_beoordeeld")
    try:
        return Begrippenlijst.model_validate(gegevens)
    except ValidationError as e:
        raise Lijstfout(f"{pad.name} is ongeldig:\n" + "\n".join(f"  - {m}" for m in nederlandse_fouten(e))) from None


def als_yaml(lijst: Begrippenlijst, kop: str) -> str:
    """The list as a begrippen.yaml, with `kop` as a comment above it."""
    gegevens = lijst.model_dump(mode="json")
    commentaar = "".join(f"# {regel}\n" for regel in kop.splitlines())
    return commentaar + yaml.safe_dump(gegevens, allow_unicode=True, sort_keys=False, width=100)
