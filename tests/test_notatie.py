
"""Dutch notation and the one-line readings of the key figures."""

import pytest

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel
from stuurwiel.uitvoer.rapporten.lezing import lees

pytestmark = pytest.mark.unit


def test_numbers_money_and_percentages_in_dutch():
    assert notatie.getal(1234567) == "1.234.567" and notatie.getal(12.345, 1) == "12,3"
    assert notatie.euro(123456) == "€ 1.235"
    assert notatie.euro_kort(123_456_789) == "€ 1,2 mln" and notatie.euro_kort(9_999_900) == "€ 99.999"
    assert notatie.procent(12.345) == "12,3%"
    assert notatie.waarde(None, "aantal", onderdrukt=True) == "<8" and notatie.waarde(None, "aantal") == "–"
    assert notatie.procentverschil(4.2) == "+4,2%" and notatie.procentverschil(-1.0) == "-1,0%"
    assert notatie.waarde(0.537, "fractie") == "54%" and notatie.waarde(0.537, "fractie", decimalen=1) == "53,7%"
    assert notatie.waarde(250_000, "euro") == "€ 250.000" and notatie.waarde(True, "ja_nee") == "ja"


def test_a_column_of_amounts_reads_in_one_scale():
    def kolom(*centen):
        return [notatie.waarde(c, "eurocent", kolomschaal=notatie.euroschaal(centen)) for c in centen]
    assert kolom(18_801_500, 25_534_500, 415_578_600) == ["€ 188.015", "€ 255.345", "€ 4.155.786"]
    assert kolom(312_000_000, 1_530_000_000, 8_000_000) == ["€ 3,12 mln", "€ 15,30 mln", "€ 0,08 mln"]
    assert kolom(312_000_000, 1_530_000_000, None) == ["€ 3,1 mln", "€ 15,3 mln", "–"]
    assert notatie.waarde(1_530_000_000, "euro", kolomschaal=None) == "€ 1.530.000.000"
    t = Tabel("t", [Kolom("k", "kosten", "eurocent"), Kolom("n", "aantal", "aantal")],
              [[Cel(150_000_000, "eurocent"), Cel(3, "aantal")], [Cel(None, "eurocent", True), Cel(4, "aantal")]])
    assert t.euroschaal(0) == 1 and t.euroschaal(1) is None
    naast = Tabel("t", [Kolom("a", "a", "eurocent"), Kolom("b", "b", "eurocent"), Kolom("c", "c", "eurocent")],
                  [[Cel(150_000_000, "eurocent"), Cel(250_000_000, "eurocent"), Cel(10_000, "eurocent")],
                   [Cel(170_000_000, "eurocent"), Cel(5_000_000, "eurocent"), Cel(20_000, "eurocent")]])
    assert [naast.euroschaal(i) for i in range(3)] == [2, 2, None]  # columns of millions side by side read alike


def test_periods_as_a_sentence_says_them():
    assert [notatie.periode(ontleed_periode(p)) for p in ("2025-08", "2025-Q3", "2025", "2025-01 t/m 2025-08")] == [
        "augustus 2025", "3e kwartaal 2025", "2025", "januari t/m augustus 2025"]


def _cel(waarde, eenheid="aantal", onderdrukt=False):
    return Cel(waarde, eenheid, onderdrukt, "m", "2025-08")


def test_readings_compare_with_last_year_and_the_region():
    assert lees("Jeugdigen in zorg", _cel(115), "augustus 2025", [("augustus 2024", _cel(100))]) == \
        "Augustus 2025: 15% meer dan augustus 2024."
    assert lees("Uitval", _cel(12.0, "procent"), "2025", [("2024", _cel(10.0, "procent")),
                                                          ("de regio", _cel(12.2, "procent"))]) == \
        "2025: 2,0 procentpunt hoger dan 2024 en gelijk aan de regio."
    assert lees("Jeugdigen in zorg", _cel(None, onderdrukt=True), "augustus 2025", []) == \
        "Jeugdigen in zorg: te weinig jeugdigen in augustus 2025 om het cijfer te tonen."
    # a suppressed comparison is not compared with
    assert lees("Kosten", _cel(100, "eurocent"), "2025", [("2024", _cel(None, "eurocent", True))]) == "2025."


def test_a_suppressed_share_never_reads_as_a_count_and_the_table_says_what_the_signs_mean():
    assert [notatie.waarde(None, e, onderdrukt=True) for e in ("aantal", "procent", "cijfer", "eurocent")] == [
        "<8", "–*", "–*", "–*"]
    t = Tabel("t", [Kolom("n", "n"), Kolom("a", "a", "aantal"), Kolom("p", "p", "procent")],
              [[Cel("x"), Cel(None, "aantal", True), Cel(None, "procent", True)], [Cel("y"), Cel(0, "aantal"),
                                                                                 Cel(12.5, "procent")]], verborgen="<8")
    assert t.voetnoot == ("<8: 1 tot 8, niet getoond zodat niemand herkenbaar is; –*: berust op minder dan 8 "
                          "jeugdigen en wordt daarom niet getoond.")
    assert Tabel("t", t.kolommen, t.rijen[1:], verborgen="<8").voetnoot == ""
