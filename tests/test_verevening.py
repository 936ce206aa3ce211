"""`stuurwiel verevening` on a small synthetic ZHZ region: own cost equal to an independent sum from the
source files, the advance on the budgets, three subregional pools that each add up to their cost, the
historical key from the files, the variants side by side, the region's own rules with their cap, and a
municipal scope that sees its own line and the totals only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from pathlib import Path

import pytest

from stuurwiel.begrippen.periode import jaar
from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik, BuitenBereik
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.verevening import Keuze
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.toepassing.vragen import beantwoord
from tests.support import voorbeeld
from tests.support.helpers import cli, sleutel

JAAR = 2024
SUBREGIO = {g.code: g.subregio for g in lees_regio("zhz").gemeenten}


@pytest.fixture(scope="module")
def bron(tmp_path_factory) -> Path:
    uit = tmp_path_factory.mktemp("verevening") / "bron"
    genereer(lees_regio("zhz"), range(2021, 2025), seed=5, schaal=0.05, uit=uit)
    return uit


@pytest.fixture(scope="module")
def db(bron, tmp_path_factory) -> str:
    pad = tmp_path_factory.mktemp("vereveningdb") / "stuurwiel.duckdb"
    with sleutel(pad.parent / "sleutel"), Opslag.open(str(pad)) as opslag:
        initialiseer(opslag, lees_regio("zhz"))
        laad(opslag, [bron])
    return str(pad)


def _bestand(bron: Path, soort: str) -> list[dict[str, str]]:
    with (bron / f"{soort}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def onafhankelijke_kosten(bron: Path, jaren: range) -> dict[tuple[str, str], int]:
    """Claimed cost per (municipality, segment) from declaraties.csv: signed, without rejected lines, by the
    year of the service month and the product's segment in regio.yaml on that date."""
    regio = lees_regio("zhz")
    uit: dict[tuple[str, str], int] = defaultdict(int)
    for r in _bestand(bron, "declaraties"):
        begin = dt.date.fromisoformat(r["periode_begin"])
        if r["status"] == "afgewezen" or begin.year not in jaren:
            continue
        segment = regio.segment_op(regio.producten_per_code[r["productcode"]], begin)
        uit[(r["gemeentecode"], segment)] += int(r["bedrag_cent"]) * (-1 if r["debet_credit"] == "C" else 1)
    return uit


def per_gemeente(per_segment: dict[tuple[str, str], int]) -> dict[str, int]:
    uit: dict[str, int] = defaultdict(int)
    for (g, _), k in per_segment.items():
        uit[g] += k
    return dict(uit)


def rijen(*args: str, db: str) -> list[dict[str, str]]:
    r = cli("verevening", "--jaar", str(JAAR), *args, "--formaat", "csv", "--db", db)
    assert r.exit_code == 0, r.output
    return list(csv.DictReader(io.StringIO(r.stdout)))


def gemeenten(tabel: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in tabel if r["gemeentecode"]]


@pytest.mark.unit
def test_own_cost_is_the_independent_sum_of_the_claims_in_the_files(db, bron):
    verwacht = per_gemeente(onafhankelijke_kosten(bron, range(JAAR, JAAR + 1)))
    tabel = rijen("--variant", "eigen", db=db)
    assert {r["gemeentecode"]: int(r["eigen_kosten_cent"]) for r in gemeenten(tabel)} == verwacht
    assert all(r["bijdrage_cent"] == r["eigen_kosten_cent"] and r["verschil_cent"] == "0" for r in tabel)
    assert int(tabel[-1]["eigen_kosten_cent"]) == sum(verwacht.values()) and tabel[-1]["gemeente"] == "Totaal"


@pytest.mark.unit
def test_the_advance_is_settled_on_the_budgets(db, bron):
    budget: dict[str, int] = defaultdict(int)
    for r in _bestand(bron, "budgetten"):
        if int(r["jaar"]) == JAAR and r["segmentcode"]:
            budget[r["gemeentecode"]] += int(r["budget_cent"])
    tabel = rijen("--grondslag", "voorschot", "--variant", "regio", "--sleutel", "inwoners", db=db)
    assert {r["gemeentecode"]: int(r["eigen_kosten_cent"]) for r in gemeenten(tabel)} == budget
    assert sum(int(r["bijdrage_cent"]) for r in gemeenten(tabel)) == sum(budget.values())
    nacalculatie = rijen("--grondslag", "nacalculatie", "--variant", "regio", "--sleutel", "inwoners", db=db)
    assert tabel[-1]["eigen_kosten_cent"] != nacalculatie[-1]["eigen_kosten_cent"]


