"""The normenkader of a product in the region file: per year from which it holds (`vanaf`) a
maximum duration in months and a maximum intensity in the iJw terms of an allocation's omvang,
and whether going beyond it needs a verklarende analyse (docs/regio.md)."""

from __future__ import annotations

from pydantic import Field, field_validator

from stuurwiel.config.codelijsten import codelijst
from stuurwiel.config.model import Model

JEUGDWET = 2015  # the first year a norm can hold: the Jeugdwet took effect on 1 January 2015
EURO = "83"  # Eenheid: euro's, a budget without a volume
TOTAAL = "6"  # Frequentie: the total within the allocation


def ijw_eenheid(v: str) -> str:
    lijst = codelijst("Eenheid")
    if v not in lijst:
        raise ValueError(f"'{v}' is geen iJw-eenheid ({', '.join(lijst)})")
    return v


def _eenheid_tekst(code: str) -> str:
    return f"eenheid {code} ({codelijst('Eenheid')[code].lower()})"


class Intensiteit(Model):
    """At most `volume` units per `frequentie`, in the iJw codes of an allocation's omvang: eenheid
    (04 uur, 14 etmaal, …) and frequentie (1 per dag, 2 per week, 4 per maand, 6 totaal)."""
    volume: float = Field(gt=0)
    eenheid: str
    frequentie: str

    @field_validator("eenheid")
    @classmethod
    def _eenheid(cls, v: str) -> str:
        if v == EURO:
            raise ValueError("eenheid 83 (euro's) heeft geen volume: een budgetproduct heeft alleen een duurnorm")
        return ijw_eenheid(v)

    @field_validator("frequentie")
    @classmethod
    def _frequentie(cls, v: str) -> str:
        lijst = codelijst("Frequentie")
        if v not in lijst:
            codes = ", ".join(f"{c} {o.lower()}" for c, o in lijst.items())
            raise ValueError(f"'{v}' is geen iJw-frequentie ({codes})")
        return v


class Norm(Model):
    """The norm of a product from a year on, until a later norm of the same product."""
    vanaf: int = Field(default=JEUGDWET, ge=JEUGDWET, le=2100, description="het eerste jaar waarin de norm geldt")
    max_duur_maanden: int | None = Field(default=None, gt=0)
    max_intensiteit: Intensiteit | None = None
    verklarende_analyse: bool = Field(default=True, description="afwijken vraagt een verklarende analyse")


def enkele_norm(gegevens):
    """A product as earlier region files wrote it, with one `norm: {max_duur_maanden,
    max_volume_per_maand}`: one norm from the first year, its volume per month in the product's unit."""
    if not isinstance(gegevens, dict) or "norm" not in gegevens:
        return gegevens
    if "normen" in gegevens:
        raise ValueError("norm en normen sluiten elkaar uit: schrijf alle normen onder normen")
    gegevens = dict(gegevens)
    norm = gegevens.pop("norm")
    if isinstance(norm, dict) and "max_volume_per_maand" in norm:
        norm = dict(norm)
        norm["max_intensiteit"] = {"volume": norm.pop("max_volume_per_maand"), "eenheid": gegevens.get("eenheid"),
                                   "frequentie": "4"}
    return {**gegevens, "normen": [norm]}


def normproblemen(eenheid: str, normen: list[Norm]) -> list[str]:
    """What is wrong with a product's norms: two from the same year, an intensity in another unit."""
    problemen = []
    jaren = [n.vanaf for n in normen]
    dubbel = sorted({j for j in jaren if jaren.count(j) > 1})
    if dubbel:
        problemen.append(f"meer dan één norm vanaf {', '.join(map(str, dubbel))}: elk jaar heeft één norm")
    for n in normen:
        if n.max_intensiteit and n.max_intensiteit.eenheid != eenheid:
            problemen.append(f"de intensiteit van de norm vanaf {n.vanaf} is in "
                             f"{_eenheid_tekst(n.max_intensiteit.eenheid)}, het product in {_eenheid_tekst(eenheid)}")
    return problemen
