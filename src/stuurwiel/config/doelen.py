"""The goal register (`doelen.yaml`, docs/doelen.md): the region's SMART goals, each tied to a measure
of the catalogue, and the region's settings for them (`doelen:` in regio.yaml).

This module checks what a register says on its own: the fields of every goal, unique codes, at most
five priorities, one target. Whether its measure, municipality and segment exist and how many goals a
year may have depends on the catalogue and the region: toepassing/doelregister.py checks those.
"""

from __future__ import annotations

from typing import Literal

import yaml
from pydantic import Field, model_validator

from stuurwiel.config.model import Model, ontleed
from stuurwiel.config.regio import RegioFout

MAX_PRIORITEITEN = 5  # seed 002 §4.2, step 3: at most five priorities


class DoelFout(RegioFout):
    """A register that cannot be stored; the message names the place in the file."""


class Doel(Model):
    code: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", max_length=20)
    titel: str = Field(min_length=1, max_length=200)
    prioriteit: int | None = Field(default=None, ge=1, le=MAX_PRIORITEITEN)
    maat: str = Field(min_length=1)
    gemeente: str | None = None
    segment: str | None = None
    product: str | None = None
    aanbieder: str | None = None
    verwijzer: str | None = None
    jaar: int | None = Field(default=None, ge=2000, le=2100)
    periode: str | None = Field(default=None, description="in plaats van jaar: 2024-Q3, 2024-05, '2024-01 t/m 2024-06'")
    streefwaarde: float | None = None
    basisjaar: int | None = Field(default=None, ge=2000, le=2100)
    verandering_pct: float | None = None
    richting: Literal["omhoog", "omlaag"]
    eigenaar: str = Field(min_length=1, max_length=100)
    soort: Literal["prestatie", "preventie", "leren"]
    probleem: str = Field(min_length=1, max_length=500)
    interventie: str = Field(min_length=1, max_length=500)
    toelichting: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _een_periode_en_een_streef(self) -> Doel:
        if (self.jaar is None) == (self.periode is None):
            raise ValueError("geef jaar of periode (precies een van beide)")
        relatief = self.basisjaar is not None or self.verandering_pct is not None
        if relatief and (self.basisjaar is None or self.verandering_pct is None):
            raise ValueError("een relatieve streefwaarde vraagt basisjaar en verandering_pct samen")
        if relatief == (self.streefwaarde is not None):
            raise ValueError("geef streefwaarde, of basisjaar met verandering_pct (precies een van beide)")
        return self

    @property
    def selectie(self) -> dict[str, str | None]:
        """The catalogue filters of the goal, by dimension."""
        return {"gemeente": self.gemeente, "segment": self.segment, "product": self.product,
                "aanbieder": self.aanbieder, "verwijzer": self.verwijzer}


class Doelenregister(Model):
    doelen: list[Doel] = Field(min_length=1)

    @model_validator(mode="after")
    def _samenhang(self) -> Doelenregister:
        codes = [d.code for d in self.doelen]
        dubbel = sorted({c for c in codes if codes.count(c) > 1})
        if dubbel:
            raise ValueError(f"dubbele code(s): {', '.join(dubbel)}")
        met = [d.code for d in self.doelen if d.prioriteit is not None]
        if len(met) > MAX_PRIORITEITEN:
            raise ValueError(f"{len(met)} doelen hebben een prioriteit ({', '.join(met)}); hoogstens "
                             f"{MAX_PRIORITEITEN} doelen mogen er een dragen")
        return self

    def als_yaml(self) -> str:
        return yaml.safe_dump({"doelen": [d.model_dump(exclude_defaults=True) for d in self.doelen]},
                              allow_unicode=True, sort_keys=False)


def ontleed_doelen(tekst: str, naam: str = "doelen.yaml") -> Doelenregister:
    """A register from its YAML; raises DoelFout with a Dutch message per problem and its place."""
    return ontleed(Doelenregister, tekst, naam, DoelFout, "de sleutel doelen (een lijst van doelen)")