@pytest.mark.unit
def test_subregio_by_youth_gives_three_pools_that_each_add_up_to_their_cost(db):
    tabel = gemeenten(rijen("--variant", "subregio", "--sleutel", "jeugdigen", db=db))
    potten: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in tabel:
        assert r["subregio"] == SUBREGIO[r["gemeentecode"]]
        potten[r["subregio"]][0] += int(r["eigen_kosten_cent"])
        potten[r["subregio"]][1] += int(r["bijdrage_cent"])
    assert len(potten) == 3 and all(kosten == bijdrage for kosten, bijdrage in potten.values())
    # Hoeksche Waard is a subregion of one: it pays its own cost
    hw = next(r for r in tabel if r["gemeentecode"] == "1963")
    assert hw["bijdrage_cent"] == hw["eigen_kosten_cent"]


@pytest.mark.unit
def test_per_segment_every_pool_adds_up_and_follows_the_key_within_a_cent(db):
    tabel = gemeenten(rijen("--variant", "regio", "--sleutel", "jeugdigen", "--cumulatie", "0", "--per", "segment",
                            db=db))
    per_segment: dict[str, list[dict]] = defaultdict(list)
    for r in tabel:
        per_segment[r["segmentcode"]].append(r)
    for leden in per_segment.values():
        kosten = sum(int(r["eigen_kosten_cent"]) for r in leden)
        assert sum(int(r["bijdrage_cent"]) for r in leden) == kosten
        som = sum(int(r["sleutel"]) for r in leden)
        for r in leden:
            assert abs(int(r["bijdrage_cent"]) - kosten * int(r["sleutel"]) / som) < 1


@pytest.mark.unit
def test_the_historical_key_is_the_own_cost_of_the_years_before_from_the_files(db, bron):
    assert lees_regio("zhz").verevening.standaard.historisch_jaren == 3
    verwacht = onafhankelijke_kosten(bron, range(JAAR - 3, JAAR))
    tabel = gemeenten(rijen("--variant", "regio", "--sleutel", "historisch", "--per", "segment", db=db))
    assert len(tabel) == 10 * len({r["segmentcode"] for r in tabel})
    for r in tabel:
        assert int(r["sleutel"]) == max(verwacht.get((r["gemeentecode"], r["segmentcode"]), 0), 0)


@pytest.mark.unit
def test_alpha_zero_and_one_equal_regio_and_eigen_on_the_store(db):
    def bijdragen(*args):
        return [r["bijdrage_cent"] for r in rijen(*args, "--per", "segment", "--sleutel", "inwoners", "--pot", "regio",
                                                  "--cumulatie", "0", db=db)]
    assert bijdragen("--variant", "verzekering", "--aandeel-eigen", "0") == bijdragen("--variant", "regio")
    assert bijdragen("--variant", "verzekering", "--aandeel-eigen", "1") == bijdragen("--variant", "eigen")


@pytest.mark.unit
def test_the_variants_side_by_side(db):
    naast = gemeenten(rijen("--vergelijk", "--sleutel", "jeugdigen", "--aandeel-eigen", "0.4", db=db))
    regio = gemeenten(rijen("--variant", "regio", "--sleutel", "jeugdigen", db=db))
    verzekering = gemeenten(rijen("--variant", "verzekering", "--sleutel", "jeugdigen", "--aandeel-eigen", "0.4",
                                  db=db))
    assert [r["bijdrage_regio_cent"] for r in naast] == [r["bijdrage_cent"] for r in regio]
    assert [r["bijdrage_verzekering_cent"] for r in naast] == [r["bijdrage_cent"] for r in verzekering]
    assert {"bijdrage_subregio_cent", "verschil_subregio_cent"} <= set(naast[0])


@pytest.mark.unit
def test_the_regions_own_rules_keep_solidarity_within_the_cap(db):
    tabel = gemeenten(rijen("--per", "segment", db=db))
    regels = lees_regio("zhz").verevening
    for r in tabel:
        cap = regels.regel(r["segmentcode"]).cumulatie_procent
        if cap is not None:
            assert abs(int(r["verschil_cent"])) <= abs(int(r["eigen_kosten_cent"])) * cap / 100
    assert any(r["segmentcode"] == "6" and r["verschil_cent"] != "0" for r in tabel)


