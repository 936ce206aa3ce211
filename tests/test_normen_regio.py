"""The norms in regio.yaml: per product and year, the single norm of older files, clear Dutch errors for a
bad normenkader, and `stuurwiel init` writes them per product and year (or nothing at all)."""

import pytest

from stuurwiel.config.regio import RegioFout, lees_regio, ontleed_regio
from stuurwiel.opslag.database import Opslag
from tests.support.helpers import cli

pytestmark = pytest.mark.unit

KOP = ("code: x\nnaam: X\ngemeenten: [{code: '0505', naam: D}]\nsegmenten: [{code: a, naam: A}]\n"
       "producten: [{code: P1, categorie: '45', naam: p, segment: a, eenheid: '04', tarief: 1, ")


def regio(normen: str):
    return ontleed_regio(KOP + normen + "}]")


def test_a_norm_holds_from_its_year_until_a_later_one():
    p = regio("normen: [{max_duur_maanden: 18, max_intensiteit: {volume: 4, eenheid: '04', frequentie: '2'}}, "
              "{vanaf: 2025, max_duur_maanden: 12, verklarende_analyse: false}]").producten[0]
    assert p.norm_in(2014) is None  # before the Jeugdwet no norm holds
    assert (p.norm_in(2015).max_duur_maanden, p.norm_in(2024).max_intensiteit.volume) == (18, 4.0)
    nieuw = p.norm_in(2030)
    assert (nieuw.vanaf, nieuw.max_duur_maanden, nieuw.max_intensiteit, nieuw.verklarende_analyse) == (
        2025, 12, None, False)


def test_the_single_norm_of_older_region_files_holds_from_the_first_year_per_month():
    p = regio("norm: {max_duur_maanden: 12, max_volume_per_maand: 10}").producten[0]
    (n,) = p.normen
    assert (n.vanaf, n.max_duur_maanden, n.max_intensiteit.volume, n.max_intensiteit.eenheid,
            n.max_intensiteit.frequentie, n.verklarende_analyse) == (2015, 12, 10.0, "04", "4", True)


def test_zhz_has_a_stricter_norm_from_2025_for_a_few_products_and_specialist_care_needs_an_analysis():
    zhz = lees_regio("zhz")
    strenger = [p.code for p in zhz.producten if p.norm_in(2025) != p.norm_in(2024)]
    assert strenger == ["43V01", "41D01", "45A01", "54A01"]
    ambulant = zhz.producten_per_code["45A01"]
    assert (ambulant.norm_in(2024).max_intensiteit.volume, ambulant.norm_in(2025).max_intensiteit.volume) == (4, 3)
    zonder = {p.code for p in zhz.producten if not p.norm_in(2024).verklarende_analyse}
    assert zonder == {"42D01", "48J01", "47J01", "45S01", "41S01"}


@pytest.mark.parametrize("normen, melding", [
    ("normen: [{max_intensiteit: {volume: 600, eenheid: '01', frequentie: '4'}}]",
     "producten[0]: product P1: de intensiteit van de norm vanaf 2015 is in eenheid 01 (minuut), het product in "
     "eenheid 04 (uur)"),
    ("normen: [{vanaf: 2024, max_duur_maanden: 12}, {vanaf: 2024, max_duur_maanden: 9}]",
     "producten[0]: product P1: meer dan één norm vanaf 2024: elk jaar heeft één norm"),
    ("normen: [{max_duur_maanden: 12}, {vanaf: 2015, max_duur_maanden: 9}]", "meer dan één norm vanaf 2015"),
    ("normen: [{max_intensiteit: {volume: 4, eenheid: '04', frequentie: '3'}}]",
     "producten[0].normen[0].max_intensiteit.frequentie: '3' is geen iJw-frequentie (1 per dag, 2 per week"),
    ("normen: [{max_intensiteit: {volume: 0, eenheid: '04', frequentie: '2'}}]",
     "producten[0].normen[0].max_intensiteit.volume: moet groter zijn dan 0"),
    ("normen: [{max_intensiteit: {volume: 4, eenheid: '83', frequentie: '4'}}]",
     "max_intensiteit.eenheid: eenheid 83 (euro's) heeft geen volume"),
    ("normen: [{vanaf: 2010, max_duur_maanden: 12}]", "producten[0].normen[0].vanaf: moet minstens 2015 zijn"),
    ("normen: [{max_duur_maanden: twaalf}]", "producten[0].normen[0].max_duur_maanden: moet een geheel getal zijn"),
    ("normen: [{max_duur: 12}]", "producten[0].normen[0].max_duur: onbekend veld"),
    ("normen: [{max_duur_maanden: 12, verklarende_analyse: misschien}]",
     "producten[0].normen[0].verklarende_analyse: moet true of false zijn"),
    ("norm: {max_duur_maanden: 12}, normen: [{max_duur_maanden: 9}]",
     "producten[0]: norm en normen sluiten elkaar uit"),
])
def test_a_bad_normenkader_gets_a_dutch_message_with_its_place(normen, melding):
    with pytest.raises(RegioFout) as e:
        regio(normen)
    assert melding in str(e.value)


def test_init_writes_the_norms_per_product_and_year_and_a_bad_file_nothing(tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    slecht = tmp_path / "regio.yaml"
    slecht.write_text(KOP + "normen: [{vanaf: 2024}, {vanaf: 2024}]}]", encoding="utf-8")
    r = cli("init", "--regio", str(slecht), "--db", db)
    assert r.exit_code == 1 and "meer dan één norm vanaf 2024" in r.output
    assert not (tmp_path / "s.duckdb").exists()
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    with Opslag.open(db, alleen_lezen=True) as opslag:
        assert opslag.rijen("SELECT jaar, vanaf, max_duur_maanden, max_volume, eenheid, frequentie, verklarende_analyse"
                            " FROM norm WHERE productcode = '41D01' AND jaar BETWEEN 2024 AND 2025 ORDER BY jaar") == [
            (2024, 2015, 12, 6.0, "16", "2", True), (2025, 2025, 9, 5.0, "16", "2", True)]
        assert opslag.rijen("SELECT max_duur_maanden, max_volume FROM norm WHERE productcode = '50A01' "
                            "AND jaar = 2024") == [(18, None)]
        assert opslag.rijen("SELECT count(DISTINCT productcode), min(jaar), max(jaar) FROM norm") == [(22, 2015, 2035)]


def test_a_store_without_norms_says_where_they_come_from(tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    zonder = tmp_path / "regio.yaml"
    zonder.write_text(KOP + "normen: []}]", encoding="utf-8")
    assert cli("init", "--regio", str(zonder), "--db", db).exit_code == 0
    r = cli("normen", "--jaar", "2024", "--db", db)
    assert r.exit_code == 1 and "deze database kent geen normen" in r.output and "stuurwiel init --regio" in r.output


def test_a_store_of_the_release_before_the_normenkader_gets_it_with_init(tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    with Opslag.open(db) as opslag:  # as the release before this one left it
        for tabel in ("norm", "onderbouwing", "onderbouwing_actueel"):
            opslag.voer_uit(f"DROP TABLE {tabel}")
        opslag.zet_instelling("schema_versie", "2")
    r = cli("normen", "--jaar", "2024", "--db", db)
    assert r.exit_code == 1 and "eerdere versie van Stuurwiel" in r.output and "stuurwiel init" in r.output
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    with Opslag.open(db, alleen_lezen=True) as opslag:
        assert opslag.aantal("norm") > 0 and opslag.aantal("onderbouwing") == 0
