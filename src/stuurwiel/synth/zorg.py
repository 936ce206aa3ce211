"""Care: profiles per iJw product category and unit, the region's products as arrays, and the
trajectories that make up a client's care episode.

Profiles are keyed by (productcategorie, eenheid), never by a region's product code, so every
region's products (zhz, groningen, nederland, or a user's own) get realistic care.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from stuurwiel.config.normen import JEUGDWET, Norm
from stuurwiel.config.regio import Regio
from stuurwiel.synth import kalender as kal
from stuurwiel.synth.kalibratie import (
    KANS_OVERSTAP,
    KANS_TWEEDE_PRODUCT,
    REDEN_EINDE,
    SEIZOEN,
)
from stuurwiel.synth.toeval import kies, lognormaal

MAAND_DAGEN = 30.44
_ETMAAL = (("2", 7, 7, 1.0),)  # seven etmalen a week: iJw has no etmaal per day after 2020 (CS338)
_PER_MAAND_EEN = (("4", 1, 1, 1.0),)  # one per month


@dataclass(frozen=True)
class Profiel:
    naam: str
    gewicht: float  # share of new care episodes that start with this kind of care (before tilting)
    duur_mediaan: float  # months (lognormal)
    duur_sigma: float
    duur_max: float | None  # months
    omvang: tuple[tuple[str, int, int, float], ...]  # (frequentie, volume from, to, probability)
    verzilvering: float  # delivered / allocated
    seizoen: bool = True  # dips in the summer holidays
    uitvoer: bool = False  # one output at the end (diagnostiek)
    min_leeftijd: int = 0
    budget_euro: tuple[int, int] | None = None  # euro products (eenheid 83): per month

    @property
    def residentieel(self) -> bool:
        return self.omvang == _ETMAAL


PROFIELEN: dict[tuple[str, str], Profiel] = {
    ("45", "04"): Profiel("ambulant", 0.30, 10.0, 0.75, 36, (("2", 2, 5, 0.6), ("4", 6, 14, 0.4)), 0.9),
    ("54", "01"): Profiel("ggz", 0.17, 8.0, 0.7, 30, (("2", 90, 240, 0.5), ("4", 360, 900, 0.5)), 0.9),
    ("54", "04"): Profiel("ggz_uren", 0.04, 10.0, 0.7, 36, (("2", 2, 4, 0.7), ("4", 6, 14, 0.3)), 0.9),
    ("54", "82"): Profiel("diagnostiek", 0.05, 1.3, 0.35, 3.0, (("6", 1, 1, 1.0),), 1.0, seizoen=False, uitvoer=True),
    ("40", "04"): Profiel("verzorging", 0.03, 14.0, 0.8, 48, (("2", 3, 6, 0.7), ("4", 10, 20, 0.3)), 0.9),
    ("41", "16"): Profiel("dagbehandeling", 0.06, 12.0, 0.6, 36, (("2", 3, 6, 1.0),), 0.9),
    ("42", "82"): Profiel("vervoer", 0.0, 12.0, 0.6, 36, (("2", 6, 10, 1.0),), 0.9),
    ("43", "14"): Profiel("verblijf_behandeling", 0.013, 7.0, 0.55, 24, _ETMAAL, 0.98, seizoen=False),
    ("44", "14"): Profiel("verblijf", 0.032, 18.0, 0.8, 120, _ETMAAL, 0.98, seizoen=False),
    ("46", "14"): Profiel("crisisopvang", 0.012, 0.9, 0.45, 2.0, _ETMAAL, 0.98, seizoen=False),
    ("46", "04"): Profiel("spoedhulp", 0.015, 1.0, 0.45, 2.0, (("2", 4, 8, 1.0),), 0.9, seizoen=False),
    ("48", "84"): Profiel("jeugdbescherming", 0.045, 14.0, 0.6, 72, _PER_MAAND_EEN, 1.0, seizoen=False),
    ("47", "84"): Profiel("jeugdreclassering", 0.013, 9.0, 0.5, 36, _PER_MAAND_EEN, 1.0, seizoen=False,
                          min_leeftijd=12),
    ("50", "83"): Profiel("maatwerk", 0.03, 10.0, 0.7, 36, (), 0.9, budget_euro=(300, 1800)),
}
# Categories a region's products may use that have no profile of their own: the unit decides.
PROFIEL_PER_EENHEID: dict[str, Profiel] = {
    "01": Profiel("minuten", 0.02, 8.0, 0.7, 30, (("2", 90, 240, 0.5), ("4", 360, 900, 0.5)), 0.9),
    "04": Profiel("uren", 0.02, 10.0, 0.75, 36, (("2", 2, 5, 0.6), ("4", 6, 14, 0.4)), 0.9),
    "14": Profiel("etmalen", 0.005, 10.0, 0.8, 60, _ETMAAL, 0.98, seizoen=False),
    "16": Profiel("dagdelen", 0.01, 12.0, 0.6, 36, (("2", 3, 6, 1.0),), 0.9),
    "82": Profiel("stuks", 0.005, 1.3, 0.35, 3.0, (("6", 1, 1, 1.0),), 1.0, seizoen=False, uitvoer=True),
    "83": Profiel("euro", 0.01, 10.0, 0.7, 36, (), 0.9, budget_euro=(300, 1800)),
    "84": Profiel("per_maand", 0.01, 12.0, 0.6, 48, _PER_MAAND_EEN, 1.0, seizoen=False),
}
# Care that comes with other care, at the same provider where it offers it:
# (with profile, comes profile, probability, only at the start).
KOPPELINGEN = (
    ("dagbehandeling", "vervoer", 0.45, False),
    ("ggz", "diagnostiek", 0.35, True),
    ("ggz_uren", "diagnostiek", 0.35, True),
)
# Within a profile, cheaper products are more common: foster care is about half of residential
# youth care (CBS: ~22k of 41k young people with stay), family homes and clinics far less.
TARIEF_ELASTICITEIT = -1.5


def profiel_van(categorie: str, eenheid: str) -> Profiel:
    return PROFIELEN.get((categorie, eenheid)) or PROFIEL_PER_EENHEID[eenheid]


@dataclass
class Productaanbod:
    """The region's products as arrays, over the simulated years and months."""
    codes: np.ndarray
    categorie: np.ndarray
    eenheid: np.ndarray
    profielen: list[Profiel]
    gewicht: np.ndarray  # base share of new episodes that start with this product
    groep: np.ndarray  # index into groepen: segment at the start of the requested years
    groepen: list[str]
    eerste_jaar: int
    tarief: np.ndarray  # [product, year] eurocent per unit; 100 for euro products
    norm_volume: np.ndarray  # max volume per month by the norm of the first simulated year, nan when none
    segmenten: list[str]
    eerste_maand: int
    segment: np.ndarray  # [product, month] index into segmenten, -1 when none

    def __len__(self) -> int:
        return len(self.codes)

    def tarief_op(self, product: np.ndarray, jaar: np.ndarray) -> np.ndarray:
        j = np.clip(np.asarray(jaar) - self.eerste_jaar, 0, self.tarief.shape[1] - 1)
        return self.tarief[product, j]

    def segment_op(self, product: np.ndarray, maand: np.ndarray) -> np.ndarray:
        m = np.clip(np.asarray(maand) - self.eerste_maand, 0, self.segment.shape[1] - 1)
        return self.segment[product, m]

    def kenmerk(self, naam: str) -> np.ndarray:
        """A profile attribute per product."""
        return np.array([getattr(p, naam) for p in self.profielen])

    def met_profiel(self, naam: str) -> np.ndarray:
        return np.array([p.naam == naam for p in self.profielen])


