"""The BSN guard (issue 20, failure 6): a valid BSN where no BSN belongs — a provider's name, an allocation,
claim or registration number, a referrer, `referentie_aanbieder`, a toelichting's text or author, an
onderbouwing, a file's name — refuses the batch naming file, line and column with the BSN masked, and
stores nothing; with `privacy.bsn_elders: pseudonimiseren` it is replaced by a stand-in from its keyed
pseudonym. After every dirty load the whole store (every text column of every table) holds no BSN."""

from __future__ import annotations

import re

import pytest

from stuurwiel.config.regio import lees_regio
from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bsn import bevat_bsn, is_geldig_bsn
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import tellingen

BSN = "123456782"  # passes the 11-proef; not one of the example's clients
GESCHREVEN = ["123456782", "123.456.782", "1234 56 782"]
HEX = re.compile(r"[0-9a-f]{16,}(\.[0-9]+)?")  # pseudonyms, row keys and file hashes: not text


def vuil(soort: str, rij: int, kolom: str, waarde: str) -> dict:
    return voorbeeld.variant(**{soort: {rij: {kolom: waarde}}})


VUIL = [  # (kind, row, column, value): the line the problem names is row + 2
    ("aanbieders", 0, "naam", f"Zorg {BSN} BV"),
    ("toewijzingen", 1, "toewijzingnummer", BSN),
    ("toewijzingen", 0, "verwijzer_naam", f"dr. Jansen (bsn {GESCHREVEN[1]})"),
    ("toewijzingen", 0, "referentie_aanbieder", f"REF-{GESCHREVEN[2]}"),
    ("declaraties", 5, "referentienummer", BSN),
]


def schrijf_toelichting(map_, tekst: str, auteur: str, naam: str = "toelichtingen.csv"):
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / naam
    pad.write_text(f"maat,gemeentecode,periode,tekst,auteur\nkosten,0505,2024-03,{tekst},{auteur}\n", encoding="utf-8")
    return pad


