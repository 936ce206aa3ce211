"""Claim lines (declaraties, JW323) with their status (JW325): one line per allocation per
calendar month of service, claimed after a lag, some credited and re-claimed, a few rejected.

Lines are made per service year (and in blocks within a year for big regions), all columns at
once; the ground truth of cost per municipality, segment and service month is summed on the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stuurwiel.synth import kalender as kal
from stuurwiel.synth.anomalieen import Declaratieanomalieen, sleutels
from stuurwiel.synth.kalibratie import (
    INGEDIEND_DAGEN,
    KANS_AFGEWEZEN,
    KANS_CREDIT,
    KANS_HERDECLARATIE,
    KANS_LAAT,
    KANS_ZEER_LAAT,
    LAG_AANBIEDER_SIGMA,
    LAG_BATCH_MEDIAAN_DAGEN,
    LAG_BATCH_SIGMA,
    LAG_LAAT_MEDIAAN_DAGEN,
    LAG_ZEER_LAAT_DAGEN,
    SEIZOEN,
)
from stuurwiel.synth.kolommen import Kolommen, referentienummers
from stuurwiel.synth.toeval import bereik, stroom
from stuurwiel.synth.wereld import Wereld

BLOK_DECLARATIEREGELS = 3_000_000  # lines made at once; bounds memory for the national region


@dataclass
class Declaratieregels(Kolommen):
    """Claim lines under construction (one entry per line)."""
    toewijzing: np.ndarray
    maand: np.ndarray
    begin: np.ndarray
    eind: np.ndarray
    volume: np.ndarray
    tarief: np.ndarray
    bedrag: np.ndarray
    datum: np.ndarray
    credit: np.ndarray  # bool
    afgewezen: np.ndarray  # bool, the final decision
    vorig: np.ndarray  # index of the line this one credits, -1
    nummer: np.ndarray  # toewijzingnummer claimed against
    anomalie: np.ndarray  # index into anomalieen.SOORTEN, -1

    def __len__(self) -> int:
        return len(self.toewijzing)


@dataclass
class Kosten:
    """Ground truth accumulated over all lines, including those dated after the peildatum."""
    definitief: np.ndarray  # [gemeente, segment, maand] eurocent
    bekend: np.ndarray  # only lines dated <= peildatum
    per_aanbieder: np.ndarray  # [aanbieder, jaar] final

    def tel(self, w: Wereld, r: Declaratieregels) -> None:
        teken = np.where(r.credit, -1, 1) * np.where(r.afgewezen, 0, 1)
        bedrag = (r.bedrag * teken).astype(np.float64)
        product, gemeente = w.tw_product(r.toewijzing), w.tw_gemeente(r.toewijzing)
        segment = w.aanbod.segment_op(product, r.maand)
        m = r.maand - w.eerste_maand
        ok = (segment >= 0) & (m >= 0) & (m < w.maanden)
        vorm = self.definitief.shape
        cel = np.ravel_multi_index((gemeente[ok], segment[ok], m[ok]), vorm)
        self.definitief += np.bincount(cel, bedrag[ok], minlength=np.prod(vorm)).reshape(vorm)
        bekend = ok & (r.datum <= w.peildatum)
        cel = np.ravel_multi_index((gemeente[bekend], segment[bekend], m[bekend]), vorm)
        self.bekend += np.bincount(cel, bedrag[bekend], minlength=np.prod(vorm)).reshape(vorm)
        vorm = self.per_aanbieder.shape
        cel = np.ravel_multi_index((w.tw_aanbieder(r.toewijzing)[ok], m[ok] // 12), vorm)
        self.per_aanbieder += np.bincount(cel, bedrag[ok], minlength=np.prod(vorm)).reshape(vorm)


def nieuwe_kosten(w: Wereld) -> Kosten:
    vorm = (len(w.regio.gemeenten), len(w.aanbod.segmenten), w.maanden)
    return Kosten(np.zeros(vorm), np.zeros(vorm), np.zeros((len(w.aanbieders), len(w.jaren))))


def batchvertraging(w: Wereld) -> np.ndarray:
    """Days from the end of a service month to the provider's monthly claim, [aanbieder, maand]."""
    rng = stroom(w.seed, "vertraging")
    traag = rng.lognormal(0.0, LAG_AANBIEDER_SIGMA, len(w.aanbieders))
    vertraging = rng.lognormal(np.log(LAG_BATCH_MEDIAAN_DAGEN), LAG_BATCH_SIGMA, (len(w.aanbieders), w.maanden))
    return np.ceil(vertraging * traag[:, None]).astype(np.int64)


