"""Loading exchange files: every rejection names file, line, column, value and reason and
stores nothing; a second load is a no-op; no BSN ever reaches the store. On both engines."""

from __future__ import annotations

import re

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN
from stuurwiel.privacy.bsn import is_geldig_bsn
from stuurwiel.privacy.sleutel import SleutelFout
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import afgewezen, cli, tellingen


def test_valid_example_loads_and_second_load_changes_nothing(opslag, tmp_path):
    bron = voorbeeld.schrijf(tmp_path / "bron")
    r = laad(opslag, [bron])
    assert r.nieuw == {"aanbieder": 2, "client": 2, "toewijzing": 2, "declaratieregel": 6,
                       "declaratie_status": 6}
    na_eerste = tellingen(opslag)
    again = laad(opslag, [bron])
    assert again.batch_id is None and sorted(again.lading.overgeslagen) == [
        "aanbieders.csv", "declaraties.csv", "toewijzingen.csv"]
    assert tellingen(opslag) == na_eerste


def test_same_rows_in_a_new_file_are_not_stored_twice(opslag, tmp_path):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "a")])
    voor = tellingen(opslag)
    # a cumulative re-export: same rows, other file bytes (semicolons), plus one new claim line
    rijen = voorbeeld.variant()
    extra = dict(rijen["declaraties"][0], referentienummer="R9", periode_begin="2024-04-01",
                 periode_eind="2024-04-30", declaratiedatum="2024-05-10")
    rijen["declaraties"].append(extra)
    r = laad(opslag, [voorbeeld.schrijf(tmp_path / "b", rijen, delimiter=";")])
    assert r.nieuw["declaratieregel"] == 1 and r.nieuw["toewijzing"] == 0
    assert tellingen(opslag)["declaratieregel"] == voor["declaratieregel"] + 1


def test_identical_lines_inside_one_file_are_kept_as_duplicates(opslag, tmp_path):
    rijen = voorbeeld.variant()
    rijen["declaraties"].append(dict(rijen["declaraties"][0]))
    laad(opslag, [voorbeeld.schrijf(tmp_path / "b", rijen)])
    assert opslag.aantal("declaratieregel") == 7
    regels = {r[0] for r in opslag.rijen("SELECT regel FROM signaal WHERE sleutel = 'R1'")}
    assert {"dubbel_referentienummer", "dubbele_declaratie"} <= regels


