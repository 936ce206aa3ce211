"""Rules across iJw messages (a stop needs its start, a request its answer in time, a credit its
debit, a claim its allocation), each named by its official code: data that keeps a rule is not
flagged, data that breaks it is, with the code and retourcode of the iJw 3.2 rule texts."""

import datetime as dt
import json
import re

import numpy as np
import pytest

from stuurwiel.analyses.signalen import REGELS, RETOURCODES
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import cli
from tests.support.omgeving import SHARED

REGELTEKSTEN = SHARED / "reference" / "ijw-3.2" / "regels"


def _signalen(opslag, regel: str) -> set[tuple[str, str]]:
    return {(sleutel, bron) for sleutel, bron in opslag.rijen(
        "SELECT sleutel, bron FROM signaal WHERE regel = %s", [regel])}


def _laad(opslag, tmp_path, **extra: list[dict[str, str]]) -> None:
    rijen = voorbeeld.variant()
    for soort, nieuw in extra.items():
        rijen[soort] = rijen.get(soort, []) + nieuw
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", rijen)])


def _claim(**velden):
    return dict(voorbeeld.RIJEN["declaraties"][0], **velden)


def _code(regel: str, ijw: tuple[str, ...], retourcodes: tuple[str, ...]) -> None:
    assert REGELS[regel].ijw == ijw and REGELS[regel].retourcodes == retourcodes


def _zorg(**velden) -> dict[str, str]:
    return dict(toewijzingnummer="1001", bsn=voorbeeld.BSN_A, gemeentecode="0505", agb_code="42420001",
                productcategorie="45", productcode="45A01", begindatum="2024-01-08", einddatum="",
                reden_beeindiging="", status_aanlevering="1", meldingsdatum="2024-01-09") | velden


def _verzoek(ref: str, datum: str, **velden) -> dict[str, str]:
    return dict(referentie_aanbieder=ref, soort="toewijzing", bsn=voorbeeld.BSN_A, gemeentecode="0505",
                agb_code="42420001", productcategorie="45", productcode="45A01", verwijzer_type="02",
                ingangsdatum="2024-07-01", verzoekdatum=datum) | velden


def _antwoord(ref: str, datum: str, antwoord: str = "1") -> dict[str, str]:
    return dict(referentie_aanbieder=ref, gemeentecode="0505", agb_code="42420001", antwoord=antwoord,
                reden_afwijzing="3" if antwoord == "1" else "", antwoorddatum=datum)


def test_the_retourcodes_are_those_of_the_official_rule_texts():
    for code, retourcode in RETOURCODES.items():
        tekst = (REGELTEKSTEN / "technische-regels" / "berichtoverstijgend" / f"{code}.md").read_text(encoding="utf-8")
        assert re.search(r"\| Retourcode \| (\S+) \|", tekst).group(1) == retourcode, code
    for regel in REGELS.values():
        for code in regel.ijw:
            map_ = "technische-regels/berichtoverstijgend" if code.startswith("TR") else "bedrijfsregels"
            assert (REGELTEKSTEN / map_ / f"{code}.md").is_file(), (regel.code, code)


def test_a_stop_needs_its_start(opslag, tmp_path):
    _code("stop_zonder_start", ("TR382", "OP072", "OP377"), ("9069",))
    _laad(opslag, tmp_path, zorgperioden=[
        _zorg(),                                                                     # line 2: start of 1001
        _zorg(einddatum="2024-06-30", reden_beeindiging="31", meldingsdatum="2024-07-02"),  # 3: its stop
        _zorg(begindatum="2024-03-04", einddatum="2024-03-29", reden_beeindiging="31"),     # 4: no start
        _zorg(toewijzingnummer="1002", bsn=voorbeeld.BSN_B, gemeentecode="1963", agb_code="42420002",
              productcategorie="44", productcode="44V01", begindatum="2024-03-01"),  # 5: a start …
        _zorg(toewijzingnummer="1002", bsn=voorbeeld.BSN_B, gemeentecode="1963", agb_code="42420002",
              productcategorie="44", productcode="44V01", begindatum="2024-03-01", status_aanlevering="3",
              meldingsdatum="2024-03-05"),                                           # 6: … withdrawn
        _zorg(toewijzingnummer="1002", bsn=voorbeeld.BSN_B, gemeentecode="1963", agb_code="42420002",
              productcategorie="44", productcode="44V01", begindatum="2024-03-01", einddatum="2024-05-31",
              reden_beeindiging="31", meldingsdatum="2024-06-03"),                  # 7: so no start
    ])
    assert _signalen(opslag, "stop_zonder_start") == {("1001", "zorgperioden.csv:4"), ("1002", "zorgperioden.csv:7")}
    assert not _signalen(opslag, "zorg_zonder_toewijzing")