def productaanbod(regio: Regio, gesimuleerde_jaren: range, eerste_maand: int, laatste_maand: int) -> Productaanbod:
    """`eerste_maand`..`laatste_maand`: the requested months (segments are looked up per month)."""
    producten = regio.producten
    profielen = [profiel_van(p.categorie, p.eenheid) for p in producten]
    tarief = np.array([[100 if p.eenheid == "83" else regio.tarief_cent(p, j) for j in gesimuleerde_jaren]
                       for p in producten], dtype=np.int64)
    segmenten = [s.code for s in regio.segmenten]
    begin = [kal.datum(d) for d in kal.maandbegin(np.arange(eerste_maand, laatste_maand + 1))]
    segment = np.array([[_index(segmenten, regio.segment_op(p, d)) for d in begin] for p in producten])
    start = begin[0]
    groep_codes = [regio.segment_op(p, start) or regio.segmentperioden(p)[0].segment for p in producten]
    groepen = sorted(set(groep_codes), key=segmenten.index)
    gewicht = np.array([pr.gewicht for pr in profielen], dtype=float)
    prijs = tarief[:, 0].astype(float)
    for naam in sorted({pr.naam for pr in profielen}):
        leden = np.array([pr.naam == naam for pr in profielen])
        relatief = prijs[leden] ** TARIEF_ELASTICITEIT
        gewicht[leden] *= relatief / relatief.sum()
    normjaar = max(gesimuleerde_jaren.start, JEUGDWET)  # the years run in before any norm held get the first
    norm = np.array([norm_per_maand(p.norm_in(normjaar)) for p in producten], dtype=float)
    return Productaanbod(
        codes=np.array([p.code for p in producten]), categorie=np.array([p.categorie for p in producten]),
        eenheid=np.array([p.eenheid for p in producten]), profielen=profielen, gewicht=gewicht / gewicht.sum(),
        groep=np.array([groepen.index(g) for g in groep_codes]), groepen=groepen, eerste_jaar=gesimuleerde_jaren.start,
        tarief=tarief, norm_volume=norm, segmenten=segmenten, eerste_maand=eerste_maand, segment=segment)


