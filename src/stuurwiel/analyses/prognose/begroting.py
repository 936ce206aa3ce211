"""Annual budget forecast per municipality ("realistisch begroten"), with its back-test.

In het kort: elke gemeente begint bij haar laatst gerealiseerde bedrag en groeit met de groei die
alle gemeenten in de reeks dat jaar deelden (de mediaan). De eigen begroting weegt mee met twee
gewichten die over alle gemeenten samen uit de eerdere jaren geschat zijn. Het 80%-interval komt
uit de fouten die dezelfde rekenregel in eerdere jaren maakte, breder voor kleine gemeenten en
verder vooruit, plus de onzekerheid van de gedeelde groei. Elk getal van de methode komt uit de
jaren vóór het doeljaar; een terugtoets voorspelt eerdere jaren zo en vergelijkt met de eigen
begrotingen en met naïeve groei.

The model, in logs (spending grows by percentages), all parameters pooled over the municipalities
of the series and estimated from the years before the target year only:

- Growth is shared: each year has one growth, the median of the municipalities' growth that year.
  The target year's growth is that of the last realised year (a random walk in the growth).
- Noise is local: a municipality starts from its last realised amount, carried over missing years
  with the shared growth. (A local level model with pooled variances estimates the transient noise
  in Iv3 at close to zero, so the level is the last value.)
- The own budget: two weights, estimated by median regression (least absolute deviations: the
  loss the forecast is judged on, and robust to the heavy tails of these series) on the past
  observations at the same horizon, apply to how far the budget for the target year lies above
  the last realised amount and to how far the municipality overspent its own budget in the last
  realised year, both relative to the median municipality and bounded at three robust standard
  deviations (a budget booked on other taakvelden says little). Without a budget: growth alone.
- The 80 % interval: the 10th and 90th percentile of those regressions' past errors, scaled for
  size (a variance function in the log amount, its slope between -1/2 and 0) and for the horizon
  (like a random walk), plus the root mean square past miss of the shared growth, in quadrature.
- Without any realised year, a budget times the median realised/budget ratio of the last year.

The back-test forecasts each year from the years before it and compares with the municipalities'
own budgets and with a naive forecast: the last realised amount times (1 + the median growth of
all municipalities in that year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist

import duckdb
import numpy as np
import pandas as pd

from stuurwiel.begrippen.periode import jaar as jaar_periode
from stuurwiel.config.referentie import gemeenten
from stuurwiel.invoer.bestanden import Bronbestand, Onleesbaar, lees_in
from stuurwiel.invoer.problemen import Probleem
from stuurwiel.maten.catalogus import meet
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag

SOORTEN = ("begroting", "jaarrekening")
KOLOMMEN = ("gemeentecode", "jaar", "soort", "bedrag")
IV3_BEDRAG = "jeugd_kern_keur"  # CBS Iv3, thousands of euros
ONDER, BOVEN = 0.1, 0.9  # the 80 % interval
Z_BOVEN = NormalDist().inv_cdf(BOVEN)
HAMPEL = 3.0  # beyond three robust standard deviations from the median a value is a gross outlier
MIN_RIJEN_PER_GEWICHT = 10  # fewer past observations per weight: the budget is not weighed
TOONJAREN = 3  # realised years shown per municipality


class ReeksFout(ValueError):
    """The series cannot be read; every problem names file, line, column and value."""

    def __init__(self, problemen: list[Probleem]):
        super().__init__("; ".join(str(p) for p in problemen))
        self.problemen = problemen


class GeenPrognose(ValueError):
    """Too little data for a forecast; the message is for the user."""


@dataclass(frozen=True)
class Reeks:
    bedragen: pd.DataFrame  # gemeentecode, jaar, soort, bedrag (euro, > 0)
    namen: dict[str, str]
    bron: str
    eenheid: str  # what was read, in Dutch, for the output
    opmerkingen: tuple[str, ...] = ()

    def jaren(self, soort: str) -> list[int]:
        return sorted(set(self.bedragen.jaar[self.bedragen.soort == soort]))


# --- reading -------------------------------------------------------------------------------------


def lees_reeks(pad: Path) -> Reeks:
    """A CSV (or Parquet, XLSX) with gemeentecode, jaar, soort, bedrag in euros, or the CBS Iv3
    file with its `jeugd_kern_keur` in thousands of euros, recognised by its columns."""
    pad = Path(pad)
    if not pad.is_file():
        raise ReeksFout([Probleem(str(pad), None, None, "bestand bestaat niet")])
    con = duckdb.connect()
    try:
        kolommen = lees_in(con, Bronbestand(pad, pad.name, ""), "reeks")
        df = con.execute("SELECT * FROM reeks ORDER BY _regel").df()
    except Onleesbaar as e:
        raise ReeksFout([Probleem(str(pad), None, None, str(e))]) from None
    finally:
        con.close()
    iv3 = "bedrag" not in kolommen and IV3_BEDRAG in kolommen
    bedrag = IV3_BEDRAG if iv3 else "bedrag"
    ontbreekt = [k for k in (*KOLOMMEN[:3], bedrag) if k not in kolommen]
    if ontbreekt:
        reden = (f"kolom ontbreekt in de kopregel (gevonden: {', '.join(kolommen)}; verwacht {', '.join(KOLOMMEN)}, "
                 f"of het Iv3-bestand met {IV3_BEDRAG})")
        raise ReeksFout([Probleem(f"{pad}:1", k, None, reden) for k in ontbreekt])
    bedragen, opmerkingen = _controleer(df, str(pad), bedrag, 1000 if iv3 else 1)
    lijst = {code: g.naam for code, g in gemeenten().items()}
    if "gemeentenaam" in kolommen:
        lijst |= dict(zip(df.gemeentecode.str.strip(), df.gemeentenaam.fillna("").str.strip()))
    eenheid = (f"CBS Iv3: kolom {IV3_BEDRAG}, duizenden euro's (taakvelden jeugd)" if iv3
               else "kolom bedrag, in euro's")
    return Reeks(bedragen, lijst, pad.name, eenheid, opmerkingen)


def _controleer(df: pd.DataFrame, bron: str, kolom: str, factor: int) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Check every value; raise ReeksFout with all problems, else the amounts in euros."""
    code, jaar, soort = (df[k].fillna("").str.strip() for k in KOLOMMEN[:3])
    soort = soort.str.lower()
    tekst = df[kolom].fillna("").str.strip()
    getal = pd.to_numeric(tekst.where(~tekst.str.fullmatch(r"-?\d+,\d+"), tekst.str.replace(",", ".")),
                          errors="coerce")
    regels = df["_regel"].astype(int)
    fout = [
        (KOLOMMEN[0], code, ~code.str.fullmatch(r"\d{4}"), "geen gemeentecode (vier cijfers, bijvoorbeeld 0505)"),
        (KOLOMMEN[1], jaar, ~jaar.str.fullmatch(r"(19|20)\d\d"), "geen jaartal"),
        (KOLOMMEN[2], df[KOLOMMEN[2]].fillna(""), ~soort.isin(SOORTEN),
         f"onbekende soort (kies uit {', '.join(SOORTEN)})"),
        (kolom, tekst, getal.isna() | ~np.isfinite(getal), "geen getal (laat de regel weg als het bedrag onbekend is)"),
    ]
    problemen = [Probleem(f"{bron}:{regels[i]}", naam, waarden[i], reden)
                 for naam, waarden, slecht, reden in fout for i in np.flatnonzero(slecht)]
    sleutel = code + " " + jaar + " " + soort
    dubbel = sleutel.duplicated(keep="first")
    eerste = dict(zip(sleutel[~dubbel], regels[~dubbel]))
    problemen += [Probleem(f"{bron}:{regels[i]}", "gemeentecode, jaar, soort", sleutel[i],
                           f"staat al op regel {eerste[sleutel[i]]}") for i in np.flatnonzero(dubbel)]
    if problemen:
        raise ReeksFout(sorted(problemen, key=lambda p: int(p.bron.rsplit(":", 1)[1])))
    bedragen = pd.DataFrame({"gemeentecode": code, "jaar": jaar.astype(int), "soort": soort, "bedrag": getal * factor})
    return _zonder_lege(bedragen)


