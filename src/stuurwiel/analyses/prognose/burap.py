"""The year-end forecast (burap): realised so far, the rest of the year, the year total with an
80 % interval, and the chance of overrunning the budget — per municipality × segment, per
municipality and for the region.

What the forecast does not decide by taste, it learns from the back-test (toets.py) of earlier
years at the same moment of the year (this month and its neighbours): the weight of the two
models is the one that would have erred least per municipality, and the interval is the spread
of the errors it would have made, scaled to the size of what is forecast (an error shrinks with
the square root of size, roughly, and the fit on the cases says how fast it really does).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stuurwiel.analyses.prognose import toets
from stuurwiel.analyses.prognose.gegevens import Gegevens, maanden_rond, toetsmaanden
from stuurwiel.analyses.prognose.raming import Raming, raam
from stuurwiel.begrippen import notatie

GEWICHTEN = np.linspace(0, 1, 11)
KANS_AANDACHT = 0.5  # a budget needs attention when the chance of overrunning it is above this
ONDER, BOVEN = 0.10, 0.90  # an 80 % interval
LOG_NORMAAL = 0.635  # −E[log |Z|] for a standard normal Z: from mean log error to its scale
ZONDER_TOETS = 0.05  # relative scale of the error at a municipality's size when nothing can be back-tested


@dataclass(frozen=True)
class Leerstof:
    """What the back-test teaches for one moment of the year."""
    gewicht: float  # weight of the time series (1 − of the bottom-up)
    schaal: tuple[float, float]  # log σ = schaal[0] + schaal[1] × log(size): the error's scale by size
    fouten: np.ndarray  # standardised errors (outcome / forecast − 1) / σ(size)
    jaren: list[int] = field(default_factory=list)
    maanden: list[int] = field(default_factory=list)
    mediane_fout: dict[str, float] = field(default_factory=dict)  # method -> median |error| per municipality

    def sigma(self, omvang: np.ndarray) -> np.ndarray:
        return np.exp(self.schaal[0] + self.schaal[1] * np.log(np.maximum(omvang, 1.0)))

    def interval(self, prognose: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = self.sigma(np.abs(prognose))
        return (prognose * (1 + np.quantile(self.fouten, ONDER) * s),
                prognose * (1 + np.quantile(self.fouten, BOVEN) * s))

    def kans_boven(self, prognose: float, grens: float) -> float:
        return float(np.mean(prognose * (1 + self.fouten * self.sigma(np.abs(np.array(prognose)))) > grens))


def leer(cases: pd.DataFrame) -> Leerstof | None:
    """Weight and error model from back-test cases at all levels (toets.per_niveau); None without cases."""
    cases = cases[cases.uitkomst > 0]
    gemeente = cases[cases.niveau == "gemeente"]
    if gemeente.empty:
        return None
    fout = [np.mean(((w * gemeente.tijdreeks + (1 - w) * gemeente.bottomup) / gemeente.uitkomst - 1) ** 2)
            for w in GEWICHTEN]
    w = float(GEWICHTEN[int(np.argmin(fout))])
    prognose = (w * cases.tijdreeks + (1 - w) * cases.bottomup).to_numpy()
    geldig = prognose > 0
    e = cases.uitkomst.to_numpy()[geldig] / prognose[geldig] - 1
    omvang = np.log(prognose[geldig])
    ok = np.abs(e) > 0
    x = np.column_stack([np.ones(ok.sum()), omvang[ok]])
    beta, *_ = np.linalg.lstsq(x, np.log(np.abs(e[ok])), rcond=None)
    schaal = (float(beta[0] + LOG_NORMAAL), float(min(beta[1], 0.0)))
    sigma = np.exp(schaal[0] + schaal[1] * omvang)
    mediaan = {m: float(np.median(np.abs(gemeente[m] / gemeente.uitkomst - 1)))
               for m in toets.METHODEN if gemeente[m].notna().any()}
    mediaan["gecombineerd"] = float(np.median(np.abs((w * gemeente.tijdreeks + (1 - w) * gemeente.bottomup)
                                                     / gemeente.uitkomst - 1)))
    return Leerstof(w, schaal, e / sigma, sorted(cases.jaar.unique().tolist()), sorted(cases.maand.unique().tolist()),
                    mediaan)


def zonder_toets(omvang_gemeente: float) -> Leerstof:
    """Half the models each and a rough error scale, when no earlier year can be back-tested."""
    schaal = (float(np.log(ZONDER_TOETS) + 0.5 * np.log(max(omvang_gemeente, 1.0))), -0.5)
    return Leerstof(0.5, schaal, np.array([-1.2816, 1.2816]))


@dataclass(frozen=True)
class Post:
    """One line of the forecast: the region, a municipality or one of its segments."""
    niveau: str  # regio, gemeente or segment
    gemeentecode: str | None
    segmentcode: str | None
    gedeclareerd: float  # claimed so far for this year (eurocent)
    gerealiseerd: float  # expected final cost of the months gone by (late claims included)
    rest: float  # forecast for the months to come
    jaartotaal: float
    ondergrens: float
    bovengrens: float
    budget: float | None
    kans_overschrijding: float | None

    @property
    def vraagt_aandacht(self) -> bool:
        return self.kans_overschrijding is not None and self.kans_overschrijding > KANS_AANDACHT


@dataclass(frozen=True)
class Burap:
    peildatum: dt.date
    jaar: int
    maand: int
    leerstof: Leerstof
    getoetst: bool
    posten: list[Post]
    raming: Raming

    def tabel(self) -> pd.DataFrame:
        return pd.DataFrame([r.__dict__ for r in self.posten])


def burap(g: Gegevens) -> Burap:
    """The forecast for the peildatum's year, learned from the back-test of the years before (the
    frame must hold the trajectories of the months around the peildatum's: `Gegevens.haal`'s default)."""
    jaar, maand = g.peildatum.year, g.peildatum.month
    jaren = g.toetsjaren(voor=jaar)
    r = raam(g, g.laatste_maand, jaar)
    leerstof = leer(toets.per_niveau(toets.gevallen(g, jaren, maanden_rond(maand), toets.uitkomsten(g, jaren)))) \
        if jaren else None
    getoetst = leerstof is not None
    if leerstof is None:
        leerstof = zonder_toets(float(np.median(r.totaal(0.5).sum(axis=1))))
    return Burap(g.peildatum, jaar, maand, leerstof, getoetst, _posten(g, r, leerstof), r)


def _posten(g: Gegevens, r: Raming, leer_: Leerstof) -> list[Post]:
    w, m = leer_.gewicht, r.maand
    maanden = r.maanden(w)  # [gemeente, segment, month]
    posten = []

    def post(niveau: str, gem: str | None, seg: str | None, sel: tuple, budget: float | None) -> Post:
        gedeclareerd = float(r.gedeclareerd[sel][..., :m].sum())
        gerealiseerd, rest = float(maanden[sel][..., :m].sum()), float(maanden[sel][..., m:].sum())
        totaal = gerealiseerd + rest
        onder, boven = leer_.interval(np.array(totaal))
        kans = leer_.kans_boven(totaal, budget) if budget else None
        return Post(niveau, gem, seg, gedeclareerd, gerealiseerd, rest, totaal, float(onder), float(boven), budget,
                     kans)

    for i, gem in enumerate(g.gemeenten):
        posten.append(post("gemeente", gem, None, (i,), g.budgetten.get((gem, None))))
        posten += [post("segment", gem, s, (i, j), g.budgetten.get((gem, s))) for j, s in enumerate(r.segmenten)]
    regio_budget = sum(x.budget for x in posten if x.niveau == "gemeente" and x.budget) or None
    return [post("regio", None, None, (slice(None),), regio_budget), *posten]


def terugtoets(g: Gegevens, jaren: list[int], maanden: list[int]) -> pd.DataFrame:
    """The back-test as a report: per year × month × level × unit, the outcome, every method's
    forecast and the combined one with its 80 % interval, learned leaving the year itself out
    (its weight and interval come from the other back-tested years). The frame must hold the
    trajectories of those months and their neighbours (`Gegevens.haal(..., toetsmaanden(maanden))`)."""
    alle = toets.per_niveau(toets.gevallen(g, jaren, toetsmaanden(maanden), toets.uitkomsten(g, jaren)))
    delen = []
    for jaar in jaren:
        for maand in maanden:
            leer_ = leer(alle[(alle.jaar != jaar) & alle.maand.isin(maanden_rond(maand))])
            deze = alle[(alle.jaar == jaar) & (alle.maand == maand)].copy()
            if leer_ is None or deze.empty:
                continue
            deze["gecombineerd"] = leer_.gewicht * deze.tijdreeks + (1 - leer_.gewicht) * deze.bottomup
            deze["ondergrens"], deze["bovengrens"] = leer_.interval(deze.gecombineerd.to_numpy())
            deze["gewicht_tijdreeks"] = leer_.gewicht
            delen.append(deze)
    if not delen:
        return pd.DataFrame()
    uit = pd.concat(delen, ignore_index=True)
    return uit.assign(binnen=toets.binnen(uit.uitkomst, uit.ondergrens, uit.bovengrens))


FOUTMETHODEN = ("gecombineerd", *toets.METHODEN)


def samenvatting(verslag: pd.DataFrame) -> pd.DataFrame:
    """Per month: median absolute error per municipality and for the region of every method, and
    how often the 80 % interval held the outcome (municipalities)."""
    rijen = []
    for maand, deel in verslag.groupby("maand"):
        gem, regio = deel[deel.niveau == "gemeente"], deel[deel.niveau == "regio"]
        rij = {"maand": maand, "gevallen": len(gem), "dekking": gem.binnen.mean()}
        for m in FOUTMETHODEN:
            rij[f"{m}_gemeente"] = toets.mediane_fout(gem[m], gem.uitkomst)
            rij[f"{m}_regio"] = toets.mediane_fout(regio[m], regio.uitkomst)
        rijen.append(rij)
    return pd.DataFrame(rijen)


def aandacht() -> str:
    """The rule for a budget that needs attention, in words."""
    return f"meer dan {notatie.waarde(KANS_AANDACHT, 'fractie')} kans het budget te overschrijden"


def uitleg(b: Burap) -> str:
    """How the forecast was made and how well that went before, in a few Dutch sentences."""
    lr = b.leerstof
    tekst = (f"Gedeclareerd tot en met {b.peildatum:%d-%m-%Y} is aangevuld met de declaraties die nog komen "
             "(chain-ladder per segment; de jongste maanden Bornhuetter-Ferguson). De rest van het jaar "
             f"weegt een seizoensreeks voor {lr.gewicht:.0%} en een raming uit de lopende trajecten en de "
             f"verwachte instroom voor {1 - lr.gewicht:.0%}.")
    if not b.getoetst:
        return tekst + (" Er zijn nog geen eerdere jaren om de methode op te toetsen: het gewicht is half om "
                        "half en de intervallen zijn een ruwe schatting.")
    f = lr.mediane_fout
    jaren = f"{lr.jaren[0]}–{lr.jaren[-1]}" if len(lr.jaren) > 1 else str(lr.jaren[0])
    return tekst + (f" Gewicht en 80%-interval komen uit de terugtoets op {jaren} (maand "
                    f"{', '.join(map(str, lr.maanden))}): de mediane fout per gemeente was daar "
                    f"{_pct(f['gecombineerd'])}, tegen {_pct(f['runrate'])} voor doortrekken (t/m maand × 12 / m)"
                    + (f" en {_pct(f['seizoensaandeel'])} voor het seizoenspatroon van vorig jaar"
                       if "seizoensaandeel" in f else "") + ".")


def _pct(x: float) -> str:
    return notatie.waarde(x, "fractie", decimalen=1)
