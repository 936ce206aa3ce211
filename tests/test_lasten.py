"""The whole budget: the posts of regio.yaml, the exchange file `lasten` and budgets per post, on
DuckDB and PostgreSQL; every bad input refused in Dutch with nothing stored; the budget realisation
equal to an independent sum of the source file, to the cent."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from stuurwiel.begrippen.periode import jaar
from stuurwiel.config.regio import RegioFout, ingebouwd_pad, lees_regio, ontleed_regio
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.toepassing.vragen import beantwoord
from tests.support.helpers import afgewezen, sleutel

LASTEN = ["gemeentecode", "postcode", "jaar", "maand", "bedrag_cent"]
BUDGETTEN = ["gemeentecode", "jaar", "segmentcode", "budget_cent", "postcode"]


def _csv(pad: Path, kolommen: list[str], rijen: list[list]) -> Path:
    pad.parent.mkdir(parents=True, exist_ok=True)
    with pad.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(kolommen)
        w.writerows(rijen)
    return pad


# --- the posts in the region file -------------------------------------------------------------

@pytest.mark.unit
def test_zhz_ships_the_2017_budget_of_the_programme():
    b = lees_regio("zhz").begroting
    bedragen = {p.code: p.bedrag for p in b.posten}
    assert b.declaraties == 52_066_496
    assert bedragen == {"jeugdteams": 12_200_000, "lta": 8_800_000, "pgb": 8_000_000, "gi": 11_100_000,
                        "gesloten": 2_100_000, "uitvoering": 3_469_000, "vt_cit": 1_674_388}
    assert b.basisbedrag == 97_735_496  # "Basisbegroting exclusief extra middelen Veilig Thuis en CIT"
    assert b.basisbedrag + bedragen["vt_cit"] == 99_409_884  # "Totale begroting 2017"


@pytest.mark.unit
@pytest.mark.parametrize("posten, verwacht", [
    ("[{code: pgb, naam: A}, {code: pgb, naam: B}]", "dubbele code(s) pgb"),
    ("[{code: zorginkoop, naam: Zorginkoop}]", "'zorginkoop' is de post van de declaraties"),
    ("[{code: PGB!, naam: A}]", "begroting.posten[0].code"),
    ("[{code: pgb, naam: A, bedrag: -5}]", "begroting.posten[0].bedrag"),
])
def test_a_bad_post_in_the_region_file_is_refused_in_dutch(posten, verwacht):
    tekst = ingebouwd_pad("zhz").read_text(encoding="utf-8")
    tekst = tekst.split("\nbegroting:")[0] + f"\nbegroting:\n  posten: {posten}\n"
    with pytest.raises(RegioFout) as e:
        ontleed_regio(tekst)
    assert verwacht in str(e.value)


# --- loading ----------------------------------------------------------------------------------

def _bron(tmp: Path, lasten: list[list], budgetten: list[list] | None = None) -> Path:
    _csv(tmp / "lasten.csv", LASTEN, lasten)
    if budgetten is not None:
        _csv(tmp / "budgetten.csv", BUDGETTEN, budgetten)
    return tmp


GOED = [["0505", "jeugdteams", 2025, 1, 101_00], ["0505", "jeugdteams", 2025, 2, 102_37],
        ["505", "PGB", 2025, 1, 55_01], ["0482", "gi", 2025, 3, 7_99]]


def test_lasten_and_budgets_per_post_load_on_both_engines(opslag, tmp_path):
    laad(opslag, [_bron(tmp_path / "a", GOED, [["0505", 2025, "", 2_000_000_00, "jeugdteams"],
                                               ["0505", 2025, "4", 1_000_00, ""]])])
    rijen = sorted(opslag.rijen("SELECT gemeentecode, postcode, jaar, maand, bedrag_cent FROM lasten_actueel"))
    assert rijen == [("0482", "gi", 2025, 3, 799), ("0505", "jeugdteams", 2025, 1, 10100),
                     ("0505", "jeugdteams", 2025, 2, 10237), ("0505", "pgb", 2025, 1, 5501)]
    # the claims' budget (the catalogue measure) leaves the posts' budgets out
    budget = meet(opslag, "budget", [jaar(2025)], ["gemeente"])
    assert budget.set_index("gemeentecode").waarde.to_dict() == {"0505": pytest.approx(1_000_00)}
    # a later load of the same municipality, post and month replaces its amount
    laad(opslag, [_bron(tmp_path / "b", [["0505", "jeugdteams", 2025, 2, 200_00]])])
    t = feiten.actueel(opslag, "lasten").to_pandas()
    assert t[(t.gemeentecode == "0505") & (t.postcode == "jeugdteams") & (t.maand == 2)].bedrag_cent.tolist() == [200_00]


@pytest.mark.parametrize("bestand, rij, verwacht", [
    ("lasten", ["0505", "jeugdzorgplus", 2025, 1, 100], "kolom postcode, waarde 'jeugdzorgplus': geen lastenpost van "
                                                        "regio Zuid-Holland Zuid"),
    ("lasten", ["0505", "zorginkoop", 2025, 1, 100], "waarde 'zorginkoop': geen lastenpost"),
    ("lasten", ["0505", "pgb", 2025, 13, 100], "kolom maand, waarde '13': maand is 1 tot en met 12"),
    ("lasten", ["0505", "pgb", 2025, 0, 100], "maand is 1 tot en met 12"),
    ("lasten", ["0505", "pgb", 2025, 1, "-100"], "kolom bedrag_cent, waarde '-100': geen bedrag in eurocent"),
    ("lasten", ["0505", "pgb", 2025, 1, "12,50"], "geen bedrag in eurocent"),
    ("lasten", ["0363", "pgb", 2025, 1, 100], "kolom gemeentecode, waarde '0363': gemeente hoort niet bij regio"),
    ("lasten", ["0505", "", 2025, 1, 100], "kolom postcode: verplicht veld is leeg"),
    ("lasten", ["0505", "pgb", "", 1, 100], "kolom jaar: verplicht veld is leeg"),
    ("budgetten", ["0505", 2025, "4", 100, "pgb"], "een budget hoort bij een segment of bij een lastenpost, niet "
                                                   "bij beide"),
    ("budgetten", ["0505", 2025, "", 100, "huur"], "kolom postcode, waarde 'huur': geen lastenpost"),
])
def test_every_bad_line_is_refused_in_dutch_and_nothing_is_stored(opslag, tmp_path, bestand, rij, verwacht):
    if bestand == "lasten":
        bron = _bron(tmp_path, [GOED[0], rij])
    else:
        bron = _bron(tmp_path, [GOED[0]], [rij])
    problemen = afgewezen(opslag, [bron])
    assert any(verwacht in p for p in problemen), problemen


def test_a_region_without_posts_refuses_every_lasten_file(db_adres, sleutel_env, tmp_path):
    tekst = ingebouwd_pad("zhz").read_text(encoding="utf-8")
    regio = ontleed_regio(tekst.split("\nbegroting:")[0] + "\n")
    with Opslag.open(db_adres) as opslag:
        initialiseer(opslag, regio)
        problemen = afgewezen(opslag, [_bron(tmp_path, [GOED[0]])])
    assert any("geen lastenpost van regio" in p for p in problemen), problemen


# --- the synthetic region and the whole budget ------------------------------------------------

PEILDATUM = dt.date(2025, 8, 31)


@pytest.fixture(scope="module")
def synthetisch(tmp_path_factory):
    from stuurwiel.synth import genereer

    tmp = tmp_path_factory.mktemp("lasten")
    bron = tmp / "bron"
    genereer(lees_regio("zhz"), range(2023, 2026), seed=5, schaal=0.05, uit=bron, peildatum=PEILDATUM)
    return bron


@pytest.fixture(scope="module", params=[pytest.param("duckdb", marks=pytest.mark.unit), "postgres"])
def geladen(request, synthetisch, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lastendb")
    if request.param == "duckdb":
        url = str(tmp / "s.duckdb")
    else:
        import uuid

        from tests.support.omgeving import pg_adres
        pg = request.getfixturevalue("pg_admin")
        naam = f"stuurwiel_test_{uuid.uuid4().hex[:12]}"
        pg.execute(f'CREATE DATABASE "{naam}"')
        request.addfinalizer(lambda: pg.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        url = pg_adres(naam)
    with sleutel(tmp / "k.sleutel"):
        opslag = Opslag.open(url)
        initialiseer(opslag, lees_regio(synthetisch / "regio.yaml"))
        laad(opslag, [synthetisch])
        yield opslag
        opslag.sluit()


def _bron_lasten(bron: Path) -> list[dict]:
    with (bron / "lasten.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_synthetic_region_writes_lasten_up_to_the_peildatum_and_all_months_in_its_ground_truth(synthetisch):
    regio = lees_regio("zhz")
    geschreven = _bron_lasten(synthetisch)
    assert {r["postcode"] for r in geschreven} == {p.code for p in regio.begroting.posten}
    assert max((int(r["jaar"]), int(r["maand"])) for r in geschreven) == (2025, 8)
    with (synthetisch / "grondwaarheid" / "lasten.csv").open(encoding="utf-8") as f:
        waarheid = list(csv.DictReader(f))
    assert len(waarheid) == len(regio.gemeenten) * len(regio.begroting.posten) * 36
    assert sum(r["geschreven"] == "true" for r in waarheid) == len(geschreven)
    # scaled sensibly: each post per euro of claims as in the 2017 budget, within a few per cent
    with (synthetisch / "grondwaarheid" / "kosten_per_maand.csv").open(encoding="utf-8") as f:
        claims = sum(int(r["kosten_cent"]) for r in csv.DictReader(f) if r["maand"].startswith("2024"))
    for p in regio.begroting.posten:
        post = sum(int(r["bedrag_cent"]) for r in waarheid if r["postcode"] == p.code and r["jaar"] == "2024")
        assert post / claims == pytest.approx(p.bedrag / regio.begroting.declaraties, rel=0.05), p.code


def test_the_budget_realisation_equals_the_source_file_to_the_cent(geladen, synthetisch):
    t = beantwoord(geladen, Vraag("begrotingsrealisatie", peildatum=PEILDATUM))
    rijen = [{k.naam: c.waarde for k, c in zip(t.kolommen, r, strict=True)} for r in t.rijen]
    bron = [r for r in _bron_lasten(synthetisch) if r["jaar"] == "2025"]
    with (synthetisch / "budgetten.csv").open(encoding="utf-8") as f:
        budgetten = [r for r in csv.DictReader(f) if r["jaar"] == "2025"]
    gemeenten = sorted({r["gemeentecode"] for r in bron})
    posten = sorted({r["postcode"] for r in bron})
    for gem in [*gemeenten, None]:
        for post in posten:
            rij = next(r for r in rijen if r["gemeentecode"] == gem and r["postcode"] == post)
            maanden = [int(r["bedrag_cent"]) for r in bron if r["postcode"] == post and gem in (None, r["gemeentecode"])]
            budget = sum(int(r["budget_cent"]) for r in budgetten
                         if r["postcode"] == post and gem in (None, r["gemeentecode"]))
            assert rij["gerealiseerd"] == sum(maanden), (gem, post)
            assert rij["budget"] == budget, (gem, post)
            if gem is not None:  # the forecast: booked so far, then each month to come at their mean
                assert rij["jaartotaal"] == pytest.approx(sum(maanden) * 12 / 8, abs=0.5), (gem, post)
        totaal = next(r for r in rijen if r["gemeentecode"] == gem and r["postcode"] == "totaal")
        delen = [r for r in rijen if r["gemeentecode"] == gem and r["postcode"] != "totaal"]
        assert totaal["budget"] == sum(r["budget"] for r in delen)
        assert totaal["jaartotaal"] == pytest.approx(sum(r["jaartotaal"] for r in delen), abs=0.01)
        assert totaal["gerealiseerd"] == pytest.approx(sum(r["gerealiseerd"] for r in delen), abs=0.01)
    # the claims are one post among them: their line is the year-end forecast's
    prognose = beantwoord(geladen, Vraag("prognose", peildatum=PEILDATUM))
    jaartotaal = {r[1].waarde: r[7].waarde for r in prognose.rijen}
    for gem in gemeenten:
        rij = next(r for r in rijen if r["gemeentecode"] == gem and r["postcode"] == "zorginkoop")
        assert rij["jaartotaal"] == jaartotaal[gem]



def test_a_month_counts_once_it_has_ended(geladen, synthetisch):
    """On 15 August August is not booked yet: realised are January to July, and five months are to come."""
    t = beantwoord(geladen, Vraag("begrotingsrealisatie", peildatum=dt.date(2025, 8, 15)))
    rijen = [{k.naam: c.waarde for k, c in zip(t.kolommen, r, strict=True)} for r in t.rijen]
    maanden = [int(r["bedrag_cent"]) for r in _bron_lasten(synthetisch)
               if (r["gemeentecode"], r["postcode"], r["jaar"]) == ("0505", "gi", "2025") and int(r["maand"]) <= 7]
    rij = next(r for r in rijen if r["gemeentecode"] == "0505" and r["postcode"] == "gi")
    assert len(maanden) == 7 and rij["gerealiseerd"] == sum(maanden)
    assert rij["jaartotaal"] == pytest.approx(sum(maanden) * 12 / 7, abs=0.5)
