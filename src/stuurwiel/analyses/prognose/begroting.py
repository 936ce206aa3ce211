"""Annual budget forecast per municipality ("realistisch begroten"): the model.

In short: every municipality starts from its last realised amount and grows by the growth that all
municipalities of the series shared that year (the median). Its own budget counts with two weights
estimated over all municipalities together from the earlier years. The 80 % interval comes from the
errors the same rule made in earlier years, wider for small municipalities and further ahead, plus
the uncertainty of the shared growth. Every number of the method comes from the years before the
target year; a back-test (begrotingstoets.py) forecasts earlier years that way and compares with
the municipalities' own budgets and with naive growth.

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

Like the forecasts' other models it is an estimator (`Begrotingsmodel`): `pas_aan` (fit) estimates
the shared growth and the pooled weights and spreads, `voorspel` (predict) gives the forecast. The
series comes from a file (`invoer.reeks`) or from the store (jaarreeks.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from statistics import NormalDist

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose.kalibratie import Kalibratie, kalibreer, pas_toe
from stuurwiel.invoer.reeks import Reeks

ONDER, BOVEN = 0.1, 0.9  # the 80 % interval
Z_BOVEN = NormalDist().inv_cdf(BOVEN)
HAMPEL = 3.0  # beyond three robust standard deviations from the median a value is a gross outlier
MIN_RIJEN_PER_GEWICHT = 10  # fewer past observations per weight: the budget is not weighed
TOONJAREN = 3  # realised years shown per municipality


class GeenPrognose(ValueError):
    """Too little data for a forecast; the message is for the user."""


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
    kalibratie: Kalibratie | None = None  # the shift and interval learned from past out-of-sample errors
    ongekalibreerd: pd.DataFrame | None = field(default=None, repr=False)  # prognose, laag, hoog before it

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


@dataclass(frozen=True)
class Begrotingsmodel:
    """The annual budget model as an estimator. `pas_aan` (fit) takes the realised years up to the
    last one before the target year (or `laatste_jaar`) and the budgets up to the target year, and
    estimates the shared growth and the pooled weights and spreads at the target's horizon, and
    (with `kalibreer`) the shift and interval from the rule's out-of-sample errors on earlier years
    (kalibratie.py); `voorspel` (predict) gives every municipality's forecast for the target year."""
    kalibreer: bool = True  # False: the rule as it was before the calibration (the back-test's "old model")
    namen: dict[str, str] = field(default_factory=dict)  # fitted: the municipalities' names
    doeljaar: int = 0  # fitted: the target year
    laatste: int = 0  # fitted: the last realised year used
    paneel: _Paneel | None = None  # fitted
    groei: _Groei | None = None  # fitted
    schatting: _Schatting | None = None  # fitted
    kalibratie: Kalibratie | None = None  # fitted

    def pas_aan(self, reeks: Reeks, doeljaar: int, laatste_jaar: int | None = None) -> Begrotingsmodel:
        laatste = _laatste_jaar(reeks, doeljaar, laatste_jaar)
        p = _paneel(reeks, doeljaar, laatste)
        groei = _Groei.van(p.y)
        model = replace(self, namen=reeks.namen, doeljaar=doeljaar, laatste=laatste, paneel=p, groei=groei,
                        schatting=_schat(p, groei, doeljaar - laatste))
        return replace(model, kalibratie=_kalibratie(reeks, p, doeljaar - laatste)) if self.kalibreer else model

    def ruw(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per municipality of the panel, in logs: the uncalibrated forecast, its interval, and
        whether it is forecast at all."""
        p, laatste, doeljaar = self.paneel, self.laatste, self.doeljaar
        h, jl, jt = doeljaar - laatste, laatste - p.eerste, doeljaar - p.eerste
        kolom = _laatste_kolom(p.y)
        historie = kolom >= 0
        uit_historie = self._uit_historie(kolom, self._groei())
        f, lo, hi = (np.where(historie, a, b) for a, b in zip(uit_historie, _alleen_begroting(p, h, jt)))
        return f, lo, hi, (kolom == jl) | np.isfinite(p.b[:, jt])

    def _groei(self) -> float:
        g = self.groei.jaarlijks[self.laatste - self.paneel.eerste]
        return g if np.isfinite(g) else np.nanmedian(self.groei.jaarlijks)

    def voorspel(self) -> Prognose:
        p, laatste, doeljaar = self.paneel, self.laatste, self.doeljaar
        jl, jt = laatste - p.eerste, doeljaar - p.eerste
        kolom = _laatste_kolom(p.y)
        ruw_f, ruw_lo, ruw_hi, voorspeld = self.ruw()
        f, lo, hi = pas_toe(self.kalibratie, ruw_f, ruw_lo, ruw_hi)
        rij = np.arange(len(p.codes))
        naief = np.where(kolom >= 0, p.y[rij, kolom] + (jt - kolom) * self.groei.jaarlijks[kolom], np.nan)
        ruw = pd.DataFrame({"prognose": ruw_f, "laag": ruw_lo, "hoog": ruw_hi}, index=p.codes).apply(np.exp).round()
        s = self.schatting
        return Prognose(
            doeljaar, laatste,
            _tabel(self.namen, p, laatste, doeljaar, f, lo, hi, kolom)[voorspeld].reset_index(drop=True),
            float(np.expm1(self._groei())), tuple(float(w) for w in s.gewichten), s.horizon, s.rijen,
            s.groeifout_bekend, pd.Series(np.exp(naief), index=p.codes)[voorspeld],
            tuple(str(c) for c in p.codes[~voorspeld]), _sprongen(p, jl, voorspeld), self.kalibratie, ruw[voorspeld])

    def _uit_historie(self, kolom: np.ndarray, g: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Forecast and interval from the last realised amount, the shared growth and the own budget."""
        p, s = self.paneel, self.schatting
        h, jl, jt = self.doeljaar - self.laatste, self.laatste - p.eerste, self.doeljaar - p.eerste
        rij = np.arange(len(p.codes))
        niveau = np.where(kolom >= 0, p.y[rij, kolom] + self.groei.pad[jl] - self.groei.pad[kolom], np.nan)
        f = niveau + h * g + _kenmerken(p.b[:, jt], niveau, p.b[:, jl]) @ s.gewichten
        sigma = np.exp(s.helling * _centreer(niveau)) * np.sqrt((jt - kolom) / s.horizon)
        return (f, *_interval(f, s.kwantielen, sigma, s.groeifout * h / s.horizon))


def _kalibratie(reeks: Reeks, p: _Paneel, h: int) -> Kalibratie | None:
    """The uncalibrated rule's errors on every earlier year t whose outcome is known at the last
    realised year used, each forecast from the realised years up to t − h (the same horizon)."""
    laatste = p.eerste + p.y.shape[1] - 1
    uitkomst, voorspeld, onder, boven, jaren = [], [], [], [], []
    for t in range(p.eerste + 1 + h, laatste + 1):
        try:
            m = Begrotingsmodel(kalibreer=False).pas_aan(reeks, t, t - h)
        except GeenPrognose:
            continue
        f, lo, hi, ja = m.ruw()
        echt = pd.Series(p.y[:, t - p.eerste], index=p.codes).reindex(m.paneel.codes).to_numpy()
        for lijst, waarden in zip((uitkomst, voorspeld, onder, boven), (echt, f, lo, hi)):
            lijst.append(waarden[ja])
        jaren.append(t)
    if not jaren:
        return None
    return kalibreer(*(np.concatenate(x) for x in (uitkomst, voorspeld, onder, boven)), tuple(jaren))


def voorspel(reeks: Reeks, doeljaar: int, laatste_jaar: int | None = None) -> Prognose:
    """Forecast every municipality's spending in `doeljaar` from the realised years up to
    `laatste_jaar` (default: the last one before the target year) and the budgets up to the target year."""
    return Begrotingsmodel().pas_aan(reeks, doeljaar, laatste_jaar).voorspel()


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


def _tabel(namen: dict[str, str], p: _Paneel, laatste: int, doeljaar: int, f: np.ndarray, lo: np.ndarray,
           hi: np.ndarray, laatste_kolom: np.ndarray) -> pd.DataFrame:
    tabel = pd.DataFrame({"gemeentecode": p.codes, "gemeentenaam": [namen.get(c, c) for c in p.codes]})
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
