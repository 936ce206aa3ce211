"""The product mix per municipality, calibrated so that spending lands in the range of the
municipality's real Iv3 youth spending while tariffs stay the region's.

Cost per client-year differs a lot between municipalities (Iv3 / clients: roughly EUR 9k-23k).
The mix of each municipality is the base mix tilted towards dearer or cheaper care,
w_p * exp(theta * z_p), with theta solved from a Monte Carlo sample of episodes built by the same
code as the real ones; what the tilt cannot reach is closed by scaling the volumes of the
scalable products (hours, minutes, dagdelen, euros) within a band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stuurwiel.config.referentie import bevolking, gemeenten, iv3_jeugd
from stuurwiel.config.regio import Regio
from stuurwiel.synth import kalender as kal
from stuurwiel.synth.kalibratie import (
    AANDEEL_IN_ZORG_JAAR,
    AANDEEL_IN_ZORG_MAX,
    AANDEEL_IN_ZORG_MIN,
    GROEI_AANDEEL_PER_JAAR,
    IV3_FRACTIE,
    IV3_JAREN,
    IV3_TERUGVAL_JAREN,
    KOSTEN_PER_CLIENT_BAND,
    VOLUMECORRECTIE_BAND,
)
from stuurwiel.synth.populatie import JAAR_DAGEN, Doelen, nieuwe_episodes
from stuurwiel.synth.zorg import MAAND_DAGEN, Productaanbod, Trajecten, trajecten, verwachte_kosten

STEEKPROEF_PER_PRODUCT = 1500
# The tilt stays within +-MAX_THETA (weights at most e^0.5 = 1.65 times the base mix), so that a
# dear region does not turn into one of mostly residential care (CBS: 8.7 % of young people in
# care had a stay; ZHZ lands at about 10.5 %); the volumes close the rest.
MAX_THETA = 0.5
THETA = np.linspace(-MAX_THETA, MAX_THETA, 601)
KANTELING_GRENS = 1.0


def prijsindex(regio: Regio, jaar: int) -> float:
    """Tariff level of `jaar` relative to the region's tariff year (as Regio.tarief_cent indexes)."""
    f = 1.0
    for j in range(regio.tariefjaar + 1, jaar + 1):
        f *= 1 + regio.indexatie.get(j, 0.0) / 100
    for j in range(jaar + 1, regio.tariefjaar + 1):
        f /= 1 + regio.indexatie.get(j, 0.0) / 100
    return f


def _aandeel(pct_2022: float, jaar: int) -> float:
    groei = (1 + GROEI_AANDEEL_PER_JAAR) ** (jaar - AANDEEL_IN_ZORG_JAAR)
    return min(max(pct_2022 * groei, AANDEEL_IN_ZORG_MIN), AANDEEL_IN_ZORG_MAX)


def _per_client(code: str, jaar: int) -> float | None:
    """Iv3 youth spending (jaarrekening) per young person in care, euro, in `jaar` prices."""
    iv3 = iv3_jeugd().get((code, jaar, "jaarrekening")) or 0
    jeugd = bevolking().get(code, {}).get(jaar, (0, 0))[1]
    if iv3 <= 0 or jeugd <= 0:
        return None
    return iv3 / (jeugd * _aandeel(gemeenten()[code].pct_jeugd_met_jeugdzorg, jaar) / 100)


def landelijke_mediaan() -> float:
    waarden = [v for c in gemeenten() if (v := _per_client(c, IV3_JAREN[-1])) is not None]
    return float(np.median(waarden))


def kosten_per_client(regio: Regio, prijsjaar: int) -> np.ndarray:
    """Target cost per client-year per municipality, eurocent at `prijsjaar` tariffs:
    IV3_FRACTIE of the Iv3 jaarrekening per client, averaged over the latest years."""
    mediaan = landelijke_mediaan()
    doel = []
    for code in regio.gemeente_codes:
        waarden = []
        for jaren in (IV3_JAREN, IV3_TERUGVAL_JAREN):
            waarden = [v * prijsindex(regio, prijsjaar) / prijsindex(regio, j)
                       for j in jaren if (v := _per_client(code, j)) is not None]
            if waarden:
                break
        v = np.mean(waarden) if waarden else mediaan * prijsindex(regio, prijsjaar) / prijsindex(regio, IV3_JAREN[-1])
        laag, hoog = (f * mediaan * prijsindex(regio, prijsjaar) / prijsindex(regio, IV3_JAREN[-1])
                      for f in KOSTEN_PER_CLIENT_BAND)
        doel.append(min(max(v, laag), hoog) * IV3_FRACTIE * 100)
    return np.array(doel)


@dataclass
class Mix:
    kansen: np.ndarray  # [gemeente, product] main-product mix
    theta: np.ndarray  # tilt per municipality
    kosten_per_episode: np.ndarray  # [product] expected cost of a episode starting with it, eurocent
    jaren_per_episode: np.ndarray  # [product] calendar years a episode touches
    halfjaar_trajecten: np.ndarray  # [product] trajectories of such a episode active in a half year


