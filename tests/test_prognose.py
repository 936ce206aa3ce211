"""Forecasts: the building blocks against hand-made cases, the rule that a back-test sees nothing
after its moment, the commands, and (slow) the bars of the issue on the synthetic region against
its ground truth: median error per municipality ≤ 3 % after 4 months and ≤ 1.5 % after 8, at
least 40 % below run-rate, 80 % intervals holding the outcome in 70–90 % of the cases."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import uuid

import numpy as np
import pandas as pd
import pytest

from stuurwiel.analyses.prognose import bestand, burap
from stuurwiel.analyses.prognose.aanvulling import aanvulling
from stuurwiel.analyses.prognose.bestand import Bestandsmodel
from stuurwiel.analyses.prognose.driehoek import Kettingladder
from stuurwiel.analyses.prognose.gegevens import Gegevens, Trajecten, maandeinde, maandnummer, toetsmaanden
from stuurwiel.analyses.prognose.plafond import plafonds
from stuurwiel.analyses.prognose.raming import raam
from stuurwiel.analyses.prognose.tijdreeks import Seizoensreeks
from stuurwiel.analyses.prognose.toets import terugtoets
from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.begrippen.tabel import Cel
from stuurwiel.config.regio import lees_regio
from stuurwiel.maten import basis
from stuurwiel.maten.catalogus import CATALOGUS, meet
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik, BuitenBereik
from stuurwiel.synth import genereer
from stuurwiel.toepassing.aanvulling import VOLLEDIG, Verwachting
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.rapporten import bouw
from tests.support.gouden import opgenomen, rijen, verschillen
from tests.support.helpers import cli, sleutel
from tests.support.omgeving import pg_adres

# --- building blocks ----------------------------------------------------------------------------

def _driehoek(delen: list[float], maanden: int, bedrag: float = 1000.0) -> np.ndarray:
    """[1 segment, month, delay]: every month's cost comes in by these shares."""
    k = np.zeros((1, maanden, len(delen)))
    k[0, :, :] = bedrag * np.array(delen)
    return k


@pytest.mark.unit
def test_chain_ladder_recovers_the_share_claimed_after_each_delay():
    delen = [0.0, 0.6, 0.3, 0.1]
    p = Kettingladder().pas_aan(_driehoek(delen, 24), a=23).aandeel
    assert np.allclose(p[0], np.cumsum(delen)), p


@pytest.mark.unit
def test_a_thin_segment_borrows_from_the_region_as_far_as_it_is_erratic():
    groot = _driehoek([0.0, 0.8, 0.2], 24, 1e6)  # the region: 80 % after one month, always

    def klein(spreiding: float) -> float:
        k = _driehoek([0.0, 0.5, 0.5], 24, 10.0)  # a segment of its own: 50 % after one month
        k[0, ::2, 1:] = 10.0 * np.array([0.5 + spreiding, 0.5 - spreiding])
        k[0, 1::2, 1:] = 10.0 * np.array([0.5 - spreiding, 0.5 + spreiding])
        return Kettingladder().pas_aan(np.concatenate([groot, k]), a=23).aandeel[1, 1]

    assert abs(klein(0.0) - 0.5) < 1e-6  # consistent: it keeps its own share
    assert 0.5 < klein(0.2) < klein(0.45) < 0.8  # the more erratic, the more it leans on the region


@pytest.mark.unit
def test_completion_is_chain_ladder_when_mature_and_bornhuetter_ferguson_before():
    geclaimd = np.array([[90.0, 90.0, 50.0, 0.0]])
    ladder = Kettingladder(aandeel=np.array([[0.0, 0.5, 0.9, 0.9]]), a=3)  # in after 0, 1, 2, 3 months of delay
    assert np.allclose(ladder.per_maand(4), [[0.9, 0.9, 0.5, 0.0]])  # the months 3, 2, 1, 0 before the end of month 3
    prior = np.array([[100.0, 100.0, 120.0, 130.0]])
    uit = ladder.voorspel(geclaimd, prior)
    assert np.allclose(uit, [[100.0, 90.0 + 0.1 * 100, 50 + 0.5 * 120, 130.0]])