@pytest.mark.parametrize("soort, rij, velden, verwacht", [
    ("toewijzingen", 0, {"bsn": "123456789"}, "toewijzingen.csv:2, kolom bsn, waarde '******789': BSN voldoet niet aan de 11-proef"),
    ("toewijzingen", 0, {"ingangsdatum": "2027-06-31"}, "toewijzingen.csv:2, kolom ingangsdatum, waarde '2027-06-31': geen bestaande datum"),
    ("toewijzingen", 1, {"einddatum": "2023-01-01"}, "toewijzingen.csv:3, kolom einddatum, waarde '2023-01-01': einddatum ligt vóór de ingangsdatum"),
    ("toewijzingen", 0, {"productcategorie": "99"}, "kolom productcategorie, waarde '99': staat niet in de iJw-codelijst ProductCategorie"),
    ("toewijzingen", 0, {"eenheid": "05"}, "kolom eenheid, waarde '05': staat niet in de iJw-codelijst Eenheid"),
    ("toewijzingen", 0, {"verwijzer_type": "07"}, "kolom verwijzer_type, waarde '07': staat niet in de iJw-codelijst TypeVerwijzer"),
    ("toewijzingen", 0, {"gemeentecode": "0363"}, "kolom gemeentecode, waarde '0363': gemeente hoort niet bij regio Zuid-Holland Zuid"),
    ("toewijzingen", 0, {"productcode": "99X99"}, "kolom productcode, waarde '99X99': productcode staat niet in de productcatalogus"),
    ("toewijzingen", 0, {"productcategorie": "54"}, "kolom productcategorie, waarde '54': productcategorie past niet bij de productcode"),
    ("toewijzingen", 0, {"agb_code": "99999999"}, "kolom agb_code, waarde '99999999': aanbieder onbekend"),
    ("toewijzingen", 0, {"budget_cent": "50000"}, "kolom budget_cent, waarde '50000': omvang en budget sluiten elkaar uit"),
    ("toewijzingen", 0, {"frequentie": ""}, "kolom volume, waarde '4': volume, eenheid en frequentie (de omvang)"),
    ("toewijzingen", 0, {"toewijzingsdatum": ""}, "toewijzingen.csv:2, kolom toewijzingsdatum: verplicht veld is leeg"),
    ("declaraties", 0, {"periode_eind": "2024-02-15"}, "declaraties.csv:2, kolom periode_eind, waarde '2024-02-15': een declaratieregel beslaat één kalendermaand"),
    ("declaraties", 2, {"vorig_referentienummer": ""}, "declaraties.csv:4, kolom vorig_referentienummer: een creditregel noemt de regel die hij crediteert"),
    ("declaraties", 0, {"bedrag_cent": "1518,40"}, "kolom bedrag_cent, waarde '1518,40': geen bedrag in eurocent"),
    ("declaraties", 0, {"status": "betaald"}, "kolom status, waarde 'betaald': moet een van ingediend, toegekend, afgewezen zijn"),
    ("declaraties", 0, {"debet_credit": "X"}, "kolom debet_credit, waarde 'X': staat niet in de iJw-codelijst DebetCredit"),
])
def test_every_bad_value_is_rejected_with_its_place_and_nothing_is_stored(opslag, tmp_path, soort, rij, velden, verwacht):
    bron = voorbeeld.schrijf(tmp_path / "bron", voorbeeld.variant(**{soort: {rij: velden}}))
    problemen = afgewezen(opslag, [bron])
    assert any(verwacht in p for p in problemen), problemen


def test_one_bad_file_rejects_the_whole_batch(opslag, tmp_path):
    bron = voorbeeld.schrijf(tmp_path / "bron", voorbeeld.variant(declaraties={5: {"bsn": "999900007"}}))
    problemen = afgewezen(opslag, [bron])
    assert problemen == ["declaraties.csv:7, kolom bsn, waarde '******007': BSN voldoet niet aan de 11-proef"]


def test_many_equal_errors_are_summarised(opslag, tmp_path):
    rijen = voorbeeld.variant()
    rijen["declaraties"] = [dict(rijen["declaraties"][0], referentienummer=f"X{i}", status="?") for i in range(50)]
    problemen = afgewezen(opslag, [voorbeeld.schrijf(tmp_path / "bron", rijen)])
    assert len([p for p in problemen if "kolom status, waarde '?'" in p]) == 20
    assert "declaraties.csv, kolom status: en nog 30 regels: moet een van ingediend, toegekend, afgewezen zijn" in problemen


def test_structural_problems_name_the_file(opslag, tmp_path):
    bron = voorbeeld.schrijf(tmp_path / "bron")
    (bron / "onbekend.csv").write_text("a,b\n1,2\n")
    (bron / "declaraties_extra.csv").write_text("referentienummer,bsn\nR1,999900006\n")
    (bron / "budgetten.csv").write_bytes("gemeentecode,jaar,segmentcode,budget_cent\n0505,2024,4,1\u00e9\n"
                                         .encode("latin-1"))
    (bron / "plafonds.xlsx").write_bytes(b"geen excel")
    (bron / "wachtlijsten.parquet").write_bytes(b"geen parquet")
    (bron / "uitkomsten.csv").write_text("toewijzingnummer,bsn,gemeentecode\n1,2\n3,4,5,6,7\n")
    problemen = "\n".join(afgewezen(opslag, [bron]))
    assert "onbekend.csv: onbekend soort bestand" in problemen
    assert "declaraties_extra.csv, kolom toewijzingnummer, gemeentecode" in problemen
    assert "verplichte kolom(men) ontbreken voor declaraties" in problemen
    assert "budgetten.csv: bestand is geen UTF-8" in problemen
    assert "plafonds.xlsx: geen geldig Excel-bestand" in problemen
    assert "wachtlijsten.parquet: geen geldig Parquet-bestand" in problemen
    assert "uitkomsten.csv: regel 2 heeft 2 velden, de kopregel 3" in problemen


