"""The simulated world that every output file is a view of."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from stuurwiel.config.regio import Regio
from stuurwiel.synth import kalender as kal
from stuurwiel.synth.aanbieders import Aanbieders
from stuurwiel.synth.populatie import Episodes
from stuurwiel.synth.toewijzingen import Toewijzingen
from stuurwiel.synth.zorg import Productaanbod, Trajecten


@dataclass
class Wereld(kal.Jaarvenster):
    regio: Regio
    aanbod: Productaanbod
    jaren: range  # the requested years
    peildatum: int  # day number
    seed: int
    episodes: Episodes
    traject: Trajecten
    toewijzing: Toewijzingen
    aanbieders: Aanbieders
    persoon: np.ndarray  # episode -> index into bsn (-1 when the episode never shows)
    bsn: pa.Array
    verwijzer: np.ndarray  # per episode: TypeVerwijzer code ("" unknown)
    verwijzer_naam: np.ndarray  # per episode: index into verwijzer_namen
    verwijzer_namen: pa.Array

    @property
    def eerste_maand(self) -> int:
        return kal.maand_van_jaar(self.jaren.start)

    @property
    def maanden(self) -> int:
        return 12 * len(self.jaren)

    @property
    def gemeentecodes(self) -> pa.Array:
        return pa.array(self.regio.gemeente_codes)

    @property
    def agb(self) -> pa.Array:
        return pa.array(self.aanbieders.agb)

    # per allocation
    def tw_product(self, i: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.traject.product[self.toewijzing.traject[i]]

    def tw_aanbieder(self, i: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.traject.aanbieder[self.toewijzing.traject[i]]

    def tw_episode(self, i: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.traject.episode[self.toewijzing.traject[i]]

    def tw_gemeente(self, i: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.episodes.gemeente[self.tw_episode(i)]

    def bsn_van_episode(self, episode: np.ndarray) -> pa.Array:
        return self.bsn.take(pa.array(self.persoon[episode]))