@pytest.mark.unit
def test_survival_follows_the_trajectories_seen():
    # a hundred trajectories of product 0 starting in month 0: 20 end after 1 month, 30 after 3
    eind = np.repeat([0, 0, 2, 2, 2] + [50] * 5, 10)
    tr = Trajecten(*(np.zeros(100, int) for _ in range(3)), np.zeros(100, int), eind)
    s = bestand.overleving(Trajecten(tr.gemeente, tr.aanbieder, tr.product, tr.begin, tr.eind), 60, 1)
    assert np.allclose(s[0, :5], [1.0, 0.8, 0.8, 0.5, 0.5])


@pytest.mark.unit
def test_leerstof_interval_and_chance_of_overrun():
    lr = burap.Leerstof(0.3, (np.log(0.02), 0.0), np.array([-1.0, 0.0, 1.0]))
    onder, boven = lr.interval(np.array(100.0))
    assert onder < 100 < boven
    assert lr.kans_boven(100.0, 200.0) == 0.0 and lr.kans_boven(100.0, 90.0) == 1.0
    assert lr.kans_boven(100.0, 101.0) == pytest.approx(1 / 3)


@pytest.mark.unit
def test_the_seasonal_series_recovers_trend_and_season_and_each_unit_keeps_its_level():
    maanden = 36
    kalender = np.arange(maanden + 6) % 12
    seizoen = np.log(1 + 0.2 * np.cos(2 * np.pi * np.arange(12) / 12))
    vorm = np.exp(0.01 * (np.arange(maanden + 6) - (maanden - 1)) + seizoen[kalender] - seizoen[0])  # January 1
    eenheden = np.array([[1000.0], [3000.0]])[:, :, None] * vorm[None, None, :maanden]  # [unit, segment, month]
    reeks = Seizoensreeks().pas_aan(eenheden.sum(axis=0), np.ones(maanden, bool), kalender, a=maanden - 1)
    assert reeks.trend[0] == pytest.approx(0.01)
    assert np.allclose(reeks.factor[0], seizoen - seizoen[0])
    prior = reeks.voorspel(eenheden, np.ones((1, maanden)), kalender)
    assert np.allclose(prior[:, 0, :], np.array([[1000.0], [3000.0]]) * vorm[None])  # past and the six months ahead


@pytest.mark.unit
def test_bottom_up_keeps_the_running_trajectories_and_adds_the_new_starts():
    # 30 trajectories running since month 0 and one new one every month from month 5, none ending
    begin = np.concatenate([np.zeros(30, int), np.arange(5, 41)])
    tr = Trajecten(*(np.zeros(len(begin), int) for _ in range(3)), begin, np.full(len(begin), 10**7))
    teller = bestand.actief(tr, tr.gemeente, 1, 1, range(41), 0)
    per_traject = np.full((1, 50), 100.0)
    model = Bestandsmodel(per_traject).pas_aan(tr, tr.gemeente, teller, 100.0 * teller.sum(axis=1),
                                               np.ones(41, bool), a=40, t0=0)
    assert model.verhouding[0] == pytest.approx(1.0) and model.instroom[0, 0] == pytest.approx(1.0)
    uit = model.voorspel(3)[0, 0]
    assert np.allclose(uit[:41], 100.0 * teller[0, 0])  # the months gone by: the trajectories that ran
    assert np.allclose(uit[41:], 100.0 * np.array([67, 68, 69]))  # 66 running, one more starting every month