def test_a_provider_is_unknown_also_in_an_empty_store(opslag, tmp_path):
    rijen = {"toewijzingen": voorbeeld.RIJEN["toewijzingen"]}  # no providers known or delivered
    problemen = afgewezen(opslag, [voorbeeld.schrijf(tmp_path / "bron", rijen)])
    assert "toewijzingen.csv:2, kolom agb_code, waarde '42420001': aanbieder onbekend: laad eerst de aanbieders " \
           "of lever ze in deze lading mee" in problemen


def test_missing_path_is_reported(opslag, tmp_path):
    assert afgewezen(opslag, [tmp_path / "nergens.csv"]) == [f"{tmp_path / 'nergens.csv'}: bestand bestaat niet"]


def test_excel_habits_are_accepted(opslag, tmp_path):
    """Semicolons, a BOM, stripped leading zeros and Dutch dates, as Excel writes them."""
    rijen = voorbeeld.variant(toewijzingen={0: {"gemeentecode": "505", "verwijzer_type": "2", "eenheid": "4",
                                                "ingangsdatum": "01-01-2024"}},
                              declaraties={0: {"gemeentecode": "505", "eenheid": "4"}})
    bron = voorbeeld.schrijf(tmp_path / "bron", rijen, delimiter=";")
    data = (bron / "toewijzingen.csv").read_bytes()
    (bron / "toewijzingen.csv").write_bytes(b"\xef\xbb\xbf" + data)
    laad(opslag, [bron])
    rows = opslag.rijen("SELECT gemeentecode, verwijzer_type, eenheid, ingangsdatum FROM toewijzing "
                          "WHERE toewijzingnummer = '1001'")
    assert [(g, v, e, str(d)) for g, v, e, d in rows] == [("0505", "02", "04", "2024-01-01")]


def _as_parquet_and_xlsx(bron, uit):
    uit.mkdir()
    import csv
    for soort in ("aanbieders", "toewijzingen", "declaraties"):
        with (bron / f"{soort}.csv").open() as f:
            rows = list(csv.reader(f))
        header, data = rows[0], rows[1:]
        if soort == "declaraties":
            cols = {h: [r[i] or None for r in data] for i, h in enumerate(header)}
            pq.write_table(pa.table(cols), uit / f"{soort}.parquet")
        else:
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.append(header)
            for r in data:
                ws.append([int(v) if h in ("volume",) and v else (v or None) for h, v in zip(header, r)])
            wb.save(uit / f"{soort}.xlsx")
    return uit


def test_parquet_and_xlsx_give_the_same_store_as_csv(db_adres, sleutel_env, tmp_path):
    from stuurwiel.config.regio import lees_regio
    from stuurwiel.opslag.database import Opslag
    from stuurwiel.toepassing.inrichten import initialiseer

    bron = voorbeeld.schrijf(tmp_path / "csv")
    andere = _as_parquet_and_xlsx(bron, tmp_path / "andere")
    with Opslag.open(str(tmp_path / "a.duckdb")) as a, Opslag.open(db_adres) as b:
        for s, pad in ((a, bron), (b, andere)):
            initialiseer(s, lees_regio("zhz"))
            laad(s, [pad])
        for name in ("toewijzing", "declaratieregel", "client", "aanbieder"):
            cols = [c for c in TABELLEN[name].kolomnamen if c not in ("batch_id", "bron", "rij_sleutel")]
            q = f"SELECT {', '.join(cols)} FROM {name} ORDER BY {', '.join(cols[:3])}"
            assert a.rijen(q) == b.rijen(q)


