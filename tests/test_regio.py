"""The region configuration: the shipped regions and clear Dutch errors for bad files."""

import datetime as dt

import pytest

from stuurwiel.config.regio import RegioFout, lees_regio, ontleed_regio
from stuurwiel.opslag.database import Opslag
from tests.support.helpers import cli, sleutel
from tests.support.omgeving import SHARED

pytestmark = pytest.mark.unit

ZHZ_SUBREGIO = {
    "Drechtsteden": {"0482", "0505", "0531", "0590", "0610", "0642"},
    "Alblasserwaard": {"0512", "0523", "1978"},
    "Hoeksche Waard": {"1963"},
}


def test_zhz_has_its_ten_municipalities_in_their_subregions():
    regio = lees_regio("zhz")
    per_subregio: dict[str, set[str]] = {}
    for g in regio.gemeenten:
        per_subregio.setdefault(g.subregio, set()).add(g.code)
    assert per_subregio == ZHZ_SUBREGIO


def test_zhz_segments_1_and_5_become_aanvullende_zorg_in_2025():
    regio = lees_regio("zhz")
    for code in ("54H01", "46C01"):  # segment 1 and segment 5 products
        product = regio.producten_per_code[code]
        assert regio.segment_op(product, dt.date(2024, 12, 31)) in {"1", "5"}
        assert regio.segment_op(product, dt.date(2025, 1, 1)) == "8"
    assert {s.naam for s in regio.segmenten if s.code == "8"} == {"Aanvullende zorg"}


def test_product_categories_come_from_the_ijw_code_list():
    xsd = (SHARED / "reference/ijw-3.2/xsd/basisschema.xsd").read_text()
    for regio in (lees_regio("zhz"), lees_regio("groningen")):
        for p in regio.producten:
            assert f'<xs:enumeration value="{p.categorie}">' in xsd


def test_youth_population_is_an_estimate_with_its_source_and_can_be_overridden():
    regio = lees_regio("zhz")
    rows = {(r["gemeentecode"], r["jaar"]): r for r in regio.jeugdbevolking(range(2022, 2023))}
    dordrecht = rows[("0505", 2022)]
    # CBS 2022: 119,537 inhabitants, 15 % aged 0-15 and 12 % aged 15-25 -> 0.15 + 0.3 * 0.12 = 18.6 %
    assert dordrecht["jeugdigen_0_17"] == round(119537 * 0.186)
    assert dordrecht["bron"].startswith("schatting")

    tekst = lees_regio("zhz").model_dump(mode="json")
    tekst["gemeenten"][1]["jeugdigen"] = {2022: 25000}
    import yaml
    overridden = ontleed_regio(yaml.safe_dump(tekst))
    row = [r for r in overridden.jeugdbevolking(range(2022, 2023)) if r["gemeentecode"] == "0505"][0]
    assert row["jeugdigen_0_17"] == 25000 and row["bron"] == "regio.yaml"


def test_groningen_has_its_ten_municipalities():
    assert sorted(g.code for g in lees_regio("groningen").gemeenten) == sorted(
        ["0014", "0037", "0047", "0765", "1895", "1950", "1952", "1966", "1969", "1979"])


def test_tariffs_are_indexed_per_year():
    regio = lees_regio("zhz")
    p = regio.producten_per_code["45A01"]
    assert regio.tarief_cent(p, 2021) == 8200
    assert regio.tarief_cent(p, 2022) == round(8200 * 1.03)
    assert regio.tarief_cent(p, 2023) == round(8200 * 1.03 * 1.065)


@pytest.mark.parametrize("yaml_text, expected", [
    ("code: x\nnaam: X\ngemeenten: [{code: '9999', naam: Nergens}]\nsegmenten: [{code: a, naam: A}]\n"
     "producten: [{code: P1, categorie: '45', naam: p, segment: a, eenheid: '04', tarief: 1}]",
     "gemeenten[0].code: gemeentecode 9999 bestaat niet"),
    ("code: x\nnaam: X\ngemeenten: [{code: '0505', naam: D}]\nsegmenten: [{code: a, naam: A}]\n"
     "producten: [{code: P1, categorie: '99', naam: p, segment: a, eenheid: '04', tarief: 1}]",
     "producten[0].categorie: '99' is geen iJw-productcategorie"),
    ("code: x\nnaam: X\ngemeenten: [{code: '0505', naam: D}]\nsegmenten: [{code: a, naam: A}]\n"
     "producten: [{code: P1, categorie: '45', naam: p, segment: b, eenheid: '04', tarief: 1}]",
     "product P1: segment 'b' bestaat niet"),
    ("code: x\nnaam: X\ngemeenten: [{code: '0505', naam: D}]\nsegmenten: [{code: a, naam: A}]\n"
     "producten: [{code: P1, categorie: '45', naam: p, segment: a, eenheid: '04'}]",
     "tarief ontbreekt"),
    ("code: x\nnaam: X\ngemeenten: [{code: '0505', naam: D, inwonertal: 3}]\nsegmenten: [{code: a, naam: A}]\n"
     "producten: [{code: P1, categorie: '45', naam: p, segment: a, eenheid: '04', tarief: 1}]",
     "gemeenten[0].inwonertal: onbekend veld"),
    ("code: x\nnaam: X\ngemeenten: [{code: '0505', naam: D}]\nsegmenten: [{code: a, naam: A, tot: 2024-02-30}]\n"
     "producten: [{code: P1, categorie: '45', naam: p, segment: a, eenheid: '04', tarief: 1}]",
     "segmenten[0].tot: is geen geldige datum"),
    ("code: x\nnaam: [", "geen geldige YAML"),
])
def test_bad_region_files_get_a_dutch_message_with_the_path(yaml_text, expected):
    with pytest.raises(RegioFout) as e:
        ontleed_regio(yaml_text)
    assert expected in str(e.value)


def test_missing_region_file_is_named(tmp_path):
    with pytest.raises(RegioFout, match="kan het regiobestand niet lezen"):
        lees_regio(tmp_path / "bestaat-niet.yaml")


def test_nederland_is_every_municipality_with_its_youth_care_region_and_sets_up_a_store(tmp_path):
    nl = lees_regio("nederland")
    assert len(nl.gemeenten) == 342 and nl.code == "nederland"
    per_code = {g.code: g for g in nl.gemeenten}
    assert per_code["0505"].subregio == "Zuid-Holland Zuid" and per_code["0014"].subregio == "Groningen"
    assert [s.code for s in nl.segmenten] == [s.code for s in lees_regio("zhz").segmenten]
    db = str(tmp_path / "nl.duckdb")
    with sleutel(tmp_path / "sleutel"):
        uit = cli("init", "--regio", "nederland", "--db", db)
    assert uit.exit_code == 0 and "342 gemeenten" in " ".join(uit.output.split()), uit.output
    with Opslag.open(db, alleen_lezen=True) as opslag:
        assert opslag.aantal("gemeente") == 342 and opslag.regio().code == "nederland"