def norm_per_maand(norm: Norm | None) -> float:
    """A norm's intensity as volume per month (nan without one, or for a total over the allocation)."""
    i = norm.max_intensiteit if norm else None
    if i is None or i.frequentie not in ("1", "2", "4"):
        return np.nan
    return i.volume * float(per_maand(np.array([i.frequentie]))[0])


def _index(lijst: list[str], waarde: str | None) -> int:
    return lijst.index(waarde) if waarde in lijst else -1


# --- durations and omvang ------------------------------------------------------------------

def duur_dagen(rng: np.random.Generator, aanbod: Productaanbod, product: np.ndarray) -> np.ndarray:
    mediaan = aanbod.kenmerk("duur_mediaan")[product] * MAAND_DAGEN
    sigma = aanbod.kenmerk("duur_sigma")[product]
    maximum = np.array([(p.duur_max or 120) * MAAND_DAGEN for p in aanbod.profielen])[product]
    d = lognormaal(rng, mediaan, sigma, len(product))
    minimum = np.where(aanbod.kenmerk("uitvoer")[product], 20, 14)
    return np.clip(np.round(d), minimum, np.floor(maximum)).astype(np.int64)


@dataclass
class Omvang:
    volume: np.ndarray  # per frequentie; 0 for euro products
    frequentie: np.ndarray  # iJw Frequentie code, "" for euro products
    budget_euro: np.ndarray  # per month, euro products only
    verzilvering: np.ndarray


def omvang(rng: np.random.Generator, aanbod: Productaanbod, product: np.ndarray) -> Omvang:
    n = len(product)
    volume = np.zeros(n, dtype=np.int64)
    frequentie = np.full(n, "", dtype="<U1")
    budget = np.zeros(n, dtype=np.int64)
    keuze, u = rng.random(n), rng.random(n)
    for pi, pr in enumerate(aanbod.profielen):
        rijen = np.flatnonzero(product == pi)
        if not len(rijen):
            continue
        if pr.budget_euro:
            laag, hoog = pr.budget_euro
            budget[rijen] = np.round(laag * (hoog / laag) ** u[rijen], -1).astype(np.int64)
            continue
        grens = np.cumsum([o[3] for o in pr.omvang])
        optie = np.minimum(np.searchsorted(grens, keuze[rijen] * grens[-1], side="right"), len(grens) - 1)
        for oi, (freq, laag, hoog, _) in enumerate(pr.omvang):
            r = rijen[optie == oi]
            frequentie[r] = freq
            volume[r] = laag + np.floor(u[r] * (hoog - laag + 1)).astype(np.int64)
    # The region's norm caps the monthly volume, except for a few justified exceptions.
    hoogstens = np.floor(aanbod.norm_volume[product] / np.maximum(per_maand(frequentie), 1e-9) + 1e-9)
    te_hoog = (volume > hoogstens) & (hoogstens >= 1) & (rng.random(n) > 0.03) & np.isin(frequentie, ["1", "2", "4"])
    volume[te_hoog] = hoogstens[te_hoog].astype(np.int64)
    gemiddeld = aanbod.kenmerk("verzilvering")[product]
    verzilvering = np.where(gemiddeld >= 0.999, 1.0, rng.beta(gemiddeld * 14, (1 - gemiddeld) * 14 + 1e-9))
    return Omvang(volume, frequentie, budget, verzilvering)


