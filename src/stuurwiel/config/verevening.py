"""The settlement rules of the region file (`verevening:`): who pays what of each segment's cost.

A rule (`Regel`) names the variant — `eigen` (each pays its own cost), `regio` (one pool split by a
key), `subregio` (a pool per subregion, split by the key within it), `verzekering` (a share
`aandeel_eigen` of own cost, the rest of the pool split by the key) — the key (`inwoners`,
`jeugdigen` 0-17, `historisch`: the own share of cost over the previous `historisch_jaren` years,
`vast`: agreed percentages), and the *cumulatieregeling*: the most solidarity may add to or take
from one municipality, in percent of its own cost. `standaard` holds for every segment without a
rule of its own under `segmenten`. docs/regio.md describes it; analyses/verevening/ computes it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from stuurwiel.config.model import Model

VARIANTEN = {
    "eigen": "elke gemeente betaalt haar eigen kosten",
    "regio": "één regionale pot, verdeeld naar de sleutel",
    "subregio": "een pot per subregio, verdeeld naar de sleutel binnen de subregio",
    "verzekering": "een deel eigen kosten, de rest van de pot naar de sleutel",
}
SLEUTELS = {
    "inwoners": "inwoners (alle leeftijden)",
    "jeugdigen": "jeugdigen van 0-17 jaar",
    "historisch": "eigen aandeel in de kosten van de vorige jaren",
    "vast": "afgesproken percentages",
}
Variant = Literal["eigen", "regio", "subregio", "verzekering"]
Sleutel = Literal["inwoners", "jeugdigen", "historisch", "vast"]
Pot = Literal["regio", "subregio"]


class Regel(Model):
    variant: Variant = "regio"
    sleutel: Sleutel = "jeugdigen"
    aandeel_eigen: float = Field(default=0.5, ge=0, le=1, description="verzekering: het deel eigen kosten (α)")
    pot: Pot = Field(default="regio", description="verzekering: de pot waaruit de rest verdeeld wordt")
    historisch_jaren: int = Field(default=3, ge=1, le=10)
    vast: dict[str, float] = Field(default={}, description="sleutel vast: percentage per gemeentecode")
    cumulatie_procent: float | None = Field(default=None, gt=0,
                                            description="het meeste dat solidariteit per gemeente verschuift, in "
                                                        "procenten van haar eigen kosten; leeg: geen grens")

    @model_validator(mode="after")
    def _vast_compleet(self) -> Regel:
        if self.sleutel == "vast" and not self.vast:
            raise ValueError("sleutel vast vraagt de afgesproken percentages onder vast: {gemeentecode: procent}")
        if any(p < 0 for p in self.vast.values()):
            raise ValueError("vast: een percentage mag niet negatief zijn")
        if self.vast and abs(sum(self.vast.values()) - 100) > 1e-6:
            raise ValueError(f"vast: de percentages tellen op tot {sum(self.vast.values()):g}, niet tot 100")
        return self

    def met(self, **anders) -> Regel:
        """This rule with some settings replaced (the command line's what-if), validated again."""
        gezet = {k: v for k, v in anders.items() if v is not None}
        return Regel.model_validate({**self.model_dump(), **gezet}) if gezet else self

    @property
    def omschrijving(self) -> str:
        if self.variant == "eigen":
            return VARIANTEN["eigen"]
        wat = {"regio": "regionale pot", "subregio": "pot per subregio"}
        pot = wat["subregio" if self.variant == "subregio" else self.pot if self.variant == "verzekering" else "regio"]
        tekst = f"{pot} naar {SLEUTELS[self.sleutel]}"
        if self.sleutel == "historisch":
            tekst += f" ({self.historisch_jaren} jaar)"
        if self.variant == "verzekering":
            tekst = f"{_procent(self.aandeel_eigen * 100)} % eigen kosten, de rest uit de {tekst}"
        if self.cumulatie_procent is not None:
            tekst += f"; cumulatieregeling {_procent(self.cumulatie_procent)} %"
        return tekst


def _procent(x: float) -> str:
    return f"{x:g}".replace(".", ",")


class Verevening(Model):
    standaard: Regel = Regel()
    segmenten: dict[str, Regel] = {}

    def regel(self, segmentcode: str | None) -> Regel:
        """The rule of a segment: its own, or the standard one."""
        return self.segmenten.get(segmentcode or "", self.standaard)

    def problemen(self, gemeenten: list[str], segmenten: list[str]) -> list[str]:
        """What the rules name that the region does not have (checked by the region file)."""
        uit = [f"verevening.segmenten: '{s}' is geen segment" for s in self.segmenten if s not in segmenten]
        regels = [("verevening.standaard", self.standaard)]
        regels += [(f"verevening.segmenten.{s}", r) for s, r in self.segmenten.items()]
        for plek, r in regels:
            vreemd = sorted(set(r.vast) - set(gemeenten))
            if vreemd:
                uit.append(f"{plek}.vast: {', '.join(vreemd)} hoort niet bij de gemeenten van de regio")
            ontbreekt = sorted(set(gemeenten) - set(r.vast)) if r.vast else []
            if ontbreekt:
                uit.append(f"{plek}.vast: geen percentage voor gemeente {', '.join(ontbreekt)}")
        return uit