@pytest.mark.unit
def test_the_completion_for_the_reports_is_the_chain_ladder_on_a_hand_made_triangle():
    delen = np.array([0.0, 0.6, 0.3, 0.1])
    eind = 1000.0 * 1.01 ** np.arange(24)  # every month's final cost, growing 1 % a month
    kubus = np.zeros((1, 1, 24, 37))
    kubus[0, 0, :, :4] = eind[:, None] * delen[None, :]
    t0 = maandnummer(dt.date(2022, 1, 1))
    indeling = (["1"], np.array([0]))
    g = Gegevens(dt.date(2023, 12, 31), ["0505"], [], ["P1"], t0, kubus, np.zeros((0, 24, 37)), np.ones((1, 48)),
                 {2022: indeling, 2023: indeling}, {}, {}, {}, {})
    t = aanvulling(g)
    assert list(t.columns) == ["gemeentecode", "segmentcode", "maand", "gedeclareerd", "verwacht", "aandeel"]
    assert len(t) == 24 and t.maand.iloc[0] == dt.date(2022, 1, 1) and t.maand.iloc[-1] == dt.date(2023, 12, 1)
    binnen = np.concatenate([np.ones(21), np.cumsum(delen)[2::-1]])  # in by the end of December 2023
    assert np.allclose(t.gedeclareerd, eind * binnen)
    rijp = t.maand <= dt.date(2023, 9, 1)  # three months or more: the chain ladder, exactly
    assert np.allclose(t.verwacht[rijp], eind[rijp.to_numpy()], rtol=1e-9)
    assert np.allclose(t.aandeel[rijp], binnen[rijp.to_numpy()])
    jong = ~rijp  # Bornhuetter-Ferguson with the seasonal series (here: its trend) as prior
    assert np.allclose(t.verwacht[jong], eind[jong.to_numpy()], rtol=0.01)
    assert (t.verwacht[jong] > t.gedeclareerd[jong]).all() and t.aandeel.iloc[-1] == 0.0


@pytest.mark.unit
def test_the_back_test_orchestrator_stacks_the_cases_and_names_the_moments_it_could_not_forecast():
    def raming(jaar: int) -> pd.DataFrame | None:
        return None if jaar == 2020 else pd.DataFrame({"jaar": [jaar, jaar], "fout": [0.1, 0.2]})

    gevallen, overgeslagen = terugtoets([2019, 2020, 2021], raming)
    assert gevallen.jaar.tolist() == [2019, 2019, 2021, 2021] and overgeslagen == [2020]
    assert terugtoets([], raming)[0].empty


# --- a small region ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kleine_regio(tmp_path_factory):
    uit = tmp_path_factory.mktemp("prognose")
    genereer(lees_regio("zhz"), range(2021, 2025), seed=5, schaal=0.1, uit=uit / "bron")
    return uit / "bron"


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def geladen_url(request, kleine_regio, tmp_path_factory):
    """The small region loaded once per engine for this module (the forecasts only read)."""
    tmp = tmp_path_factory.mktemp("geladen")
    naam = f"stuurwiel_test_{uuid.uuid4().hex[:12]}"
    if request.param == "duckdb":
        url = str(tmp / "prognose.duckdb")
    else:
        request.getfixturevalue("pg_admin").execute(f'CREATE DATABASE "{naam}"')
        url = pg_adres(naam)
    with sleutel(tmp / "sleutel"), Opslag.open(url) as opslag:
        initialiseer(opslag, lees_regio("zhz"))
        laad(opslag, [kleine_regio])
    yield url
    if request.param == "postgres":
        request.getfixturevalue("pg_admin").execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


@pytest.fixture
def geladen(geladen_url):
    opslag = Opslag.open(geladen_url)
    yield opslag
    opslag.sluit()


def test_a_back_test_forecast_sees_nothing_after_its_moment(geladen):
    """The forecast made in the back-test at the end of May 2023 equals the forecast made with
    only what was known on 31 May 2023."""
    nu = Gegevens.haal(geladen, dt.date(2024, 12, 31), [5])
    toen = Gegevens.haal(geladen, dt.date(2023, 5, 31))
    a, b = raam(nu, maandnummer(dt.date(2023, 5, 1)), 2023), raam(toen, maandnummer(dt.date(2023, 5, 1)), 2023)
    for model in ("tijdreeks", "bottomup"):
        assert np.allclose(a.verwacht[model], b.verwacht[model], rtol=1e-9), model
    assert np.allclose(a.gedeclareerd, b.gedeclareerd)


