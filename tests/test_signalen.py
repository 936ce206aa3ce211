"""Business-rule signals: the rows are stored, and each broken rule is flagged with its source line."""

import pytest

from stuurwiel.begrippen.periode import jaar
from stuurwiel.maten import kern
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import cli


def _claim(**velden):
    return dict(voorbeeld.RIJEN["declaraties"][0], **velden)


def _signalen(opslag) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for regel, sleutel, bron in opslag.rijen("SELECT regel, sleutel, bron FROM signaal"):
        out.setdefault(regel, set()).add((sleutel, bron))
    return out


def test_each_rule_flags_its_line_and_the_data_is_kept(opslag, tmp_path):
    rijen = voorbeeld.variant()
    rijen["aanbieders"].append(dict(agb_code="42420003", naam="Crisis Centrum", contractvorm="outputgericht"))
    rijen["toewijzingen"] += [
        # client B also in crisis care from mid-March: overlapping stays
        dict(rijen["toewijzingen"][1], toewijzingnummer="1006", agb_code="42420003", productcategorie="46",
             productcode="46C01", ingangsdatum="2024-03-15", einddatum="2024-04-15"),
        # a client born in 2005
        dict(rijen["toewijzingen"][0], toewijzingnummer="1007", bsn="999900031", geboortedatum="2005-06-01"),
    ]
    rijen["declaraties"] += [
        _claim(referentienummer="S1", toewijzingnummer="9999"),                                   # line 8
        _claim(referentienummer="S2", periode_begin="2024-08-01", periode_eind="2024-08-31"),     # line 9
        _claim(referentienummer="S3", periode_begin="2024-03-01", periode_eind="2024-03-31",
               geleverd_volume="20", bedrag_cent="189800"),                                        # line 10
        _claim(referentienummer="R1", periode_begin="2024-04-01", periode_eind="2024-04-30"),     # line 11
        _claim(referentienummer="S5"),                                                            # line 12
        _claim(referentienummer="S6", periode_begin="2024-05-01", periode_eind="2024-05-31",
               bedrag_cent="100"),                                                                 # line 13
        _claim(referentienummer="S7", periode_begin="2024-06-01", periode_eind="2024-06-30",
               tarief_cent="9000", bedrag_cent="144000"),                                          # line 14
        _claim(referentienummer="S8", vorig_referentienummer="R77", debet_credit="C"),            # line 15
        _claim(referentienummer="S9", toewijzingnummer="1007", bsn="999900031",
               periode_begin="2024-01-01", periode_eind="2024-01-31"),                             # line 16
    ]
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", rijen)])
    assert opslag.aantal("declaratieregel") == 15  # every line is stored
    s = _signalen(opslag)
    assert s["zonder_toewijzing"] == {("S1", "declaraties.csv:8")}
    assert s["buiten_toewijzing"] == {("S2", "declaraties.csv:9")}
    assert s["boven_volume"] == {("S3", "declaraties.csv:10")}  # 20 hours, 4 per week allows 18 in March
    assert s["dubbel_referentienummer"] == {("R1", "declaraties.csv:2"), ("R1", "declaraties.csv:11")}
    assert ("S5", "declaraties.csv:12") in s["dubbele_declaratie"] and ("R1", "declaraties.csv:2") in s[
        "dubbele_declaratie"]
    assert s["bedrag_afwijkend"] == {("S6", "declaraties.csv:13")}
    assert s["tarief_afwijkend"] == {("S7", "declaraties.csv:14")}
    assert s["credit_zonder_voorganger"] == {("S8", "declaraties.csv:15")}
    assert s["leeftijd_18_plus"] == {("S9", "declaraties.csv:16")}
    assert s["overlappend_verblijf"] == {("1002", "toewijzingen.csv:3"), ("1006", "toewijzingen.csv:4")}
    omschrijving = opslag.rijen("SELECT omschrijving FROM signaal WHERE regel = 'boven_volume'")[0][0]
    assert omschrijving == "in 2024-03 20 gedeclareerd, toegewezen 18 (toewijzing 1001)"


def test_a_late_allocation_clears_the_signal_and_the_cost_still_counts(opslag, tmp_path):
    rijen = voorbeeld.variant()
    eerst = {"aanbieders": rijen["aanbieders"], "toewijzingen": rijen["toewijzingen"][:1],
             "declaraties": rijen["declaraties"]}
    laad(opslag, [voorbeeld.schrijf(tmp_path / "a", eerst)])
    assert set(_signalen(opslag)["zonder_toewijzing"]) == {("P1", "declaraties.csv:7")}
    assert kern.kerncijfers(opslag, [jaar(2024)]).kosten_cent.tolist() == [voorbeeld.KOSTEN_2024_CENT]
    laad(opslag, [voorbeeld.schrijf(tmp_path / "b", {"toewijzingen": rijen["toewijzingen"][1:]})])
    assert "zonder_toewijzing" not in _signalen(opslag)


def test_a_later_answer_sets_the_status_and_an_old_export_does_not_undo_it(opslag, tmp_path):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "a")])
    before = kern.kerncijfers(opslag, [jaar(2024)]).kosten_cent.tolist()[0]
    afgewezen = voorbeeld.variant(declaraties={5: {"status": "afgewezen", "declaratiedatum": "2024-05-03"}})
    laad(opslag, [voorbeeld.schrijf(tmp_path / "b", {"declaraties": afgewezen["declaraties"]})])
    assert kern.kerncijfers(opslag, [jaar(2024)]).kosten_cent.tolist() == [before - 161448]
    assert opslag.aantal("declaratieregel") == 6  # the line itself is not stored twice
    oud = voorbeeld.variant(declaraties={5: {"status": "ingediend", "declaratiedatum": "2024-05-03",
                                             "referentienummer": "P1"}})
    laad(opslag, [voorbeeld.schrijf(tmp_path / "c", {"declaraties": oud["declaraties"]}, delimiter=";")])
    assert kern.kerncijfers(opslag, [jaar(2024)]).kosten_cent.tolist() == [before - 161448]


@pytest.mark.unit
def test_signalen_cli_lists_counts_and_lines(tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    rijen = voorbeeld.variant()
    rijen["declaraties"].append(_claim(referentienummer="S1", toewijzingnummer="9999"))
    out = cli("laad", str(voorbeeld.schrijf(tmp_path / "bron", rijen)), "--db", db).output
    assert "zonder_toewijzing: 1" in out
    lijst = cli("signalen", "--regel", "zonder_toewijzing", "--formaat", "csv", "--db", db).output
    assert "S1,declaraties.csv:8" in lijst and "declaratie op toewijzing 9999 die niet bestaat" in lijst
