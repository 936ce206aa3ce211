"""Loading the real iJw 3.2 example messages: the 12 valid ones load into the canonical tables,
the 2 invalid ones are rejected naming file, line, element and rule, hostile XML is refused
without effect, and a message archive is one idempotent, all-or-nothing batch. On both engines."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support.helpers import afgewezen, cli, tellingen
from tests.support.omgeving import SHARED

BERICHTEN = SHARED / "reference" / "ijw-3.2" / "berichten"
XSD = SHARED / "reference" / "ijw-3.2" / "xsd"
ONGELDIG = ("JW315.xml", "JW318.xml")
GELDIG = sorted(p.name for p in BERICHTEN.glob("*.xml") if p.name not in ONGELDIG)
REGIO = Path(__file__).parent / "data" / "voorbeeldberichten.yaml"


@pytest.fixture
def opslag(db_adres, sleutel_env):
    """A store for the region the example messages belong to (Amsterdam 0363, Diemen 0384)."""
    s = Opslag.open(db_adres)
    initialiseer(s, lees_regio(str(REGIO)))
    yield s
    s.sluit()


def _kopie(map_: Path, namen: list[str]) -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    for naam in namen:
        shutil.copy(BERICHTEN / naam, map_ / naam)
    return map_


def _rijen(opslag, sql: str) -> list[tuple]:
    return sorted(opslag.rijen(sql), key=lambda r: tuple("" if v is None else str(v) for v in r))


def test_the_twelve_valid_example_messages_load(opslag, tmp_path):
    assert len(GELDIG) == 12
    r = laad(opslag, [_kopie(tmp_path / "berichten", GELDIG)])
    assert r.lading.berichten == {naam.removesuffix(".xml"): 1 for naam in GELDIG}
    assert any("42420001, 65656055" in w for w in r.lading.waarschuwingen)  # providers known from the messages

    # JW301: two allocations of Diemen at provider 42420001; their requests (JW315) were not loaded
    assert _rijen(opslag, "SELECT toewijzingnummer, gemeentecode, agb_code, productcode, ingangsdatum, einddatum, "
                         "volume, eenheid, frequentie, referentie_aanbieder, verwijzer_type FROM toewijzing_actueel") == [
        ("300201", "0384", "42420001", "55A11", *_d("2026-04-01", "2026-07-14"), 2, "04", "2", "40A12341234", None),
        ("300202", "0384", "42420001", "55A12", *_d("2026-04-01", "2026-07-19"), 2, "16", "2", "40A12341235", None),
    ]
    # JW305 starts, JW307 stops: the stop is the current picture of each care period
    assert opslag.aantal("zorgperiode") == 4
    assert _rijen(opslag, "SELECT toewijzingnummer, gemeentecode, begindatum, einddatum, reden_beeindiging "
                         "FROM zorgperiode_actueel") == [
        ("300201", "0363", *_d("2026-04-03", "2026-07-17"), "31"),
        ("300202", "0363", *_d("2026-04-15", "2026-07-17"), "31"),
    ]
    # JW317 asks for a new product, JW319 answers request 9003: rejected (woonplaatsbeginsel)
    assert _rijen(opslag, "SELECT referentie_aanbieder, soort, agb_code, productcode, reden_verzoek FROM verzoek") == [
        ("9003", "wijziging", "65656055", "45A03", "1")]
    assert _rijen(opslag, "SELECT referentie_aanbieder, antwoord, reden_afwijzing FROM verzoek_antwoord_actueel") == [
        ("9003", "1", "8")]
    # JW323: five lines of declaration DN001; JW325 rejects RN001-RN003, so RN004 (twice) is granted
    assert opslag.aantal("declaratieregel") == 5
    status = _rijen(opslag, "SELECT r.referentienummer, s.status, s.retourcodes FROM declaratieregel r "
                           "LEFT JOIN declaratie_status_actueel s USING (agb_code, referentienummer)")
    assert status == [("RN001", "afgewezen", "0611"), ("RN002", "afgewezen", "9339 9340 9341"),
                      ("RN003", "afgewezen", "9307"), ("RN004", "ingediend", None), ("RN004", "ingediend", None)]
    assert _rijen(opslag, "SELECT declaratienummer, agb_code, ingediend_cent, toegekend_cent "
                         "FROM declaratie_antwoord_actueel") == [("DN001", "65656055", -58000, -34000)]
    # the set is not one consistent case: its claims point at allocations it does not hold, and
    # RN004 comes twice — stored and flagged, never a reason to refuse the rest
    signalen = _rijen(opslag, "SELECT regel, sleutel FROM signaal WHERE tabel = 'declaratieregel'")
    assert ("zonder_toewijzing", "RN004") in signalen and ("dubbel_referentienummer", "RN004") in signalen
    # the two official rules the examples break are stored with their code, and say so while loading
    assert _rijen(opslag, "SELECT ijw_regel, retourcode, bron, sleutel FROM signaal WHERE regel = 'berichtregel'") == [
        ("CS003", "0001", "JW317.xml:35", "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum"),
        ("TR101", "0001", "JW323.xml:114", "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]")]
    assert any(w.startswith("JW317.xml:35") and "CS003 (retourcode 0001): Einddatum 2024-02-28 ligt voor "
               "GewensteIngangsdatum 2026-11-01 (opgeslagen en gemarkeerd als signaal)" in w
               for w in r.lading.waarschuwingen), r.lading.waarschuwingen
    # return messages are counted and their objections kept, never mistaken for data
    assert _rijen(opslag, "SELECT berichtsoort, retourcode FROM retourcode WHERE berichtsoort IN ('JW302', 'JW316')") \
        == [("JW302", "8848"), ("JW316", "9347")]
    assert opslag.aantal("client") == 1 and opslag.aantal("aanbieder") == 2


def test_granted_lines_of_an_answered_declaration_count_as_toegekend(opslag, tmp_path):
    laad(opslag, [_kopie(tmp_path / "b", GELDIG)])
    from stuurwiel.opslag import feiten

    d = feiten.declaratieregels(opslag).to_pyarrow().to_pylist()
    assert sorted((r["referentienummer"], r["status"]) for r in d) == [
        ("RN001", "afgewezen"), ("RN002", "afgewezen"), ("RN003", "afgewezen"),
        ("RN004", "toegekend"), ("RN004", "toegekend")]


def _d(*teksten: str):
    import datetime as dt

    return tuple(dt.date.fromisoformat(t) for t in teksten)


@pytest.mark.parametrize("naam, verwacht", [
    ("JW315.xml", ["JW315.xml:44, element /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/"
                   "ToewijzingEinddatum: XSD: geen bestaande datum (JJJJ-MM-DD) (waarde '2027-06-31')",
                   "JW315.xml:66, element /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/"
                   "ToewijzingEinddatum: XSD: geen bestaande datum (JJJJ-MM-DD) (waarde '2027-06-31')"]),
    ("JW318.xml", ["JW318.xml:33, element /Bericht/Client/Verzoek/RetourCode: XSD: onverwacht element RetourCode"]),
])
def test_the_two_invalid_example_messages_are_rejected(opslag, tmp_path, naam, verwacht):
    problemen = afgewezen(opslag, [_kopie(tmp_path / "b", [naam])])
    tekst = "\n".join(problemen)
    for stuk in verwacht:
        assert stuk in tekst, tekst


def test_one_bad_message_rejects_the_whole_archive(opslag, tmp_path):
    archief = tmp_path / "alles.zip"
    with zipfile.ZipFile(archief, "w") as z:
        for p in sorted(BERICHTEN.glob("*.xml")):
            z.write(p, p.name)
    problemen = afgewezen(opslag, [archief])
    assert any(p.startswith("alles.zip/JW315.xml:44") for p in problemen), problemen
    assert any(p.startswith("alles.zip/JW318.xml:") for p in problemen), problemen


def test_an_archive_is_one_idempotent_batch(opslag, tmp_path):
    archief = tmp_path / "geldig.zip"
    with zipfile.ZipFile(archief, "w") as z:
        for naam in GELDIG:
            z.write(BERICHTEN / naam, naam)
    eerste = laad(opslag, [archief])
    assert eerste.batch_id is not None and len(eerste.lading.bestanden) == 13  # the archive and its messages
    na_eerste = tellingen(opslag)
    opnieuw = laad(opslag, [archief])
    assert opnieuw.batch_id is None and opnieuw.lading.overgeslagen == ["geldig.zip"]
    # the same messages loose in a folder, or in another archive, are the same messages
    los = laad(opslag, [_kopie(tmp_path / "los", GELDIG)])
    assert los.batch_id is None and len(los.lading.overgeslagen) == 12
    ander = tmp_path / "ander.zip"
    with zipfile.ZipFile(ander, "w") as z:
        for naam in GELDIG[:3]:
            z.write(BERICHTEN / naam, f"map/{naam}")
    assert laad(opslag, [ander]).batch_id is None
    assert tellingen(opslag) == na_eerste


def test_a_broken_rule_is_a_signal_named_by_its_code_and_a_bsn_it_quotes_is_masked(opslag, tmp_path):
    """TR101 on a BSN repeated in a claim: the claim is stored, the breach flagged, the BSN never stored."""
    tekst = (BERICHTEN / "JW323.xml").read_text().replace("999900018", "999900006")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "JW323.xml").write_text(tekst)
    r = cli("laad", str(tmp_path / "b"), "--db", opslag.url)
    assert r.exit_code == 0, r.output
    assert "berichtregel TR101: 2" in r.output  # the repeated BSN and the repeated RN004
    assert opslag.aantal("declaratieregel") == 5
    meldingen = [m for (m,) in _rijen(opslag, "SELECT omschrijving FROM signaal WHERE ijw_regel = 'TR101'")]
    assert meldingen == ["JW323: dubbele regel: ********* komt al eerder voor",
                         "JW323: dubbele regel: RN004 komt al eerder voor"]
    for tabel in ("berichtbevinding", "signaal"):
        assert not any("999900006" in str(rij) for rij in opslag.rijen(f"SELECT * FROM {tabel}"))
    r = cli("signalen", "--regel", "TR101", "--formaat", "json", "--db", opslag.url)
    assert r.exit_code == 0 and [s["ijw_regel"] for s in json.loads(r.output)] == ["TR101", "TR101"]
    assert laad(opslag, [tmp_path / "b"]).batch_id is None and opslag.aantal("berichtbevinding") == 2
    r = cli("signalen", "--regel", "TR9999", "--db", opslag.url)
    assert r.exit_code == 1 and "onbekende regel 'TR9999'" in r.output


def test_official_xsds_can_be_added_to_the_checks(opslag, tmp_path):
    r = cli("laad", str(_kopie(tmp_path / "b", GELDIG)), "--xsd", str(XSD), "--db", opslag.url)
    assert r.exit_code == 0, r.output
    assert "JW301 1" in r.output
    r = cli("laad", str(_kopie(tmp_path / "c", ["JW318.xml"])), "--xsd", str(XSD), "--db", opslag.url)
    assert r.exit_code != 0
    assert "XSD: onverwacht element RetourCode" in r.output  # libxml2 judges, the own validator explains
    r = cli("laad", str(_kopie(tmp_path / "d", GELDIG)), "--xsd", str(tmp_path), "--db", opslag.url)
    assert r.exit_code != 0 and "geen iJw-berichtschema's" in r.output


# --- hostile and broken input ---------------------------------------------------------------

KOP = '<?xml version="1.0"?>\n'
LACHJES = KOP + '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
) + ']>\n<lolz>&lol9;</lolz>\n'
EXTERN = KOP + '<!DOCTYPE Bericht [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Bericht>&xxe;</Bericht>\n'
EXTERN_DTD = KOP + '<!DOCTYPE Bericht SYSTEM "http://example.invalid/bericht.dtd">\n<Bericht/>\n'
UTF16 = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE Bericht [<!ENTITY x "y">]>\n<Bericht>&x;</Bericht>'
         .encode("utf-16"))


@pytest.mark.parametrize("inhoud, verwacht", [
    (LACHJES, "bevat een DTD of entiteitdeclaratie"),
    (EXTERN, "bevat een DTD of entiteitdeclaratie"),
    (EXTERN_DTD, "bevat een DTD of entiteitdeclaratie"),
    (UTF16, "bevat een DTD of entiteitdeclaratie"),
    (KOP + "<Bericht><Header></Bericht>", "geen geldige XML"),
    (KOP + '<Bericht xmlns="http://example.org/ander"/>', "geen iJw 3.2-bericht (namespace 'http://example.org/ander')"),
    (b"\x89PNG\r\n\x1a\n", "geen geldige XML"),
])
def test_hostile_or_broken_xml_is_refused_and_nothing_is_stored(opslag, tmp_path, inhoud, verwacht):
    pad = tmp_path / "bericht.xml"
    pad.write_bytes(inhoud.encode() if isinstance(inhoud, str) else inhoud)
    problemen = afgewezen(opslag, [pad, _kopie(tmp_path / "goed", ["JW301.xml"])])
    assert any(p.startswith("bericht.xml") and verwacht in p for p in problemen), problemen


def test_oversized_messages_are_refused_unread(opslag, tmp_path, monkeypatch):
    from stuurwiel.invoer.ijw import archief

    monkeypatch.setattr(archief, "MAX_BYTES", 4096)
    groot = _kopie(tmp_path / "b", ["JW301.xml"]) / "JW301.xml"  # 7.6 kB
    problemen = afgewezen(opslag, [groot])
    assert problemen == ["JW301.xml: groter dan 4 kB; een iJw-bericht is veel kleiner"]
    bom = tmp_path / "bom.zip"
    with zipfile.ZipFile(bom, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("JW323.xml", b" " * 10_000_000)  # deflates to a few kB
        z.writestr("leesmij.txt", b"geen bericht")
    problemen = afgewezen(opslag, [bom])
    assert any(p.startswith("bom.zip/JW323.xml") and "groter dan" in p for p in problemen), problemen
    assert any(p.startswith("bom.zip/leesmij.txt") and "geen iJw-bericht" in p for p in problemen), problemen


def test_a_broken_archive_is_named(opslag, tmp_path):
    pad = tmp_path / "stuk.zip"
    pad.write_bytes(b"PK\x03\x04 dit is geen zip")
    problemen = afgewezen(opslag, [pad])
    assert any(p.startswith("stuk.zip") and "geen geldig zip-archief" in p for p in problemen), problemen