def test_the_trajectories_of_several_moments_in_one_query_are_each_moments_own(geladen):
    """The back-test reads the trajectories known at a dozen month ends in one query; each date's share
    equals the trajectories asked for that date alone."""
    data = [dt.date(2022, 7, 31), dt.date(2023, 5, 31), dt.date(2024, 12, 31)]
    kolommen = ["client_id", "agb_code", "productcode", "begindatum", "einddatum", "gemeentecode", "verwijzer_type",
                "toewijzingen", "segmentcode"]

    def gesorteerd(df: pd.DataFrame) -> pd.DataFrame:
        return df[kolommen].sort_values(kolommen[:4]).reset_index(drop=True)

    samen = basis.trajecten_op_data(geladen, data).to_pandas()
    assert set(pd.to_datetime(samen.peildatum).dt.date) == set(data)
    for d in data:
        los = basis.trajecten(geladen, d).to_pandas()
        deel = samen[pd.to_datetime(samen.peildatum).dt.date == d]
        assert len(los) > 0
        pd.testing.assert_frame_equal(gesorteerd(deel), gesorteerd(los))


def test_the_forecast_adds_up_and_learns_from_earlier_years(geladen):
    g = Gegevens.haal(geladen, dt.date(2024, 8, 31))
    b = burap.burap(g)
    t = b.tabel()
    regio = t[t.niveau == "regio"].iloc[0]
    gemeenten = t[t.niveau == "gemeente"]
    assert regio.jaartotaal == pytest.approx(gemeenten.jaartotaal.sum())
    for r in gemeenten.itertuples():
        segmenten = t[(t.niveau == "segment") & (t.gemeentecode == r.gemeentecode)]
        assert r.jaartotaal == pytest.approx(segmenten.jaartotaal.sum())
        assert r.ondergrens < r.jaartotaal < r.bovengrens
        assert r.gerealiseerd + r.rest == pytest.approx(r.jaartotaal)
        assert r.gerealiseerd >= r.gedeclareerd * 0.99  # late claims only add
    assert b.getoetst and b.leerstof.jaren == [2022, 2023] and b.leerstof.maanden == [7, 8, 9]
    assert "terugtoets op 2022–2023" in burap.uitleg(b)
    # the interval of the region is narrower, relatively, than a municipality's
    breed = (gemeenten.bovengrens - gemeenten.ondergrens) / gemeenten.jaartotaal
    assert (regio.bovengrens - regio.ondergrens) / regio.jaartotaal < breed.min()


def test_without_earlier_years_the_forecast_still_has_an_interval_and_says_so(geladen):
    b = burap.burap(Gegevens.haal(geladen, dt.date(2022, 3, 31)))
    assert not b.getoetst
    t = b.tabel()
    t = t[t.jaartotaal > 0]
    assert (t.ondergrens < t.jaartotaal).all() and (t.jaartotaal < t.bovengrens).all()
    assert "geen eerdere jaren" in burap.uitleg(b)


def test_the_frame_holds_arrays_and_the_completion_is_the_forecast_s_own(geladen):
    """Nothing in the frame reaches back into the store; the completion for the reports gives, for
    the year's months up to the peildatum, the year-end forecast's time-series completion."""
    g = Gegevens.haal(geladen, dt.date(2024, 8, 31))
    assert not any(isinstance(v, Opslag) for v in vars(g).values())
    pickle.loads(pickle.dumps(g))
    t = aanvulling(g)
    r = raam(g, g.laatste_maand, 2024)
    assert t.maand.max() == dt.date(2024, 8, 1)
    assert t.gemeentecode.unique().tolist() == g.gemeenten and t.segmentcode.unique().tolist() == r.segmenten
    verwacht = t.verwacht.to_numpy().reshape(len(g.gemeenten), len(r.segmenten), -1)[:, :, -8:]  # January-August
    assert np.allclose(verwacht, r.verwacht["tijdreeks"][:, :, :8], rtol=1e-12)
    assert (t.verwacht[t.maand < dt.date(2024, 5, 1)] >= 0.99 * t.gedeclareerd[t.maand < dt.date(2024, 5, 1)]).all()


def test_ceilings_name_the_day_they_are_reached(geladen):
    g = Gegevens.haal(geladen, dt.date(2024, 6, 30))
    lijst = plafonds(g, burap.burap(g))
    assert lijst
    for p in lijst:
        if p.bereikt:
            assert p.bereikt.year == 2024 and p.jaartotaal >= p.plafond
            assert p.vroegst is None or p.vroegst <= p.bereikt
        else:
            assert p.jaartotaal < p.plafond
    bereikt = [p.bereikt for p in lijst if p.bereikt]
    assert bereikt == sorted(bereikt)  # the early warnings come first


