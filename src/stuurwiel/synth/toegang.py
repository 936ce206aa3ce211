"""Access to care: who referred (verwijzer) and the registrations at the local team (aanmeldingen).

The referrer depends on the care (a certified institution behind youth protection, a GP behind
youth mental health); the affinities are raked (iterative proportional fitting) so that the mix
over all trajectories matches CBS 85097NED.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from stuurwiel.config.regio import Regio
from stuurwiel.synth import doelgroepen
from stuurwiel.synth import kalender as kal
from stuurwiel.synth.kalibratie import (
    AANDEEL_01_MET_AANMELDING,
    AANDEEL_DOORVERWEZEN,
    AANMELD_UITKOMSTEN_OVERIG,
    CBS_VERWIJZERS_2023H1,
    LEEFTIJD_GEWICHTEN,
)
from stuurwiel.synth.kolommen import volgnummers
from stuurwiel.synth.toeval import kies, kies_per_groep
from stuurwiel.synth.zorg import Productaanbod

VERWIJZERS = tuple(CBS_VERWIJZERS_2023H1)  # "01" ... "06", "" = onbekend
# Relative chance of each referrer (order of VERWIJZERS) per product category, before raking.
AFFINITEIT: dict[str, tuple[float, ...]] = {
    #          01    02    03    04    05    08    06    ""
    "45": (4.0, 3.0, 0.6, 0.4, 0.3, 0.02, 1.5, 0.05),
    "54": (1.5, 6.0, 0.4, 0.1, 1.5, 0.01, 1.5, 0.05),
    "40": (5.0, 1.0, 0.5, 0.3, 1.5, 0.01, 1.0, 0.05),
    "41": (5.0, 1.0, 0.5, 0.3, 1.5, 0.01, 1.0, 0.05),
    "42": (5.0, 1.0, 0.5, 0.3, 1.5, 0.01, 1.0, 0.05),
    "50": (5.0, 1.0, 0.5, 0.3, 1.0, 0.01, 1.0, 0.05),
    "43": (3.0, 0.5, 0.2, 3.0, 1.0, 0.3, 0.3, 0.05),
    "44": (3.0, 0.3, 0.2, 4.0, 0.5, 0.3, 0.3, 0.05),
    "46": (2.0, 1.0, 0.2, 2.0, 1.0, 0.3, 1.5, 0.05),
    "47": (0.3, 0.0, 0.0, 6.0, 0.0, 3.0, 0.0, 0.02),
    "48": (0.3, 0.0, 0.0, 8.0, 0.0, 1.0, 0.0, 0.02),
}
AFFINITEIT_OVERIG = (3.0, 2.0, 0.5, 0.5, 1.0, 0.05, 1.5, 0.05)
NAAM_OPTIES = 4
HUISARTSEN = ("De Linde", "Het Gezondheidshuis", "Centrum", "De Vaart", "Oost", "West", "De Akker",
              "Molenzicht", "Parkzicht", "De Haven", "Kerkplein", "Het Veer")


def kansen(aanbod: Productaanbod, mix: np.ndarray, halfjaar: np.ndarray) -> np.ndarray:
    """P(verwijzer | main product), [product, verwijzer].

    mix: share of new episodes per main product; halfjaar: trajectories of such a episode active in a
    half year (what CBS counts)."""
    a = np.array([AFFINITEIT.get(c, AFFINITEIT_OVERIG) for c in aanbod.categorie], dtype=float)
    massa = mix * halfjaar
    doel = np.array(list(CBS_VERWIJZERS_2023H1.values()), dtype=float)
    doel = doel / doel.sum() * massa.sum()
    m = a * massa[:, None]
    for _ in range(200):
        m *= np.divide(massa, m.sum(axis=1), out=np.zeros_like(massa), where=m.sum(axis=1) > 0)[:, None]
        m *= np.divide(doel, m.sum(axis=0), out=np.zeros_like(doel), where=m.sum(axis=0) > 0)[None, :]
    rijen = m.sum(axis=1, keepdims=True)
    return np.where(rijen > 0, m / np.where(rijen > 0, rijen, 1), a / a.sum(axis=1, keepdims=True))


def verwijzer_namen(regio: Regio, jeugdregio: list[str], pool: np.ndarray) -> pa.Array:
    """Names per (gemeente, verwijzer, option), flat; empty for no or unknown referrer."""
    namen = []
    for g, gem in enumerate(regio.gemeenten):
        r = jeugdregio[pool[g]]
        per_soort = {
            "01": [f"Jeugdteam {gem.naam}", f"Sociaal wijkteam {gem.naam}", f"Toegangsteam jeugd {gem.naam}"],
            "02": [f"Huisartsenpraktijk {h} {gem.naam}" for h in HUISARTSEN[g % 5:g % 5 + NAAM_OPTIES]],
            "03": [f"Jeugdgezondheidszorg {gem.naam}", f"Consultatiebureau {gem.naam}"],
            "04": [f"Gecertificeerde instelling jeugdbescherming {r}", f"Jeugdreclassering {r}"],
            "05": [f"Kinderarts ziekenhuis {r}", f"Kinder- en jeugdpsychiater {r}"],
            "08": [f"Kinderrechter rechtbank {r}", "Officier van Justitie"],
        }
        for v in VERWIJZERS:
            opties = per_soort.get(v, [""])
            namen += [opties[k % len(opties)][:64] for k in range(NAAM_OPTIES)]
    return pa.array(namen)


def trek(rng: np.random.Generator, p_verwijzer: np.ndarray, product: np.ndarray, gemeente: np.ndarray
         ) -> tuple[np.ndarray, np.ndarray]:
    """(verwijzer code, name index) per episode."""
    v = kies_per_groep(rng, p_verwijzer, product)
    naam = (gemeente * len(VERWIJZERS) + v) * NAAM_OPTIES + rng.integers(0, NAAM_OPTIES, len(v))
    return np.array(VERWIJZERS)[v], naam


# --- local-team registrations -------------------------------------------------------------

@dataclass
class Aanmeldingen:
    datum: np.ndarray
    gemeente: np.ndarray
    uitkomst: np.ndarray
    toewijzing: np.ndarray  # allocation index, -1
    episode: np.ndarray  # -1 for someone who never entered specialised care
    extra_persoon: np.ndarray  # index among the extra persons, -1
    extra_geboren: np.ndarray  # birth dates of the extra persons
    herkomst: np.ndarray  # who brought the registration ("" unknown)


def aanmeldingen(rng: np.random.Generator, w, n_gemeenten: int) -> Aanmeldingen:
    """Every referral by the local team (verwijzer 01) mostly starts from a registration that
    names the allocation; the other registrations were helped locally, needed no help or run."""
    tw, t = w.toewijzing, w.traject
    episode = t.episode[tw.traject]
    eerste = (t.soort[tw.traject] == 0) & (tw.start == t.start[tw.traject]) & (w.verwijzer[episode] == "01")
    i = np.flatnonzero(eerste & (rng.random(len(tw)) < AANDEEL_01_MET_AANMELDING))
    datum = tw.datum[i] - rng.integers(10, 71, len(i))
    binnen = (datum >= w.begin) & (datum <= w.peildatum)
    i, datum = i[binnen], datum[binnen]
    bekend = tw.datum[i] <= w.peildatum
    uitkomst = np.where(bekend, "doorverwezen", "lopend")
    gemeente = w.episodes.gemeente[episode[i]]
    n_door = np.bincount(gemeente[bekend], minlength=n_gemeenten)
    g2, d2, u2, geboren = _overige(rng, w, n_door)
    n1, n2 = len(i), len(g2)
    datum_alle = np.concatenate([datum, d2])
    volgorde = np.lexsort((np.concatenate([i, -np.arange(1, n2 + 1)]), datum_alle))
    return Aanmeldingen(
        herkomst=doelgroepen.herkomst(rng, datum_alle[volgorde], w.jaren.start),
        datum=datum_alle[volgorde], gemeente=np.concatenate([gemeente, g2])[volgorde],
        uitkomst=np.concatenate([uitkomst, u2])[volgorde],
        toewijzing=np.concatenate([np.where(bekend, i, -1), np.full(n2, -1)])[volgorde],
        episode=np.concatenate([episode[i], np.full(n2, -1)])[volgorde],
        extra_persoon=np.concatenate([np.full(n1, -1), np.arange(n2)])[volgorde],
        extra_geboren=geboren)


def _overige(rng: np.random.Generator, w, n_door: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Registrations that did not lead to specialised care, in proportion to each municipality's
    referrals: (gemeente, date, outcome, birth date) of young people who are in no other file."""
    n_overig = np.round(n_door * (1 - AANDEEL_DOORVERWEZEN) / AANDEEL_DOORVERWEZEN).astype(np.int64)
    gemeente = np.repeat(np.arange(len(n_door)), n_overig)
    n = len(gemeente)
    laatste = min(w.einde, w.peildatum)
    datum = w.begin + np.floor(rng.random(n) * (laatste - w.begin + 1)).astype(np.int64)
    soorten = np.array(list(AANMELD_UITKOMSTEN_OVERIG))
    uitkomst = soorten[kies(rng, list(AANMELD_UITKOMSTEN_OVERIG.values()), n)]
    uitkomst = np.where((datum > w.peildatum - 42) & (rng.random(n) < 0.6), "lopend", uitkomst)
    leeftijd = kies(rng, LEEFTIJD_GEWICHTEN, n)
    geboren = datum - np.floor((leeftijd + rng.random(n)) * 365.25).astype(np.int64)
    return gemeente, datum, uitkomst, geboren