def test_a_whole_care_period_from_an_exchange_file_is_no_stop_message(opslag, tmp_path):
    _laad(opslag, tmp_path, zorgperioden=[_zorg(einddatum="2024-06-30", reden_beeindiging="31", meldingsdatum="")])
    assert not _signalen(opslag, "stop_zonder_start")


def test_a_start_or_stop_needs_an_allocation(opslag, tmp_path):
    _code("zorg_zonder_toewijzing", ("TR019",), ("9019",))
    _laad(opslag, tmp_path, zorgperioden=[_zorg(), _zorg(toewijzingnummer="9999")])
    assert _signalen(opslag, "zorg_zonder_toewijzing") == {("9999", "zorgperioden.csv:3")}


def _termijn(datum: str) -> dt.date:
    """Five working days later, counted independently (numpy's business days, no holidays)."""
    d = np.datetime64(datum)
    return np.busday_offset(d, 5 if np.is_busday(d) else 4, roll="forward").astype(dt.date)


def test_a_request_needs_an_answer_within_five_working_days(opslag, tmp_path):
    _code("verzoek_niet_tijdig_beantwoord", ("OP274", "OP346"), ())
    toewijzing = dict(voorbeeld.RIJEN["toewijzingen"][0], toewijzingnummer="1010", toewijzingsdatum="2024-06-14",
                      ingangsdatum="2024-07-01", einddatum="2024-12-31", referentie_aanbieder="V1")
    verzoeken = [
        _verzoek("V1", "2024-06-07"),  # Friday, allocated the next Friday: in time
        _verzoek("V2", "2024-06-08"),  # Saturday, refused Monday 17th: late (term ends Friday 14th)
        _verzoek("V3", "2024-06-10"),  # refused the next Monday: in time
        _verzoek("V4", "2024-06-20"),  # never answered, and the store knows the exchange until 8 July
        _verzoek("V5", "2024-07-05"),  # not answered yet, but its term is not over on 8 July
    ]
    antwoorden = [_antwoord("V2", "2024-06-17"), _antwoord("V3", "2024-06-17"), _antwoord("V9", "2024-07-08")]
    _laad(opslag, tmp_path, toewijzingen=[toewijzing], verzoeken=verzoeken, verzoekantwoorden=antwoorden)
    verwacht = {v["referentie_aanbieder"] for v, antwoord in zip(verzoeken, ["2024-06-14", "2024-06-17",
                                                                           "2024-06-17", None, None], strict=True)
                if (dt.date.fromisoformat(antwoord) if antwoord else dt.date(2024, 7, 8)) > _termijn(v["verzoekdatum"])}
    assert verwacht == {"V2", "V4"}
    assert _signalen(opslag, "verzoek_niet_tijdig_beantwoord") == {("V2", "verzoeken.csv:3"), ("V4", "verzoeken.csv:5")}
    (tekst,) = opslag.rijen("SELECT omschrijving FROM signaal WHERE sleutel = 'V2'")[0]
    assert tekst == "verzoek van 2024-06-08 beantwoord op 2024-06-17, termijn tot en met 2024-06-14"


