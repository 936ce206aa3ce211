"""Providers: names, AGB codes, contract forms, size, which segments they offer, when they enter,
which provider a trajectory goes to, budget ceilings and waiting lists.

Size is lognormal, so a fifth of the providers carries most of the cost. In a region spanning
several jeugdregio's (the national region) each provider belongs to one jeugdregio, except a few
national ones; within one jeugdregio every provider serves every municipality.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from stuurwiel.config.referentie import gemeenten as alle_gemeenten
from stuurwiel.config.regio import Regio
from stuurwiel.synth import kalender as kal
from stuurwiel.synth.kalibratie import (
    AANBIEDER_GROOTTE_SIGMA,
    AANBIEDERS_EXPONENT,
    AANBIEDERS_MINIMUM,
    AANBIEDERS_MINIMUM_PER_JEUGDREGIO,
    AANBIEDERS_REFERENTIE,
    AANDEEL_LANDELIJKE_AANBIEDERS,
    AANDEEL_MET_PLAFOND,
    AANDEEL_MET_WACHTLIJST,
    AANDEEL_NIEUWE_AANBIEDERS,
    AANDEEL_PLAFOND_BEREIKT,
    CLIENTEN_REFERENTIE,
    CONTRACTVORMEN,
)
from stuurwiel.synth.toeval import kies
from stuurwiel.synth.zorg import Productaanbod

LANDELIJK_GEWICHT = 0.35  # a national provider's pull in a jeugdregio, relative to a local one
MIN_PER_GROEP = 2  # providers per segment and jeugdregio from the start

SOORT = ("Stichting", "Jeugdhulp", "Zorggroep", "Praktijk", "Jeugdzorg", "Behandelcentrum", "Gezinshuis",
         "Orthopedagogisch Centrum", "Zorgboerderij", "Kindertherapie", "Begeleiding", "Jeugd-GGZ",
         "Pleegzorg", "Ambulante Hulp", "Logeerhuis", "Coachingpraktijk", "Kinderpraktijk", "Gezinscoaching")
KERN = ("De Linde", "Het Anker", "De Brug", "Kompasroos", "De Horizon", "Het Baken", "De Wilg", "De Meander",
        "Zonnehoek", "De Vlinder", "De Kleine Haven", "Merwezicht", "Lingehof", "Waalkant", "Het Dijkhuis",
        "De Boomgaard", "De Hoeve", "Noorderlicht", "Zuiderkruis", "Eikenrode", "Sterrenwacht", "Het Vogelnest",
        "De Zeester", "Windkracht", "De Bolder", "Oeverloos", "De Beuk", "Het Palet", "Uitzicht", "Kiemkracht",
        "De Verbinding", "Groeikracht", "Stapsteen", "Het Open Venster", "Duinzicht", "Polderhart",
        "Koersvast", "De Wending", "Veerkracht", "Wegwijzer", "Lichtpunt", "Het Trefpunt", "De Zandloper",
        "Houvast", "Op Koers", "Talentrijk", "De Ontdekking", "Het Kreupelhout", "De Schakel", "Rietland",
        "De Esdoorn", "Morgenrood", "De Vuurtoren", "Het Zwanenhuis", "Klaproos", "De Kastanje", "Binnenwaard",
        "Buitenhof", "De Gouden Draad", "Het Wiel", "Vaarwater", "De Molenwiek", "Zilverspar", "Kleurrijk",
        "De Ster", "Bruggenbouwers", "Het Nest", "Samen Sterk", "De Overstap", "Tij", "Dijkgraaf", "Springlevend")
TOEVOEGING = ("", "", "", " B.V.", " Jeugd & Gezin", " Zorg", " Kind en Gezin", " Jeugd")


@dataclass
class Aanbieders:
    agb: list[str]
    naam: list[str]
    contractvorm: list[str]
    grootte: np.ndarray
    pool: np.ndarray  # jeugdregio index, -1 for a national provider
    instap_jaar: np.ndarray  # the first year it can receive clients
    biedt: np.ndarray  # [aanbieder, groep] offers the segment

    def __len__(self) -> int:
        return len(self.agb)


def pools(regio: Regio) -> tuple[list[str], np.ndarray]:
    """The jeugdregio's the region spans and the pool of each municipality."""
    regio_van = [alle_gemeenten()[c].jeugdregio for c in regio.gemeente_codes]
    namen = sorted(set(regio_van))
    return namen, np.array([namen.index(r) for r in regio_van])


