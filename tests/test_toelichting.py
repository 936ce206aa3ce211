"""Annotations (toelichtingen) load through the same all-or-nothing loader as every exchange file."""

import csv

import pytest

from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.maten.toelichting import toelichtingen
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import cli, tellingen

KOLOMMEN = ["maat", "gemeentecode", "periode", "tekst", "auteur"]


def schrijf(pad, rijen):
    pad.parent.mkdir(parents=True, exist_ok=True)
    with pad.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(KOLOMMEN)
        w.writerows(rijen)
    return pad


def test_annotations_load_and_a_later_text_replaces_the_earlier(opslag, tmp_path):
    laad(opslag, [schrijf(tmp_path / "toelichtingen.csv", [
        ["kosten", "0505", "2025-08", "Twee dure verblijven gestart.", "analist"],
        ["jeugdigen_in_zorg", "", "2025-q3", "Zomerdip zoals elk jaar.", ""],
    ])], soort="toelichting")
    laad(opslag, [schrijf(tmp_path / "toelichtingen_2.csv", [
        ["kosten", "0505", "2025-08", "Twee verblijven gestart; één al beëindigd.", "analist"],
    ])], soort="toelichting")
    df = toelichtingen(opslag)
    assert sorted(zip(df.maat, df.gemeentecode.fillna(""), df.periode, df.tekst)) == [
        ("jeugdigen_in_zorg", "", "2025-Q3", "Zomerdip zoals elk jaar."),
        ("kosten", "0505", "2025-08", "Twee verblijven gestart; één al beëindigd.")]
    assert toelichtingen(opslag, ["2025-Q3"]).maat.tolist() == ["jeugdigen_in_zorg"]
    assert opslag.rijen("SELECT soort FROM batch") == [("toelichting",), ("toelichting",)]


@pytest.mark.parametrize("rij, kolom, reden", [
    (["kosten_cent", "0505", "2025-08", "x", ""], "maat", "geen maat uit de catalogus"),
    (["kosten", "0505", "2025-13", "x", ""], "periode", "geen periode"),
    (["kosten", "0363", "2025-08", "x", ""], "gemeentecode", "gemeente hoort niet bij regio"),
    (["kosten", "0505", "2025-08", "", ""], "tekst", "verplicht veld is leeg"),
])
def test_a_bad_annotation_rejects_the_batch_naming_file_and_line(opslag, tmp_path, rij, kolom, reden):
    goed = ["kosten", "0505", "2025-07", "goed", ""]
    voor = tellingen(opslag)
    with pytest.raises(Afgewezen) as e:
        laad(opslag, [schrijf(tmp_path / "toelichtingen.csv", [goed, rij])], soort="toelichting")
    assert [(p.bron, p.kolom) for p in e.value.problemen] == [("toelichtingen.csv:3", kolom)]
    assert reden in e.value.problemen[0].reden
    assert tellingen(opslag) == voor


@pytest.mark.unit
def test_toelichting_laad_takes_only_annotation_files(tmp_path, sleutel_env):
    db = str(tmp_path / "t.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    bron = voorbeeld.schrijf(tmp_path / "bron")
    r = cli("toelichting", "laad", str(bron / "declaraties.csv"), "--db", db)
    assert r.exit_code == 1 and "geen toelichtingenbestand" in r.output and "niets opgeslagen" in r.output
    pad = schrijf(tmp_path / "toelichtingen.csv", [["kosten", "0505", "2024", "Uitleg bij de kosten.", "analist"]])
    r = cli("toelichting", "laad", str(pad), "--db", db)
    assert r.exit_code == 0 and "toelichting" in r.output
    r = cli("toelichting", "toon", "--formaat", "csv", "--db", db)
    assert "kosten,0505,2024,Uitleg bij de kosten.,analist" in r.output