def test_no_bsn_is_stored_anywhere(opslag, tmp_path):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron")])
    nine_digits = re.compile(r"(?<!\d)\d{9}(?!\d)")
    hashes = {"client_id": r"[0-9a-f]{64}", "rij_sleutel": r"[0-9a-f]{32}\.\d+"}
    for name, table in TABELLEN.items():
        text_cols = [c for c, t in table.alle_kolommen if t == "text"]
        if not text_cols:
            continue
        for row in opslag.rijen(f"SELECT {', '.join(text_cols)} FROM {name}"):
            for col, value in zip(text_cols, row):
                if value is None:
                    continue
                assert voorbeeld.BSN_A not in value and voorbeeld.BSN_B not in value, (name, value)
                if col in hashes:  # keyed hashes: random hex may hold nine digits by chance
                    assert re.fullmatch(hashes[col], value), (name, col, value)
                else:
                    assert not any(is_geldig_bsn(m) for m in nine_digits.findall(value)), (name, value)
    client_ids = {r[0] for r in opslag.rijen("SELECT client_id FROM client")}
    assert len(client_ids) == 2 and all(re.fullmatch(r"[0-9a-f]{64}", c) for c in client_ids)


def test_a_store_refuses_another_key(opslag, tmp_path, monkeypatch):
    other = tmp_path / "ander.sleutel"
    other.write_text("ab" * 32)
    monkeypatch.setenv("STUURWIEL_SLEUTEL", str(other))
    with pytest.raises(SleutelFout, match="hoort niet bij deze database"):
        laad(opslag, [voorbeeld.schrijf(tmp_path / "bron")])


@pytest.mark.unit
def test_cli_prints_every_problem_and_exits_nonzero(tmp_path, sleutel_env):
    db = str(tmp_path / "cli.duckdb")
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    bron = voorbeeld.schrijf(tmp_path / "bron", voorbeeld.variant(toewijzingen={0: {"bsn": "123456789"}}))
    result = cli("laad", str(bron), "--db", db)
    assert result.exit_code == 1
    assert "toewijzingen.csv:2, kolom bsn, waarde '******789': BSN voldoet niet aan de 11-proef" in result.output
    assert "lading afgewezen: 1 probleem; er is niets opgeslagen." in result.output


@pytest.mark.unit
def test_cli_load_without_init_says_what_to_do(tmp_path, sleutel_env):
    result = cli("laad", str(voorbeeld.schrijf(tmp_path / "bron")), "--db", str(tmp_path / "leeg.duckdb"))
    assert result.exit_code == 1 and "stuurwiel init" in result.output


@pytest.mark.unit
def test_a_file_with_only_its_header_is_reported_and_nothing_is_stored(tmp_path, sleutel_env):
    db = str(tmp_path / "kop.duckdb")
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    bron = voorbeeld.schrijf(tmp_path / "bron", {"aanbieders": voorbeeld.RIJEN["aanbieders"], "toewijzingen": []})
    with Opslag.open(db) as opslag:
        voor = tellingen(opslag)
    result = cli("laad", str(bron), "--db", db)
    assert result.exit_code == 1
    uitvoer = " ".join(result.output.split())
    assert ("toewijzingen.csv: het bestand heeft alleen een kopregel en geen gegevens; laat het weg als er niets te "
            "laden is") in uitvoer
    assert "lading afgewezen: 1 probleem; er is niets opgeslagen." in uitvoer
    with Opslag.open(db) as opslag:
        assert tellingen(opslag) == voor
    goed = cli("laad", str(bron / "aanbieders.csv"), "--db", db)
    assert goed.exit_code == 0 and "Lading 1: 1 bestand, 2 regels" in " ".join(goed.output.split())
