"""Injected anomalies: business-rule signals hidden in otherwise valid files, each listed in
grondwaarheid/anomalieen.csv so that the controls of Stuurwiel can be tested against them.

Every anomaly row still passes file validation: it is real money the region must see, not
malformed data. Care-level anomalies (overlapping residential care, care past 18, and the patterns
of synth/patronen.py) change trajectories or allocations before claims are made; line-level
anomalies mark (allocation, month) pairs that the claim generator alters or copies, or
allocations it makes no claims for (niet_verzilverd).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from stuurwiel.synth import kalender as kal
from stuurwiel.synth.aanbieders import Aanbieders, ander_aanbieder
from stuurwiel.synth.kalibratie import ANOMALIEEN_PER_10K_CLIENTEN, NIET_VERZILVERD_DAGEN, OPDRIJVING
from stuurwiel.synth.kolommen import referentienummers
from stuurwiel.synth.patronen import NOOIT, gestapelde_toewijzingen
from stuurwiel.synth.populatie import Episodes
from stuurwiel.synth.toewijzingen import einddatum_op
from stuurwiel.synth.zorg import Productaanbod, Trajecten, omvang

SOORTEN = ("zonder_toewijzing", "buiten_toewijzing", "boven_volume", "dubbele_declaratie",
           "dubbel_referentienummer", "overlappend_verblijf", "leeftijd_18_plus", "bedrag_afwijkend",
           "na_zorgeinde", "niet_verzilverd", "stapelen", "opdrijven", "duurder_product")
OMSCHRIJVING = {
    "zonder_toewijzing": "declaratie op een toewijzingnummer dat niet bestaat",
    "buiten_toewijzing": "declaratie voor een maand buiten de periode van de toewijzing",
    "boven_volume": "meer gedeclareerd dan voor de maand is toegewezen",
    "dubbele_declaratie": "dezelfde toewijzing en maand meer dan eens gedeclareerd, onder verschillende "
                          "referentienummers",
    "dubbel_referentienummer": "referentienummer opnieuw gebruikt voor een andere regel van dezelfde aanbieder",
    "overlappend_verblijf": "twee overlappende verblijfstoewijzingen (etmalen) bij verschillende aanbieders",
    "leeftijd_18_plus": "declaratie voor een maand waarin de jeugdige 18 jaar of ouder is",
    "bedrag_afwijkend": "bedrag is niet gelijk aan volume maal tarief",
    "na_zorgeinde": "declaratie voor een maand na het einde van de zorg (JW307), binnen de toewijzing",
    "niet_verzilverd": "toewijzing waarop nooit gedeclareerd is (de zorg is niet begonnen)",
    "stapelen": "drie producten tegelijk voor één jeugdige bij één aanbieder",
    "opdrijven": "vanaf de maand in 'vanaf' krijgen nieuwe toewijzingen van dit product meer volume",
    "duurder_product": "vanaf de maand in 'vanaf' krijgen nieuwe cliënten het duurste product van de categorie",
}
ZICHTBAAR_MARGE = 45  # days after a service month within which an anomaly line is claimed
MAAND_BITS = 12


def sleutels(toewijzing: np.ndarray, maand: np.ndarray, eerste_maand: int) -> np.ndarray:
    """One integer per (allocation, service month) pair."""
    return toewijzing.astype(np.int64) << MAAND_BITS | (maand - eerste_maand)


def aantal(clienten_per_jaar: float) -> int:
    return max(1, int(round(ANOMALIEEN_PER_10K_CLIENTEN * clienten_per_jaar / 10_000)))


def laatste_zichtbare_maand(eerste_maand: int, maanden: int, peildatum: int) -> int:
    m = kal.maand(np.array([peildatum - ZICHTBAAR_MARGE]))[0] - 1
    return int(min(m, eerste_maand + maanden - 1))


# --- care-level anomalies ------------------------------------------------------------------

def overlappend_verblijf(rng: np.random.Generator, aanbod: Productaanbod, t: Trajecten, a: Aanbieders,
                         pool: np.ndarray, n: int, begin: int, grens: int) -> Trajecten:
    """New residential trajectories (unit 14) at a second provider, overlapping existing ones.
    `pool`: jeugdregio per trajectory; `grens`: the last day the overlap may run to."""
    etmaal = np.flatnonzero(aanbod.eenheid == "14")
    duur = t.eind - t.start + 1
    kandidaat = np.flatnonzero(np.isin(t.product, etmaal) & np.isin(t.soort, (0, 3)) & (t.start >= begin)
                               & (duur >= 40) & (t.start + 30 <= grens))
    kies = np.sort(rng.choice(kandidaat, size=min(n, len(kandidaat)), replace=False))
    nieuw = t.neem(kies)
    ruimte = np.minimum(duur[kies] - 20, grens - t.start[kies] - 20)
    nieuw.start = t.start[kies] + np.floor(rng.random(len(kies)) * np.maximum(ruimte, 1)).astype(np.int64)
    nieuw.eind = np.minimum(nieuw.start + rng.integers(20, 76, len(kies)) - 1, np.minimum(t.eind[kies], grens))
    nieuw.gepland_eind = nieuw.eind.copy()
    nieuw.product = etmaal[rng.integers(len(etmaal), size=len(kies))]
    nieuw.omvang = omvang(rng, aanbod, nieuw.product)
    nieuw.reden = np.full(len(kies), "31")
    nieuw.soort = np.full(len(kies), 2, dtype=np.int8)
    nieuw.aanbieder = ander_aanbieder(rng, a, t.aanbieder[kies], aanbod.groep[nieuw.product], pool[kies],
                                      kal.jaar(nieuw.start))
    return nieuw


def achttien_plus(rng: np.random.Generator, t: Trajecten, s: Episodes, n: int, begin: int, grens: int) -> np.ndarray:
    """Extend care of clients stopped at their 18th birthday by 1-5 months; returns the trajectories."""
    achttien = s.achttien
    gestopt = (s.eind == achttien - 1) & (achttien >= begin + 31) & (achttien + 160 <= grens)
    hoofd = np.flatnonzero(np.isin(t.soort, (0, 3)) & gestopt[t.episode] & (t.eind == s.eind[t.episode]))
    kies = np.sort(rng.choice(hoofd, size=min(n, len(hoofd)), replace=False))
    langer = achttien[t.episode[kies]] - 1 + rng.integers(35, 151, len(kies))
    t.eind[kies] = langer
    t.gepland_eind[kies] = langer
    return kies


# --- line-level anomalies ------------------------------------------------------------------

@dataclass
class Declaratieanomalieen:
    """(allocation, month) keys the claim generator alters; plus the extra lines to add."""
    sleutels: np.ndarray  # sorted: allocation << 12 | month offset
    soort_van: np.ndarray  # per key: index into SOORTEN
    markeren: np.ndarray  # per key: this line is itself the anomaly (tagged in place)
    extra: dict[str, tuple[np.ndarray, np.ndarray]]  # soort -> (allocation, month) of added lines
    nep_nummer: np.ndarray  # toewijzingnummers that do not exist, for zonder_toewijzing
    achttien: np.ndarray  # bool per allocation: care continued past the 18th birthday
    achttien_dag: np.ndarray  # per allocation: the 18th birthday
    niet_verzilverd: np.ndarray  # bool per allocation: nothing is claimed on it
    opgedreven_vanaf: np.ndarray  # per allocation: the month its raised volume counts from (opdrijven)
    eerste_maand: int
    rijen: list[dict] = field(default_factory=list)

    @staticmethod
    def soort(naam: str) -> int:
        return SOORTEN.index(naam)

    def markeer(self, sleutel: np.ndarray) -> np.ndarray:
        """Index into self.sleutels per line, -1 when the line is no anomaly target."""
        if not len(self.sleutels):
            return np.full(len(sleutel), -1)
        i = np.minimum(np.searchsorted(self.sleutels, sleutel), len(self.sleutels) - 1)
        return np.where(self.sleutels[i] == sleutel, i, -1)

    def pas_toe(self, w, r, doel: np.ndarray) -> None:
        if not len(self.sleutels):
            return
        soort = np.where(doel >= 0, self.soort_van[np.maximum(doel, 0)], -1)
        teveel = np.flatnonzero(soort == self.soort("boven_volume"))
        # Well above what the allocation allows for a whole month, however one reads "per week".
        toewijzing = r.toewijzing[teveel]
        volume = w.toewijzing.volume[toewijzing]
        per_week = w.traject.omvang.frequentie[w.toewijzing.traject[toewijzing]] == "2"
        toegestaan = np.where(per_week, np.ceil(volume * kal.dagen_in_maand(r.maand[teveel]) / 7), volume)
        r.volume[teveel] = np.ceil(toegestaan * 1.4).astype(np.int64) + 1
        r.bedrag[teveel] = r.volume[teveel] * r.tarief[teveel]
        afwijkend = np.flatnonzero(soort == self.soort("bedrag_afwijkend"))
        extra = np.maximum(np.round(r.bedrag[afwijkend] * np.linspace(0.05, 0.25, len(afwijkend))), 137)
        r.bedrag[afwijkend] += extra.astype(np.int64)
        getagd = (doel >= 0) & self.markeren[np.maximum(doel, 0)]
        r.anomalie = np.where(getagd, soort, r.anomalie)

    def voor_opdrijving(self, r) -> None:
        """The lines of a raised allocation (opdrijven) before the month of the raise keep the volume
        the allocation had then."""
        voor = np.flatnonzero(r.maand < self.opgedreven_vanaf[r.toewijzing])
        voor = voor[self.opgedreven_vanaf[r.toewijzing[voor]] != NOOIT]
        r.volume[voor] = np.maximum(np.round(r.volume[voor] / OPDRIJVING), 1).astype(np.int64)
        r.bedrag[voor] = r.volume[voor] * r.tarief[voor]

    def volwassen(self, w, r) -> np.ndarray:
        """Lines of care continued past 18 for a month in which the client is 18 on every day, even
        to someone who knows only the birth month (as the store does): from the month after the
        month of the 18th birthday."""
        zeker = kal.maandbegin(kal.maand(self.achttien_dag[r.toewijzing]) + 1)
        return self.achttien[r.toewijzing] & (r.begin >= zeker)

    def extra_declaratieregels(self, w, rng: np.random.Generator, basisdeclaratieregels):
        delen = []
        for naam, (toewijzing, maand) in self.extra.items():
            n = len(toewijzing)
            r = basisdeclaratieregels(w, rng, toewijzing, maand, exact=np.ones(n, bool),
                                      volle_maand=np.full(n, naam in ("buiten_toewijzing", "na_zorgeinde")))
            r.anomalie[:] = self.soort(naam)
            if naam == "zonder_toewijzing":
                r.nummer = self.nep_nummer[:n].copy()
            delen.append(r)
        return type(delen[0]).samen(delen)

    def hergebruik_referentie(self, r, ref: np.ndarray) -> np.ndarray:
        """dubbel_referentienummer: line B (month m+1) takes the reference of line A (month m)."""
        b = np.flatnonzero((r.anomalie == self.soort("dubbel_referentienummer")) & ~r.credit)
        debet = np.flatnonzero(~r.credit & (r.vorig < 0))
        if not len(b) or not len(debet):
            return ref
        sleutel = sleutels(r.toewijzing, r.maand, self.eerste_maand)
        volgorde = debet[np.argsort(sleutel[debet], kind="stable")]
        i = np.searchsorted(sleutel[volgorde], sleutel[b] - 1)
        i = np.minimum(i, len(volgorde) - 1)
        gevonden = sleutel[volgorde[i]] == sleutel[b] - 1
        ref = ref.copy()
        ref[b[gevonden]] = ref[volgorde[i[gevonden]]]
        r.anomalie[b[~gevonden]] = -1
        return ref

    def noteer(self, w, r, ref: np.ndarray, teller) -> None:
        i = np.flatnonzero((r.anomalie >= 0) & (r.datum <= w.peildatum))
        if not len(i):
            return
        teller.anomalieen.append((r.anomalie[i], ref[i], w.tw_aanbieder(r.toewijzing[i]),
                                  w.tw_gemeente(r.toewijzing[i]), r.nummer[i]))


@dataclass
class _Kandidaten:
    """Allocations that may carry a line anomaly (each at most one) and their whole months
    fm0..fm1 that are visible on the peildatum."""
    rng: np.random.Generator
    heel_van: np.ndarray
    heel_tot: np.ndarray
    vrij: np.ndarray
    n: int

    def __post_init__(self) -> None:
        self.volgorde = self.rng.permutation(len(self.vrij))
        self.gebruikt = np.zeros(len(self.vrij), bool)

    def neem(self, geschikt: np.ndarray, aantal: int | None = None) -> np.ndarray:
        n = self.n if aantal is None else aantal
        i = self.volgorde[(geschikt & self.vrij & ~self.gebruikt)[self.volgorde]][:n]
        self.gebruikt[i] = True
        return i

    def maand(self, i: np.ndarray, hoogste: np.ndarray | None = None) -> np.ndarray:
        hoog = (self.heel_tot if hoogste is None else hoogste)[i]
        return self.heel_van[i] + np.floor(self.rng.random(len(i)) * (hoog - self.heel_van[i] + 1)).astype(np.int64)


def plan_declaratieanomalieen(rng: np.random.Generator, w, n: int, uitsluiten_traject: np.ndarray,
                              uitsluiten_aanbieder: np.ndarray, achttien_traject: np.ndarray,
                              opgedreven_vanaf: np.ndarray) -> Declaratieanomalieen:
    """Choose n allocations (and months) for each line-level anomaly."""
    tw, aanbod = w.toewijzing, w.aanbod
    product = w.tw_product()
    eenheid, freq = aanbod.eenheid[product], w.traject.omvang.frequentie[tw.traject]
    m0 = w.eerste_maand
    ms, me = kal.maand(tw.start), kal.maand(tw.eind)
    vrij = ((tw.datum <= w.peildatum) & ~aanbod.kenmerk("uitvoer")[product] & ~np.isin(tw.traject, uitsluiten_traject)
            & ~np.isin(w.tw_aanbieder(), uitsluiten_aanbieder))
    laatste = laatste_zichtbare_maand(m0, w.maanden, w.peildatum)
    k = _Kandidaten(rng, heel_van=np.maximum(ms + (tw.start != kal.maandbegin(ms)), m0),
                    heel_tot=np.minimum(me - (tw.eind != kal.maandeinde(me)), laatste), vrij=vrij, n=n)
    heel = k.heel_tot >= k.heel_van
    doelen: list[tuple[np.ndarray, np.ndarray, str, bool]] = []  # (allocation, month, soort, tagged in place)
    i = k.neem(heel & np.isin(freq, ("2", "4")) & ~np.isin(eenheid, ("14", "83", "84")))
    doelen.append((i, k.maand(i), "boven_volume", True))
    i = k.neem(heel & (eenheid != "83"))
    doelen.append((i, k.maand(i), "bedrag_afwijkend", True))
    # dubbel_referentienummer: months m and m+1 of one allocation, in the same year (one block).
    i = k.neem(k.heel_tot - k.heel_van >= 2)
    m = k.maand(i, k.heel_tot - 1)
    m = np.where(m % 12 == 11, np.where(m + 2 <= k.heel_tot[i], m + 1, m - 1), m)
    doelen += [(i, m, "dubbel_referentienummer", False), (i, m + 1, "dubbel_referentienummer", True)]
    # A duplicate of a euro product (no volume per month) raises no second signal (boven_volume).
    i = k.neem(heel & (eenheid == "83"))
    i = np.concatenate([i, k.neem(heel, n - len(i))])
    extra = {"dubbele_declaratie": (i, k.maand(i))}
    i = k.neem(heel)
    extra["zonder_toewijzing"] = (i, k.maand(i))
    # both lines of a duplicate are listed (a control flags both); the copied line of a claim
    # without allocation is itself in order
    doelen += [(*extra["dubbele_declaratie"], "dubbele_declaratie", True),
               (*extra["zonder_toewijzing"], "zonder_toewijzing", False)]
    extra["buiten_toewijzing"] = _buiten(w, k)
    extra["na_zorgeinde"] = _na_zorgeinde(w, k)
    niet_verzilverd = np.zeros(len(tw), bool)
    niet_verzilverd[_niet_verzilverd(w, k)] = True
    sleutel = np.concatenate([sleutels(i, m, m0) for i, m, _, _ in doelen])
    orde = np.argsort(sleutel, kind="stable")
    soort = np.concatenate([np.full(len(i), SOORTEN.index(s)) for i, _, s, _ in doelen])
    markeren = np.concatenate([np.full(len(i), g) for i, _, _, g in doelen])
    nep = int(tw.nummer.max(initial=0)) + 1000 + np.arange(n) * 7
    return Declaratieanomalieen(sleutel[orde], soort[orde], markeren[orde], extra, nep,
                                np.isin(tw.traject, achttien_traject), w.episodes.achttien[w.tw_episode()],
                                niet_verzilverd, opgedreven_vanaf, m0)


def _buiten(w, k: _Kandidaten) -> tuple[np.ndarray, np.ndarray]:
    """buiten_toewijzing: the month after the einddatum the file shows on the peildatum (while the
    client is still a minor, so that the line is one signal only)."""
    tw = w.toewijzing
    eind_bestand = einddatum_op(tw, w.peildatum)
    na = kal.maand(eind_bestand) + 1
    laatste = laatste_zichtbare_maand(w.eerste_maand, w.maanden, w.peildatum)
    minderjarig = kal.maandeinde(na) < w.episodes.achttien[w.tw_episode()]
    i = k.neem((na >= w.eerste_maand) & (na <= laatste) & (eind_bestand >= tw.eind) & minderjarig)
    return i, na[i]


def _na_zorgeinde(w, k: _Kandidaten) -> tuple[np.ndarray, np.ndarray]:
    """na_zorgeinde: the month after care stopped early (the stop, JW307, is in the file), while the
    allocation the file shows still runs to the end of that month: inside the allocation, after the care."""
    tw = w.toewijzing
    na = kal.maand(tw.eind) + 1
    laatste = laatste_zichtbare_maand(w.eerste_maand, w.maanden, w.peildatum)
    minderjarig = kal.maandeinde(na) < w.episodes.achttien[w.tw_episode()]
    i = k.neem((na >= w.eerste_maand) & (na <= laatste) & (kal.maandeinde(na) <= einddatum_op(tw, w.peildatum))
               & minderjarig)
    return i, na[i]


def _niet_verzilverd(w, k: _Kandidaten) -> np.ndarray:
    """niet_verzilverd: allocations, the only one of their trajectory, begun NIET_VERZILVERD_DAGEN or
    more before the peildatum (their claims would long have come) on which nothing is claimed."""
    tw = w.toewijzing
    enige = (tw.start == w.traject.start[tw.traject]) & tw.laatste
    duur = einddatum_op(tw, w.peildatum) - tw.start + 1
    return k.neem(enige & (tw.start >= w.begin) & (tw.start <= w.peildatum - NIET_VERZILVERD_DAGEN) & (duur >= 60))


def _partners(w, nieuw: np.ndarray) -> np.ndarray:
    """The residential allocations (as the file shows them) that the injected ones overlap."""
    tw = w.toewijzing
    eind = einddatum_op(tw, w.peildatum)
    episode = w.tw_episode()
    kandidaat = np.flatnonzero((w.aanbod.eenheid[w.tw_product()] == "14") & (tw.datum <= w.peildatum)
                               & np.isin(episode, episode[nieuw]) & ~np.isin(np.arange(len(tw)), nieuw))
    uit = [kandidaat[(episode[kandidaat] == episode[i]) & (tw.start[kandidaat] <= eind[i])
                     & (tw.start[i] <= eind[kandidaat])] for i in nieuw]  # a few dozen injected allocations
    return np.unique(np.concatenate(uit)) if uit else np.zeros(0, dtype=np.int64)


@dataclass
class Grondwaarheid:
    """The rows of grondwaarheid/anomalieen.csv, gathered per kind."""
    delen: list[dict[str, np.ndarray]] = field(default_factory=list)

    def voeg_toe(self, soort, tabel: str, sleutel, agb, gemeente, vanaf=None) -> None:
        """`soort`: one kind for all rows, or one per row."""
        n = len(sleutel)
        self.delen.append({"soort": np.broadcast_to(np.asarray(soort), n), "tabel": np.full(n, tabel),
                           "sleutel": np.asarray(sleutel), "agb_code": np.asarray(agb),
                           "gemeentecode": np.asarray(gemeente),
                           "vanaf": np.full(n, "") if vanaf is None else np.asarray(vanaf)})

    def toewijzingen(self, w, soort: str, i: np.ndarray) -> None:
        self.voeg_toe(soort, "toewijzingen", w.toewijzing.nummer[i].astype(str), np.array(w.aanbieders.agb)[
            w.tw_aanbieder(i)], np.array(w.regio.gemeente_codes)[w.tw_gemeente(i)])

    def aanbieders(self, w, soort: str, p, sleutel: np.ndarray) -> None:
        agb = np.array(w.aanbieders.agb)[p.aanbieder]
        vanaf = [kal.datum(d).isoformat() for d in kal.maandbegin(p.vanaf)]
        self.voeg_toe(soort, "aanbieders", np.char.add(np.char.add(agb, " "), sleutel), agb, np.full(len(agb), ""),
                      vanaf)

    def tabel(self) -> pa.Table:
        kolom = {k: np.concatenate([d[k].astype(str) for d in self.delen]) for k in self.delen[0]}
        volgorde = np.lexsort((kolom["sleutel"], np.array([SOORTEN.index(x) for x in kolom["soort"]])))
        uit = {k: pa.array(v[volgorde]) for k, v in kolom.items() if k != "vanaf"}
        uit["omschrijving"] = pa.array([OMSCHRIJVING[s] for s in kolom["soort"][volgorde]])
        uit["vanaf"] = pa.array(kolom["vanaf"][volgorde])
        return pa.table(uit)


def tabel(w, teller, geplant: dict) -> pa.Table:
    """grondwaarheid/anomalieen.csv: soort, tabel, sleutel, agb_code, gemeentecode, omschrijving, vanaf
    (the first month of a provider's pattern). `geplant`: the care-level anomalies (simulatie._wereld)."""
    g = Grondwaarheid()
    for s, ref, a, gem, _nummer in teller.anomalieen:
        g.voeg_toe(np.array(SOORTEN)[s], "declaraties", referentienummers(ref).to_pylist(),
                   np.array(w.aanbieders.agb)[a], np.array(w.regio.gemeente_codes)[gem])
    overlap = geplant["overlap_toewijzingen"]
    g.toewijzingen(w, "overlappend_verblijf", np.concatenate([overlap, _partners(w, overlap)]))
    g.toewijzingen(w, "stapelen", gestapelde_toewijzingen(w, geplant["stapel_trajecten"]))
    g.toewijzingen(w, "niet_verzilverd", np.flatnonzero(geplant["declaratieanomalieen"].niet_verzilverd))
    opdrijvers, duurder = geplant["opdrijvers"], geplant["duurder_product"]
    g.aanbieders(w, "opdrijven", opdrijvers, w.aanbod.codes[opdrijvers.product])
    g.aanbieders(w, "duurder_product", duurder, w.aanbod.categorie[duurder.product])
    return g.tabel()