def aantal(clienten_per_jaar: float) -> int:
    n = AANBIEDERS_REFERENTIE * (clienten_per_jaar / CLIENTEN_REFERENTIE) ** AANBIEDERS_EXPONENT
    return max(AANBIEDERS_MINIMUM, int(round(n)))


def maak(rng: np.random.Generator, regio: Regio, aanbod: Productaanbod, jaren: range, clienten_per_pool: np.ndarray,
         vraag_per_groep: np.ndarray) -> Aanbieders:
    """`clienten_per_pool`: clients a year per jeugdregio; `vraag_per_groep`: share of trajectories."""
    n = aantal(clienten_per_pool.sum())
    landelijk = len(clienten_per_pool) > 1
    n_landelijk = int(round(n * AANDEEL_LANDELIJKE_AANBIEDERS)) if landelijk else 0
    lokaal = clienten_per_pool ** AANBIEDERS_EXPONENT
    minimum = AANBIEDERS_MINIMUM_PER_JEUGDREGIO if landelijk else AANBIEDERS_MINIMUM
    per_pool = np.maximum(np.round(lokaal / lokaal.sum() * (n - n_landelijk)), minimum).astype(int)
    pool = np.concatenate([np.full(n_landelijk, -1), np.repeat(np.arange(len(per_pool)), per_pool)])
    n = len(pool)
    grootte = rng.lognormal(0.0, AANBIEDER_GROOTTE_SIGMA, n)
    grootte[pool == -1] *= 4
    nieuw = (rng.random(n) < AANDEEL_NIEUWE_AANBIEDERS) & (pool >= 0) & (len(jaren) > 1)
    instap = np.where(nieuw, rng.integers(jaren.start + 1, jaren.stop, n) if len(jaren) > 1 else jaren.start, 0)
    grootte[nieuw] *= 0.5
    biedt = _segmenten(rng, grootte, pool, instap, vraag_per_groep)
    plaatsen = [g.naam for g in regio.gemeenten]
    return Aanbieders(agb=_agb(rng, n), naam=_namen(rng, n, plaatsen), contractvorm=_contractvorm(rng, grootte),
                      grootte=grootte, pool=pool, instap_jaar=instap, biedt=biedt)


def _segmenten(rng: np.random.Generator, grootte: np.ndarray, pool: np.ndarray, instap: np.ndarray,
               vraag: np.ndarray) -> np.ndarray:
    n, n_groep = len(grootte), len(vraag)
    rang = np.argsort(np.argsort(grootte)) / max(n - 1, 1)  # 0 smallest, 1 largest
    extra = rng.binomial(n_groep - 1, 0.05 + 0.4 * rang ** 2)
    kansen = np.maximum(vraag, 1e-6) ** 0.7
    biedt = np.zeros((n, n_groep), dtype=bool)
    for i in range(n):  # a few hundred providers, not claim lines
        biedt[i, rng.choice(n_groep, size=extra[i] + 1, replace=False, p=kansen / kansen.sum())] = True
    # Every segment needs a few providers in every jeugdregio from the first day.
    for p in np.unique(pool[pool >= 0]):
        leden = np.flatnonzero(((pool == p) | (pool == -1)) & (instap == 0))
        leden = leden[np.argsort(-grootte[leden], kind="stable")]
        for g in range(n_groep):
            tekort = MIN_PER_GROEP - biedt[leden, g].sum()
            if tekort > 0:
                biedt[leden[~biedt[leden, g]][:tekort], g] = True
    return biedt


def _agb(rng: np.random.Generator, n: int) -> list[str]:
    # AGB codes of youth-care organisations begin with their zorgverlenerssoort; 98 here.
    return [f"98{x:06d}" for x in rng.choice(1_000_000, size=n, replace=False)]


def _namen(rng: np.random.Generator, n: int, plaatsen: list[str]) -> list[str]:
    namen: list[str] = []
    gezien: set[str] = set()
    for _ in range(n):
        naam = f"{SOORT[rng.integers(len(SOORT))]} {KERN[rng.integers(len(KERN))]}"
        naam += TOEVOEGING[rng.integers(len(TOEVOEGING))]
        while naam in gezien:
            naam = f"{naam} {plaatsen[rng.integers(len(plaatsen))]}"
            if naam in gezien:
                naam += f" {rng.integers(2, 9)}"
        gezien.add(naam)
        namen.append(naam[:200])
    return namen