def kalibreer(rng: np.random.Generator, aanbod: Productaanbod, doel: np.ndarray, prijsjaar: int) -> Mix:
    hoofd = np.flatnonzero(aanbod.gewicht > 0)
    product = np.repeat(hoofd, STEEKPROEF_PER_PRODUCT)
    s = nieuwe_episodes(rng, aanbod, np.zeros(len(product), dtype=np.int64), product, prijsjaar)
    t = trajecten(rng, aanbod, s)
    per_episode = np.bincount(t.episode, verwachte_kosten(aanbod, t, prijsjaar), minlength=len(s))
    jaren = 1 + (s.eind - s.start + 1) / JAAR_DAGEN
    halfjaar = np.bincount(t.episode, (t.eind - t.start + 1) / MAAND_DAGEN / 6 + 1, minlength=len(s))
    kappa, tau, hj = (np.zeros(len(aanbod)) for _ in range(3))
    for p in hoofd:
        m = s.product == p
        kappa[p], tau[p], hj[p] = per_episode[m].mean(), jaren[m].mean(), halfjaar[m].mean()
    z = np.zeros(len(aanbod))
    z[hoofd] = kanteling(kappa[hoofd] / tau[hoofd], aanbod.gewicht[hoofd])
    gewogen = aanbod.gewicht[None, :] * np.exp(THETA[:, None] * z[None, :])
    per_client = (gewogen * kappa).sum(axis=1) / (gewogen * tau).sum(axis=1)
    theta = np.interp(doel, per_client, THETA)
    kansen = aanbod.gewicht[None, :] * np.exp(theta[:, None] * z[None, :])
    return Mix(kansen / kansen.sum(axis=1, keepdims=True), theta, kappa, tau, hj)


def kanteling(kosten_per_jaar: np.ndarray, gewicht: np.ndarray) -> np.ndarray:
    """Direction of the tilt per product: log cost per client-year around the (weighted) median,
    capped, so that tilting raises all dear care alike instead of piling onto the single dearest
    product (a handful of clinical stays would then swing a small municipality's cost)."""
    log = np.log(kosten_per_jaar)
    volgorde = np.argsort(log)
    cumulatief = np.cumsum(gewicht[volgorde]) / gewicht.sum()
    mediaan = log[volgorde][np.searchsorted(cumulatief, 0.5)]
    return np.clip(log - mediaan, -KANTELING_GRENS, KANTELING_GRENS)


def volumecorrectie(aanbod: Productaanbod, t: Trajecten, gemeente: np.ndarray, d: Doelen, doel: np.ndarray,
                    jaren: range, prijsjaar: int) -> np.ndarray:
    """Factor per municipality on the volume of scalable products so that the expected cost over
    the requested years meets the target (what the tilt left)."""
    begin, eind = kal.jaarbegin(jaren.start), kal.jaarbegin(jaren.stop) - 1
    binnen = Trajecten(t.episode, t.product, np.maximum(t.start, begin), np.minimum(t.eind, eind),
                       t.gepland_eind, t.reden, t.soort, t.omvang)
    actief = binnen.eind >= binnen.start
    kosten = np.where(actief, verwachte_kosten(aanbod, binnen, prijsjaar), 0.0)
    schaalbaar = schaalbaar_product(aanbod, t)
    n_g = len(d.gemeenten)
    totaal = np.bincount(gemeente, kosten, minlength=n_g)
    deel = np.bincount(gemeente, np.where(schaalbaar, kosten, 0.0), minlength=n_g)
    j = np.array(jaren) - d.jaren.start
    gewenst = doel * d.clienten[:, j].sum(axis=1)
    r = np.divide(gewenst, totaal, out=np.ones(n_g), where=totaal > 0)
    factor = 1 + (r - 1) * np.divide(totaal, deel, out=np.zeros(n_g), where=deel > 0)
    return np.clip(factor, *VOLUMECORRECTIE_BAND)


def schaalbaar_product(aanbod: Productaanbod, t: Trajecten) -> np.ndarray:
    f = t.omvang.frequentie
    return ((f == "2") | (f == "4")) & ~np.isin(aanbod.eenheid[t.product], ("14", "84")) \
        | (aanbod.eenheid[t.product] == "83")


def pas_volume_aan(rng: np.random.Generator, aanbod: Productaanbod, t: Trajecten, factor: np.ndarray) -> None:
    """Scale the scalable volumes in place; stochastic rounding keeps the expectation."""
    s = schaalbaar_product(aanbod, t)
    nieuw = t.omvang.volume * factor
    t.omvang.volume = np.where(s, np.maximum(np.floor(nieuw + rng.random(len(t))), 1),
                               t.omvang.volume).astype(np.int64)
    t.omvang.budget_euro = np.where(s, np.round(t.omvang.budget_euro * factor, -1), t.omvang.budget_euro
                                    ).astype(np.int64)