def _cijfers(g: Gegevens) -> dict:
    """Every line of the forecast, its ceilings and a back-test summary, as recorded in
    tests/data/prognose_gouden.json (before the redesign of the forecasts)."""
    b = burap.burap(g)
    lr = b.leerstof
    return {
        "regels": rijen(r.__dict__ for r in b.posten),
        "leerstof": {"gewicht": lr.gewicht, "schaal": list(lr.schaal), "jaren": [int(j) for j in lr.jaren],
                     "maanden": [int(m) for m in lr.maanden], "mediane_fout": lr.mediane_fout},
        "maanden": [float(x) for x in b.raming.maanden(lr.gewicht).sum(axis=(0, 1))],
        "plafonds": rijen(p.__dict__ for p in plafonds(g, b)),
        "terugtoets": rijen(burap.samenvatting(burap.terugtoets(g, [2022, 2023], [4, 8])).to_dict("records")),
    }


def test_the_forecasts_give_the_numbers_recorded_before_their_redesign(geladen):
    gemeten = _cijfers(Gegevens.haal(geladen, dt.date(2024, 8, 31), toetsmaanden([4, 8])))
    assert not verschillen(gemeten, opgenomen("prognose_gouden.json"))


@pytest.mark.slow
def test_prognose_commands(geladen_url):
    db = geladen_url
    r = cli("prognose", "--peildatum", "2024-08-31", "--db", db)
    assert r.exit_code == 0, r.output
    assert "Prognose 2024 op 31 augustus 2024" in r.output and "Regio" in r.output and "80%-interval" in r.output
    assert "terugtoets" in r.output
    r = cli("prognose", "--peildatum", "2024-08-31", "--gemeente", "0505", "--formaat", "json", "--db", db)
    rijen = json.loads(r.stdout)
    assert {x["niveau"] for x in rijen} == {"gemeente", "segment"} and {x["gemeentecode"] for x in rijen} == {"0505"}
    r = cli("prognose", "maanden", "--peildatum", "2024-08-31", "--formaat", "csv", "--db", db)
    maanden = pd.read_csv(pd.io.common.StringIO(r.stdout))
    assert list(maanden.soort) == ["gerealiseerd"] * 8 + ["prognose"] * 4
    assert (maanden.verwacht[:8] >= maanden.gedeclareerd[:8] * 0.99).all()
    r = cli("prognose", "plafonds", "--peildatum", "2024-08-31", "--db", db)
    assert r.exit_code == 0 and "bereiken hun plafond" in r.output
    r = cli("prognose", "toets", "--jaren", "2022-2023", "--maanden", "4", "--formaat", "csv", "--db", db)
    assert r.exit_code == 0, r.output
    sv = pd.read_csv(pd.io.common.StringIO(r.stdout))
    assert list(sv.maand) == [4] and sv.gecombineerd_gemeente[0] < sv.runrate_gemeente[0]
    r = cli("prognose", "toets", "--jaren", "2022-2023", "--maanden", "4", "--db", db)
    koppen = " ".join(r.output.split())
    for kop in ("eind april", "Stuurwiel", "tijdreeks", "bottom-up", "doortrekken", "(run-rate)", "seizoen",
                "80%-interval"):  # headers wrap between words
        assert kop in koppen, kop
    assert "bottomup" not in koppen and "runrate" not in koppen


@pytest.mark.parametrize("args, verwacht", [
    (("--peildatum", "2024-13-01"), "'2024-13-01' is geen datum"),
    (("--gemeente", "0363"), "gemeente 0363 hoort niet bij deze regio"),
    (("toets", "--jaren", "2021-2023"), "jaar 2021 kan niet getoetst worden"),
    (("toets", "--jaren", "2022-2023", "--maanden", "0-3"), "maanden lopen van 1 tot en met 12"),
])
def test_prognose_refuses_what_it_cannot_do(geladen_url, args, verwacht):
    r = cli("prognose", *args, "--db", geladen_url)
    assert r.exit_code == 1 and verwacht in r.output, r.output


