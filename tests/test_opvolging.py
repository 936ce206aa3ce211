"""Following signals up on the command line: a status, owner and note per signal, kept with its history
across the recomputation after every load, refused with a Dutch message (and nothing stored) when it
cannot be; the worklist's filters. On DuckDB and PostgreSQL."""

from __future__ import annotations

import hashlib
import json

import pytest

from stuurwiel.opslag.database import Opslag
from tests.support import voorbeeld
from tests.support.helpers import cli, tellingen

ZONDER = "zonder_toewijzing"  # S1 claims on allocation 9999, which is not there until it is loaded
TE_VEEL = "boven_volume"  # S3: 20 hours in March 2024 on allocation 1001, which allows 18


def _claim(**velden) -> dict[str, str]:
    return dict(voorbeeld.RIJEN["declaraties"][0], **velden)


def _maart(referentienummer: str, uren: int) -> dict[str, str]:
    return _claim(referentienummer=referentienummer, periode_begin="2024-03-01", periode_eind="2024-03-31",
                  geleverd_volume=str(uren), bedrag_cent=str(uren * 9490))


@pytest.fixture
def db(db_adres, sleutel_env, tmp_path) -> str:
    """The hand-made example with a claim without allocation and too many hours in March, on each engine."""
    assert cli("init", "--regio", "zhz", "--db", db_adres).exit_code == 0
    rijen = voorbeeld.variant()
    rijen["declaraties"] += [_claim(referentienummer="S1", toewijzingnummer="9999"), _maart("S3", 20)]
    assert cli("laad", str(voorbeeld.schrijf(tmp_path / "a", rijen)), "--db", db_adres).exit_code == 0
    return db_adres


def _lijst(db: str, *filters: str) -> list[dict]:
    r = cli("signalen", *filters, "--formaat", "json", "--db", db)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def _id(db: str, regel: str) -> str:
    [signaal] = _lijst(db, "--regel", regel)
    return signaal["signaal_id"]


def _geschiedenis(db: str, signaal: str) -> list[dict]:
    r = cli("signalen", "geschiedenis", signaal, "--formaat", "json", "--db", db)
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def _laad(db: str, map_, rijen: dict) -> None:
    r = cli("laad", str(voorbeeld.schrijf(map_, rijen)), "--db", db)
    assert r.exit_code == 0, r.output


def test_a_status_survives_a_reload_that_leaves_the_signal_standing_and_its_history_outlives_it(db, tmp_path):
    zonder, te_veel = _id(db, ZONDER), _id(db, TE_VEEL)
    r = cli("signalen", "zet", zonder.upper(), te_veel, "--status", "in onderzoek", "--eigenaar", "Fatima",
            "--notitie", "navragen bij De Linde", "--db", db)
    assert r.exit_code == 0 and "2 signalen op status 'in onderzoek' gezet" in r.output
    r = cli("signalen", "zet", te_veel, "--status", "teruggevorderd", "--bedrag", "1.898,00", "--db", db)
    assert r.exit_code == 0, r.output

    # a later batch: two more hours in March on the same allocation (the breach's newest line and reference
    # change, it is the same breach) and a claim for April
    _laad(db, tmp_path / "b", {"declaraties": [_maart("S4", 2), _claim(referentienummer="S5",
                                               periode_begin="2024-04-01", periode_eind="2024-04-30")]})
    [nog] = _lijst(db, "--regel", TE_VEEL)
    assert (nog["signaal_id"], nog["sleutel"], nog["status"]) == (te_veel, "S4", "teruggevorderd")
    assert (nog["eigenaar"], nog["teruggevorderd_cent"], nog["notitie"]) == ("Fatima", 189800, "navragen bij De Linde")
    assert [s["status"] for s in _lijst(db, "--regel", ZONDER)] == ["in onderzoek"]

    # the missing allocation arrives: the claim is no longer without one
    toewijzing = dict(voorbeeld.RIJEN["toewijzingen"][0], toewijzingnummer="9999")
    _laad(db, tmp_path / "c", {"toewijzingen": [toewijzing]})
    assert _lijst(db, "--regel", ZONDER) == []
    assert [s["signaal_id"] for s in _lijst(db, "--status", "in onderzoek")] == []
    geschiedenis = _geschiedenis(db, zonder)
    assert [(g["vorige_status"], g["status"], g["eigenaar"], g["notitie"]) for g in geschiedenis] == [
        ("nieuw", "in onderzoek", "Fatima", "navragen bij De Linde")]
    assert geschiedenis[0]["door"] and geschiedenis[0]["tijdstip"]
    r = cli("signalen", "geschiedenis", zonder, "--db", db)
    assert "geldt niet meer sinds een latere lading" in " ".join(r.output.split())
    r = cli("signalen", "zet", zonder, "--status", "terecht", "--db", db)
    assert r.exit_code == 1 and f"signaal {zonder} geldt niet meer" in r.output
    assert [g["status"] for g in _geschiedenis(db, te_veel)] == ["in onderzoek", "teruggevorderd"]