def _zonder_lege(bedragen: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Zero (or negative) amounts are missing reports, not spending of nothing: left out, and said."""
    leeg = bedragen.bedrag <= 0
    if not leeg.any():
        return bedragen.reset_index(drop=True), ()
    voorbeelden = ", ".join(f"{r.gemeentecode} {r.jaar} {r.soort}" for r in bedragen[leeg].head(5).itertuples())
    meer = " …" if leeg.sum() > 5 else ""
    return (bedragen[~leeg].reset_index(drop=True),
            (f"{int(leeg.sum())} bedragen van 0 of minder overgeslagen als ontbrekende opgave ({voorbeelden}{meer})",))


def gerealiseerde_jaren(eerste: dt.date, stand: dt.date, vandaag: dt.date) -> list[int]:
    """Claims arrive months late: a year counts as realised once it is over and claims were
    received up to at least three months after it (the latest claim date on or after 1 April)."""
    return [j for j in range(eerste.year, stand.year + 1)
            if dt.date(j, 12, 31) < vandaag and stand >= dt.date(j + 1, 4, 1)]


def reeks_uit_store(opslag: Opslag, doeljaar: int, vandaag: dt.date | None = None) -> Reeks:
    """Realised = the catalogue measure `kosten` per municipality and realised year; budget = the
    measure `budget`. Amounts in euros."""
    eerste, stand = opslag.rijen("SELECT min(periode_begin), max(declaratiedatum) FROM declaratieregel")[0]
    if stand is None:
        raise GeenPrognose(f"{opslag.url} bevat nog geen declaraties")
    realisatie = gerealiseerde_jaren(eerste, stand, vandaag or dt.date.today())
    if not realisatie:
        raise GeenPrognose(f"nog geen volledig gerealiseerd jaar: de laatste declaratiedatum is {stand.isoformat()}")
    delen = [meet(opslag, "kosten", [jaar_periode(j) for j in realisatie], ["gemeente"]).assign(soort="jaarrekening"),
             meet(opslag, "budget", [jaar_periode(j) for j in range(eerste.year, max(doeljaar, eerste.year) + 1)],
                  ["gemeente"]).assign(soort="begroting")]
    df = pd.concat(delen, ignore_index=True)
    bedragen = pd.DataFrame({"gemeentecode": df.gemeentecode, "jaar": df.periode.astype(int), "soort": df.soort,
                             "bedrag": df.waarde.astype(float) / 100})
    bedragen, opmerkingen = _zonder_lege(bedragen)
    regel = (f"Gerealiseerd: {realisatie[0]}–{realisatie[-1]} (een jaar telt als het voorbij is en er tot ten minste "
             f"1 april van het jaar erna gedeclareerd is; laatste declaratiedatum {stand.isoformat()}).")
    return Reeks(bedragen, namen(opslag, "gemeente"), opslag.url,
                 "gedeclareerde kosten (maat kosten) en budgetten (maat budget) uit de database, in euro's",
                 (regel, *opmerkingen))


# --- the model -------------------------------------------------------------------------------------


def _mediaan(a: np.ndarray) -> np.ndarray:
    """Median of every column, ignoring NaN; NaN for a column without values."""
    return pd.DataFrame(a.reshape(len(a), -1)).median().to_numpy()


def _centreer(v: np.ndarray) -> np.ndarray:
    """Relative to the median municipality; unknown counts as typical (0)."""
    return np.nan_to_num(v - _mediaan(v)[0])


def _spreiding(x: np.ndarray) -> float:
    """Robust standard deviation (scaled median absolute deviation)."""
    return float(1.4826 * np.median(np.abs(x - np.median(x)))) if len(x) else 0.0


def _mediaanregressie(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least absolute deviations, by iteratively reweighted least squares: the loss the forecast
    is judged on (absolute error), and the likelihood of the heavy-tailed errors of these series."""
    beta = np.zeros(x.shape[1])
    for _ in range(200):
        w = 1 / np.sqrt(np.maximum(np.abs(y - x @ beta), 1e-6))
        nieuw = np.linalg.lstsq(x * w[:, None], y * w, rcond=None)[0]
        if np.allclose(nieuw, beta, rtol=0, atol=1e-9):
            return nieuw
        beta = nieuw
    return beta


def _schaalhelling(s: np.ndarray, r: np.ndarray) -> float:
    """Slope of log|residual| on the log size: how much noisier a smaller municipality is. Between
    -1/2 (cases independent, as in a sum of n clients) and 0 (a bigger one is not noisier)."""
    ok = r != 0
    if ok.sum() < 3 or np.var(s[ok]) == 0:
        return 0.0
    return float(np.clip(np.polyfit(s[ok], np.log(np.abs(r[ok])), 1)[0], -0.5, 0.0))


def _grens(c: np.ndarray) -> float:
    """The Hampel bound of centred values (NaN ignored)."""
    return HAMPEL * _spreiding(c[np.isfinite(c)])


def _begrensd(v: np.ndarray) -> np.ndarray:
    """Centred, and a gross outlier counts as three robust standard deviations: a budget booked
    on other taakvelden says little about youth-care spending (bounded influence)."""
    c = _centreer(v)
    grens = _grens(np.where(np.isfinite(v), c, np.nan))
    return np.clip(c, -grens, grens)


def _kenmerken(begroting: np.ndarray, niveau: np.ndarray, begroting_niveau: np.ndarray) -> np.ndarray:
    """What the own budget says, relative to the median municipality: budget above the last
    realised level, and last year's overspending of the own budget."""
    return np.column_stack([_begrensd(begroting - niveau), _begrensd(niveau - begroting_niveau)])


def _interval(f: np.ndarray, q: tuple[float, float], sigma: np.ndarray,
              gedeeld: float) -> tuple[np.ndarray, np.ndarray]:
    """Local quantiles scaled by sigma, and the shared growth's normal spread, in quadrature."""
    c = Z_BOVEN * gedeeld
    return f - np.sqrt((q[0] * sigma) ** 2 + c ** 2), f + np.sqrt((q[1] * sigma) ** 2 + c ** 2)


def _kwantielen(x: np.ndarray) -> tuple[float, float]:
    lo, hi = np.quantile(x, [ONDER, BOVEN]) if len(x) else (0.0, 0.0)
    return float(min(lo, 0.0)), float(max(hi, 0.0))


@dataclass(frozen=True)
class _Paneel:
    codes: np.ndarray
    eerste: int
    y: np.ndarray  # log realised [gemeente, eerste..laatste], NaN where unknown
    b: np.ndarray  # log budget [gemeente, eerste..doeljaar]


def _paneel(reeks: Reeks, doeljaar: int, laatste: int) -> _Paneel:
    df = reeks.bedragen
    real = df[(df.soort == "jaarrekening") & (df.jaar <= laatste)]
    bud = df[(df.soort == "begroting") & (df.jaar <= doeljaar)]
    eerste = int(min(real.jaar.min(), bud.jaar.min() if len(bud) else laatste))
    codes = np.array(sorted(set(real.gemeentecode) | set(bud.gemeentecode)))

    def breed(d: pd.DataFrame, tot: int) -> np.ndarray:
        w = np.full((len(codes), tot - eerste + 1), np.nan)
        rij = np.searchsorted(codes, d.gemeentecode.to_numpy())
        w[rij, d.jaar.to_numpy() - eerste] = np.log(d.bedrag.to_numpy(float))
        return w

    return _Paneel(codes, eerste, breed(real, laatste), breed(bud, doeljaar))


@dataclass(frozen=True)
class _Groei:
    jaarlijks: np.ndarray  # median log growth into each year, NaN where no municipality has both years
    pad: np.ndarray  # cumulative shared growth, unknown years filled with the median growth

    @classmethod
    def van(cls, y: np.ndarray) -> _Groei:
        g = np.concatenate([[np.nan], _mediaan(y[:, 1:] - y[:, :-1])]) if y.shape[1] > 1 else np.array([np.nan])
        bekend = np.isfinite(g)
        if not bekend.any():
            raise GeenPrognose("te weinig gerealiseerde jaren: geen gemeente heeft twee opeenvolgende jaren")
        gevuld = np.where(bekend, g, np.median(g[bekend]))
        gevuld[0] = 0.0
        return cls(g, np.cumsum(gevuld))

    def fouten(self, k: int) -> np.ndarray:
        """How far the shared growth over k years missed when forecast as k times the last year's."""
        g = self.jaarlijks
        return np.array([(self.pad[t] - self.pad[t - k]) - k * g[t - k] for t in range(k + 1, len(g))
                         if np.isfinite(g[t - k:t + 1]).all()])


def _leerrijen(p: _Paneel, groei: _Groei, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Past k-year-ahead observations: features, local deviation of the growth, log size."""
    xs, us, ss = [], [], []
    for t in range(k, p.y.shape[1]):
        u = p.y[:, t] - p.y[:, t - k] - (groei.pad[t] - groei.pad[t - k])
        ok = np.isfinite(u)
        if ok.any():
            xs.append(_kenmerken(p.b[:, t], p.y[:, t - k], p.b[:, t - k])[ok])
            us.append(_centreer(u)[ok])
            ss.append(_centreer(p.y[:, t - k])[ok])
    if not us:
        return np.zeros((0, 2)), np.zeros(0), np.zeros(0)
    return np.concatenate(xs), np.concatenate(us), np.concatenate(ss)


@dataclass(frozen=True)
class _Schatting:
    """The pooled parameters, estimated on the past k-year-ahead observations."""
    horizon: int  # k: the target's horizon, or the longest one the past years allow
    rijen: int
    gewichten: np.ndarray
    helling: float  # of the log spread on the log size
    kwantielen: tuple[float, float]  # of the size-scaled past errors
    groeifout: float  # root mean square miss of the shared growth over k years; 0 if not estimable
    groeifout_bekend: bool


def _schat(p: _Paneel, groei: _Groei, h: int) -> _Schatting:
    for k in range(h, 0, -1):
        x, u, s = _leerrijen(p, groei, k)
        if len(u):
            break
    else:
        raise GeenPrognose("te weinig gerealiseerde jaren om de methode te schatten")
    genoeg = len(u) >= MIN_RIJEN_PER_GEWICHT * x.shape[1]
    gewichten = _mediaanregressie(x, u) if genoeg else np.zeros(x.shape[1])
    r = u - x @ gewichten
    helling = _schaalhelling(s, r)
    fouten = groei.fouten(k)
    return _Schatting(k, len(u), gewichten, helling, _kwantielen(r / np.exp(helling * s)),
                      float(np.sqrt(np.mean(fouten ** 2))) if len(fouten) else 0.0, len(fouten) > 0)


@dataclass(frozen=True)
class Prognose:
    doeljaar: int
    laatste_jaar: int  # the last realised year used
    tabel: pd.DataFrame  # per municipality forecast; amounts in euros
    groei: float  # the shared growth carried into the target year, per year (fraction)
    gewichten: tuple[float, float]  # of the budget above the last level, and of last year's overspending
    leerhorizon: int  # the horizon the weights and spreads were estimated on
    leerrijen: int  # past observations they were estimated from
    groeifout_bekend: bool  # whether the shared growth's uncertainty could be estimated
    naief: pd.Series = field(repr=False)  # the back-test's naive forecast, by gemeentecode
    niet_voorspeld: tuple[str, ...] = ()  # codes without a recent realised year and without a budget
    opvallend: tuple[tuple[str, float], ...] = ()  # (code, change) of a last year beyond the Hampel bound

    @property
    def horizon(self) -> int:
        return self.doeljaar - self.laatste_jaar

    @property
    def gewogen(self) -> bool:
        return any(self.gewichten)


def _laatste_jaar(reeks: Reeks, doeljaar: int, laatste_jaar: int | None) -> int:
    tot = doeljaar - 1 if laatste_jaar is None else min(laatste_jaar, doeljaar - 1)
    realisatie = [j for j in reeks.jaren("jaarrekening") if j <= tot]
    if not realisatie:
        raise GeenPrognose(f"geen gerealiseerd jaar vóór {doeljaar} in {reeks.bron}")
    return realisatie[-1]


def _laatste_kolom(y: np.ndarray) -> np.ndarray:
    """Per municipality the column of its last realised year; -1 without any."""
    gezien = np.isfinite(y)
    return np.where(gezien.any(axis=1), y.shape[1] - 1 - np.argmax(gezien[:, ::-1], axis=1), -1)


def voorspel(reeks: Reeks, doeljaar: int, laatste_jaar: int | None = None) -> Prognose:
    """Forecast every municipality's spending in `doeljaar` from the realised years up to
    `laatste_jaar` (default: the last one before the target year) and the budgets up to the target year."""
    laatste = _laatste_jaar(reeks, doeljaar, laatste_jaar)
    h = doeljaar - laatste
    p = _paneel(reeks, doeljaar, laatste)
    groei = _Groei.van(p.y)
    schatting = _schat(p, groei, h)
    jl, jt = laatste - p.eerste, doeljaar - p.eerste
    kolom = _laatste_kolom(p.y)
    historie = kolom >= 0
    rij = np.arange(len(p.codes))
    niveau = np.where(historie, p.y[rij, kolom] + groei.pad[jl] - groei.pad[kolom], np.nan)
    g = groei.jaarlijks[jl] if np.isfinite(groei.jaarlijks[jl]) else np.nanmedian(groei.jaarlijks)
    f = niveau + h * g + _kenmerken(p.b[:, jt], niveau, p.b[:, jl]) @ schatting.gewichten
    sigma = np.exp(schatting.helling * _centreer(niveau)) * np.sqrt((jt - kolom) / schatting.horizon)
    lo, hi = _interval(f, schatting.kwantielen, sigma, schatting.groeifout * h / schatting.horizon)
    fb, lob, hib = _alleen_begroting(p, h, jt)
    f, lo, hi = (np.where(historie, a, b) for a, b in ((f, fb), (lo, lob), (hi, hib)))
    naief = np.where(historie, p.y[rij, kolom] + (jt - kolom) * groei.jaarlijks[kolom], np.nan)

    voorspeld = (kolom == jl) | np.isfinite(p.b[:, jt])
    return Prognose(
        doeljaar, laatste, _tabel(reeks, p, laatste, doeljaar, f, lo, hi, kolom)[voorspeld].reset_index(drop=True),
        float(np.expm1(g)), tuple(float(w) for w in schatting.gewichten), schatting.horizon, schatting.rijen,
        schatting.groeifout_bekend, pd.Series(np.exp(naief), index=p.codes)[voorspeld],
        tuple(str(c) for c in p.codes[~voorspeld]), _sprongen(p, jl, voorspeld))


def _sprongen(p: _Paneel, jl: int, voorspeld: np.ndarray) -> tuple[tuple[str, float], ...]:
    """Municipalities whose last realised year changed beyond the Hampel bound: worth a check."""
    sprong = p.y[:, jl] - p.y[:, jl - 1] if jl else np.full(len(p.codes), np.nan)
    afwijking = sprong - _mediaan(sprong)[0]
    opvallend = voorspeld & (np.abs(np.nan_to_num(afwijking)) > _grens(afwijking))
    return tuple((str(c), float(np.expm1(v))) for c, v in zip(p.codes[opvallend], sprong[opvallend]))


def _alleen_begroting(p: _Paneel, h: int, jt: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Without any realised year: the own budget times the pooled realised/budget ratio of the last
    realised year; its interval from the spread of that ratio and its change over h years."""
    verschil = p.y - p.b[:, :p.y.shape[1]]
    ratio = _mediaan(verschil)
    bekend = np.flatnonzero(np.isfinite(ratio))
    if not len(bekend):
        return (np.full(len(p.codes), np.nan),) * 3
    f = p.b[:, jt] + ratio[bekend[-1]]
    lokaal = (verschil - ratio)[np.isfinite(verschil)]
    wijziging = np.array([ratio[t] - ratio[t - h] for t in range(h, len(ratio))
                          if np.isfinite(ratio[[t, t - h]]).all()])
    gedeeld = float(np.sqrt(np.mean(wijziging ** 2))) if len(wijziging) else 0.0
    return (f, *_interval(f, _kwantielen(lokaal), np.ones(len(f)), gedeeld))


def _tabel(reeks: Reeks, p: _Paneel, laatste: int, doeljaar: int, f: np.ndarray, lo: np.ndarray, hi: np.ndarray,
           laatste_kolom: np.ndarray) -> pd.DataFrame:
    tabel = pd.DataFrame({"gemeentecode": p.codes, "gemeentenaam": [reeks.namen.get(c, c) for c in p.codes]})
    for j in range(max(p.eerste, laatste - TOONJAREN + 1), laatste + 1):
        tabel[f"gerealiseerd_{j}"] = np.round(np.exp(p.y[:, j - p.eerste]))
    begroting = np.exp(p.b[:, doeljaar - p.eerste])
    tabel["begroting"] = np.round(begroting)
    tabel["prognose"] = np.round(np.exp(f))
    tabel["laag"] = np.round(np.exp(lo))
    tabel["hoog"] = np.round(np.exp(hi))
    tabel["t_o_v_begroting_pct"] = np.round((np.exp(f) / begroting - 1) * 100, 1)
    tabel["grondslag"] = [_grondslag(lk, p.eerste, laatste, np.isfinite(b)) for lk, b in zip(laatste_kolom, begroting)]
    return tabel


def _grondslag(laatste_kolom: int, eerste: int, laatste: int, begroting: bool) -> str:
    if laatste_kolom < 0:
        return "alleen begroting (geen historie)"
    tot = "historie" if eerste + laatste_kolom == laatste else f"historie t/m {eerste + laatste_kolom}"
    return tot + (" + begroting" if begroting else "")


# --- the back-test ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Toets:
    achterstand: int  # the target year minus the last realised year used
    tabel: pd.DataFrame  # per year and "totaal": n, mediane fout, scheefheid, dekking (percent)
    overgeslagen: tuple[int, ...] = ()  # years that could not be forecast
    buiten_vergelijking: int = 0  # realised values forecast, but without an own budget or a naive forecast
    zonder_prognose: int = 0  # realised values without a forecast (no history and no budget)


def toetsjaren(reeks: Reeks, achterstand: int, tot: int | None = None) -> list[int]:
    """The realised years a back-test at this horizon can forecast: the year before the last
    realised year used must have a shared growth."""
    realisatie = [j for j in reeks.jaren("jaarrekening") if tot is None or j <= tot]
    return list(range(realisatie[0] + 1 + achterstand, realisatie[-1] + 1)) if realisatie else []


def toets(reeks: Reeks, jaren: list[int], achterstand: int = 1) -> Toets:
    """Forecast each year from the realised years up to `achterstand` years before it (and the
    budgets up to it), for every municipality with a realised value; compare with the own budget
    and the naive forecast on the municipalities that have all three (a series without budgets:
    with the naive forecast alone)."""
    df = reeks.bedragen
    per_jaar, overgeslagen, buiten, zonder = [], [], 0, 0
    for doeljaar in jaren:
        try:
            p = voorspel(reeks, doeljaar, doeljaar - achterstand)
        except GeenPrognose:
            overgeslagen.append(doeljaar)
            continue
        echt = df[(df.soort == "jaarrekening") & (df.jaar == doeljaar)].set_index("gemeentecode").bedrag
        voorspeld = p.tabel.set_index("gemeentecode")[["prognose", "laag", "hoog", "begroting"]]
        d = pd.DataFrame({"echt": echt}).join(voorspeld)
        d["naief"] = p.naief.reindex(d.index)
        vergelijk = d.dropna(subset=None if d.begroting.notna().any() else ["prognose", "naief"])
        zonder += int(d.prognose.isna().sum())
        buiten += int(d.prognose.notna().sum()) - len(vergelijk)
        per_jaar.append(vergelijk.assign(jaar=str(doeljaar)))
    alles = pd.concat(per_jaar) if per_jaar else pd.DataFrame()
    rijen = [_maten(j, d) for j, d in alles.groupby("jaar")] + [_maten("totaal", alles)] if len(alles) else []
    return Toets(achterstand, pd.DataFrame(rijen), tuple(overgeslagen), buiten, zonder)


def _maten(jaar: str, d: pd.DataFrame) -> dict:
    def fout(kolom: str) -> pd.Series:
        return ((d[kolom] / d.echt - 1) * 100).dropna()

    def mediaan(x: pd.Series) -> float:
        return float(x.median()) if len(x) else np.nan

    return {"jaar": jaar, "n": len(d),
            "mediane_fout": mediaan(fout("prognose").abs()), "scheefheid": mediaan(fout("prognose")),
            "dekking": ((d.laag <= d.echt) & (d.echt <= d.hoog)).mean() * 100,
            "begroting_mediane_fout": mediaan(fout("begroting").abs()),
            "begroting_scheefheid": mediaan(fout("begroting")),
            "naief_mediane_fout": mediaan(fout("naief").abs()), "naief_scheefheid": mediaan(fout("naief"))}