def bsns_in_opslag(opslag: Opslag) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text value in the store that holds a valid BSN."""
    if opslag.dialect == "duckdb":
        kolommen = opslag.rijen("SELECT table_name, column_name FROM information_schema.columns "
                                "WHERE data_type = 'VARCHAR' AND table_schema = 'main'")
    else:
        kolommen = opslag.rijen("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                                "'public' AND data_type IN ('text', 'character varying')")
    assert len(kolommen) > 40
    gevonden = []
    for tabel, kolom in kolommen:
        for (w,) in opslag.rijen(f'SELECT DISTINCT "{kolom}" FROM "{tabel}" WHERE "{kolom}" IS NOT NULL'):
            if not HEX.fullmatch(w) and bevat_bsn(w):
                gevonden.append((tabel, kolom, w))
    return gevonden


@pytest.mark.parametrize("soort, rij, kolom, waarde", VUIL)
def test_a_bsn_in_a_column_where_none_belongs_refuses_the_batch(opslag, tmp_path, soort, rij, kolom, waarde):
    voor = tellingen(opslag)
    with pytest.raises(Afgewezen) as e:
        laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", vuil(soort, rij, kolom, waarde))])
    problemen = [p for p in e.value.problemen if "BSN" in p.reden]
    assert [(p.bron, p.kolom) for p in problemen] == [(f"{soort}.csv:{rij + 2}", kolom)]
    assert "in deze kolom hoort geen BSN" in problemen[0].reden
    assert not any(bevat_bsn(str(p)) for p in e.value.problemen), "a message never repeats the BSN"
    assert "*********" in str(problemen[0])
    assert tellingen(opslag) == voor
    assert bsns_in_opslag(opslag) == []


@pytest.mark.parametrize("tekst, auteur, kolom", [(f"Client {BSN} gestart", "analist", "tekst"),
                                                  ("Twee verblijven", f"team {GESCHREVEN[1]}", "auteur")])
def test_a_bsn_in_a_toelichting_refuses_it(opslag, tmp_path, tekst, auteur, kolom):
    voor = tellingen(opslag)
    with pytest.raises(Afgewezen) as e:
        laad(opslag, [schrijf_toelichting(tmp_path, tekst, auteur)], soort="toelichting")
    assert [(p.bron, p.kolom) for p in e.value.problemen] == [("toelichtingen.csv:2", kolom)]
    assert tellingen(opslag) == voor


@pytest.mark.parametrize("naam", [f"declaraties_{BSN}.csv", f"declaraties {GESCHREVEN[1]}.csv"])
def test_a_bsn_in_a_file_name_refuses_the_batch(opslag, tmp_path, naam):
    bron = voorbeeld.schrijf(tmp_path / "bron")
    (bron / "declaraties.csv").rename(bron / naam)
    voor = tellingen(opslag)
    with pytest.raises(Afgewezen) as e:
        laad(opslag, [bron])
    (probleem,) = e.value.problemen
    assert "bestandsnaam bevat een BSN" in probleem.reden and "*********" in probleem.bron
    assert not bevat_bsn(str(probleem))
    assert tellingen(opslag) == voor


@pytest.fixture
def pseudonimiserend(db_adres, sleutel_env):
    regio = lees_regio("zhz")
    regio = regio.model_copy(update={"privacy": regio.privacy.model_copy(update={"bsn_elders": "pseudonimiseren"})})
    with Opslag.open(db_adres) as opslag:
        initialiseer(opslag, regio)
        yield opslag


def test_pseudonimiseren_replaces_every_bsn_and_keeps_numbers_joined(pseudonimiserend, tmp_path):
    opslag = pseudonimiserend
    rijen = voorbeeld.variant(aanbieders={0: {"naam": f"Zorg {GESCHREVEN[2]} BV"}},
                              toewijzingen={0: {"toewijzingnummer": BSN, "verwijzer_naam": f"bsn {GESCHREVEN[1]}"}},
                              declaraties={i: {"toewijzingnummer": BSN} for i in range(5)})
    bron = voorbeeld.schrijf(tmp_path / "bron", rijen)
    (bron / "declaraties.csv").rename(bron / f"declaraties_{BSN}.csv")
    laad(opslag, [bron])
    laad(opslag, [schrijf_toelichting(tmp_path / "t", f"client {BSN}", f"team {BSN}")], soort="toelichting")
    assert bsns_in_opslag(opslag) == []
    (nummer,) = {n for (n,) in opslag.rijen("SELECT toewijzingnummer FROM toewijzing WHERE agb_code = '42420001'")}
    assert re.fullmatch(r"P[0-9a-f]{8}", nummer)
    # the claims still point at their allocation: the same BSN has the same stand-in everywhere
    assert opslag.rijen("SELECT count(*) FROM declaratieregel WHERE toewijzingnummer = %s", [nummer]) == [(5,)]
    assert opslag.rijen("SELECT naam FROM aanbieder WHERE agb_code = '42420001'") == [(f"Zorg {nummer} BV",)]
    namen = [n for (n,) in opslag.rijen("SELECT naam FROM bronbestand")]
    assert f"declaraties_{nummer}.csv" in namen
    assert all(b.startswith(f"declaraties_{nummer}.csv:") for (b,) in opslag.rijen("SELECT bron FROM declaratieregel"))


@pytest.mark.unit
def test_the_sql_and_python_checks_agree():
    import duckdb

    from stuurwiel.privacy.bsn import bevat_bsn_sql, zonder_bsn

    waarden = ["123456782", "x123.456.782y", "1234 56 782", "123456781", "1234567820", "A000000010", "R0000012345",
               "12345678", "P1a2b3c4d", "tel 06-12345678", ""]
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT unnest(?::VARCHAR[]) AS w", [waarden])
    sql = dict(con.execute(f"SELECT w, {bevat_bsn_sql('w')} FROM t").fetchall())
    assert sql == {w: bevat_bsn(w) for w in waarden}
    assert sum(sql.values()) == 3
    assert [zonder_bsn(w) for w in waarden[:3]] == ["*********", "x*********y", "*********"]
    assert is_geldig_bsn(BSN)


@pytest.mark.unit
def test_the_sql_check_agrees_with_python_on_random_text_around_bsns():
    """The SQL check skips its lists for a value that cannot hold nine digits; that shortcut must never
    miss one: random digits, dots, spaces and letters around valid BSNs, against the Python twin."""
    import random

    import duckdb

    from stuurwiel.privacy.bsn import bevat_bsn_sql, maak_bsn

    toeval = random.Random(7)
    bsns = [b for b in (maak_bsn(toeval.randrange(10_000_000, 100_000_000)) for _ in range(400)) if b]
    waarden = []
    for _ in range(20_000):
        stukken = [toeval.choice(["", "0", "7", "12", ".", " ", "-", "a", "R00", " . "]) for _ in range(toeval.randrange(6))]
        if toeval.random() < 0.4:
            bsn = toeval.choice(bsns)
            if toeval.random() < 0.5:
                bsn = toeval.choice([" ", ".", ""]).join([bsn[:3], bsn[3:6], bsn[6:]])
            stukken.insert(toeval.randrange(len(stukken) + 1), bsn)
        waarden.append("".join(stukken))
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT unnest(?::VARCHAR[]) AS w", [waarden])
    sql = dict(con.execute(f"SELECT w, {bevat_bsn_sql('w')} FROM t").fetchall())
    assert sql == {w: bevat_bsn(w) for w in waarden}
    assert 2_000 < sum(sql.values()) < len(sql)