# --- the bars of the issue, on the full synthetic region -------------------------------------------

@pytest.fixture(scope="module")
def zhz(tmp_path_factory):
    uit = tmp_path_factory.mktemp("zhz")
    genereer(lees_regio("zhz"), range(2021, 2026), seed=1, schaal=1.0, uit=uit / "bron")
    opslag = Opslag.open(str(uit / "zhz.duckdb"))
    with sleutel(uit / "sleutel"):
        initialiseer(opslag, lees_regio("zhz"))
        laad(opslag, [uit / "bron"])
    waarheid = pd.read_csv(uit / "bron" / "grondwaarheid" / "kosten_per_maand.csv", dtype={"gemeentecode": str})
    waarheid["jaar"] = waarheid.maand.str[:4].astype(int)
    yield opslag, waarheid.groupby(["gemeentecode", "jaar"]).kosten_cent.sum()
    opslag.sluit()


@pytest.mark.slow
def test_back_test_meets_the_bars_against_the_ground_truth(zhz):
    opslag, waarheid = zhz
    g = Gegevens.haal(opslag, dt.date(2025, 12, 31), toetsmaanden(range(1, 12)))
    verslag = burap.terugtoets(g, [2022, 2023, 2024], list(range(1, 12)))
    gem = verslag[verslag.niveau == "gemeente"].copy()
    gem["waarheid"] = [waarheid[(c, j)] for c, j in zip(gem.gemeentecode, gem.jaar, strict=True)]
    fout = {m: (gem[m] / gem.waarheid - 1).abs().groupby(gem.maand).median() for m in ("gecombineerd", "runrate")}
    tabel = pd.DataFrame(fout).round(4)
    assert fout["gecombineerd"][4] <= 0.03 and fout["gecombineerd"][8] <= 0.015, tabel
    for m in (4, 8):
        assert fout["gecombineerd"][m] <= 0.6 * fout["runrate"][m], tabel
    dekking = ((gem.waarheid >= gem.ondergrens) & (gem.waarheid <= gem.bovengrens)).mean()
    assert 0.70 <= dekking <= 0.90, dekking


@pytest.mark.slow
def test_the_2025_forecasts_hold_against_the_ground_truth(zhz):
    """A year the back-test never saw: after 4 and 8 months of 2025 the median error per
    municipality stays within the bar for month 4, and the 80 % intervals hold most outcomes, counted
    over both moments (twenty outcomes: ten alone make one municipality more or less decide). (Measured:
    2.0 % and 1.3 %, 15 of 20 within; 2025's stricter norms for a few products slow the year down.)"""
    opslag, waarheid = zhz
    binnen = []
    for peildatum in (dt.date(2025, 4, 30), dt.date(2025, 8, 31)):
        t = burap.burap(Gegevens.haal(opslag, peildatum)).tabel()
        t = t[t.niveau == "gemeente"]
        echt = np.array([waarheid[(c, 2025)] for c in t.gemeentecode])
        assert np.median(np.abs(t.jaartotaal / echt - 1)) <= 0.03, (peildatum, t.jaartotaal / echt - 1)
        binnen += list((echt >= t.ondergrens) & (echt <= t.bovengrens))
    assert np.mean(binnen) >= 0.7, binnen


def test_back_test_years_need_history_and_a_known_outcome(geladen):
    g = Gegevens.haal(geladen, dt.date(2024, 12, 31), trajecten=False)
    assert g.toetsjaren() == [2022, 2023]
    assert g.toetsjaren(voor=2023) == [2022]
    assert maandeinde(maandnummer(dt.date(2024, 2, 10))) == dt.date(2024, 2, 29)


# --- the late claims, as the reports use them ------------------------------------------------------

def _aanvulling(opslag: Opslag, **vraag) -> pd.DataFrame:
    t = beantwoord(opslag, Vraag("aanvulling", **vraag))
    return pd.DataFrame([[c.waarde for c in r] for r in t.rijen], columns=[k.naam for k in t.kolommen])


