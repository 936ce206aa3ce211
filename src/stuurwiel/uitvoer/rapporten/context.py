"""What every block of a report or a dashboard page needs: the question (its period, its one
municipality, its selection and scope), the catalogue as that audience sees it, where the data
come from and the story behind the figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import (
    Periode,
    jaar_tot_en_met,
    maandeinde,
    maanden_van,
    maandnummer,
    ontleed_periode,
    vorig_jaar,
)
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.maten.catalogus import maat
from stuurwiel.maten.herkomst import Herkomst
from stuurwiel.toepassing.aanvulling import Verwachting
from stuurwiel.toepassing.meter import Meter, Rij
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.rapporten.model import Onderdeel, Toelichting

REGIO = "Regio"


@dataclass
class Context:
    vraag: Vraag
    meter: Meter
    herkomst: Herkomst
    toelichtingen: pd.DataFrame
    vergeleken: tuple[str, ...] = ()  # the municipalities a comparison shows side by side (empty: every one)

    def __post_init__(self) -> None:
        """A report or page about one municipality is its detail: only within the audience's scope."""
        self.vraag.bereik.beperk((), self.vraag.selectie)

    @property
    def periode(self) -> Periode:
        return self.vraag.periode

    @property
    def gemeente(self) -> str | None:
        return self.vraag.gemeente

    @property
    def sleutels(self) -> dict[str, str | None]:
        return {"gemeente": self.gemeente} if self.gemeente else {}

    @property
    def wie(self) -> str:
        return self.meter.naam("gemeente", self.gemeente) if self.gemeente else "de regio"

    @property
    def verborgen(self) -> str:
        return self.meter.verborgen

    @property
    def vj(self) -> Periode:
        return vorig_jaar(self.periode)

    @property
    def jaar_tot_nu(self) -> Periode:
        return jaar_tot_en_met(self.periode)

    @cached_property
    def late_declaraties(self) -> dict[str, dict[str, Cel]]:
        """Per month (its label) of the context's municipality and segments, or the region: claimed so
        far, expected, the share that is in and whether that makes it complete (toepassing.aanvulling)."""
        gemeenten = (self.gemeente,) if self.gemeente else ()
        selectie = Selectie(gemeenten=gemeenten, segmenten=self.vraag.selectie.segmenten)
        try:
            t = beantwoord(self.meter.opslag, self.vraag.met(onderwerp="aanvulling", perioden=(), selectie=selectie))
        except GeenAntwoord:
            return {}
        return {r[0].waarde: dict(zip((k.naam for k in t.kolommen), r, strict=True)) for r in t.rijen}

    def onvolledig(self, p: Periode) -> bool:
        """Whether claims for `p` are still to come: a month of it is not yet complete, or lies after the
        latest claim date."""
        stand = self.herkomst.stand
        if stand is None:
            return False
        if p.eind > maandeinde(maandnummer(stand)):
            return True
        return any(not rij["compleet"].waarde for m in maanden_van(p) if (rij := self.late_declaraties.get(m.label)))

    def onvolledige_maanden(self) -> list[dict[str, Cel]]:
        """The months that are not yet complete, oldest first."""
        return [rij for rij in self.late_declaraties.values() if not rij["compleet"].waarde]

    @cached_property
    def verwachting(self) -> Verwachting:
        """The figures of this audience and selection as they will be once every claim is in."""
        return Verwachting(self.meter.opslag, self.vraag.met(selectie=self.meter.selectie))

    def rijen_gemeenten(self) -> list[Rij]:
        """Every municipality of the region (or those compared), by name."""
        return sorted((Rij(n, {"gemeente": c}) for c, n in self.meter.namen("gemeente").items()
                       if not self.vergeleken or c in self.vergeleken), key=lambda r: r.label)

    def rijen(self, dimensie: str, naam_maat: str, perioden: list[Periode]) -> list[Rij]:
        codes = self.meter.codes(naam_maat, perioden, dimensie, self.sleutels)
        return [Rij(self.meter.naam(dimensie, c), {**self.sleutels, dimensie: c}) for c in codes]

    def totaal(self) -> list[Rij]:
        """The scope's own total, and the region's beside a municipality's."""
        return [Rij(self.wie, self.sleutels), Rij(REGIO, {})] if self.gemeente else [Rij(REGIO, {})]

    def toelichting(self, maten: set[str], gemeenten: set[str | None]) -> list[Toelichting]:
        """The annotations for the report's period on these measures and municipalities (in a
        municipality's report only its own and the region's)."""
        toegestaan = {self.gemeente, None} if self.gemeente else None
        uit = []
        for r in self.toelichtingen.itertuples(index=False):
            g = None if pd.isna(r.gemeentecode) else r.gemeentecode
            if r.maat in maten and g in gemeenten and (toegestaan is None or g in toegestaan):
                wie = self.meter.naam("gemeente", g) if g else "regio"
                uit.append(Toelichting(maat(r.maat).label, wie, r.tekst, None if pd.isna(r.auteur) else r.auteur))
        return uit

    def onderdeel(self, titel: str, uitleg: str, t: Tabel, grafiek=None) -> Onderdeel:
        gemeenten = {dict(c.sleutels).get("gemeente") for c in t.cellen}
        return Onderdeel(titel, uitleg + self._samengevoegd(t), t, grafiek,
                         self.toelichting({c.maat for c in t.cellen}, gemeenten))

    def _samengevoegd(self, t: Tabel) -> str:
        """Why a segment shows nothing in a period after it merged into another: said beside the table."""
        segmenten = {s.code: s for s in self.meter.opslag.regio().segmenten}
        laatste = max((ontleed_periode(c.periode).eind for c in t.cellen if c.periode), default=None)
        getoond = {dict(c.sleutels).get("segment") for c in t.cellen} - {None}
        zinnen = [f"{s.naam} is per {notatie.datum(s.tot + dt.timedelta(days=1))} opgegaan in "
                  f"{segmenten[s.opgegaan_in].naam}; vanaf dan staan de cijfers daar."
                  for code in sorted(getoond) if (s := segmenten.get(code)) and s.opgegaan_in
                  and laatste is not None and s.tot < laatste]
        return "".join(" " + z for z in zinnen)
