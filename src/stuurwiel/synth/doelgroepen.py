"""What the region's goals ask of the files beyond care itself (seed 004 §3.3): where a registration
at the local team came from (`herkomst`), with the GPs' and specialists' share growing a little every
year, and the transition plans (16+-plan) providers register for young people of 16 and over.

Ground truth: grondwaarheid/aanmeldingen_herkomst.csv (registrations per municipality, year and
herkomst); the plans are in the file transitieplannen itself, one per allocation that has one.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from stuurwiel.synth import kalender as kal
from stuurwiel.synth.toeval import kies

# the share of each herkomst in the first year (CBS does not count these; a plausible mix)
HERKOMST = {"huisarts": 0.20, "medisch_specialist": 0.05, "jeugdarts": 0.06, "veilig_thuis": 0.07, "school": 0.15,
            "politie": 0.03, "gecertificeerde_instelling": 0.02, "eigen_melding": 0.34, "overig": 0.08}
GROEI_ZORGVERWIJZERS = 0.08  # GPs' and specialists' weight grows 8 % a year (the target of 004 is +7,5 %)
AANDEEL_ONBEKEND = 0.03  # registrations without a herkomst, as in older files
AANDEEL_TRANSITIEPLAN = 0.7  # allocations of 16+ with a plan
PLAN_BINNEN_DAGEN = 120  # the plan follows the 16th birthday or the start within this many days


def herkomst(rng: np.random.Generator, datum: np.ndarray, eerste_jaar: int) -> np.ndarray:
    """A herkomst per registration ("" for unknown)."""
    soorten = np.array(list(HERKOMST))
    jaren = kal.jaar(datum) - eerste_jaar
    uit = np.full(len(datum), "", dtype=object)
    for j in np.unique(jaren):
        i = np.flatnonzero(jaren == j)
        gewicht = np.array([w * (1 + GROEI_ZORGVERWIJZERS) ** max(j, 0) if s in ("huisarts", "medisch_specialist")
                            else w for s, w in HERKOMST.items()])
        uit[i] = soorten[kies(rng, list(gewicht / gewicht.sum()), len(i))]
    uit[rng.random(len(datum)) < AANDEEL_ONBEKEND] = ""
    return uit


def herkomst_grondwaarheid(w, gemeente: np.ndarray, datum: np.ndarray, soort: np.ndarray) -> pa.Table:
    """Registrations per municipality, year and herkomst (empty: unknown)."""
    sleutel = np.char.add(np.char.add(gemeente.astype(str), "|"), np.char.add(kal.jaar(datum).astype(str), "|"))
    sleutel = np.char.add(sleutel, soort.astype(str))
    uniek, aantal = np.unique(sleutel, return_counts=True)
    delen = [s.split("|") for s in uniek]
    return pa.table({"gemeentecode": w.gemeentecodes.take(pa.array([int(d[0]) for d in delen])),
                     "jaar": pa.array([int(d[1]) for d in delen]), "herkomst": pa.array([d[2] for d in delen]),
                     "aantal": pa.array(aantal)})


def transitieplannen(rng: np.random.Generator, w) -> pa.Table:
    """A plan for most allocations in the files that run on or after the young person's 16th birthday."""
    tw = w.toewijzing
    geboren = w.episodes.geboortedatum[w.tw_episode()]
    zestien = kal.plus_jaren(geboren, 16)
    vanaf = np.maximum(tw.start, zestien)
    plan = vanaf + rng.integers(0, PLAN_BINNEN_DAGEN, len(tw))
    wel = ((tw.datum <= w.peildatum) & (tw.eind_toewijzing >= zestien) & (plan <= tw.eind_toewijzing)
           & (plan <= w.peildatum) & (rng.random(len(tw)) < AANDEEL_TRANSITIEPLAN))
    i = np.flatnonzero(wel)
    i = i[np.argsort(tw.nummer[i], kind="stable")]
    return pa.table({"toewijzingnummer": pa.array(tw.nummer[i]).cast(pa.string()), "datum": kal.als_datum(plan[i])})