def tabel(w, a: Aanmeldingen, extra_bsn: pa.Array) -> pa.Table:
    n = len(a.datum)
    client = a.episode >= 0
    persoon = np.where(client, w.persoon[np.maximum(a.episode, 0)], 0)
    bsn = pa.chunked_array([w.bsn, extra_bsn]).combine_chunks()
    index = np.where(client, persoon, len(w.bsn) + np.maximum(a.extra_persoon, 0))
    geboren = np.where(client, w.episodes.geboortedatum[np.maximum(a.episode, 0)],
                       a.extra_geboren[np.maximum(a.extra_persoon, 0)] if len(a.extra_geboren) else 0)
    nummer = np.where(a.toewijzing >= 0, w.toewijzing.nummer[np.maximum(a.toewijzing, 0)], 0)
    return pa.table({
        "aanmeldingnummer": volgnummers("A", np.arange(1, n + 1), 10),  # 9 digits could pass the 11-proef
        "bsn": bsn.take(pa.array(index)),
        "geboortedatum": kal.als_datum(geboren),
        "gemeentecode": w.gemeentecodes.take(pa.array(a.gemeente)),
        "aanmelddatum": kal.als_datum(a.datum),
        "uitkomst": pa.array(a.uitkomst),
        "toewijzingnummer": pa.array(nummer, mask=a.toewijzing < 0).cast(pa.string()),
        "herkomst": pa.array(a.herkomst.astype(str), mask=a.herkomst == ""),
    })