def test_the_id_of_a_signal_is_the_same_on_both_engines_and_does_not_change_between_releases(db):
    """The id is what a recorded status hangs on: deriving it otherwise orphans every status stored."""
    def md5(tekst: str) -> str:
        return hashlib.md5(tekst.encode()).hexdigest()[:12]

    assert _id(db, ZONDER) == md5("zonder_toewijzing|declaratieregel|42420001|S1|declaraties.csv:8")
    assert _id(db, TE_VEEL) == md5("boven_volume|declaratieregel|1001|2024-03-01")


@pytest.mark.parametrize(("opdracht", "melding"), [
    (["onbekend1", "--status", "terecht"], "onbekend signaal 'onbekend1'"),
    (["{zonder}", "onbekend2", "--status", "terecht"], "onbekend signaal 'onbekend2'"),
    (["{zonder}", "--status", "klaar"], "onbekende status 'klaar' (kies uit nieuw, in onderzoek, terecht, "
                                        "onterecht, gecorrigeerd, teruggevorderd)"),
    (["{zonder}", "--status", "teruggevorderd"], "bij de status teruggevorderd hoort het teruggevorderde bedrag"),
    (["{zonder}", "--status", "terecht", "--bedrag", "100"],
     "een bedrag hoort alleen bij de status teruggevorderd, niet bij 'terecht'"),
    (["{zonder}", "--status", "teruggevorderd", "--bedrag", "veel"], "'veel' is geen bedrag in euro"),
    (["{zonder}", "--status", "teruggevorderd", "--bedrag", "1.234"], "'1.234' heeft meer dan twee decimalen"),
    (["{zonder}", "--status", "teruggevorderd", "--bedrag", "-5"], "een teruggevorderd bedrag is meer dan nul"),
])
def test_a_change_that_cannot_be_made_is_refused_in_dutch_and_nothing_is_stored(db, opdracht, melding):
    zonder = _id(db, ZONDER)
    with Opslag.open(db, alleen_lezen=True) as opslag:
        voor = tellingen(opslag)
    r = cli("signalen", "zet", *[a.format(zonder=zonder) for a in opdracht], "--db", db)
    assert r.exit_code == 1
    assert f"Fout: {melding}" in " ".join(r.output.split()) and "er is niets opgeslagen" in r.output
    with Opslag.open(db, alleen_lezen=True) as opslag:
        assert tellingen(opslag) == voor
    assert _geschiedenis(db, zonder) == []


def test_the_worklist_filters_by_status_municipality_provider_period_and_rule_and_orders(db, tmp_path):
    rijen = {"declaraties": [_claim(referentienummer="T1", toewijzingnummer="9998", gemeentecode="1963",
                                    agb_code="42420002", periode_begin="2024-02-01", periode_eind="2024-02-29",
                                    geleverd_volume="17", bedrag_cent=str(17 * 9490))]}
    _laad(db, tmp_path / "b", rijen)
    assert len(_lijst(db, "--regel", ZONDER)) == 2
    assert cli("signalen", "zet", _id(db, TE_VEEL), "--status", "onterecht", "--db", db).exit_code == 0

    def ids(*filters: str) -> list[tuple[str, str]]:
        return [(s["regel"], s["sleutel"]) for s in _lijst(db, *filters)]
    assert ids("--status", "onterecht") == [(TE_VEEL, "S3")]
    assert ids("--status", "nieuw", "--status", "onterecht") == [(TE_VEEL, "S3"), (ZONDER, "T1"), (ZONDER, "S1")]
    assert ids("--gemeente", "Hoeksche Waard") == [(ZONDER, "T1")]
    assert ids("--aanbieder", "Jeugdzorg De Linde") == ids("--aanbieder", "42420001") == [(TE_VEEL, "S3"),
                                                                                           (ZONDER, "S1")]
    assert ids("--periode", "2024-Q1", "--regel", "TR338") == [(ZONDER, "T1"), (ZONDER, "S1")]
    assert ids("--periode", "2024-03") == [(TE_VEEL, "S3")]
    assert ids("--volgorde", "bedrag") == [(TE_VEEL, "S3"), (ZONDER, "T1"), (ZONDER, "S1")]
    assert ids("--volgorde", "periode") == [(TE_VEEL, "S3"), (ZONDER, "T1"), (ZONDER, "S1")]
    telling = cli("signalen", "--formaat", "json", "--db", db)
    assert [(t["regel"], t["aantal"], t["ijw_regel"], t["retourcode"]) for t in json.loads(telling.output)] == [
        (TE_VEEL, 1, "TR321", "9321"), (ZONDER, 2, "TR338, OP276", "9338")]
    for filters, melding in [(["--status", "klaar"], "onbekende status 'klaar'"),
                             (["--volgorde", "grootte"], "onbekende volgorde 'grootte'"),
                             (["--aanbieder", "De Eik"], "aanbieder De Eik hoort niet bij deze regio"),
                             (["--periode", "2030"], "geen gegevens voor 2030")]:
        r = cli("signalen", *filters, "--db", db)
        assert r.exit_code == 1 and f"Fout: {melding}" in " ".join(r.output.split()), filters


def test_the_history_of_an_unknown_signal_is_refused(db):
    r = cli("signalen", "geschiedenis", "0123456789ab", "--db", db)
    assert r.exit_code == 1 and "Fout: onbekend signaal '0123456789ab'" in r.output
