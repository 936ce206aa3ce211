"""The region file's settings for control work: the audit samples' tolerances and risk assessment
(`steekproef:`, docs/steekproef.md) and the thresholds of the pattern signals (`signalen:`, docs/ijw.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from stuurwiel.config.codelijsten import codelijst
from stuurwiel.config.model import Model

Risiconiveau = Literal["laag", "midden", "hoog"]
NIVEAUS = ("laag", "midden", "hoog")
# inherent risk × control risk → the confidence a sample must give (percent): one common reading of
# the audit risk model (docs/steekproef.md); a region sets its own
BETROUWBAARHEID = {"hoog": {"hoog": 95.0, "midden": 90.0, "laag": 80.0},
                   "midden": {"hoog": 90.0, "midden": 80.0, "laag": 63.0},
                   "laag": {"hoog": 80.0, "midden": 63.0, "laag": 50.0}}


class Steekproefpopulatie(Model):
    methode: Literal["mus", "aselect"]
    inherent: Risiconiveau = "hoog"
    beheersing: Risiconiveau = "midden"  # control risk: the chance the region's own controls miss an error
    verwacht_pct: float = Field(default=0, ge=0, lt=100, description="verwachte fout (% van de populatie) "
                                "of verwacht afwijkingspercentage")
    tolerantie_pct: float | None = Field(default=None, gt=0, lt=100, description="aselect: toelaatbaar "
                                         "afwijkingspercentage (standaard de fouttolerantie)")
    uitvoerder: str = "controller van de regio"
    moment: str = "na afloop van het jaar"


class Steekproef(Model):
    """Tolerances and the control-audit plan's risk assessment (stuurwiel steekproef, auditplan)."""
    fouten_pct: float = Field(default=1.0, gt=0, lt=100, description="goedkeuringstolerantie fouten")
    onzekerheden_pct: float = Field(default=3.0, gt=0, lt=100, description="goedkeuringstolerantie onzekerheden")
    betrouwbaarheid: dict[Risiconiveau, dict[Risiconiveau, float]] = BETROUWBAARHEID
    populaties: dict[Literal["declaraties", "toewijzingen"], Steekproefpopulatie] = {
        "declaraties": Steekproefpopulatie(methode="mus", uitvoerder="externe accountant en controller",
                                           moment="januari–maart na het jaar"),
        "toewijzingen": Steekproefpopulatie(methode="aselect", inherent="midden", tolerantie_pct=5.0,
                                            uitvoerder="controller met de gemeenten", moment="per kwartaal"),
    }

    @model_validator(mode="after")
    def _volledig(self) -> Steekproef:
        for inherent in NIVEAUS:
            for beheersing in NIVEAUS:
                waarde = self.betrouwbaarheid.get(inherent, {}).get(beheersing)
                if waarde is None:
                    raise ValueError(f"betrouwbaarheid mist inherent {inherent}, beheersing {beheersing}")
                if not 50 <= waarde < 100:
                    raise ValueError(f"betrouwbaarheid {waarde} ligt niet tussen 50 en 100 %")
        return self

    def vereiste_betrouwbaarheid(self, populatie: Steekproefpopulatie) -> float:
        return self.betrouwbaarheid[populatie.inherent][populatie.beheersing]


class Patroondrempels(Model):
    """A provider's figure over the last `maanden` months against its own `historie` (the months
    before them) and against the other providers' in the same months: a signal when it rose by
    `stijging` more than theirs, that rise is `zekerheid` standard errors or more (the average rests
    on at least `min_clienten` young people on both sides), and it lies `boven_anderen` times the
    others' figure or higher (none: at any level)."""
    maanden: int = Field(default=12, ge=2, le=24)
    historie: int = Field(default=12, ge=2, le=36)
    min_clienten: int = Field(default=20, ge=2)
    zekerheid: float = Field(default=4.0, ge=0)
    stijging: float = Field(default=1.3, gt=1)
    boven_anderen: float | None = Field(default=1.1, gt=0)


class Stapeldrempels(Model):
    producten: int = Field(default=3, ge=2, description="producten tegelijk bij één aanbieder voor één jeugdige")
    niet_meetellen: list[str] = Field(default=["82"], description="eenheden die met andere zorg meekomen")

    @field_validator("niet_meetellen")
    @classmethod
    def _eenheden(cls, v: list[str]) -> list[str]:
        onbekend = [e for e in v if e not in codelijst("Eenheid")]
        if onbekend:
            raise ValueError(f"'{onbekend[0]}' is geen iJw-eenheid")
        return v


class Verzilverdrempels(Model):
    """An allocation without a claim for longer than `factor` × the `percentiel` of the days in which
    its product's allocations are first claimed, and that ran at least `min_dagen`."""
    percentiel: int = Field(default=90, ge=50, le=99)
    factor: float = Field(default=3.0, ge=1)
    min_dagen: int = Field(default=28, ge=0)


class Signaaldrempels(Model):
    """Thresholds of the pattern signals (analyses/signalen/patronen.py, docs/ijw.md)."""
    opdrijven: Patroondrempels = Patroondrempels()
    duurder_product: Patroondrempels = Patroondrempels(stijging=1.15, boven_anderen=None)
    stapelen: Stapeldrempels = Stapeldrempels()
    niet_verzilverd: Verzilverdrempels = Verzilverdrempels()
