"""The first measures on the hand-made example, where every figure can be checked by hand."""

import json

import pytest

from stuurwiel.begrippen.periode import jaar, maand, ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten import kern
from stuurwiel.maten.basis import trajecten
from stuurwiel.maten.catalogus import meet
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import cli


def _loaded(opslag, tmp_path, rijen=None):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", rijen)])
    return opslag


def test_cost_is_signed_excludes_rejected_and_belongs_to_the_service_month(opslag, tmp_path):
    _loaded(opslag, tmp_path)
    per_maand = meet(opslag, "kosten", [maand(2024, m) for m in range(1, 5)])
    assert dict(zip(per_maand.periode, per_maand.waarde)) == {
        "2024-01": 151840,           # claimed in February, counted in January
        "2024-02": 94900,            # 113880 credited (R3) and re-claimed as 94900 (R4)
        "2024-03": 161448,           # R5 (afgewezen) does not count; P1 (ingediend) does
        "2024-04": 0,                # no care delivered: zero, not a missing row
    }
    df = kern.kerncijfers(opslag, [jaar(2024)])
    assert df.kosten_cent.tolist() == [voorbeeld.KOSTEN_2024_CENT]


def test_clients_are_counted_once_per_period(opslag, tmp_path):
    rijen = voorbeeld.variant()
    # client A also gets a second product at the same time
    rijen["toewijzingen"].append(dict(rijen["toewijzingen"][0], toewijzingnummer="1003", productcode="45A02"))
    _loaded(opslag, tmp_path, rijen)
    df = kern.kerncijfers(opslag, [jaar(2024)])
    assert df.jeugdigen_in_zorg.tolist() == [2]
    per_product = meet(opslag, "jeugdigen_in_zorg", [jaar(2024)], ["product"])
    assert sorted(zip(per_product.productcode, per_product.waarde)) == [
        ("44V01", 1), ("45A01", 1), ("45A02", 1)]
    feb = meet(opslag, "jeugdigen_in_zorg", [maand(2024, 2)])
    assert feb.waarde.tolist() == [1]  # pleegzorg starts in March


def test_per_municipality_rates_use_its_youth_population(opslag, tmp_path):
    _loaded(opslag, tmp_path)
    df = kern.kerncijfers(opslag, [jaar(2024)], ["gemeente"]).set_index("gemeentecode")
    bev = dict(opslag.rijen("SELECT gemeentecode, jeugdigen_0_17 FROM jeugdbevolking WHERE jaar = 2024"))
    assert df.loc["0505", "per_1000_jeugdigen"] == round(1000 / bev["0505"], 1)
    assert df.loc["0505", "kosten_cent"] == voorbeeld.KOSTEN_2024_DORDRECHT_CENT
    assert df.loc["0505", "kosten_per_client_cent"] == voorbeeld.KOSTEN_2024_DORDRECHT_CENT


def test_consecutive_allocations_are_one_trajectory(opslag, tmp_path):
    rijen = voorbeeld.variant()
    # a follow-up allocation for client A, 10 days after the first ended: same trajectory
    rijen["toewijzingen"].append(dict(rijen["toewijzingen"][0], toewijzingnummer="1004",
                                      ingangsdatum="2024-07-10", einddatum="2024-12-31"))
    # and one after a long gap: a new trajectory
    rijen["toewijzingen"].append(dict(rijen["toewijzingen"][0], toewijzingnummer="1005",
                                      ingangsdatum="2025-03-01", einddatum="2025-05-31"))
    _loaded(opslag, tmp_path, rijen)
    t = sorted(trajecten(opslag).to_pyarrow().to_pylist(), key=lambda r: r["begindatum"])
    assert [(str(r["begindatum"]), str(r["einddatum"]), r["toewijzingen"]) for r in t] == [
        ("2024-01-01", "2024-12-31", 2), ("2024-03-01", "None", 1), ("2025-03-01", "2025-05-31", 1)]
    df = kern.kerncijfers(opslag, [jaar(2024), jaar(2025)]).set_index("periode")
    assert df.loc["2024", "nieuwe_trajecten"] == 2 and df.loc["2024", "beeindigde_trajecten"] == 1
    assert df.loc["2025", "nieuwe_trajecten"] == 1 and df.loc["2025", "beeindigde_trajecten"] == 1


def test_a_changed_allocation_replaces_the_old_version_and_13_removes_it(opslag, tmp_path):
    rijen = voorbeeld.variant()
    korter = dict(rijen["toewijzingen"][0], toewijzingsdatum="2024-02-15", einddatum="2024-02-29",
                  reden_wijziging="05")
    rijen["toewijzingen"].append(korter)
    _loaded(opslag, tmp_path, rijen)
    maart = meet(opslag, "jeugdigen_in_zorg", [maand(2024, 3)], ["aanbieder"])
    assert maart.agb_code.tolist() == ["42420002"]  # De Linde's allocation now ended in February
    weg = dict(rijen["toewijzingen"][1], toewijzingsdatum="2024-03-05", reden_wijziging="13")
    laad(opslag, [voorbeeld.schrijf(tmp_path / "weg", {"toewijzingen": [weg]})])
    assert meet(opslag, "jeugdigen_in_zorg", [maand(2024, 3)]).waarde.tolist() == [0]


def test_filters_and_dimensions(opslag, tmp_path):
    _loaded(opslag, tmp_path)
    df = kern.kerncijfers(opslag, [jaar(2024)], ["verwijzer"], Selectie(gemeenten=("1963",)))
    assert df.verwijzer_type.tolist() == ["01"] and df.kosten_cent.tolist() == [161448]


@pytest.mark.unit
def test_periods_parse():
    assert ontleed_periode("2024-Q3").begin.isoformat() == "2024-07-01"
    assert ontleed_periode("2024-02").eind.isoformat() == "2024-02-29"


@pytest.mark.unit
def test_kerncijfers_cli_json_and_table(tmp_path, sleutel_env):
    db = str(tmp_path / "k.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    cli("laad", str(voorbeeld.schrijf(tmp_path / "bron")), "--db", db)
    result = cli("kerncijfers", "--jaar", "2024", "--per", "gemeente", "--formaat", "json", "--db", db)
    rows = json.loads(result.stdout)
    assert [(r["gemeentecode"], r["naam"], r["kosten_cent"]) for r in rows if r["kosten_cent"]] == [
        ("0505", "Dordrecht", 246740), ("1963", "Hoeksche Waard", 161448), (None, "Totaal", 408188)]
    assert len(rows) == 11 and rows[0]["naam"] == "Alblasserdam"  # every municipality, also without care
    table = cli("kerncijfers", "--jaar", "2024", "--gemeente", "0505", "--db", db)
    assert "€ 2.467" in table.output and "Kerncijfers 2024, gemeente 0505" in table.output
    bad = cli("kerncijfers", "--jaar", "2024", "--gemeente", "0363", "--db", db)
    assert bad.exit_code == 1 and "gemeente 0363 hoort niet bij deze regio" in bad.output
    bad = cli("kerncijfers", "--jaar", "2024", "--per", "wijk", "--db", db)
    assert bad.exit_code == 1 and "onbekende indeling 'wijk'" in bad.output