def test_late_claims_per_month_against_the_ground_truth_and_the_catalogue(geladen, kleine_regio):
    """Claimed so far is what the simulator says was known at its peildatum and what the catalogue
    measures; the expected cost of the months not yet complete is far closer to their true final
    cost than what is claimed; a month called complete has nearly all of its true cost in."""
    d = _aanvulling(geladen).set_index("maand")
    waarheid = pd.read_csv(kleine_regio / "grondwaarheid" / "kosten_per_maand.csv")
    waarheid = waarheid.groupby(waarheid.maand.str[:7])[["kosten_cent", "kosten_bekend_cent"]].sum()
    d = d.join(waarheid)
    assert (d.gedeclareerd == d.kosten_bekend_cent).all()
    kosten = meet(geladen, "kosten", [ontleed_periode(m) for m in d.index[-14:]])
    assert kosten.waarde.astype(int).tolist() == d.gedeclareerd[-14:].tolist()
    assert (d.compleet == (d.aandeel >= VOLLEDIG)).all()
    open_, compleet = d[~d.compleet], d[d.compleet]
    assert len(open_) >= 2 and open_.index[-1] == "2024-12" and not compleet.empty
    fout_verwacht = abs(open_.verwacht.sum() / open_.kosten_cent.sum() - 1)
    fout_gedeclareerd = abs(open_.gedeclareerd.sum() / open_.kosten_cent.sum() - 1)
    assert fout_verwacht <= 0.1 and fout_verwacht <= fout_gedeclareerd / 4, (fout_verwacht, fout_gedeclareerd)
    assert (compleet.gedeclareerd >= 0.93 * compleet.kosten_cent).all()


def test_late_claims_in_the_asker_s_scope(geladen):
    regio = _aanvulling(geladen, perioden=(ontleed_periode("2024-Q4"),))
    assert regio.maand.tolist() == ["2024-10", "2024-11", "2024-12"]
    gemeenten = geladen.regio().gemeente_codes
    delen = [_aanvulling(geladen, perioden=(ontleed_periode("2024-Q4"),), selectie=Selectie(gemeenten=(g,)))
             for g in gemeenten]
    assert np.allclose(sum(d.gedeclareerd for d in delen), regio.gedeclareerd)
    assert np.allclose(sum(d.verwacht for d in delen), regio.verwacht, atol=len(gemeenten))  # rounded to cents
    dordrecht = Bereik(gemeenten=frozenset({"0505"}))
    with pytest.raises(BuitenBereik):
        _aanvulling(geladen, selectie=Selectie(gemeenten=("1963",)), bereik=dordrecht)
    aanbieder = geladen.rijen("SELECT min(agb_code) FROM aanbieder")[0][0]
    with pytest.raises(Vraagfout, match="per gemeente en segment, niet per aanbieder"):
        _aanvulling(geladen, selectie=Selectie(aanbieders=(aanbieder,)))


def test_reports_grey_out_the_months_the_completion_calls_incomplete(geladen, monkeypatch):
    """The first page's warning, the grey band and the expected cost beside the cost per month
    come from the one answer: with a lower bar for complete, the report changes with it."""
    def rapport():
        vraag = Vraag("rapport", (ontleed_periode("2024-12"),), selectie=Selectie(gemeenten=("0505",)))
        r = bouw(Meter.voor(geladen, vraag), vraag, "maand")
        return r, next(o for o in r.onderdelen if o.titel == "Kosten per maand")

    d = _aanvulling(geladen, selectie=Selectie(gemeenten=("0505",)), perioden=(ontleed_periode("2024"),))
    open_ = d[~d.compleet]
    r, kosten = rapport()
    eerste, laatste = (notatie.periode(ontleed_periode(m)) for m in (open_.maand.iloc[0], open_.maand.iloc[-1]))
    assert f"over {eerste} t/m {laatste} is pas" in r.waarschuwing
    assert notatie.waarde(open_.verwacht.sum(), "eurocent") in r.waarschuwing
    verwacht = kosten.tabel.index("verwacht 2024")
    getoond = {rij[0].waarde: rij[verwacht].waarde for rij in kosten.tabel.rijen if rij[verwacht].waarde is not None}
    assert getoond == {notatie.MAANDEN_KORT[int(m[5:]) - 1]: v for m, v in zip(open_.maand, open_.verwacht)}
    assert "gestippeld: verwacht 2024" in kosten.grafiek.beschrijving

    monkeypatch.setattr("stuurwiel.toepassing.aanvulling.VOLLEDIG", 0.0)
    r, kosten = rapport()
    assert "alle maanden tot dan zijn naar verwachting compleet" in r.waarschuwing
    assert [k.naam for k in kosten.tabel.kolommen] == ["maand", "2024", "2023"]
    assert "nog niet compleet" not in kosten.uitleg


