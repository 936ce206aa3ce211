"""Allocations (toewijzingen) cut from trajectories, their later changes, the start and stop of
care (zorgperioden) and the outcome of ended trajectories (uitkomsten).

An allocation runs at most 12 months: longer care is re-allocated in consecutive allocations with a
new toewijzingnummer for the same client, provider and product. An early end is recorded as a
second row with the same number, a later toewijzingsdatum and reden_wijziging 05 (verkorting);
an extension as 04 (verlenging).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stuurwiel.synth import kalender as kal
from stuurwiel.synth.kalibratie import (
    KANS_VERKORTINGSRIJ,
    KANS_VERLENGING,
    MAX_TOEWIJZING_DAGEN,
    RESPONS_UITKOMST,
)
from stuurwiel.synth.kolommen import Kolommen, tekst_of_leeg
from stuurwiel.synth.toeval import bereik
from stuurwiel.synth.zorg import Trajecten

EERSTE_NUMMER = 100_001
VOORTIJDIG = ("32", "33", "34", "35")


@dataclass
class Toewijzingen(Kolommen):
    traject: np.ndarray
    start: np.ndarray
    eind: np.ndarray  # last day of care under this allocation
    eind_toewijzing: np.ndarray  # einddatum of the newest row
    eind_origineel: np.ndarray  # einddatum of the first row
    datum: np.ndarray  # toewijzingsdatum of the first row
    wijziging: np.ndarray  # "", "04" or "05"
    wijzigingsdatum: np.ndarray
    volume: np.ndarray
    laatste: np.ndarray  # the last allocation of its trajectory
    nummer: np.ndarray

    def __len__(self) -> int:
        return len(self.traject)


def knip(rng: np.random.Generator, t: Trajecten, begin: int, einde: int) -> Toewijzingen:
    """Allocations of the trajectories that overlap the days begin..einde."""
    duur = t.eind - t.start + 1
    stukken = (duur + MAX_TOEWIJZING_DAGEN - 1) // MAX_TOEWIJZING_DAGEN
    traject, k = bereik(np.zeros(len(t), dtype=np.int64), stukken)
    start = t.start[traject] + k * MAX_TOEWIJZING_DAGEN
    blok_eind = start + MAX_TOEWIJZING_DAGEN - 1
    eind = np.minimum(blok_eind, t.eind[traject])
    gepland = np.minimum(blok_eind, t.gepland_eind[traject])
    laatste = k == stukken[traject] - 1
    houden = (start <= einde) & (eind >= begin)
    traject, k, start, eind, gepland, laatste = (x[houden] for x in (traject, k, start, eind, gepland, laatste))
    n = len(traject)
    datum = np.where(k == 0, start - rng.integers(0, 29, n), start - rng.integers(7, 36, n))
    wijziging = np.full(n, "", dtype="<U2")
    wijzigingsdatum = np.zeros(n, dtype=np.int64)
    verkort = laatste & (gepland > eind) & (rng.random(n) < KANS_VERKORTINGSRIJ)
    wijziging[verkort] = "05"
    wijzigingsdatum[verkort] = eind[verkort] + rng.integers(0, 21, verkort.sum())
    eind_toewijzing = np.where(verkort, eind, gepland)
    eind_origineel = gepland.copy()
    verleng = ~verkort & (eind_toewijzing - start >= 90) & (rng.random(n) < KANS_VERLENGING)
    eind_origineel[verleng] = eind_toewijzing[verleng] - rng.integers(30, 91, verleng.sum())
    wijziging[verleng] = "04"
    wijzigingsdatum[verleng] = np.maximum(eind_origineel[verleng] - rng.integers(5, 26, verleng.sum()),
                                          datum[verleng] + 1)
    return Toewijzingen(traject, start, eind, eind_toewijzing, eind_origineel, datum, wijziging, wijzigingsdatum,
                        t.omvang.volume[traject].copy(), laatste, np.zeros(n, dtype=np.int64))


def nummer(tw: Toewijzingen) -> None:
    """toewijzingnummer: numeric, in the order allocations were issued."""
    volgorde = np.lexsort((tw.traject, tw.start, tw.datum))
    tw.nummer[volgorde] = EERSTE_NUMMER + np.arange(len(tw))


def einddatum_op(tw: Toewijzingen, peildatum: int) -> np.ndarray:
    """The einddatum of the newest row known on the peildatum."""
    bekend = (tw.wijziging == "") | (tw.wijzigingsdatum <= peildatum)
    return np.where(bekend, tw.eind_toewijzing, tw.eind_origineel)


def budget_cent(budget_euro: np.ndarray, start: np.ndarray, eind: np.ndarray) -> np.ndarray:
    """A euro product's budget: the monthly amount for every calendar month it touches."""
    return budget_euro * 100 * (kal.maand(eind) - kal.maand(start) + 1)