@pytest.mark.unit
def test_a_municipality_sees_its_own_line_and_the_totals(db):
    with Opslag.open(db, alleen_lezen=True) as opslag:
        privacy = opslag.regio().privacy
        vraag = Vraag("verevening", perioden=(jaar(JAAR),), bereik=Bereik(frozenset({"0505"}), privacy),
                      verevening=Keuze(variant="subregio"))
        tabel = beantwoord(opslag, vraag)
        regio = beantwoord(opslag, vraag.met(bereik=Bereik(privacy=privacy)))
        assert tabel.waarden("gemeentecode") == ["0505", None]
        assert tabel.rijen[-1] == regio.rijen[-1] and len(regio.rijen) == 11
        with pytest.raises(BuitenBereik):
            beantwoord(opslag, vraag.met(selectie=vraag.selectie.met(gemeente="1963")))


@pytest.mark.unit
@pytest.mark.parametrize("args, melding", [
    (("--variant", "alles"), "onbekende variant 'alles'"),
    (("--sleutel", "geld"), "sleutel: moet 'inwoners'"),
    (("--aandeel-eigen", "2"), "aandeel_eigen: mag hoogstens 1"),
    (("--grondslag", "raming"), "onbekende grondslag 'raming'"),
    (("--per", "aanbieder"), "onbekende indeling 'aanbieder'"),
    (("--cumulatie", "-5"), "cumulatie_procent: moet groter zijn dan 0"),
    (("--jaar", "2022", "--sleutel", "historisch"), "de sleutel historisch vraagt de kosten van 2019 t/m 2021, maar "
                                                    "2019, 2020 heeft geen declaraties"),
])
def test_bad_questions_get_a_dutch_message(db, args, melding):
    r = cli("verevening", "--jaar", str(JAAR), *args, "--db", db)
    assert r.exit_code == 1 and melding in " ".join(r.output.split())


@pytest.mark.unit
def test_a_year_without_data_is_named(db):
    r = cli("verevening", "--jaar", "2030", "--db", db)
    assert r.exit_code == 1 and "geen gegevens voor 2030" in r.output


def test_the_hand_made_example_on_both_engines(opslag, tmp_path):
    """The small example of tests/support/voorbeeld.py: Dordrecht 2,467.40 and Hoeksche Waard 1,614.48 in 2024
    (R1 + R4; P1), on DuckDB and PostgreSQL alike."""
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron")])
    adres = opslag.url
    opslag.sluit()
    tabel = gemeenten(rijen("--per", "segment", "--vergelijk", db=adres))
    eigen: dict[str, int] = defaultdict(int)
    for r in tabel:
        eigen[r["gemeentecode"]] += int(r["eigen_kosten_cent"])
    assert eigen["0505"] == voorbeeld.KOSTEN_2024_DORDRECHT_CENT and eigen["1963"] == 161448
    assert sum(eigen.values()) == voorbeeld.KOSTEN_2024_CENT
    for variant in ("regio", "subregio", "verzekering"):
        assert sum(int(r[f"bijdrage_{variant}_cent"]) for r in tabel) == voorbeeld.KOSTEN_2024_CENT


@pytest.mark.unit
def test_the_board_report_as_pdf_and_xlsx_holds_the_settlement(db, tmp_path):
    from openpyxl import load_workbook

    r = cli("rapport", "verevening", "--jaar", str(JAAR), "--pdf", "--xlsx", "--uit", str(tmp_path), "--db", db)
    assert r.exit_code == 0, r.output
    pdf, xlsx = tmp_path / f"vereveningrapportage-{JAAR}.pdf", tmp_path / f"vereveningrapportage-{JAAR}.xlsx"
    assert pdf.read_bytes().startswith(b"%PDF")
    totaal = rijen(db=db)[-1]  # the region's own rules, after year end
    wb = load_workbook(xlsx)
    bladen = [ws for ws in wb.worksheets if ws.title.startswith(f"Verevening {JAAR}")]
    assert len(bladen) >= 3  # nacalculatie, voorschot, the variants side by side (and per segment)
    nacalculatie = [[c.value for c in rij] for rij in bladen[0].iter_rows()]
    kop = next(i for i, rij in enumerate(nacalculatie) if "gemeente" in rij)
    eigen = nacalculatie[kop].index("eigen kosten (euro)")
    laatste = next(rij for rij in nacalculatie if "Totaal" in rij)
    assert round(laatste[eigen] * 100) == int(totaal["eigen_kosten_cent"])
