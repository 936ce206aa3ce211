"""Clients: how many young people are in care per municipality and year, their care episodes,
birth dates, sex and BSN.

Each year the number of young people in care is fixed in advance (CBS share x youth population);
those still in care from earlier years are counted first and the rest start that year, so the
count of unique clients per municipality-year is exactly the target.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from stuurwiel.config.referentie import gemeenten as alle_gemeenten
from stuurwiel.config.regio import Regio
from stuurwiel.synth import kalender as kal
from stuurwiel.synth.kalibratie import (
    AANDEEL_IN_ZORG_JAAR,
    AANDEEL_IN_ZORG_MAX,
    AANDEEL_IN_ZORG_MIN,
    GESLACHT_KANSEN,
    GROEI_AANDEEL_PER_JAAR,
    LEEFTIJD_GEWICHTEN,
    STARTS_PER_MAAND,
)
from stuurwiel.synth.kolommen import Kolommen
from stuurwiel.synth.toeval import kies, kies_gestratificeerd, kies_per_groep
from stuurwiel.synth.zorg import Productaanbod, duur_dagen, einde

JAAR_DAGEN = 365.25


@dataclass
class Doelen:
    gemeenten: list[str]
    jaren: range  # simulated years, the run-in years included
    jeugdigen: np.ndarray  # [gemeente, jaar] young people 0-17
    inwoners: np.ndarray
    aandeel: np.ndarray  # % of young people in care
    clienten: np.ndarray  # unique clients in care, at schaal


def doelen(regio: Regio, jaren: range, schaal: float) -> Doelen:
    codes = regio.gemeente_codes
    rijen = regio.jeugdbevolking(jaren)
    jeugd = np.zeros((len(codes), len(jaren)), dtype=np.int64)
    inwoners = np.zeros_like(jeugd)
    for r in rijen:
        g, j = codes.index(r["gemeentecode"]), r["jaar"] - jaren.start
        jeugd[g, j], inwoners[g, j] = r["jeugdigen_0_17"], r["inwoners"]
    basis = np.array([alle_gemeenten()[c].pct_jeugd_met_jeugdzorg for c in codes])
    groei = (1 + GROEI_AANDEEL_PER_JAAR) ** (np.array(jaren) - AANDEEL_IN_ZORG_JAAR)
    aandeel = np.clip(basis[:, None] * groei[None, :], AANDEEL_IN_ZORG_MIN, AANDEEL_IN_ZORG_MAX)
    clienten = np.round(aandeel / 100 * jeugd * schaal).astype(np.int64)
    return Doelen(codes, jaren, jeugd, inwoners, aandeel, clienten)


@dataclass
class Episodes(Kolommen):
    """One young person's care, from the first to the last day; the main product decides its length."""
    gemeente: np.ndarray
    product: np.ndarray
    start: np.ndarray
    eind: np.ndarray
    gepland_eind: np.ndarray
    reden: np.ndarray
    geboortedatum: np.ndarray
    geslacht: np.ndarray

    def __len__(self) -> int:
        return len(self.gemeente)

    @property
    def achttien(self) -> np.ndarray:
        return kal.plus_jaren(self.geboortedatum, 18)


def episodes(rng: np.random.Generator, d: Doelen, mix: np.ndarray, aanbod: Productaanbod) -> Episodes:
    """Care episodes over all simulated years; mix[gemeente, product] is the main-product mix."""
    delen: list[Episodes] = []
    n_g = len(d.gemeenten)
    for ji, jaar in enumerate(d.jaren):
        if delen:
            alle = Episodes.samen(delen)
            lopend = np.bincount(alle.gemeente[alle.eind >= kal.jaarbegin(jaar)], minlength=n_g)
        else:
            lopend = np.zeros(n_g, dtype=np.int64)
        nieuw = np.maximum(d.clienten[:, ji] - lopend, 0)
        gemeente = np.repeat(np.arange(n_g), nieuw)
        product = kies_gestratificeerd(rng, mix, gemeente)
        delen = [Episodes.samen(delen)] if delen else []
        delen.append(nieuwe_episodes(rng, aanbod, gemeente, product, jaar))
    return Episodes.samen(delen)