@dataclass
class Rijen:
    """Per output row: the allocation and which version (0 first, 1 change)."""
    toewijzing: np.ndarray
    versie: np.ndarray


def rijen(tw: Toewijzingen, peildatum: int) -> Rijen:
    eerste = np.flatnonzero(tw.datum <= peildatum)
    tweede = np.flatnonzero((tw.wijziging != "") & (tw.wijzigingsdatum <= peildatum) & (tw.datum <= peildatum))
    idx = np.concatenate([eerste, tweede])
    versie = np.concatenate([np.zeros(len(eerste), np.int8), np.ones(len(tweede), np.int8)])
    datum = np.where(versie == 0, tw.datum[idx], tw.wijzigingsdatum[idx])
    volgorde = np.lexsort((versie, tw.nummer[idx], datum))
    return Rijen(idx[volgorde], versie[volgorde])


def zorgperioden_stop(rng: np.random.Generator, t: Trajecten, tw: Toewijzingen, peildatum: int
                      ) -> tuple[np.ndarray, np.ndarray]:
    """(einddatum or -1, reden) per allocation as known on the peildatum (JW307 within 10 days)."""
    gemeld = tw.eind + rng.integers(0, 11, len(tw)) <= peildatum
    # An allocation followed by the next one of the same trajectory ends according to plan.
    reden = np.where(tw.laatste, t.reden[tw.traject], "31")
    return np.where(gemeld, tw.eind, -1), np.where(gemeld, reden, "")