def _contractvorm(rng: np.random.Generator, grootte: np.ndarray) -> list[str]:
    vormen = list(CONTRACTVORMEN)
    keuze = kies(rng, list(CONTRACTVORMEN.values()), len(grootte))
    # The largest providers mostly have a lump-sum (taakgericht) contract.
    groot = grootte >= np.quantile(grootte, 0.95)
    keuze[groot & (rng.random(len(grootte)) < 0.7)] = vormen.index("taakgericht")
    return [vormen[k] for k in keuze]


def kies_aanbieder(rng: np.random.Generator, a: Aanbieders, groep: np.ndarray, pool: np.ndarray,
                   jaar: np.ndarray) -> np.ndarray:
    """A provider for each trajectory, by segment group, jeugdregio and start year (size-weighted)."""
    n = len(groep)
    jaar = np.maximum(jaar, 1)
    sleutel = (pool.astype(np.int64) * 1000 + groep) * 10_000 + jaar
    volgorde = np.argsort(sleutel, kind="stable")
    uniek, begin = np.unique(sleutel[volgorde], return_index=True)
    grenzen = np.append(begin, n)
    u = rng.random(n)
    uit = np.empty(n, dtype=np.int64)
    for k, s in enumerate(uniek):
        rijen = volgorde[grenzen[k]:grenzen[k + 1]]
        p, g, j = s // 10_000_000, (s // 10_000) % 1000, s % 10_000
        w = _gewicht(a, g, p, j)
        cumulatief = np.cumsum(w)
        uit[rijen] = np.minimum(np.searchsorted(cumulatief, u[rijen] * cumulatief[-1], side="right"), len(w) - 1)
    return uit


def _gewicht(a: Aanbieders, groep: int, pool: int, jaar: int) -> np.ndarray:
    actief = a.instap_jaar <= jaar
    plek = np.where(a.pool == pool, 1.0, np.where(a.pool == -1, LANDELIJK_GEWICHT, 0.0))
    for w in (a.grootte * a.biedt[:, groep] * actief * plek, a.grootte * a.biedt[:, groep] * actief,
              a.grootte * actief):
        if w.sum() > 0:
            return w
    return a.grootte.copy()


def ander_aanbieder(rng: np.random.Generator, a: Aanbieders, huidig: np.ndarray, groep: np.ndarray,
                    pool: np.ndarray, jaar: np.ndarray) -> np.ndarray:
    """Like kies_aanbieder, but not the current provider (a switch, reden 38) where possible."""
    uit = kies_aanbieder(rng, a, groep, pool, jaar)
    for _ in range(10):
        zelfde = np.flatnonzero(uit == huidig)
        if not len(zelfde):
            break
        uit[zelfde] = kies_aanbieder(rng, a, groep[zelfde], pool[zelfde], jaar[zelfde])
    return uit


def tabel(a: Aanbieders, tot_jaar: int) -> pa.Table:
    """The providers contracted by `tot_jaar` (providers entering later are not known yet)."""
    i = np.flatnonzero(a.instap_jaar <= tot_jaar)
    return pa.table({"agb_code": pa.array(a.agb).take(pa.array(i)), "naam": pa.array(a.naam).take(pa.array(i)),
                     "contractvorm": pa.array(a.contractvorm).take(pa.array(i))})


# --- ceilings and waiting lists ------------------------------------------------------------

def plafonds(rng: np.random.Generator, a: Aanbieders, kosten: np.ndarray, jaren: range, bekend: range) -> pa.Table:
    """Budget ceilings for about a quarter of the providers; kosten[aanbieder, jaar] is the final cost.
    Some are set below the year's cost, so the ceiling is reached before the year ends. Only the
    years in `bekend` (set by the peildatum) are written."""
    met = np.flatnonzero(rng.random(len(a)) < AANDEEL_MET_PLAFOND)
    agb, jaar, bedrag = [], [], []
    for ji, j in enumerate(jaren):
        i = met[kosten[met, ji] > 0]
        bereikt = rng.random(len(i)) < AANDEEL_PLAFOND_BEREIKT
        factor = np.where(bereikt, rng.uniform(0.80, 0.95, len(i)), rng.uniform(1.03, 1.25, len(i)))
        if j not in bekend:
            continue
        # Ceilings are round amounts: whole thousands of euros.
        cent = np.maximum(np.round(kosten[i, ji] * factor / 100_000), 1).astype(np.int64) * 100_000
        agb += [a.agb[k] for k in i]
        jaar += [j] * len(i)
        bedrag.append(cent)
    return pa.table({"agb_code": pa.array(agb, pa.string()), "jaar": pa.array(jaar, pa.int64()),
                     "plafond_cent": pa.array(np.concatenate(bedrag) if bedrag else [], pa.int64())})