def test_prognose_aanvulling_command(geladen_url):
    r = cli("prognose", "aanvulling", "--periode", "2024-Q4", "--gemeente", "0505", "--formaat", "csv",
            "--db", geladen_url)
    assert r.exit_code == 0, r.output
    d = pd.read_csv(pd.io.common.StringIO(r.stdout))
    assert d.maand.tolist() == ["2024-10", "2024-11", "2024-12"] and not d.compleet.iloc[-1]
    r = cli("prognose", "aanvulling", "--periode", "2024-13", "--db", geladen_url)
    assert r.exit_code == 1 and "'2024-13' is geen periode" in r.output


def test_no_reading_claims_a_change_the_completed_figures_do_not_show(geladen, kleine_regio):
    """The last months of 2024 are incomplete at the data's end. Every key-figure reading of a
    measure built on claims, in the three reports, compares completed figures: the change it states
    is within the completion's error of the change in the simulator's true final figures (10 points
    for a quarter whose three months are all still coming in; measured 9), and it points the same
    way wherever the truth moved more than 4 %. The claims alone would read the quarter as a steep
    fall."""
    waarheid = pd.read_csv(kleine_regio / "grondwaarheid" / "kosten_per_maand.csv", dtype={"gemeentecode": str})
    waarheid["maand"] = pd.to_datetime(waarheid.maand).dt.date

    def echt(cel: Cel) -> float:
        """The figure with the true final cost in place of the claimed cost (cost-proportional measures)."""
        periode, sleutels = ontleed_periode(cel.periode), dict(cel.sleutels)
        deel = waarheid[(waarheid.maand >= periode.begin) & (waarheid.maand <= periode.eind)]
        if sleutels.get("gemeente"):
            deel = deel[deel.gemeentecode == sleutels["gemeente"]]
        kosten = meet(geladen, "kosten", [periode], selectie=Selectie.van(**sleutels)).waarde.iloc[0]
        return cel.waarde * deel.kosten_cent.sum() / kosten

    gelezen = 0
    for soort, periode, gemeente in [("maand", "2024-12", "0505"), ("kwartaal", "2024-Q4", None),
                                     ("jaar", "2024", None)]:
        vraag = Vraag("rapport", (ontleed_periode(periode),), selectie=Selectie.van(gemeente=gemeente))
        verwachting = Verwachting(geladen, vraag.met(selectie=Selectie()))
        for k in bouw(Meter.voor(geladen, vraag), vraag, soort).kerncijfers:
            m = max((m for m in CATALOGUS.values() if k.label.startswith(m.label)), key=lambda m: len(m.label))
            if not m.declaraties:
                continue
            vorig = k.vergelijkingen[0][1]
            gezegd = verwachting.cel(k.cel).waarde / verwachting.cel(vorig).waarde - 1
            waar = echt(k.cel) / echt(vorig) - 1
            zin = k.lezing.split(" en ")[0]
            assert "naar verwachting" in zin, k.lezing
            assert abs(gezegd - waar) <= 0.1, (k.label, k.lezing, gezegd, waar)
            if abs(waar) > 0.04:
                assert ("hoger" if waar > 0 else "lager") in zin, (k.label, k.lezing, waar)
            gelezen += 1
    assert gelezen == 7
    kwartaal, vorig = (meet(geladen, "kosten", [ontleed_periode(p)]).waarde.iloc[0] for p in ("2024-Q4", "2023-Q4"))
    assert kwartaal / vorig - 1 < -0.2  # what the claims alone would have said