def uitkomsten(rng: np.random.Generator, t: Trajecten, tw: Toewijzingen, peildatum: int, begin: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(allocation index, doelrealisatie, tevredenheid or -1) of the trajectories that ended and
    were reported on; providers report within ~6 weeks and answer for about 70 %."""
    kandidaat = np.flatnonzero(tw.laatste & (tw.eind >= begin) & (tw.datum <= peildatum))
    gemeld = tw.eind[kandidaat] + rng.integers(0, 46, len(kandidaat)) <= peildatum
    kandidaat = kandidaat[gemeld & (rng.random(len(kandidaat)) < RESPONS_UITKOMST)]
    n = len(kandidaat)
    reden = t.reden[tw.traject[kandidaat]]
    voortijdig = np.isin(reden, VOORTIJDIG)
    u = rng.random(n)
    goed, matig = np.where(voortijdig, 0.10, 0.55), np.where(voortijdig, 0.50, 0.90)
    realisatie = np.where(u < goed, "volledig", np.where(u < matig, "gedeeltelijk", "niet"))
    realisatie[rng.random(n) < 0.05] = ""
    cijfer = np.where(voortijdig, rng.normal(6.2, 1.6, n), rng.normal(7.6, 1.0, n))
    cijfer = np.clip(np.round(cijfer), 1, 10).astype(np.int64)
    cijfer[rng.random(n) < 0.1] = -1
    return kandidaat, realisatie, cijfer


# --- output tables -------------------------------------------------------------------------

def tabel(w, r: Rijen) -> pa.Table:
    """toewijzingen: first rows and change rows known on the peildatum."""
    tw, t, aanbod = w.toewijzing, w.traject, w.aanbod
    i, tweede = r.toewijzing, r.versie == 1
    traject, episode = tw.traject[i], w.tw_episode(i)
    product = t.product[traject]
    euro = aanbod.eenheid[product] == "83"
    eind = np.where(tweede, tw.eind_toewijzing[i], tw.eind_origineel[i])
    freq = t.omvang.frequentie[traject]
    return pa.table({
        "toewijzingnummer": pa.array(tw.nummer[i]).cast(pa.string()),
        "bsn": w.bsn_van_episode(episode),
        "geboortedatum": kal.als_datum(w.episodes.geboortedatum[episode]),
        "geslacht": pa.array(w.episodes.geslacht[episode]),
        "gemeentecode": w.gemeentecodes.take(pa.array(w.episodes.gemeente[episode])),
        "agb_code": w.agb.take(pa.array(t.aanbieder[traject])),
        "productcategorie": pa.array(aanbod.categorie[product]),
        "productcode": pa.array(aanbod.codes[product]),
        "verwijzer_type": tekst_of_leeg(w.verwijzer[episode]),
        "verwijzer_naam": _leeg_als_null(w.verwijzer_namen.take(pa.array(w.verwijzer_naam[episode]))),
        "toewijzingsdatum": kal.als_datum(np.where(tweede, tw.wijzigingsdatum[i], tw.datum[i])),
        "ingangsdatum": kal.als_datum(tw.start[i]),
        "einddatum": kal.als_datum(eind),
        "volume": pa.array(tw.volume[i], mask=euro),
        "eenheid": pa.array(aanbod.eenheid[product], mask=euro),
        "frequentie": pa.array(freq, mask=euro),
        "budget_cent": pa.array(budget_cent(t.omvang.budget_euro[traject], tw.start[i], eind), mask=~euro),
        "reden_wijziging": tekst_of_leeg(np.where(tweede, tw.wijziging[i], "")),
    })


def _leeg_als_null(a: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(a, ""), pa.scalar(None, pa.string()), a)


def zorgperioden_tabel(w, rng: np.random.Generator, zonder_zorg: np.ndarray) -> pa.Table:
    """Start and stop of care per allocation; none for the allocations `zonder_zorg` (bool)."""
    tw, t, aanbod = w.toewijzing, w.traject, w.aanbod
    einde, reden = zorgperioden_stop(rng, t, tw, w.peildatum)
    i = np.flatnonzero((tw.datum <= w.peildatum) & (tw.start <= w.peildatum) & ~zonder_zorg)
    i = i[np.argsort(tw.nummer[i], kind="stable")]
    product, episode = w.tw_product(i), w.tw_episode(i)
    return pa.table({
        **_wie(w, i, episode),
        "productcategorie": pa.array(aanbod.categorie[product]),
        "productcode": pa.array(aanbod.codes[product]),
        "begindatum": kal.als_datum(tw.start[i]),
        "einddatum": pa.array(einde[i].astype(np.int32), pa.date32(), mask=einde[i] < 0),
        "reden_beeindiging": tekst_of_leeg(reden[i]),
    })


def uitkomsten_tabel(w, rng: np.random.Generator, zonder_zorg: np.ndarray) -> pa.Table:
    tw = w.toewijzing
    i, realisatie, cijfer = uitkomsten(rng, w.traject, tw, w.peildatum, w.begin)
    gezien = ~zonder_zorg[i]
    i, realisatie, cijfer = i[gezien], realisatie[gezien], cijfer[gezien]
    episode = w.tw_episode(i)
    return pa.table({
        **_wie(w, i, episode),
        "einddatum": kal.als_datum(tw.eind[i]),
        "doelrealisatie": tekst_of_leeg(realisatie),
        "tevredenheid": pa.array(cijfer, mask=cijfer < 0),
    })


def in_zorg(w) -> pa.Table:
    """grondwaarheid/jeugdigen_in_zorg.csv: unique clients with an allocation active per year."""
    tw = w.toewijzing
    jaar0, jaar1 = kal.jaar(tw.start), kal.jaar(tw.eind_toewijzing)
    van, tot = np.maximum(jaar0, w.jaren.start), np.minimum(jaar1, w.jaren.stop - 1)
    eigenaar, jaar = bereik(van, np.maximum(tot - van + 1, 0))
    episode = w.tw_episode(eigenaar)
    gemeente = w.episodes.gemeente[episode]
    persoon = w.persoon[episode].astype(np.int64)
    sleutel = np.unique((jaar.astype(np.int64) * 10_000 + gemeente) * 100_000_000 + persoon)
    cel = sleutel // 100_000_000
    cel, aantal = np.unique(cel, return_counts=True)
    jaar, gemeente = cel // 10_000, cel % 10_000
    volgorde = np.lexsort((jaar, gemeente))
    return pa.table({"gemeentecode": w.gemeentecodes.take(pa.array(gemeente[volgorde])),
                     "jaar": pa.array(jaar[volgorde]), "aantal": pa.array(aantal[volgorde])})


def _wie(w, i: np.ndarray, episode: np.ndarray) -> dict[str, pa.Array]:
    """The columns that name an allocation: its number, the client, the municipality, the provider."""
    return {
        "toewijzingnummer": pa.array(w.toewijzing.nummer[i]).cast(pa.string()),
        "bsn": w.bsn_van_episode(episode),
        "gemeentecode": w.gemeentecodes.take(pa.array(w.episodes.gemeente[episode])),
        "agb_code": w.agb.take(pa.array(w.tw_aanbieder(i))),
    }