def wachtlijsten(rng: np.random.Generator, a: Aanbieders, aanbod: Productaanbod, starts: np.ndarray,
                 maanden: np.ndarray) -> pa.Table:
    """Monthly snapshots (end of month) per provider x product for providers with a waiting list.
    starts[aanbieder, product]: trajectories started in the requested years."""
    paren = _met_wachtlijst(rng, starts)
    if not paren or not len(maanden):
        return _leeg_wachtlijst()
    aanbieder, product = np.array(paren).T
    n_p, n_m = len(paren), len(maanden)
    per_maand = starts[aanbieder, product] / max(len(maanden), 1)
    lang = rng.random(n_p) < 0.25
    lang[rng.integers(n_p)] = True  # at least one list with waits over 4 months
    basis_wacht = np.where(lang, rng.uniform(85, 120, n_p), rng.uniform(20, 70, n_p))
    basis_n = np.maximum(per_maand * basis_wacht / 30, 1)
    schok = _ar1(rng, n_p, n_m)
    wachtenden = np.maximum(np.round(basis_n[:, None] * np.exp(0.25 * schok)), 0).astype(np.int64)
    gem = np.maximum(np.round(basis_wacht[:, None] * np.exp(0.15 * schok)), 1).astype(np.int64)
    langst = np.round(gem * rng.uniform(1.4, 2.2, (n_p, n_m))).astype(np.int64)
    leeg = (wachtenden == 0).ravel()
    peil = np.repeat(kal.maandeinde(maanden)[None, :], n_p, axis=0).ravel()
    paar = np.repeat(np.arange(n_p), n_m)
    # A provider that enters later has no list before it is contracted.
    rij = np.flatnonzero(a.instap_jaar[aanbieder][paar] <= kal.jaar(peil))
    return pa.table({
        "peildatum": kal.als_datum(peil[rij]),
        "agb_code": pa.array(np.array(a.agb)[aanbieder][paar[rij]]),
        "productcategorie": pa.array(aanbod.categorie[product][paar[rij]]),
        "productcode": pa.array(aanbod.codes[product][paar[rij]]),
        "wachtenden": pa.array(wachtenden.ravel()[rij]),
        "gemiddelde_wachttijd_dagen": pa.array(gem.ravel()[rij], mask=leeg[rij]),
        "langste_wachttijd_dagen": pa.array(langst.ravel()[rij], mask=leeg[rij]),
    })


def _met_wachtlijst(rng: np.random.Generator, starts: np.ndarray) -> list[tuple[int, int]]:
    """(provider, product) pairs with a waiting list: some providers (larger ones more often),
    for one or two of their busiest products."""
    kandidaten = np.flatnonzero(starts.sum(axis=1) > 0)
    if not len(kandidaten):
        return []
    n_met = max(1, int(round(len(kandidaten) * AANDEEL_MET_WACHTLIJST)))
    gewicht = np.sqrt(starts[kandidaten].sum(axis=1))
    met = np.sort(rng.choice(kandidaten, size=min(n_met, len(kandidaten)), replace=False, p=gewicht / gewicht.sum()))
    paren = []
    for i in met:  # a few dozen providers, not claim lines
        top = np.argsort(-starts[i], kind="stable")[:2]
        paren += [(i, p) for p in top if starts[i, p] > 0][: 1 + int(rng.random() < 0.4)]
    return paren


def _ar1(rng: np.random.Generator, n: int, m: int, rho: float = 0.85) -> np.ndarray:
    e = rng.standard_normal((n, m))
    uit = np.empty_like(e)
    uit[:, 0] = e[:, 0]
    for k in range(1, m):  # months, not rows
        uit[:, k] = rho * uit[:, k - 1] + np.sqrt(1 - rho ** 2) * e[:, k]
    return uit


def _leeg_wachtlijst() -> pa.Table:
    return pa.table({"peildatum": pa.array([], pa.date32()), "agb_code": pa.array([], pa.string()),
                     "productcategorie": pa.array([], pa.string()), "productcode": pa.array([], pa.string()),
                     "wachtenden": pa.array([], pa.int64()), "gemiddelde_wachttijd_dagen": pa.array([], pa.int64()),
                     "langste_wachttijd_dagen": pa.array([], pa.int64())})
