"""Suppression of small counts at its boundaries, with the default and with configured settings."""

import math

import pandas as pd
import pytest

from stuurwiel.config.regio import Privacy, ontleed_regio
from stuurwiel.maten.catalogus import zonder_rij
from stuurwiel.privacy.onthulling import (
    AFGELEID,
    OPENBAAR,
    PERSONEN,
    aanvullend,
    andere_gemeente,
    onderdruk,
    rond_af,
    verborgen,
)

pytestmark = pytest.mark.unit

CBS = Privacy(afronding=5, drempel=8)


def _toon(klasse, waarden, privacy=CBS, basis=None):
    df = pd.DataFrame({"waarde": waarden, "basis": basis if basis is not None else [float("nan")] * len(waarden)})
    out = onderdruk(df, klasse, privacy)
    return [verborgen(privacy) if o else w for w, o in zip(out.waarde, out.onderdrukt)]


def test_counts_round_to_five_and_from_one_to_below_eight_are_hidden_but_a_true_zero_is_shown():
    assert _toon(PERSONEN, [0, 1, 7, 8, 9, 10, 12, 13, 15, 17, 18, 1234]) == [
        0, "<8", "<8", 10, 10, 10, 10, 15, 15, 15, 20, 1235]


def test_rounding_is_half_up_not_to_even():
    assert [rond_af(n, 5) for n in (2.5, 7.5, 12.5)] == [5, 10, 15]
    assert [rond_af(n, 10) for n in (15, 25, 14)] == [20, 30, 10]


def test_the_settings_come_from_the_region_config():
    regio = ontleed_regio(open_zhz().replace("afronding: 5", "afronding: 10").replace("drempel: 8", "drempel: 5"))
    assert (regio.privacy.afronding, regio.privacy.drempel) == (10, 5)
    assert _toon(PERSONEN, [4, 5, 14, 15, 25], regio.privacy) == ["<5", 10, 10, 20, 30]


def test_ratios_are_hidden_when_they_rest_on_fewer_people_than_the_threshold():
    assert _toon(AFGELEID, [50.0, 12.5, 33.3], basis=[7, 8, float("nan")]) == ["<8", 12.5, "<8"]
    leeg = onderdruk(pd.DataFrame({"waarde": [float("nan")], "basis": [0]}), AFGELEID, CBS)
    assert not leeg.onderdrukt[0] and pd.isna(leeg.waarde[0])  # over nobody: no value, nothing to hide


def test_amounts_are_never_suppressed():
    assert _toon(OPENBAAR, [0, 3, 123456]) == [0, 3, 123456]


def test_a_missing_count_is_a_true_zero_and_shown():
    assert zonder_rij("jeugdigen_in_zorg", CBS) == (0, False)
    assert zonder_rij("jeugdigen_in_zorg") == (0, False)
    assert zonder_rij("kosten", CBS) == (0, False)
    waarde, onderdrukt = zonder_rij("uitval", CBS)
    assert waarde is None and not onderdrukt  # unknown, not zero


def test_basis_never_leaves_with_suppression():
    out = onderdruk(pd.DataFrame({"waarde": [40.0], "basis": [10.0]}), AFGELEID, CBS)
    assert "basis" not in out.columns and not math.isnan(out.waarde[0])


def test_unknown_class_is_an_error():
    with pytest.raises(ValueError, match="privacyklasse"):
        onderdruk(pd.DataFrame({"waarde": [1]}), "geheim", CBS)


def open_zhz() -> str:
    from stuurwiel.config.regio import ingebouwd_pad

    return ingebouwd_pad("zhz").read_text(encoding="utf-8")


def _verhouding(teller, noemer, telling, schaal=100.0):
    df = pd.DataFrame({"teller": teller, "noemer": noemer})
    df["waarde"] = schaal * df.teller / df.noemer
    df["basis"] = df.noemer if telling != "teller" else df.teller
    return onderdruk(df, AFGELEID, CBS, telling)


def test_a_share_of_counts_is_the_rounded_count_over_the_rounded_group_and_hidden_with_a_hidden_count():
    uit = _verhouding([2, 9, 0, 13], [11, 11, 11, 46], "beide")
    assert uit.onderdrukt.tolist() == [True, False, False, False]
    assert uit.waarde.tolist()[1:] == pytest.approx([100.0, 0.0, 100 * 15 / 45])  # 10/10, 0/10, 15/45
    assert "teller" not in uit.columns and "noemer" not in uit.columns


def test_a_rate_gives_back_the_rounded_count_and_cost_per_client_the_rounded_clients():
    per_1000 = _verhouding([12, 3], [25_000, 25_000], "teller", 1000)
    assert per_1000.waarde[0] * 25_000 / 1000 == pytest.approx(10) and per_1000.onderdrukt.tolist() == [False, True]
    kosten = pd.DataFrame({"teller": [1_234_567.0], "noemer": [13.0]})
    uit = _verhouding(kosten.teller, kosten.noemer, "noemer", 1.0)
    assert 1_234_567 / uit.waarde[0] == pytest.approx(15)


def test_a_figure_from_one_other_municipality_is_hidden_with_its_complement():
    df = pd.DataFrame({"periode": ["2024"] * 4, "agb_code": ["A", "B", "C", "D"], "waarde": [500, 300, 700, 900]})
    herkomst = pd.DataFrame({"periode": ["2024"] * 6, "agb_code": ["A", "B", "B", "C", "C", "D"],
                             "gemeentecode": ["0523", "0505", "0523", "0590", "0523", "0523"]})
    sleutels = ["periode", "agb_code"]
    andere = andere_gemeente(df, herkomst, sleutels, frozenset({"0505"}))
    # A and D: only Hardinxveld; B: Dordrecht's own part plus Hardinxveld's, so minus its own part it is hers;
    # C: two other municipalities
    assert andere.tolist() == [True, True, False, True]
    eenzaam = pd.Series([False, False, False, True])
    assert aanvullend(df, eenzaam, ["agb_code"]).tolist() == [False, True, False, True]  # B: the smallest other
    assert aanvullend(df, andere, ["agb_code"]).tolist() == andere.tolist()  # three hidden: no total gives one back