def test_a_request_in_onderzoek_is_decided_within_eight_weeks(opslag, tmp_path):
    _code("onderzoek_niet_tijdig_besloten", ("OP274", "OP346"), ())
    verzoeken = [_verzoek("V1", "2024-03-04"), _verzoek("V2", "2024-03-04"), _verzoek("V3", "2024-03-04")]
    antwoorden = [_antwoord("V1", "2024-03-06", "2"), _antwoord("V1", "2024-04-29"),  # decided after 8 weeks
                  _antwoord("V2", "2024-03-06", "2"), _antwoord("V2", "2024-04-30"),  # 8 weeks and a day
                  _antwoord("V3", "2024-03-06", "2")]                                 # never decided
    _laad(opslag, tmp_path, verzoeken=verzoeken, verzoekantwoorden=antwoorden)
    assert dt.date(2024, 3, 4) + dt.timedelta(weeks=8) == dt.date(2024, 4, 29)
    assert _signalen(opslag, "onderzoek_niet_tijdig_besloten") == {("V2", "verzoeken.csv:3"),
                                                                   ("V3", "verzoeken.csv:4")}
    assert not _signalen(opslag, "verzoek_niet_tijdig_beantwoord")


def test_an_answer_needs_its_request(opslag, tmp_path):
    _code("antwoord_zonder_verzoek", ("TR355",), ("9355",))
    _laad(opslag, tmp_path, verzoeken=[_verzoek("V1", "2024-06-03")],
          verzoekantwoorden=[_antwoord("V1", "2024-06-04"), _antwoord("V9", "2024-06-04")])
    assert _signalen(opslag, "antwoord_zonder_verzoek") == {("V9", "verzoekantwoorden.csv:3")}


def test_a_credit_needs_its_granted_debit_once(opslag, tmp_path):
    _code("credit_zonder_voorganger", ("TR323", "OP360"), ("8017",))
    _code("dubbele_credit", ("TR390", "OP360"), ("9390",))
    # R3 credits R2 (granted): kept. R5 was rejected, R3 is a credit: crediting them breaks TR323.
    # R1 credited twice breaks TR390.
    _laad(opslag, tmp_path, declaraties=[
        _claim(referentienummer="C1", vorig_referentienummer="R5", debet_credit="C"),  # line 8
        _claim(referentienummer="C2", vorig_referentienummer="R3", debet_credit="C"),  # line 9
        _claim(referentienummer="C3", vorig_referentienummer="R1", debet_credit="C"),  # line 10
        _claim(referentienummer="C4", vorig_referentienummer="R1", debet_credit="C"),  # line 11
    ])
    assert _signalen(opslag, "credit_zonder_voorganger") == {("C1", "declaraties.csv:8"), ("C2", "declaraties.csv:9")}
    assert _signalen(opslag, "dubbele_credit") == {("C3", "declaraties.csv:10"), ("C4", "declaraties.csv:11")}


def test_a_claim_needs_a_current_allocation(opslag, tmp_path):
    _code("zonder_toewijzing", ("TR338", "OP276"), ("9338",))
    _code("op_verwijderde_toewijzing", ("TR384", "OP276"), ("9384",))
    verwijderd = dict(voorbeeld.RIJEN["toewijzingen"][0], toewijzingnummer="1003", toewijzingsdatum="2024-01-10")
    _laad(opslag, tmp_path, toewijzingen=[verwijderd, dict(verwijderd, toewijzingsdatum="2024-02-01",
                                                           reden_wijziging="13")],
          declaraties=[_claim(referentienummer="S1", toewijzingnummer="1003"),   # line 8
                       _claim(referentienummer="S2", toewijzingnummer="9999")])  # line 9
    assert _signalen(opslag, "op_verwijderde_toewijzing") == {("S1", "declaraties.csv:8")}
    assert _signalen(opslag, "zonder_toewijzing") == {("S2", "declaraties.csv:9")}


@pytest.mark.unit
def test_signalen_shows_each_rules_code_and_retourcode(tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    rijen = voorbeeld.variant()
    rijen["declaraties"].append(_claim(referentienummer="S1", toewijzingnummer="9999"))
    cli("laad", str(voorbeeld.schrijf(tmp_path / "bron", rijen)), "--db", db)
    telling = json.loads(cli("signalen", "--formaat", "json", "--db", db).output)
    rij = next(r for r in telling if r["regel"] == "zonder_toewijzing")
    assert (rij["ijw_regel"], rij["retourcode"]) == ("TR338, OP276", "9338")
    tabel = cli("signalen", "--db", db).output
    assert "TR338, OP276" in tabel and "9338" in tabel
    lijst = cli("signalen", "--regel", "zonder_toewijzing", "--formaat", "csv", "--db", db).output
    assert "TR338, OP276" in lijst and "9338" in lijst