# --- base lines ----------------------------------------------------------------------------

def maanden_van_jaar(w: Wereld, jaar: int) -> tuple[np.ndarray, np.ndarray]:
    """(allocation, service month) pairs of the year: every month with care, or for an output
    product (diagnostiek) only the month it was completed."""
    tw = w.toewijzing
    m0, m1 = kal.maand_van_jaar(jaar), kal.maand_van_jaar(jaar, 12)
    eerste = eerste_dienstmaand(w, slice(None))
    van, tot = np.maximum(eerste, m0), np.minimum(kal.maand(tw.eind), m1)
    aantal = np.where(tw.eind >= tw.start, np.maximum(tot - van + 1, 0), 0)
    return bereik(van, aantal)


def eerste_dienstmaand(w: Wereld, toewijzing: np.ndarray | slice) -> np.ndarray:
    """An allocation's first month of service; for an output product (diagnostiek) the month it is completed."""
    tw = w.toewijzing
    uitvoer = w.aanbod.kenmerk("uitvoer")[w.tw_product(toewijzing)]
    return np.where(uitvoer, kal.maand(tw.eind[toewijzing]), kal.maand(tw.start[toewijzing]))


def basisdeclaratieregels(w: Wereld, rng: np.random.Generator, toewijzing: np.ndarray, maand: np.ndarray,
                          exact: np.ndarray, volle_maand: np.ndarray | None = None) -> Declaratieregels:
    """Debit lines for (allocation, month) pairs. `exact` lines get the expected volume without
    noise (so a duplicate repeats it); `volle_maand` lines cover the whole month whatever the
    allocation says (a claim outside the allocation)."""
    tw = w.toewijzing
    n = len(toewijzing)
    product = w.tw_product(toewijzing)
    mb, me = kal.maandbegin(maand), kal.maandeinde(maand)
    begin, eind = np.maximum(tw.start[toewijzing], mb), np.minimum(tw.eind[toewijzing], me)
    if volle_maand is not None:
        begin, eind = np.where(volle_maand, mb, begin), np.where(volle_maand, me, eind)
    volume = geleverd(w, rng, toewijzing, maand, (eind - begin + 1).astype(float), exact)
    eenheid = w.aanbod.eenheid[product]
    tarief = np.where(eenheid == "83", 100, w.aanbod.tarief_op(product, kal.jaar_van_maand(maand)))
    leeg = np.full(n, -1, dtype=np.int64)
    return Declaratieregels(toewijzing, maand, begin, eind, volume, tarief, volume * tarief, np.zeros(n, np.int64),
                            np.zeros(n, bool), np.zeros(n, bool), leeg, tw.nummer[toewijzing], leeg.copy())


