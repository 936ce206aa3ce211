"""The base of every section of the region file (and of the other YAML files a region keeps: its policy
cycle): unknown keys are refused, values never change; reading YAML and reporting what is wrong in Dutch,
with the place in the file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Lezer(yaml.SafeLoader):
    """Leaves dates as text, so an impossible date is reported by field, not as a YAML crash."""


_Lezer.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def ontleed(soort: type[M], tekst: str, naam: str, fout: type[Exception], verwacht: str,
            plaatsen: Callable[[list[str], dict], list[str]] | None = None) -> M:
    """A YAML text as a validated `soort`; raises `fout` with a Dutch message per problem and its place
    (`verwacht`: what the file holds, said when it is no YAML table; `plaatsen` may name places better)."""
    gegevens = yaml_gegevens(tekst, naam, fout)
    if not isinstance(gegevens, dict):
        raise fout(f"{naam}: verwacht een YAML-tabel met {verwacht}")
    try:
        return soort.model_validate(gegevens)
    except ValidationError as e:
        meldingen = nederlandse_fouten(e)
        meldingen = plaatsen(meldingen, gegevens) if plaatsen else meldingen
        raise fout(f"{naam} is ongeldig:\n" + "\n".join(f"  - {m}" for m in meldingen)) from None


def yaml_gegevens(tekst: str, naam: str, fout: type[Exception]) -> object:
    """The data of a YAML text; raises `fout` naming the file and line when it is no YAML."""
    try:
        return yaml.load(tekst, Loader=_Lezer)
    except yaml.YAMLError as e:
        markering = getattr(e, "problem_mark", None)
        plek = f"regel {markering.line + 1}" if markering else "onbekende plek"
        raise fout(f"{naam}: geen geldige YAML ({plek}): {getattr(e, 'problem', e)}") from None


_DUTCH = {
    "missing": "ontbreekt",
    "extra_forbidden": "onbekend veld",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "bool_parsing": "moet true of false zijn",
    "bool_type": "moet true of false zijn",
    "model_type": "moet een tabel (sleutel: waarde) zijn",
    "string_type": "moet tekst zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een tabel (sleutel: waarde) zijn",
    "date_from_datetime_parsing": "is geen geldige datum (JJJJ-MM-DD)",
    "date_parsing": "is geen geldige datum (JJJJ-MM-DD)",
    "date_type": "is geen geldige datum (JJJJ-MM-DD)",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "string_too_long": "is te lang",
    "string_too_short": "is te kort",
    "too_short": "mag niet leeg zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "literal_error": "moet {expected} zijn",
    "too_long": "mag hoogstens {max_length} elementen hebben",
}


def _pad(plek: tuple) -> str:
    uit = ""
    for deel in plek:
        if deel == "[key]":
            uit += " (sleutel)"
        elif isinstance(deel, int):
            uit += f"[{deel}]"
        elif deel in ("str", "list[SegmentPeriode]"):
            continue  # union branch names say nothing to a user
        else:
            uit += f".{deel}" if uit else str(deel)
    return uit or "(bestand)"


def nederlandse_fouten(exc: ValidationError) -> list[str]:
    regels = []
    for fout in exc.errors():
        if fout["type"] == "value_error":
            melding = str(fout["ctx"]["error"])
        else:
            ctx = {k: str(w).replace("' or '", "' of '") for k, w in fout.get("ctx", {}).items()}  # a Literal's choices
            melding = _DUTCH.get(fout["type"], fout["msg"]).format(**ctx)
        waarde = fout.get("input")
        getoond = f" (waarde: {waarde!r})" if isinstance(waarde, str | int | float) else ""
        regels.append(f"{_pad(fout['loc'])}: {melding}{getoond}")
    return sorted(set(regels), key=regels.index)
