"""Questions are checked before they are answered, on the one path: a period or peildatum without
data is refused with the data's range, a municipality is understood by name or without its
leading zero, dates and amounts are read as people write them."""

from __future__ import annotations

import pytest

from tests.support import voorbeeld
from tests.support.helpers import cli, sleutel
from tests.support.omgeving import pg_adres

BEREIK = "de gegevens lopen van januari t/m mei 2024"  # the hand-made example: care Jan-Mar, claims until May


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The hand-made example in a DuckDB store, under its own key."""
    tmp = tmp_path_factory.mktemp("vragen")
    with sleutel(tmp / "sleutel"):
        pad = str(tmp / "k.duckdb")
        assert cli("init", "--regio", "zhz", "--db", pad).exit_code == 0
        assert cli("laad", str(voorbeeld.schrijf(tmp / "bron")), "--db", pad).exit_code == 0
        yield pad


@pytest.mark.unit
@pytest.mark.parametrize(("vraag", "melding"), [
    (["kerncijfers", "--jaar", "2030"], f"geen gegevens voor 2030; {BEREIK}"),
    (["kerncijfers", "--jaar", "24"], f"geen gegevens voor 24; {BEREIK}"),
    (["meet", "kosten", "--periode", "2099"], f"geen gegevens voor 2099; {BEREIK}"),
    (["meet", "kosten", "--periode", "2024-Q4"], f"geen gegevens voor 4e kwartaal 2024; {BEREIK}"),
    (["prognose", "--peildatum", "2030-01-01"], f"geen gegevens op peildatum 1 januari 2030; {BEREIK}"),
    (["prognose", "maanden", "--peildatum", "01-01-2019"], f"geen gegevens op peildatum 1 januari 2019; {BEREIK}"),
    (["prognose", "aanvulling", "--periode", "2099-01"], f"geen gegevens voor januari 2099; {BEREIK}"),
    (["prognose", "toets", "--jaren", "2029-2030"], f"geen gegevens voor 2029; {BEREIK}"),
    (["begroting", "--doeljaar", "2019"], f"geen gegevens voor 2019; {BEREIK}"),
    (["prognose", "--peildatum", "31-13-2024"], "--peildatum: '31-13-2024' is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)"),
    (["rapport", "maand", "--gemeente", "0505", "--periode", "2030-01", "--html"],
     f"geen gegevens voor januari 2030; {BEREIK}"),
    (["kerncijfers", "--jaar", "2024", "--gemeente", "Amsterdam"], "gemeente Amsterdam hoort niet bij deze regio"),
    (["kerncijfers", "--jaar", "2024", "--gemeente", "363"], "gemeente 363 hoort niet bij deze regio"),
])
def test_a_question_about_data_that_are_not_there_is_refused_with_the_datas_range(db, vraag, melding):
    result = cli(*vraag, "--db", db)
    assert result.exit_code == 1
    assert f"Fout: {melding}" in " ".join(result.output.split())


@pytest.mark.unit
def test_a_date_that_is_none_is_refused_in_dutch_before_anything_is_written(tmp_path):
    result = cli("synth", "--uit", str(tmp_path / "regio"), "--peildatum", "morgen")
    assert result.exit_code == 1
    assert "Fout: 'morgen' is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)" in result.output
    assert not (tmp_path / "regio").exists()


@pytest.mark.unit
def test_a_municipality_by_name_or_without_its_leading_zero_gives_the_same_answer(db):
    uitvoer = {g: cli("kerncijfers", "--jaar", "2024", "--gemeente", g, "--per", "segment", "--db", db)
               for g in ("0505", "Dordrecht", "dordrecht", "505")}
    assert {r.exit_code for r in uitvoer.values()} == {0}
    assert len({r.output for r in uitvoer.values()}) == 1
    assert "gemeente 0505" in uitvoer["Dordrecht"].output and "€ 2.467" in uitvoer["Dordrecht"].output
    json = {g: cli("prognose", "aanvulling", "--gemeente", g, "--formaat", "json", "--db", db).stdout
            for g in ("Hoeksche Waard", "1963")}
    assert json["Hoeksche Waard"] == json["1963"] and "2024-03" in json["1963"]


@pytest.mark.unit
def test_the_months_of_the_forecast_read_in_dutch_with_one_money_format(db):
    tabel = cli("prognose", "maanden", "--peildatum", "31-03-2024", "--db", db)
    assert tabel.exit_code == 0
    koppen = " ".join(tabel.output.split())
    assert all(f"┃ {kop}" in koppen for kop in ("maand", "gedeclareerd tot nu toe", "verwachte kosten", "bron"))
    assert "│ januari │ € 1.518 │" in koppen and "december" in koppen and "2024-01" not in koppen
    assert "mln" not in koppen
    csv = cli("prognose", "maanden", "--peildatum", "31-03-2024", "--formaat", "csv", "--db", db).stdout
    assert csv.splitlines()[0] == "maand,maandnaam,gedeclareerd,verwacht,soort"
    assert csv.splitlines()[1].startswith("2024-01,januari,151840")


@pytest.mark.unit
def test_a_budget_forecast_may_ask_for_a_year_after_the_data(db):
    result = cli("begroting", "--doeljaar", "2026", "--db", db)  # answered by the budget forecast itself:
    assert "Fout: nog geen volledig gerealiseerd jaar" in result.output  # the example has only 2024's first months
    assert "geen gegevens voor" not in result.output


@pytest.mark.unit
def test_a_peildatum_written_as_in_the_data_files_is_the_same_date(db):
    nederlands = cli("prognose", "--peildatum", "31-03-2024", "--formaat", "csv", "--db", db)
    iso = cli("prognose", "--peildatum", "2024-03-31", "--formaat", "csv", "--db", db)
    assert nederlands.exit_code == iso.exit_code == 0
    assert nederlands.stdout == iso.stdout and "Dordrecht" in iso.stdout


@pytest.mark.unit
@pytest.mark.parametrize("opdracht", [["init", "--regio", "zhz"], ["kerncijfers", "--jaar", "2024"],
                                      ["laad", "bron"]])
def test_a_data_file_given_as_the_database_is_refused_and_left_as_it_was(tmp_path, sleutel_env, opdracht):
    bestand = tmp_path / "toewijzingen.csv"
    bestand.write_text("toewijzingnummer,bsn\n", encoding="utf-8")
    result = cli(*opdracht, "--db", str(bestand))
    assert result.exit_code == 1
    assert (f"Fout: {bestand} is een gegevensbestand, geen database: geef met --db een DuckDB-bestand"
            in " ".join(result.output.split()))
    assert bestand.read_text(encoding="utf-8") == "toewijzingnummer,bsn\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["toewijzingen.csv"]  # no key, no database


@pytest.mark.unit
def test_a_file_that_is_not_a_duckdb_database_is_refused(tmp_path, sleutel_env):
    bestand = tmp_path / "stuurwiel.duckdb"
    bestand.write_text("geen database\n", encoding="utf-8")
    result = cli("init", "--regio", "zhz", "--db", str(bestand))
    assert result.exit_code == 1 and f"Fout: {bestand} is geen DuckDB-database" in " ".join(result.output.split())
    assert bestand.read_text(encoding="utf-8") == "geen database\n"


def test_a_missing_postgresql_database_says_the_server_answered_and_how_to_create_it(pg_admin, sleutel_env):
    adres = pg_adres("stuurwiel_bestaat_niet")
    result = cli("init", "--regio", "zhz", "--db", adres)
    assert result.exit_code == 1
    melding = " ".join(result.output.split())
    host, poort = pg_admin.info.host, pg_admin.info.port
    assert (f"Fout: PostgreSQL op {host}:{poort} antwoordt, maar de database 'stuurwiel_bestaat_niet' bestaat niet. "
            f"Maak hem met `createdb -h {host} -p {poort} -U ") in melding
    assert f"stuurwiel_bestaat_niet` en richt hem daarna in met `stuurwiel init --db {adres}`" in melding
    assert not sleutel_env.exists()