def geleverd(w: Wereld, rng: np.random.Generator, toewijzing: np.ndarray, maand: np.ndarray, dagen: np.ndarray,
             exact: np.ndarray) -> np.ndarray:
    """Delivered volume for `dagen` of care in a month: the omvang times the trajectory's use
    (verzilvering), the season and some noise, never above what the allocation allows."""
    tw, t, aanbod = w.toewijzing, w.traject, w.aanbod
    n = len(toewijzing)
    traject = tw.traject[toewijzing]
    product = t.product[traject]
    freq, vol, eenheid = t.omvang.frequentie[traject], tw.volume[toewijzing], aanbod.eenheid[product]
    deel = dagen / kal.dagen_in_maand(maand)
    seizoen = np.where(aanbod.kenmerk("seizoen")[product], np.array(SEIZOEN)[kal.maand_in_jaar(maand)], 1.0)
    factor = t.omvang.verzilvering[traject] * seizoen * np.where(exact, 1.0, rng.uniform(0.88, 1.08, n))
    afwezig = np.where(exact | (rng.random(n) > 0.08), 0, rng.integers(1, 4, n))  # days away from a placement
    per_week = np.minimum(np.floor(vol * dagen / 7), np.round(vol * dagen / 7 * factor))
    per_maand = np.minimum(vol, np.round(vol * deel * factor))
    budget = t.omvang.budget_euro[traject]
    euro = np.minimum(budget, np.round(budget * deel * factor))
    volume = np.select(
        [eenheid == "83", freq == "6", eenheid == "84", eenheid == "14", freq == "2", freq == "4"],
        [euro, vol, vol, np.maximum(vol * dagen // 7 - afwezig, 1), per_week, per_maand], 0).astype(np.int64)
    return np.where(exact, np.maximum(volume, 1), volume)


def vertraag(w: Wereld, rng: np.random.Generator, r: Declaratieregels, batch: np.ndarray, snel: np.ndarray) -> None:
    """Claim date: the provider's monthly batch, some lines late, a few very late; `snel` lines
    (anomalies that must be visible) go in within 5-40 days."""
    n = len(r)
    m = np.clip(r.maand - w.eerste_maand, 0, w.maanden - 1)
    vertraging = batch[w.tw_aanbieder(r.toewijzing), m]
    laat = rng.random(n)
    laat_dagen = np.ceil(rng.lognormal(np.log(LAG_LAAT_MEDIAAN_DAGEN), 0.8, n))
    vertraging = vertraging + np.where(laat < KANS_LAAT, laat_dagen, 0)
    # A very late line never is an allocation's first claimed month in the data: an allocation with
    # nothing claimed for a year is an anomaly of its own (niet_verzilverd).
    eerste = np.maximum(eerste_dienstmaand(w, r.toewijzing), w.eerste_maand)
    zeer_laat = (laat < KANS_ZEER_LAAT) & (r.maand > eerste)
    vertraging = vertraging + np.where(zeer_laat, rng.integers(*LAG_ZEER_LAAT_DAGEN, n), 0)
    vertraging = np.where(snel, rng.integers(5, 41, n), vertraging)
    r.datum = kal.maandeinde(r.maand) + vertraging.astype(np.int64)


# --- corrections and decisions ------------------------------------------------------------

def corrigeer(w: Wereld, rng: np.random.Generator, r: Declaratieregels, beschermd: np.ndarray) -> Declaratieregels:
    """Credit some lines (same amount, vorig = the line) with a new debit for the corrected volume;
    reject a few, most of which are claimed again."""
    n = len(r)
    vrij = ~beschermd
    credit = np.flatnonzero(vrij & (rng.random(n) < KANS_CREDIT))
    datum_c = r.datum[credit] + np.maximum(np.ceil(rng.lognormal(np.log(60), 0.6, len(credit))), 7).astype(np.int64)
    c = r.neem(credit)
    c.credit[:] = True
    c.vorig = credit
    c.datum = datum_c
    nieuw = r.neem(credit)
    nieuw.volume = np.floor(nieuw.volume * rng.uniform(0.5, 0.95, len(credit))).astype(np.int64)
    nieuw.bedrag = nieuw.volume * nieuw.tarief
    nieuw.datum = datum_c
    nieuw = nieuw.neem(np.flatnonzero(nieuw.volume >= 1))
    # A decision on a line younger than INGEDIEND_DAGEN is not known on the peildatum; only older
    # (or future) lines can be rejected, so a line shown as ingediend is never rejected later.
    beslist = (r.datum <= w.peildatum - INGEDIEND_DAGEN) | (r.datum > w.peildatum)
    kan = vrij & beslist
    kan[credit] = False
    af = np.flatnonzero(kan & (rng.random(n) < KANS_AFGEWEZEN))
    r.afgewezen[af] = True
    opnieuw = af[rng.random(len(af)) < KANS_HERDECLARATIE]
    her = r.neem(opnieuw)
    her.afgewezen[:] = False
    her.datum = her.datum + rng.integers(20, 76, len(opnieuw))
    return Declaratieregels.samen([r, c, nieuw, her])


# --- reference numbers and the output table ----------------------------------------------

@dataclass
class Teller:
    volgende: int = 1
    anomalieen: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)


def referenties(r: Declaratieregels, teller: Teller) -> tuple[Declaratieregels, np.ndarray]:
    """Sort lines by claim date and give each its referentienummer (a running number)."""
    volgorde = np.lexsort((r.maand, r.nummer, r.datum))
    positie = np.empty(len(r), dtype=np.int64)
    positie[volgorde] = np.arange(len(r))
    r = r.neem(volgorde)
    r.vorig = np.where(r.vorig >= 0, positie[np.maximum(r.vorig, 0)], -1)
    ref = teller.volgende + np.arange(len(r))
    teller.volgende += len(r)
    return r, ref


def tabel(w: Wereld, r: Declaratieregels, ref: np.ndarray) -> pa.Table:
    """The lines known on the peildatum, in the columns of the exchange file."""
    zichtbaar = np.flatnonzero(r.datum <= w.peildatum)
    vorig = np.where(r.vorig >= 0, ref[np.maximum(r.vorig, 0)], -1)[zichtbaar]
    r, ref = r.neem(zichtbaar), ref[zichtbaar]
    product = pa.array(w.tw_product(r.toewijzing))
    status = np.where(r.afgewezen, "afgewezen", "toegekend")
    status = np.where(r.datum > w.peildatum - INGEDIEND_DAGEN, "ingediend", status)
    vorig_tekst = referentienummers(np.maximum(vorig, 0))
    return pa.table({
        "referentienummer": referentienummers(ref),
        "vorig_referentienummer": pc.if_else(pa.array(vorig >= 0), vorig_tekst, pa.scalar(None, pa.string())),
        "toewijzingnummer": pa.array(r.nummer).cast(pa.string()),
        "bsn": w.bsn_van_episode(w.tw_episode(r.toewijzing)),
        "gemeentecode": w.gemeentecodes.take(pa.array(w.tw_gemeente(r.toewijzing))),
        "agb_code": w.agb.take(pa.array(w.tw_aanbieder(r.toewijzing))),
        "productcategorie": pa.array(w.aanbod.categorie).take(product),
        "productcode": pa.array(w.aanbod.codes).take(product),
        "periode_begin": kal.als_datum(r.begin),
        "periode_eind": kal.als_datum(r.eind),
        "geleverd_volume": pa.array(r.volume),
        "eenheid": pa.array(w.aanbod.eenheid).take(product),
        "tarief_cent": pa.array(r.tarief),
        "bedrag_cent": pa.array(r.bedrag),
        "debet_credit": pa.array(np.where(r.credit, "C", "D")),
        "declaratiedatum": kal.als_datum(r.datum),
        "status": pa.array(status),
    })


# --- the whole flow -----------------------------------------------------------------------

def declaraties(w: Wereld, an: Declaratieanomalieen, kosten: Kosten, teller: Teller,
                voortgang=lambda *a: None) -> Iterator[pa.Table]:
    """Tables of claim lines, per service year (in blocks), then the injected extra lines."""
    batch = batchvertraging(w)
    voortgang("declaraties", 0, len(w.jaren))
    for ji, jaar in enumerate(w.jaren):
        toewijzing, maand = maanden_van_jaar(w, jaar)
        for b, (van, tot) in enumerate(_blokken(toewijzing)):
            rng = stroom(w.seed, "declaraties", jaar, b)
            yield _blok(w, rng, an, batch, toewijzing[van:tot], maand[van:tot], kosten, teller)
        voortgang("declaraties", ji + 1, len(w.jaren))
    rng = stroom(w.seed, "declaraties", "anomalieen")
    yield _extra(w, rng, an, batch, kosten, teller)


def _blokken(toewijzing: np.ndarray) -> list[tuple[int, int]]:
    """Ranges of about BLOK_REGELS lines that never split one allocation's months."""
    n = len(toewijzing)
    grenzen = [0]
    while grenzen[-1] + BLOK_DECLARATIEREGELS < n:
        knip = grenzen[-1] + BLOK_DECLARATIEREGELS
        wissel = np.flatnonzero(toewijzing[knip:] != toewijzing[knip - 1])
        if not len(wissel):
            break
        grenzen.append(knip + int(wissel[0]))
    grenzen.append(n)
    return list(zip(grenzen[:-1], grenzen[1:], strict=True))


def _blok(w: Wereld, rng, an: Declaratieanomalieen, batch, toewijzing, maand, kosten: Kosten, teller: Teller
          ) -> pa.Table:
    doel = an.markeer(sleutels(toewijzing, maand, w.eerste_maand))
    r = basisdeclaratieregels(w, rng, toewijzing, maand, exact=doel >= 0)
    an.voor_opdrijving(r)
    achttien = an.volwassen(w, r)
    beschermd = (doel >= 0) | achttien
    an.pas_toe(w, r, doel)
    r.anomalie = np.where(achttien, an.soort("leeftijd_18_plus"), r.anomalie)
    houden = (r.volume >= 1) & ~an.niet_verzilverd[r.toewijzing]
    r, beschermd = r.neem(np.flatnonzero(houden)), beschermd[houden]
    vertraag(w, rng, r, batch, snel=beschermd)
    r = corrigeer(w, rng, r, beschermd)
    return _afronden(w, an, r, kosten, teller)


def _extra(w: Wereld, rng, an: Declaratieanomalieen, batch, kosten: Kosten, teller: Teller) -> pa.Table:
    r = an.extra_declaratieregels(w, rng, basisdeclaratieregels)
    vertraag(w, rng, r, batch, snel=np.ones(len(r), bool))
    return _afronden(w, an, r, kosten, teller)


def _afronden(w: Wereld, an: Declaratieanomalieen, r: Declaratieregels, kosten: Kosten, teller: Teller) -> pa.Table:
    kosten.tel(w, r)
    r, ref = referenties(r, teller)
    ref = an.hergebruik_referentie(r, ref)
    an.noteer(w, r, ref, teller)
    return tabel(w, r, ref)