def per_maand(frequentie: np.ndarray) -> np.ndarray:
    """Units a full month holds per unit of omvang: per dag, per week, per maand (0 for totaal)."""
    return np.select([frequentie == "1", frequentie == "2", frequentie == "4"], [MAAND_DAGEN, MAAND_DAGEN / 7, 1.0],
                     0.0)


# --- trajectories --------------------------------------------------------------------------

@dataclass
class Trajecten:
    """Care of one client, for one product, at one provider, from start to eind (inclusive days)."""
    episode: np.ndarray
    product: np.ndarray
    start: np.ndarray
    eind: np.ndarray  # the last day of care
    gepland_eind: np.ndarray  # the end foreseen before a premature stop (>= eind)
    reden: np.ndarray  # RedenBeeindiging code
    soort: np.ndarray  # 0 main, 1 comes with the main (same provider), 2 second product, 3 after a switch
    omvang: Omvang
    aanbieder: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.episode)

    def neem(self, idx: np.ndarray) -> Trajecten:
        return samenvoegen([self], idx)


_KOLOMMEN = ("episode", "product", "start", "eind", "gepland_eind", "reden", "soort")


def samenvoegen(delen: list[Trajecten], idx: np.ndarray | slice = slice(None)) -> Trajecten:
    """The trajectories of `delen` one after the other (rows `idx` of the result)."""
    def kolom(waarden) -> np.ndarray:
        return np.concatenate(list(waarden))[idx]

    omvang = Omvang(*(kolom(getattr(d.omvang, f.name) for d in delen) for f in fields(Omvang)))
    # the provider is chosen after the trajectories are made; until then it is empty
    aanbieder = (kolom(d.aanbieder for d in delen) if all(len(d.aanbieder) == len(d) for d in delen)
                 else np.zeros(0, dtype=np.int64))
    return Trajecten(*(kolom(getattr(d, f) for d in delen) for f in _KOLOMMEN), omvang, aanbieder)


def trajecten(rng: np.random.Generator, aanbod: Productaanbod, episodes) -> Trajecten:
    """The trajectories of care episodes: the main product, care that comes with it, sometimes a
    second product, and a switch of provider halfway (reden 38)."""
    n = len(episodes.product)
    idx = np.arange(n)
    hoofd = _traject(rng, aanbod, idx, episodes.product, episodes.start, episodes.eind, episodes.gepland_eind,
                     episodes.reden, 0)
    delen = [hoofd]
    profiel_naam = np.array([p.naam for p in aanbod.profielen])
    for van, naar, kans, aan_start in KOPPELINGEN:
        doel = np.flatnonzero(profiel_naam == naar)
        if not len(doel):
            continue
        s = idx[(profiel_naam[episodes.product] == van) & (rng.random(n) < kans)]
        product = doel[kies(rng, aanbod.gewicht[doel] + 1e-9, len(s))]
        eind = episodes.eind[s]
        if aan_start:
            eind = np.minimum(episodes.start[s] + duur_dagen(rng, aanbod, product) - 1, eind)
        delen.append(_traject(rng, aanbod, s, product, episodes.start[s], eind, eind, np.full(len(s), "31"), 1))
    delen.append(_tweede_product(rng, aanbod, episodes))
    alle = samenvoegen(delen)
    return _overstap(rng, alle)


