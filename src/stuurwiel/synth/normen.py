"""The normenkader in the synthetic region.

An allocation that starts under a stricter norm than its care began with keeps to the new norm,
except a few (KANS_BOVEN_NIEUWE_NORM); the care itself was shaped by the norm it began under
(zorg.omvang), and the region's volume calibration pushes some of it past that norm. Part of the
allocations above their norm get an onderbouwing (the exchange file `onderbouwingen`), and the
ground truth (grondwaarheid/normen.csv) says per allocation in the files whether its duration or
its allocated intensity is above the norm of its start year, whether the norm asks for a
verklarende analyse and whether an onderbouwing was written; the delivered intensity follows from
the claims.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from stuurwiel.begrippen.normmaat import duur_in_maanden, in_frequentie, per_dag
from stuurwiel.config.normen import Norm
from stuurwiel.config.regio import Regio
from stuurwiel.invoer.uitwisseling import ONDERBOUWINGSOORTEN
from stuurwiel.synth import kalender as kal
from stuurwiel.synth.kalibratie import KANS_BOVEN_NIEUWE_NORM, KANS_ONDERBOUWING, KANS_ONDERBOUWING_BINNEN
from stuurwiel.synth.toeval import kies
from stuurwiel.synth.zorg import Productaanbod, Trajecten, norm_per_maand, per_maand

ONDERBREKING_DAGEN = 31  # a trajectory goes on after a gap of up to 31 days (maten.basis)
# the kinds of onderbouwing (invoer.uitwisseling) and how often each is written
KANS_SOORT = dict(zip(ONDERBOUWINGSOORTEN.split("|"), (0.8, 0.15, 0.05), strict=True))
AUTEURS = {"verklarende_analyse": "jeugdconsulent lokaal team {gemeente}",
           "advies_gedragswetenschapper": "gedragswetenschapper van de aanbieder",
           "multidisciplinair_overleg": "MDO lokaal team {gemeente}"}
SAMENVATTINGEN = {
    "duur": ("Doelen nog niet behaald; verlenging met afbouwplan en evaluatie na drie maanden.",
             "Terugval na eerdere afronding; voortzetting voorkomt een uithuisplaatsing.",
             "Overdracht naar passende vervolghulp loopt nog; verlenging tot de start daarvan."),
    "intensiteit": ("Tijdelijk hogere intensiteit in een crisisperiode van het gezin; afbouw na zes weken.",
                    "Complexe problematiek; intensiteit afgestemd met de gedragswetenschapper.",
                    "Hogere inzet om opname te voorkomen; na de evaluatie terug naar de norm."),
}


def _normen(regio: Regio, jaren: range) -> dict[tuple[str, int], Norm]:
    return {(p.code, j): n for p in regio.producten for j in jaren if (n := p.norm_in(j)) is not None}


def houd_aan(rng: np.random.Generator, regio: Regio, aanbod: Productaanbod, t: Trajecten, tw) -> None:
    """Allocations that start in a year whose norm allows less per month than the norm the care was
    shaped by (zorg.omvang: `aanbod.norm_volume`) get no more than the new norm, except a few."""
    n = len(tw)
    uitzondering = rng.random(n) < KANS_BOVEN_NIEUWE_NORM
    product, freq = t.product[tw.traject], t.omvang.frequentie[tw.traject]
    jaar = kal.jaar(tw.start)
    for pi, p in enumerate(regio.producten):
        basis = aanbod.norm_volume[pi]
        for j in np.unique(jaar[product == pi]):
            nieuw = norm_per_maand(p.norm_in(int(j)))
            if not nieuw < basis:  # also when either is NaN
                continue
            rijen = np.flatnonzero((product == pi) & (jaar == j) & np.isin(freq, ["1", "2", "4"]) & ~uitzondering)
            hoogstens = np.floor(nieuw / per_maand(freq[rijen]) + 1e-9)
            te_hoog = (tw.volume[rijen] > hoogstens) & (hoogstens >= 1)
            tw.volume[rijen[te_hoog]] = hoogstens[te_hoog].astype(np.int64)


@dataclass
class Normtoets:
    grondwaarheid: pa.Table
    onderbouwingen: pa.Table


def toets(w, rng: np.random.Generator) -> Normtoets:
    """The allocations in the files against their norm, and the onderbouwingen written for them."""
    tw, t, aanbod = w.toewijzing, w.traject, w.aanbod
    i = np.flatnonzero(tw.datum <= w.peildatum)
    product = t.product[tw.traject[i]]
    df = pd.DataFrame({
        "i": i, "nummer": tw.nummer[i], "episode": w.tw_episode(i), "aanbieder": w.tw_aanbieder(i),
        "product": product, "start": tw.start[i], "eind": _einddatum(tw, w.peildatum)[i],
        "volume": tw.volume[i], "frequentie": t.omvang.frequentie[tw.traject[i]], "eenheid": aanbod.eenheid[product]})
    df["trajectbegin"] = _trajectbegin(df)
    df["jaar"] = kal.jaar(df.start.to_numpy())
    normen = _normen(w.regio, range(int(df.jaar.min()), int(df.jaar.max()) + 1)) if len(df) else {}
    codes = aanbod.codes[df["product"].to_numpy()]
    norm = [normen.get((c, int(j))) for c, j in zip(codes, df.jaar, strict=True)]
    df = df[[n is not None for n in norm]].reset_index(drop=True)
    norm = [n for n in norm if n is not None]
    df["productcode"] = aanbod.codes[df["product"].to_numpy()]
    df["boven_duur"] = _boven_duur(df, norm)
    df["boven_toegewezen"] = _boven_toegewezen(df, norm)
    df["analyse_nodig"] = [n.verklarende_analyse for n in norm]
    geschreven, onderbouwingen = _onderbouwingen(w, rng, df)
    df["onderbouwing"] = geschreven
    df = df.sort_values("nummer")
    grond = pa.table({
        "toewijzingnummer": pa.array(df.nummer.to_numpy()).cast(pa.string()),
        "jaar": pa.array(df.jaar.to_numpy()), "productcode": pa.array(df.productcode.to_numpy()),
        "trajectbegin": kal.als_datum(df.trajectbegin.to_numpy()), "einddatum": kal.als_datum(df.eind.to_numpy()),
        **{k: pa.array(df[k].to_numpy(dtype=bool)) for k in ("boven_duur", "boven_toegewezen", "analyse_nodig",
                                                              "onderbouwing")}})
    return Normtoets(grond, onderbouwingen)


def _einddatum(tw, peildatum: int) -> np.ndarray:
    bekend = (tw.wijziging == "") | (tw.wijzigingsdatum <= peildatum)
    return np.where(bekend, tw.eind_toewijzing, tw.eind_origineel)


def _trajectbegin(df: pd.DataFrame) -> np.ndarray:
    """The first day of each allocation's trajectory: a chain of allocations of one client, provider
    and product without a gap of more than ONDERBREKING_DAGEN days."""
    d = df.sort_values(["episode", "aanbieder", "product", "start", "nummer"])
    groep = d.groupby(["episode", "aanbieder", "product"], sort=False)
    # cummax and shift per group, both vectorised: a lambda per group takes hours at national size
    eerder = groep["eind"].cummax().groupby(groep.ngroup()).shift()
    nieuw = eerder.isna() | (d.start > eerder + ONDERBREKING_DAGEN)
    traject = nieuw.astype(np.int64).cumsum()
    begin = d.start.groupby(traject).transform("min")
    return begin.reindex(df.index).to_numpy()


def _datums(dagen: np.ndarray) -> np.ndarray:
    return np.asarray(dagen, dtype=np.int64).astype("datetime64[D]")


def _boven_duur(df: pd.DataFrame, norm: list[Norm]) -> np.ndarray:
    maanden = np.array([n.max_duur_maanden or np.inf for n in norm], dtype=float)
    duur = duur_in_maanden(_datums(df.trajectbegin.to_numpy()), _datums(df.eind.to_numpy()))
    return duur > maanden


def _boven_toegewezen(df: pd.DataFrame, norm: list[Norm]) -> np.ndarray:
    i = [n.max_intensiteit for n in norm]
    volume = np.array([x.volume if x else np.nan for x in i], dtype=float)
    freq = np.array([x.frequentie if x else "" for x in i], dtype=object)
    dagen = (df.eind - df.start + 1).to_numpy(dtype=float)
    waarde = in_frequentie(per_dag(df.volume.to_numpy(dtype=float), df.frequentie.to_numpy(), dagen), freq, dagen)
    return np.nan_to_num(waarde, nan=-np.inf) > volume * (1 + 1e-9)


def _onderbouwingen(w, rng: np.random.Generator, df: pd.DataFrame) -> tuple[np.ndarray, pa.Table]:
    """An onderbouwing for part of the allocations above their norm that needs one, and for a few within
    it; dated shortly after the allocation (or its change), and only when known on the peildatum."""
    n = len(df)
    boven = (df.boven_duur | df.boven_toegewezen).to_numpy()
    kans = np.where(boven, KANS_ONDERBOUWING, KANS_ONDERBOUWING_BINNEN)
    tw = w.toewijzing
    i = df.i.to_numpy()
    vanaf = np.maximum(tw.datum[i], np.where(tw.wijziging[i] != "", tw.wijzigingsdatum[i], 0))
    datum = vanaf + rng.integers(0, 15, n)
    geschreven = (rng.random(n) < kans) & df.analyse_nodig.to_numpy() & (datum <= w.peildatum)
    soort = np.array(list(KANS_SOORT))[kies(rng, list(KANS_SOORT.values()), n)]
    wat = np.where(df.boven_duur.to_numpy(), "duur", "intensiteit")
    keuze = rng.integers(0, 3, n)
    s = np.flatnonzero(geschreven)
    s = s[np.argsort(df.nummer.to_numpy()[s], kind="stable")]
    gemeente = np.array([g.naam for g in w.regio.gemeenten])[w.episodes.gemeente[df.episode.to_numpy()[s]]]
    tabel = pa.table({
        "toewijzingnummer": pa.array(df.nummer.to_numpy()[s]).cast(pa.string()),
        "datum": kal.als_datum(datum[s]),
        "auteur": pa.array([AUTEURS[k].format(gemeente=g) for k, g in zip(soort[s], gemeente, strict=True)]),
        "soort": pa.array(soort[s]),
        "samenvatting": pa.array([SAMENVATTINGEN[x][k] for x, k in zip(wat[s], keuze[s], strict=True)]),
    })
    return geschreven, tabel
