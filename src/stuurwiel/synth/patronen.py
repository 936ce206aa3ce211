"""Planted patterns: what a provider does over months, or to one young person, that no single line
shows. Each is listed in grondwaarheid/anomalieen.csv with what it is about and from which month.

- opdrijven: from a month on, a provider's allocations of one product grant, and its claims carry,
  OPDRIJVING times the volume (its cost per client-month rises, its peers' does not);
- duurder_product: from a month on, a provider gives new clients, and running care at its next
  allocation, the dearest product of a category it delivers instead of the cheaper ones
  (upcoding), where that makes a client-month PATROON_VERSCHUIVING dearer or more;
- stapelen: two extra products at the provider of a young person's main care, at the same time.

Provider patterns are planted only where a provider × product is big enough for a pattern to be
seen (PATROON_MIN_CLIENTEN young people in care a month), as in a region a control can only judge
a provider's figures when there are enough of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stuurwiel.synth import kalender as kal
from stuurwiel.synth.aanbieders import Aanbieders
from stuurwiel.synth.kalibratie import (
    AANDEEL_PATROONAANBIEDERS,
    MAX_TOEWIJZING_DAGEN,
    OPDRIJVING,
    PATROON_GESCHIEDENIS_MAANDEN,
    PATROON_MIN_CLIENTEN,
    PATROON_VERSCHUIVING,
    PATROON_ZICHTBAAR_MAANDEN,
)
from stuurwiel.synth.toewijzingen import Toewijzingen, einddatum_op
from stuurwiel.synth.zorg import Productaanbod, Trajecten, omvang, samenvoegen

NIET_GESTAPELD = ("82",)  # units that come with other care (transport, diagnostics): not stacking
STAPEL_PRODUCTEN = 3  # products at one provider at the same time that make a stack
NOOIT = np.iinfo(np.int64).max


@dataclass
class Patronen:
    """Providers with a planted pattern: the product it is about (for duurder_product the dearer
    product, whose category the pattern is about) and the first month (kalender month number)."""
    aanbieder: np.ndarray
    product: np.ndarray
    vanaf: np.ndarray

    @staticmethod
    def geen() -> Patronen:
        leeg = np.zeros(0, dtype=np.int64)
        return Patronen(leeg, leeg.copy(), leeg.copy())


def aantal(a: Aanbieders) -> int:
    return max(1, int(round(AANDEEL_PATROONAANBIEDERS * len(a))))


def _vanaf(rng: np.random.Generator, jaren: range, peildatum: int, n: int) -> np.ndarray | None:
    """First months with a year of history before them and half a year visible after them."""
    eerste = kal.maand_van_jaar(jaren.start) + PATROON_GESCHIEDENIS_MAANDEN
    laatste = min(kal.maand(np.array([peildatum]))[0] - 1, kal.maand_van_jaar(jaren.stop - 1, 12))
    laatste -= PATROON_ZICHTBAAR_MAANDEN
    if laatste < eerste:
        return None
    return rng.integers(eerste, laatste + 1, n)


def _in_zorg(aanbod: Productaanbod, t: Trajecten, a: Aanbieders, jaren: range) -> np.ndarray:
    """Young people in care per month on average over `jaren`, per [aanbieder, product]."""
    begin, einde = kal.jaarbegin(jaren.start), kal.jaarbegin(jaren.stop) - 1
    dagen = np.maximum(np.minimum(t.eind, einde) - np.maximum(t.start, begin) + 1, 0).astype(float)
    cel = t.aanbieder * len(aanbod) + t.product
    return np.bincount(cel, dagen, minlength=len(a) * len(aanbod)).reshape(len(a), len(aanbod)) / (einde - begin + 1)


def _vrije_aanbieders(a: Aanbieders, uitsluiten: np.ndarray) -> np.ndarray:
    """Providers there from the start, not already in an anomaly."""
    vrij = a.instap_jaar == 0
    vrij[uitsluiten] = False
    return vrij


def _kies(rng: np.random.Generator, kandidaat: np.ndarray, n: int) -> np.ndarray:
    return np.sort(rng.choice(kandidaat, size=min(n, len(kandidaat)), replace=False))


def kies_opdrijvers(rng: np.random.Generator, aanbod: Productaanbod, t: Trajecten, a: Aanbieders, jaren: range,
                    peildatum: int, n: int, uitsluiten: np.ndarray) -> Patronen:
    """Providers that will inflate one of their products whose volume is per week or month."""
    schaalbaar = np.isin(t.omvang.frequentie, ("2", "4")) & ~np.isin(aanbod.eenheid[t.product], ("14", "84"))
    grootte = _in_zorg(aanbod, t.neem(np.flatnonzero(schaalbaar)), a, jaren)
    grootte[~_vrije_aanbieders(a, uitsluiten)] = 0
    aanbieder, product = np.nonzero(grootte >= PATROON_MIN_CLIENTEN)
    volgorde = rng.permutation(len(aanbieder))
    _, eerste = np.unique(aanbieder[volgorde], return_index=True)  # one product per provider, at random
    gekozen = _kies(rng, volgorde[eerste], n)
    vanaf = _vanaf(rng, jaren, peildatum, len(gekozen))
    if vanaf is None:
        return Patronen.geen()
    return Patronen(aanbieder[gekozen], product[gekozen], vanaf)


def drijf_op(t: Trajecten, tw: Toewijzingen, p: Patronen) -> np.ndarray:
    """From its first month on, the provider's allocations of the product grant OPDRIJVING times the
    volume: those that run then are raised as well (the claims before that month keep the old volume,
    `Declaratieanomalieen.voor_opdrijving`). Returns per allocation the month its raise counts from
    (NOOIT when it is not raised)."""
    vanaf = np.full(len(tw), NOOIT)
    aanbieder, product = t.aanbieder[tw.traject], t.product[tw.traject]
    for i in range(len(p.aanbieder)):  # one or two providers
        rijen = ((aanbieder == p.aanbieder[i]) & (product == p.product[i]) & (tw.eind >= kal.maandbegin(p.vanaf[i]))
                 & np.isin(t.omvang.frequentie[tw.traject], ("2", "4")))
        tw.volume[rijen] = np.maximum(np.round(tw.volume[rijen] * OPDRIJVING), 1).astype(np.int64)
        vanaf[rijen] = p.vanaf[i]
    return vanaf


def duurder_product(rng: np.random.Generator, aanbod: Productaanbod, t: Trajecten, a: Aanbieders, jaren: range,
                    peildatum: int, n: int, uitsluiten: np.ndarray) -> tuple[Trajecten, Patronen]:
    """Providers that, from a month on, give a category's dearest product they deliver instead of the
    cheaper ones of the same unit (so the omvang still fits): to new clients, and to running care
    at its next allocation (re-indication). Returns the trajectories with the care after such a
    renewal as trajectories of its own."""
    grootte = _in_zorg(aanbod, t, a, jaren)
    grootte[~_vrije_aanbieders(a, uitsluiten)] = 0
    prijs = aanbod.tarief[:, 0].astype(float)
    duur = np.full(len(a), -1)
    gewicht = np.zeros(len(a))
    for groep in _productgroepen(aanbod):
        levert = grootte[:, groep] > 0
        rang = np.where(levert, prijs[groep], -np.inf)
        dearest = groep[rang.argmax(axis=1)]
        goedkoper = levert & (prijs[groep] < prijs[dearest][:, None])
        klein = (grootte[:, groep] * goedkoper).sum(axis=1)
        totaal = klein + grootte[np.arange(len(a)), dearest]
        # the whole shift must raise what a client-month costs by PATROON_VERSCHUIVING at least
        mix = (grootte[:, groep] * levert * prijs[groep]).sum(axis=1) / np.maximum(totaal, 1e-9)
        beter = ((totaal >= PATROON_MIN_CLIENTEN) & (klein >= 0.5 * totaal) & (totaal > gewicht)
                 & (prijs[dearest] >= PATROON_VERSCHUIVING * mix))
        duur[beter], gewicht[beter] = dearest[beter], totaal[beter]
    gekozen = _kies(rng, np.flatnonzero(duur >= 0), n)
    vanaf = _vanaf(rng, jaren, peildatum, len(gekozen))
    if vanaf is None:
        return t, Patronen.geen()
    p = Patronen(gekozen, duur[gekozen], vanaf)
    delen = [t]
    for i in range(len(gekozen)):  # one or two providers
        x, dag = p.product[i], kal.maandbegin(p.vanaf[i])
        groep = np.flatnonzero((aanbod.categorie == aanbod.categorie[x]) & (aanbod.eenheid == aanbod.eenheid[x])
                               & (prijs < prijs[x]))
        van_hem = (t.aanbieder == p.aanbieder[i]) & np.isin(t.product, groep)
        t.product[van_hem & (t.start >= dag)] = x
        delen.append(_hernieuwd(t, np.flatnonzero(van_hem & (t.start < dag) & (t.eind >= dag)), dag, x))
    return samenvoegen(delen), p


def _hernieuwd(t: Trajecten, loopt: np.ndarray, dag: int, product: int) -> Trajecten:
    """The running trajectories `loopt` end at their first renewal on or after `dag` (allocations run
    MAX_TOEWIJZING_DAGEN from the trajectory's start); their care after it, with `product`, is returned."""
    knip = t.start[loopt] + -(-(dag - t.start[loopt]) // MAX_TOEWIJZING_DAGEN) * MAX_TOEWIJZING_DAGEN
    verder = knip <= t.eind[loopt]
    loopt, knip = loopt[verder], knip[verder]
    rest = t.neem(loopt)
    rest.start = knip
    rest.product = np.full(len(loopt), product)
    rest.soort = np.full(len(loopt), 3, dtype=np.int8)
    t.eind[loopt] = knip - 1
    t.gepland_eind[loopt] = knip - 1
    t.reden[loopt] = "31"
    return rest


def _productgroepen(aanbod: Productaanbod) -> list[np.ndarray]:
    """Products of one category and unit, at least two of them at different tariffs."""
    uit = []
    for sleutel in sorted({(c, e) for c, e in zip(aanbod.categorie, aanbod.eenheid, strict=True)}):
        groep = np.flatnonzero((aanbod.categorie == sleutel[0]) & (aanbod.eenheid == sleutel[1])
                               & ~aanbod.kenmerk("uitvoer"))
        if len(np.unique(aanbod.tarief[groep, 0])) >= 2:
            uit.append(groep)
    return uit


# --- stacking --------------------------------------------------------------------------------

def stapelen(rng: np.random.Generator, aanbod: Productaanbod, t: Trajecten, a: Aanbieders, n: int, begin: int,
             grens: int, uitsluiten_aanbieder: np.ndarray) -> Trajecten:
    """Two new trajectories at the provider of a main trajectory, of two other products it offers,
    both running at once inside it: with the main care, three products at one provider."""
    stapelbaar = _stapelbaar(aanbod)
    duur = t.eind - t.start + 1
    kandidaat = np.flatnonzero((t.soort == 0) & stapelbaar[t.product] & (t.start >= begin) & (duur >= 150)
                               & (t.start + 120 <= grens) & ~np.isin(t.aanbieder, uitsluiten_aanbieder))
    biedt = a.biedt[t.aanbieder[kandidaat]][:, aanbod.groep] & stapelbaar  # [kandidaat, product]
    biedt[np.arange(len(kandidaat)), t.product[kandidaat]] = False
    kandidaat, biedt = kandidaat[biedt.sum(axis=1) >= 2], biedt[biedt.sum(axis=1) >= 2]
    keuze = np.sort(rng.choice(len(kandidaat), size=min(n, len(kandidaat)), replace=False))
    kies, biedt = kandidaat[keuze], biedt[keuze]
    # two different products per main trajectory: the two with the lowest random key among those offered
    sleutel = np.where(biedt, rng.random(biedt.shape), np.inf)
    product = np.argsort(sleutel, axis=1)[:, :2]
    einde = np.minimum(t.eind[kies], grens)
    start = t.start[kies] + np.floor(rng.random(len(kies)) * (einde - t.start[kies] - 100)).astype(np.int64)
    delen = []
    for k in range(2):
        nieuw = t.neem(kies)
        nieuw.product = product[:, k]
        nieuw.start = start + rng.integers(0, 15, len(kies))
        nieuw.eind = np.minimum(nieuw.start + rng.integers(60, 151, len(kies)), einde)
        nieuw.gepland_eind = nieuw.eind.copy()
        nieuw.omvang = omvang(rng, aanbod, nieuw.product)
        nieuw.reden = np.full(len(kies), "31")
        nieuw.soort = np.full(len(kies), 2, dtype=np.int8)
        delen.append(nieuw)
    return samenvoegen(delen)


def _stapelbaar(aanbod: Productaanbod) -> np.ndarray:
    """Care that is delivered week after week: not residential, not per month, not an output."""
    return (~aanbod.kenmerk("residentieel") & ~aanbod.kenmerk("uitvoer") & ~np.isin(aanbod.eenheid, ("84", "82"))
            & (aanbod.gewicht > 0) & ~aanbod.met_profiel("spoedhulp"))


def gestapelde_toewijzingen(w, trajecten: np.ndarray) -> np.ndarray:
    """The allocations (as the file shows them) that run while a young person has STAPEL_PRODUCTEN
    or more products at the provider of the planted `trajecten`: those and the care they stack on."""
    tw = w.toewijzing
    eind = einddatum_op(tw, w.peildatum)
    zichtbaar = (tw.datum <= w.peildatum) & ~np.isin(w.aanbod.eenheid[w.tw_product()], NIET_GESTAPELD)
    paar = w.tw_episode() * len(w.aanbieders) + w.tw_aanbieder()
    geplant = np.unique(paar[np.isin(tw.traject, trajecten)])
    uit = []
    for p in geplant:  # a few dozen young people
        i = np.flatnonzero(zichtbaar & (paar == p))
        loopt = (tw.start[i][None, :] <= tw.start[i][:, None]) & (eind[i][None, :] >= tw.start[i][:, None])
        product = w.tw_product(i)
        aantal = np.array([len(np.unique(product[rij])) for rij in loopt])
        stapel = loopt[aantal >= STAPEL_PRODUCTEN].any(axis=0)
        uit.append(i[stapel])
    return np.unique(np.concatenate(uit)) if uit else np.zeros(0, dtype=np.int64)
