"""The annual budget forecast: the Iv3 back-test bars, exact answers on hand-made series, both
input formats, every bad input, and the store as source."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stuurwiel.analyses.prognose.begroting import Begrotingsmodel, GeenPrognose, voorspel
from stuurwiel.analyses.prognose.begrotingstoets import toets
from stuurwiel.analyses.prognose.jaarreeks import reeks_uit_opslag
from stuurwiel.analyses.prognose.kalibratie import kalibreer, pas_toe
from stuurwiel.analyses.prognose.toets import binnen
from stuurwiel.begrippen import notatie
from stuurwiel.config.referentie import iv3_jeugd
from stuurwiel.config.regio import lees_regio
from stuurwiel.invoer.reeks import lees_reeks
from stuurwiel.synth import genereer
from stuurwiel.toepassing.laden import laad
from tests.support.gouden import opgenomen, rijen, verschillen
from tests.support.helpers import cli
from tests.support.omgeving import SHARED

IV3 = SHARED / "reference" / "iv3" / "jeugd-lasten-per-gemeente.csv"
KOP = "gemeentecode,jaar,soort,bedrag"
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def iv3():
    return lees_reeks(IV3)


def _schrijf(pad, regels: list[str]):
    pad.write_text("\n".join([KOP, *regels]) + "\n", encoding="utf-8")
    return pad


def _groeiend(codes: dict[str, float], jaren: range, groei: float = 0.05, begroot: float = 0.9) -> list[str]:
    """Every municipality grows by `groei` a year without noise, and budgets `begroot` of it, also
    for the year after."""
    regels = []
    for code, start in codes.items():
        for i, j in enumerate([*jaren, jaren[-1] + 1]):
            bedrag = start * (1 + groei) ** i
            regels.append(f"{code},{j},begroting,{bedrag * begroot:.2f}")
            if j in jaren:
                regels.append(f"{code},{j},jaarrekening,{bedrag:.2f}")
    return regels


CODES = {"0505": 40e6, "0482": 2e6, "0512": 9e6, "0523": 3e6, "0531": 6e6, "0590": 5e6, "0610": 7e6,
         "0642": 11e6, "1963": 14e6, "1978": 8e6}


@pytest.mark.unit
def test_iv3_back_test_at_budget_time_beats_own_budgets_and_naive_growth(iv3):
    # what a municipality knows when it makes its budget: realised up to two years before
    t = toets(iv3, list(range(2019, 2023)), achterstand=2)
    tabel = t.tabel.round(2).to_string(index=False)
    assert t.overgeslagen == (2019,) and t.tabel.jaar.tolist() == ["2020", "2021", "2022", "totaal"], tabel
    tot = t.tabel.iloc[-1]
    assert tot.n > 1000, tabel
    assert tot.mediane_fout < min(tot.begroting_mediane_fout, tot.naief_mediane_fout), tabel
    assert abs(tot.scheefheid) < abs(tot.naief_scheefheid), tabel
    # the calibration sets the interval only: the forecast is the rule's own
    assert (tot.mediane_fout, tot.scheefheid) == (tot.oud_mediane_fout, tot.oud_scheefheid), tabel
    assert 70 <= tot.dekking <= 90, tabel
    # after the annual accounts of the year before: calibrated, better than own budgets, not held to naive
    na = toets(iv3, list(range(2019, 2023)), achterstand=1).tabel.iloc[-1]
    assert na.mediane_fout < na.begroting_mediane_fout and abs(na.scheefheid) <= 2 and 70 <= na.dekking <= 90


def _cijfers(reeks) -> dict:
    """The forecast for 2023 and the back-test 2019-2022 (both variants) on Iv3 of the rule without
    its calibration, as recorded in tests/data/begroting_gouden.json (before the redesign of the
    forecasts); in the back-test its columns are the `oud_` ones."""
    p = Begrotingsmodel(kalibreer=False).pas_aan(reeks, 2023).voorspel()
    return {"tabel": rijen(p.tabel.to_dict("records")), "groei": p.groei, "gewichten": list(p.gewichten),
            "leerhorizon": p.leerhorizon, "leerrijen": p.leerrijen, "niet_voorspeld": list(p.niet_voorspeld),
            "opvallend": [list(x) for x in p.opvallend],
            "toets": {str(a): rijen(_oude_kolommen(toets(reeks, list(range(2019, 2023)), a).tabel))
                      for a in (1, 2)}}


def _oude_kolommen(tabel: pd.DataFrame) -> list[dict]:
    oud = {"oud_mediane_fout": "mediane_fout", "oud_scheefheid": "scheefheid", "oud_dekking": "dekking"}
    tabel = tabel.drop(columns=list(oud.values())).rename(columns=oud)
    return tabel[["jaar", "n", *oud.values(), *[k for k in tabel.columns if k.startswith(("begroting", "naief"))]]
                 ].to_dict("records")


@pytest.mark.unit
def test_iv3_gives_the_numbers_recorded_before_the_redesign(iv3):
    assert not verschillen(_cijfers(iv3), opgenomen("begroting_gouden.json"))


@pytest.mark.unit
def test_constant_growth_without_noise_is_forecast_exactly(tmp_path):
    reeks = lees_reeks(_schrijf(tmp_path / "reeks.csv", _groeiend(CODES, range(2016, 2022))))
    p = voorspel(reeks, 2022)
    t = p.tabel.set_index("gemeentecode")
    verwacht = pd.Series(CODES) * 1.05 ** 6
    assert (t.prognose / verwacht - 1).abs().max() < 0.001
    assert (t.hoog / t.laag - 1).max() < 0.001  # no noise, no change in growth: a narrow interval
    assert (t.laag <= t.prognose).all() and (t.prognose <= t.hoog).all()
    assert p.groei == pytest.approx(0.05) and set(t.grondslag) == {"historie + begroting"}
    assert t.t_o_v_begroting_pct.round(1).eq(11.1).all()  # the budgets were 90 % of spending


@pytest.mark.unit
def test_the_budget_model_is_fitted_on_the_years_before_the_target_only(tmp_path):
    regels = _groeiend(CODES, range(2016, 2022))
    zonder = lees_reeks(_schrijf(tmp_path / "zonder.csv", regels))
    met = lees_reeks(_schrijf(tmp_path / "met.csv", regels + [f"{c},2022,jaarrekening,1" for c in CODES]))
    model = Begrotingsmodel().pas_aan(met, 2022)
    assert model.laatste == 2021 and model.paneel.y.shape[1] == 2021 - model.paneel.eerste + 1
    pd.testing.assert_frame_equal(model.voorspel().tabel, voorspel(zonder, 2022).tabel)


@pytest.mark.unit
def test_broken_histories_fall_back_and_are_named(tmp_path):
    regels = _groeiend(CODES, range(2016, 2022))
    regels = [r for r in regels if not r.startswith("0505,2021,jaarrekening")]  # a missing report
    regels = [r for r in regels if not r.startswith(("0482,2021", "0482,2022"))]  # merged away in 2021
    regels = [r for r in regels if not r.startswith("0610,2022")] + ["0610,2022,begroting,0"]  # 0: no budget
    regels.append("1999,2022,begroting,1000000")  # a new code without history
    reeks = lees_reeks(_schrijf(tmp_path / "reeks.csv", regels))
    p = voorspel(reeks, 2022)
    t = p.tabel.set_index("gemeentecode")
    assert t.loc["0505", "grondslag"] == "historie t/m 2020 + begroting"
    assert t.loc["0505", "prognose"] == pytest.approx(CODES["0505"] * 1.05 ** 6, rel=0.001)  # shared growth carried
    assert t.loc["1999", "grondslag"] == "alleen begroting (geen historie)"
    assert t.loc["1999", "prognose"] == pytest.approx(1e6 / 0.9, rel=0.001)  # budget × realised/budget ratio
    assert t.loc["0610", "grondslag"] == "historie" and pd.isna(t.loc["0610", "begroting"])
    assert p.niet_voorspeld == ("0482",) and "0482" not in t.index
    assert any("0610 2022 begroting" in o for o in reeks.opmerkingen)


@pytest.mark.unit
def test_amounts_written_the_dutch_way_read_as_the_same_euros(tmp_path):
    regels = _groeiend(CODES, range(2016, 2022))
    gewoon = lees_reeks(_schrijf(tmp_path / "gewoon.csv", regels))
    nederlands = [";".join([*r.split(",")[:3], notatie.getal(float(r.split(",")[3]), 2)]) for r in regels]
    (tmp_path / "nl.csv").write_text("\n".join([KOP.replace(",", ";"), *nederlands]) + "\n", encoding="utf-8")
    assert nederlands[0] == "0505;2016;begroting;36.000.000,00"
    pd.testing.assert_frame_equal(lees_reeks(tmp_path / "nl.csv").bedragen, gewoon.bedragen)
    result = cli("begroting", "--reeks", str(tmp_path / "nl.csv"), "--doeljaar", "2022", "--formaat", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)


@pytest.mark.unit
def test_iv3_file_and_plain_csv_give_the_same_forecast(iv3, tmp_path):
    bron = pd.read_csv(IV3, dtype={"gemeentecode": str})
    plat = bron.assign(bedrag=bron.jeugd_kern_keur * 1000)[list(KOP.split(","))]
    plat.to_csv(tmp_path / "plat.csv", index=False)
    gewoon = lees_reeks(tmp_path / "plat.csv")
    a, b = voorspel(iv3, 2023).tabel, voorspel(gewoon, 2023).tabel
    assert len(a) > 300 and a.gemeentecode.tolist() == b.gemeentecode.tolist()
    pd.testing.assert_frame_equal(a.drop(columns="gemeentenaam"), b.drop(columns="gemeentenaam"))
    assert "jeugd_kern_keur, duizenden euro's" in iv3.eenheid and gewoon.eenheid == "kolom bedrag, in euro's"
    assert a.set_index("gemeentecode").gemeentenaam["0505"] == "Dordrecht"


@pytest.mark.unit
@pytest.mark.parametrize(("inhoud", "melding"), [
    ("gemeentecode,jaar,soort,waarde\n0505,2021,begroting,1\n",
     ":1, kolom bedrag: kolom ontbreekt in de kopregel (gevonden: gemeentecode, jaar, soort, waarde"),
    (f"{KOP}\n0505,2021,begroting,1\n0505,2021,jaarrekening,veel\n",
     ":3, kolom bedrag, waarde 'veel': geen getal"),
    (f"{KOP}\n0505,2021,begroting,\n", ":2, kolom bedrag, waarde '': geen getal"),
    (f"{KOP}\n0505,2021,raming,1\n",
     ":2, kolom soort, waarde 'raming': onbekende soort (kies uit begroting, jaarrekening)"),
    (f"{KOP}\n0505,twintig,begroting,1\n", ":2, kolom jaar, waarde 'twintig': geen jaartal"),
    (f"{KOP}\n0505,2021.5,begroting,1\n", ":2, kolom jaar, waarde '2021.5': geen jaartal"),
    (f"{KOP}\n505,2021,begroting,1\n", ":2, kolom gemeentecode, waarde '505': geen gemeentecode"),
    (f"{KOP}\nGM05,2021,begroting,1\n", ":2, kolom gemeentecode, waarde 'GM05': geen gemeentecode"),
    (f"{KOP}\n0505,2021,begroting,1\n0505,2021,begroting,2\n",
     ":3, kolom gemeentecode, jaar, soort, waarde '0505 2021 begroting': staat al op regel 2"),
])
def test_bad_input_names_file_line_column_and_value(tmp_path, inhoud, melding):
    pad = tmp_path / "reeks.csv"
    pad.write_text(inhoud, encoding="utf-8")
    result = cli("begroting", "--reeks", str(pad), "--doeljaar", "2022")
    assert result.exit_code == 1
    assert f"{pad}{melding}" in result.output
    assert "de reeks is niet te gebruiken" in result.output


@pytest.mark.unit
def test_other_bad_input(tmp_path):
    result = cli("begroting", "--reeks", str(tmp_path / "weg.csv"), "--doeljaar", "2022")
    assert result.exit_code == 1 and f"{tmp_path / 'weg.csv'}: bestand bestaat niet" in result.output
    (tmp_path / "latin1.csv").write_bytes(f"{KOP}\n0505,2021,jaarrekening,\xe9\n".encode("latin-1"))
    result = cli("begroting", "--reeks", str(tmp_path / "latin1.csv"), "--doeljaar", "2022")
    assert result.exit_code == 1 and "latin1.csv: bestand is geen UTF-8" in result.output
    result = cli("begroting", "--reeks", str(IV3), "--doeljaar", "2017")
    assert result.exit_code == 1 and "geen gerealiseerd jaar vóór 2017" in result.output
    result = cli("begroting", "--reeks", str(IV3))
    assert result.exit_code == 1 and "geef --doeljaar (een prognose) of --toets" in result.output
    result = cli("begroting", "--reeks", str(IV3), "--toets", "2022-2019")
    assert result.exit_code == 1 and "bijvoorbeeld 2019-2022 (niet '2022-2019')" in result.output
    pad = _schrijf(tmp_path / "kort.csv", ["0505,2021,jaarrekening,10", "0505,2022,begroting,11"])
    with pytest.raises(GeenPrognose, match="twee opeenvolgende jaren"):
        voorspel(lees_reeks(pad), 2022)


@pytest.mark.unit
def test_cli_forecast_says_unit_method_and_back_test(tmp_path):
    result = cli("begroting", "--reeks", str(IV3), "--doeljaar", "2023")
    assert result.exit_code == 0, result.output
    uit = result.output
    assert "Begrotingsprognose 2023 per gemeente" in uit and "Dordrecht" in uit
    assert "CBS Iv3: kolom jeugd_kern_keur, duizenden euro's" in uit
    assert "Methode: elke gemeente begint bij haar laatst gerealiseerde bedrag" in uit
    assert "Terugtoets 2019–2022" in uit and "binnen het 80%-interval" in uit
    assert "Zonder gerealiseerd 2022, doorgetrokken met de gedeelde groei: Almelo, Dordrecht" in uit
    rows = json.loads(cli("begroting", "--reeks", str(IV3), "--doeljaar", "2023", "--formaat", "json").stdout)
    dordrecht = next(r for r in rows if r["gemeentecode"] == "0505")
    assert dordrecht["begroting"] == 41_435_000 and dordrecht["laag"] < dordrecht["prognose"] < dordrecht["hoog"]
    toetsen = cli("begroting", "--reeks", str(IV3), "--toets", "2019-2022", "--formaat", "csv")
    df = pd.read_csv(io.StringIO(toetsen.stdout))
    assert df.groupby("achterstand").jaar.apply(list).to_dict() == {
        1: ["2019", "2020", "2021", "2022", "totaal"], 2: ["2020", "2021", "2022", "totaal"]}


@pytest.fixture(scope="module")
def synthetisch(tmp_path_factory):
    uit = tmp_path_factory.mktemp("zhz")
    genereer(lees_regio("zhz"), range(2021, 2025), seed=1, schaal=0.05, uit=uit)
    return uit


def test_store_forecast_per_municipality(opslag, synthetisch):
    laad(opslag, [synthetisch])
    reeks = reeks_uit_opslag(opslag, 2024, vandaag=dt.date(2025, 6, 1))
    assert reeks.jaren("jaarrekening") == [2021, 2022, 2023]  # 2024: claims only up to 31 December
    assert reeks.opmerkingen[0].startswith("Gerealiseerd: 2021–2023")
    t = voorspel(reeks, 2024).tabel
    assert t.gemeentecode.tolist() == sorted(lees_regio("zhz").gemeente_codes)
    assert t.prognose.notna().all() and t.begroting.notna().all()
    assert ((t.laag <= t.prognose) & (t.prognose <= t.hoog)).all()
    assert t.gemeentenaam.tolist()[:2] == ["Alblasserdam", "Dordrecht"]
    verder = voorspel(reeks_uit_opslag(opslag, 2026, vandaag=dt.date(2025, 6, 1)), 2026)
    assert len(verder.tabel) == 10 and verder.leerhorizon < verder.horizon == 3  # two years ahead at most: scaled


def test_store_cli(tmp_path, sleutel_env, synthetisch):
    db = str(tmp_path / "b.duckdb")
    leeg = cli("init", "--regio", "zhz", "--db", db)
    assert leeg.exit_code == 0
    result = cli("begroting", "--doeljaar", "2024", "--db", db)
    assert result.exit_code == 1 and "bevat nog geen declaraties" in result.output
    cli("laad", str(synthetisch), "--db", db)
    result = cli("begroting", "--doeljaar", "2024", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Gerealiseerd: 2021–2023" in result.output and "Begrotingsprognose 2024 per gemeente" in result.output
    assert "gedeclareerde kosten (maat kosten) en budgetten (maat budget)" in result.output
    rows = json.loads(cli("begroting", "--doeljaar", "2024", "--db", db, "--formaat", "json").stdout)
    assert [r["gemeentenaam"] for r in rows][-2:] == ["Hoeksche Waard", "Molenlanden"]


@pytest.mark.unit
def test_the_forecast_at_budget_time_does_not_see_the_target_year_or_the_year_before(iv3):
    """Perturb what is not known when the budget for 2022 is made (realised 2021 and 2022, budgets
    after 2022): the forecast for 2022, its calibration and its back-test case do not change."""
    df = iv3.bedragen
    later = ((df.soort == "jaarrekening") & (df.jaar >= 2021)) | ((df.soort == "begroting") & (df.jaar > 2022))
    verstoord = replace(iv3, bedragen=df.assign(bedrag=df.bedrag.where(~later, df.bedrag * 1.7)))
    a, b = voorspel(iv3, 2022, 2020), voorspel(verstoord, 2022, 2020)
    assert a.kalibratie == b.kalibratie and a.kalibratie.jaren == (2020,)
    pd.testing.assert_frame_equal(a.tabel, b.tabel)
    kolommen = ["gemeentecode", "prognose", "laag", "hoog", "oud", "oud_laag", "oud_hoog", "naief", "begroting"]
    gevallen = [toets(r, [2022], achterstand=2).gevallen[kolommen] for r in (iv3, verstoord)]
    pd.testing.assert_frame_equal(*gevallen)
    # and what is known does count: the realised 2020 moves the forecast
    eerder = df.soort.eq("jaarrekening") & df.jaar.eq(2020)
    anders = replace(iv3, bedragen=df.assign(bedrag=df.bedrag.where(~eerder, df.bedrag * 1.7)))
    assert not voorspel(anders, 2022, 2020).tabel.prognose.equals(a.tabel.prognose)


@pytest.mark.unit
def test_calibration_and_coverage_on_hand_made_cases():
    # five past cases, in logs: errors 0.1, 0.05, 0, -0.05, -0.1, each with half-width 0.1
    uitkomst = np.zeros(5)
    voorspeld = np.array([-0.1, -0.05, 0.0, 0.05, 0.1])
    k = kalibreer(uitkomst, voorspeld, voorspeld - 0.1, voorspeld + 0.1, (2020,))
    assert k.gevallen == 5
    assert k.kwantielen == pytest.approx((-0.8, 0.8))  # the 10th percentile of -1, -0.5, 0, 0.5, 1
    f, lo, hi = pas_toe(k, voorspeld, voorspeld - 0.1, voorspeld + 0.1)
    np.testing.assert_allclose(hi - lo, 0.16)
    assert binnen(pd.Series(uitkomst), pd.Series(lo), pd.Series(hi)).tolist() == [False, True, True, True, False]
    # a rule that was 10 % too high keeps its forecast; its interval reaches lower, as far as its errors went
    scheef = kalibreer(uitkomst, voorspeld + 0.1, voorspeld, voorspeld + 0.2, (2020,))
    assert scheef.kwantielen == pytest.approx((-1.8, 0.0))
    f, lo, hi = pas_toe(scheef, voorspeld + 0.1, voorspeld, voorspeld + 0.2)
    np.testing.assert_allclose(f, voorspeld + 0.1)
    np.testing.assert_allclose(lo, voorspeld + 0.1 - 0.18)
    np.testing.assert_allclose(hi, voorspeld + 0.1)


@pytest.mark.unit
def test_back_test_coverage_counts_the_outcomes_inside_their_interval(tmp_path):
    """One target year: the share inside is the count by hand."""
    ruis = [1.0, 1.03, 0.97, 1.08, 0.95, 1.01, 0.9, 1.12, 1.0, 0.99]
    regels = []
    for i, r in enumerate(_groeiend(CODES, range(2016, 2021))):
        code, jaar, soort, bedrag = r.split(",")
        regels.append(f"{code},{jaar},{soort},{float(bedrag) * ruis[(i * 7) % 10]:.2f}")
    reeks = lees_reeks(_schrijf(tmp_path / "reeks.csv", regels))
    t = toets(reeks, [2020], achterstand=1)
    g = t.gevallen.set_index("gemeentecode")
    binnen_hand = sum(g.laag[c] <= g.echt[c] <= g.hoog[c] for c in g.index)
    assert len(g) == 10 and 0 < binnen_hand < 10
    assert t.tabel.set_index("jaar").dekking["2020"] == pytest.approx(100 * binnen_hand / 10)


def _pakketreeks(tmp_path):
    """The package data (derived from the CBS Iv3 reference by scripts/afleiden_referentie.py) as a series file."""
    rijen_ = [{"gemeentecode": c, "jaar": j, "soort": s, "bedrag": b} for (c, j, s), b in iv3_jeugd().items()]
    pd.DataFrame(rijen_).to_csv(tmp_path / "pakket.csv", index=False)
    return lees_reeks(tmp_path / "pakket.csv")


def _readme_tabellen() -> list[list[list[str]]]:
    tekst = (PROJECT / "README.md").read_text(encoding="utf-8")
    blok = tekst[tekst.index("<!-- BENCHMARK: begroting -->"):tekst.index("<!-- BENCHMARK: ijw -->")]
    tabellen, huidig = [], []
    for regel in [*blok.splitlines(), ""]:
        if regel.startswith("| ") and not regel.startswith("| year"):
            huidig.append([c.strip() for c in regel.strip("|").split("|")])
        elif huidig:
            tabellen.append(huidig)
            huidig = []
    return tabellen


@pytest.mark.unit
def test_the_readme_back_test_tables_are_what_the_package_data_give(tmp_path):
    reeks = _pakketreeks(tmp_path)
    jaren = list(range(2018, 2023))
    verwacht = []
    for achterstand in (2, 1):
        t = toets(reeks, jaren, achterstand).tabel
        verwacht.append([[("all" if r.jaar == "totaal" else r.jaar), f"{r.n:,}",
                          f"{r.mediane_fout:.1f} %", f"{r.scheefheid:+.1f} %", f"{r.dekking:.0f} %",
                          f"{r.oud_mediane_fout:.1f} %", f"{r.oud_scheefheid:+.1f} %", f"{r.oud_dekking:.0f} %",
                          f"{r.begroting_mediane_fout:.1f} %", f"{r.begroting_scheefheid:+.1f} %",
                          f"{r.naief_mediane_fout:.1f} %", f"{r.naief_scheefheid:+.1f} %"] for r in t.itertuples()])
    assert _readme_tabellen() == verwacht