def _traject(rng, aanbod, episode, product, start, eind, gepland, reden, soort) -> Trajecten:
    return Trajecten(episode, product, start, eind, gepland, reden, np.full(len(episode), soort, dtype=np.int8),
                     omvang(rng, aanbod, product))


def _tweede_product(rng: np.random.Generator, aanbod: Productaanbod, episodes) -> Trajecten:
    duur = episodes.eind - episodes.start + 1
    s = np.flatnonzero((duur >= 60) & (rng.random(len(duur)) < KANS_TWEEDE_PRODUCT))
    ambulant = ~aanbod.kenmerk("residentieel") & ~aanbod.kenmerk("uitvoer") & (aanbod.eenheid != "84") \
        & (aanbod.gewicht > 0) & ~aanbod.met_profiel("spoedhulp")
    kandidaten = np.flatnonzero(ambulant)
    product = kandidaten[kies(rng, aanbod.gewicht[kandidaten], len(s))]
    anders = product != episodes.product[s]
    s, product = s[anders], product[anders]
    start = episodes.start[s] + np.floor(rng.random(len(s)) * 0.6 * duur[s]).astype(np.int64)
    eind = np.minimum(start + duur_dagen(rng, aanbod, product) - 1, episodes.eind[s])
    reden, eind, gepland = einde(rng, aanbod, product, start, eind)
    return _traject(rng, aanbod, s, product, start, eind, gepland, reden, 2)


def einde(rng: np.random.Generator, aanbod: Productaanbod, product: np.ndarray, start: np.ndarray, gepland: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(reden beeindiging, actual last day, planned last day): a premature stop cuts care short."""
    n = len(product)
    redenen = np.array(list(REDEN_EINDE))
    reden = redenen[kies(rng, list(REDEN_EINDE.values()), n)]
    reden[aanbod.kenmerk("uitvoer")[product]] = "31"
    duur = gepland - start + 1
    werkelijk = np.where(reden == "31", duur, np.maximum(np.round(duur * rng.uniform(0.2, 0.7, n)), 7))
    return reden, start + werkelijk.astype(np.int64) - 1, gepland


def _overstap(rng: np.random.Generator, t: Trajecten) -> Trajecten:
    duur = t.eind - t.start + 1
    s = np.flatnonzero((t.soort == 0) & (duur > 90) & (rng.random(len(t)) < KANS_OVERSTAP))
    knip = t.start[s] + np.floor(duur[s] * rng.uniform(0.3, 0.7, len(s))).astype(np.int64)
    tweede = t.neem(s)
    tweede.start = knip
    tweede.soort = np.full(len(s), 3, dtype=np.int8)
    t.eind[s] = knip - 1
    t.gepland_eind[s] = knip - 1
    t.reden[s] = "38"
    return samenvoegen([t, tweede])


# --- expected cost (calibration) ------------------------------------------------------------

def seizoen_gemiddeld() -> float:
    return float(np.mean(SEIZOEN))


def verwachte_kosten(aanbod: Productaanbod, t: Trajecten, jaar: int) -> np.ndarray:
    """Expected cost in eurocent of each trajectory at the tariffs of `jaar` (no sampling)."""
    p = t.product
    dagen = (t.eind - t.start + 1).astype(float)
    maanden = dagen / MAAND_DAGEN
    seizoen = np.where(aanbod.kenmerk("seizoen")[p], seizoen_gemiddeld(), 1.0)
    o = t.omvang
    volume = per_maand(o.frequentie) * o.volume * maanden * o.verzilvering * seizoen
    per_maand_stuk = aanbod.eenheid[p] == "84"
    volume = np.where(per_maand_stuk, kal.maand(t.eind) - kal.maand(t.start) + 1, volume)
    volume = np.where(aanbod.kenmerk("uitvoer")[p], o.volume, volume)
    euro = o.budget_euro * maanden * o.verzilvering * seizoen
    tarief = aanbod.tarief_op(p, np.full(len(p), jaar))
    return np.where(aanbod.eenheid[p] == "83", euro * 100, volume * tarief)