def nieuwe_episodes(rng: np.random.Generator, aanbod: Productaanbod, gemeente: np.ndarray, product: np.ndarray,
                    jaar: int) -> Episodes:
    n = len(gemeente)
    maand = kies(rng, STARTS_PER_MAAND, n)
    begin = kal.maandbegin(kal.maand_van_jaar(jaar) + maand)
    start = begin + np.floor(rng.random(n) * kal.dagen_in_maand(kal.maand_van_jaar(jaar) + maand)).astype(np.int64)
    geboren = _geboortedatum(rng, aanbod, product, start)
    achttien = kal.plus_jaren(geboren, 18)
    reden, eind, gepland = einde(rng, aanbod, product, start, start + duur_dagen(rng, aanbod, product) - 1)
    # Youth care ends the day before the 18th birthday (Wmo, Wlz or adult care take over).
    volwassen = eind >= achttien
    eind = np.minimum(eind, achttien - 1)
    gepland = np.minimum(gepland, achttien - 1)
    reden[volwassen] = np.where(rng.random(volwassen.sum()) < 0.4, "39", "31")
    gepland[volwassen] = eind[volwassen]
    codes = np.array(list(GESLACHT_KANSEN))
    geslacht = codes[kies(rng, list(GESLACHT_KANSEN.values()), n)]
    return Episodes(gemeente, product, start, eind, gepland, reden, geboren, geslacht)


# A child is born before anything about it is sent: its registration comes at most 70 days before
# its allocation, which comes at most 35 days before care starts (toegang.py, toewijzingen.py).
OUD_GENOEG_DAGEN = 106


def _geboortedatum(rng: np.random.Generator, aanbod: Productaanbod, product: np.ndarray, start: np.ndarray
                   ) -> np.ndarray:
    gewichten = np.array(LEEFTIJD_GEWICHTEN)
    minimum = aanbod.kenmerk("min_leeftijd")[product]
    grenzen = np.unique(minimum)
    rij = np.searchsorted(grenzen, minimum)
    kansen = np.array([np.where(np.arange(18) >= m, gewichten, 0.0) for m in grenzen])
    leeftijd = kies_per_groep(rng, kansen, rij)
    dagen_oud = np.floor((leeftijd + rng.random(len(start))) * JAAR_DAGEN).astype(np.int64)
    geboren = start - np.maximum(dagen_oud, OUD_GENOEG_DAGEN)
    # Rounding may put the 18th birthday on the start day; such a child is one day younger.
    te_oud = kal.plus_jaren(geboren, 18) <= start
    geboren[te_oud] += 2
    return geboren


# --- BSN -----------------------------------------------------------------------------------

BSN_GEWICHTEN = np.array([9, 8, 7, 6, 5, 4, 3, 2])


def bsns(rng: np.random.Generator, n: int) -> pa.Array:
    """n unique BSNs passing the 11-proef, from stems 9xxxxxxx (the same rule as privacy.bsn.maak_bsn)."""
    ruimte = 10_000_000
    m = int(n * 1.12) + 64
    if m > ruimte:
        raise ValueError(f"te veel BSN's gevraagd ({n}); verlaag de schaal")
    stam = 90_000_000 + rng.choice(ruimte, size=m, replace=False).astype(np.int64)
    cijfers = (stam[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    rest = (cijfers * BSN_GEWICHTEN).sum(axis=1) % 11
    geldig = np.flatnonzero(rest < 10)[:n]
    if len(geldig) < n:
        raise ValueError("te weinig geldige BSN's getrokken")
    return pa.array(stam[geldig] * 10 + rest[geldig]).cast(pa.string())
