"""Settlement between municipalities, the pure computation and its rules in regio.yaml: every variant and
key on a small region computed by hand to the cent, pools that add up exactly, the cumulatieregeling,
and α = 0 and α = 1 as the pool variant and `eigen`."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from stuurwiel.analyses.verevening.rekenen import Deelnemer, Verdeelfout, grootste_rest, pot, verreken
from stuurwiel.config.regio import RegioFout, lees_regio, ontleed_regio
from stuurwiel.config.verevening import Regel

pytestmark = pytest.mark.unit


def d(code: str, eigen: int, sleutel, subregio: str | None = "X") -> Deelnemer:
    return Deelnemer(code, subregio, eigen, Fraction(str(sleutel)))


def test_regio_splits_by_the_key_and_gives_leftover_cents_to_the_lower_code_on_equal_remainders():
    # 1001 cents in three equal parts: 333⅔ each; two cents left over, all remainders ⅔: A and B get one
    leden = [d("A", 1000, 1), d("B", 0, 1), d("C", 1, 1)]
    assert verreken(leden, Regel(variant="regio")) == [334, 334, 333]


def test_largest_remainder_goes_first_to_the_largest_remainder():
    # vast 50/30/20 of 999: 499.5, 299.7, 199.8 -> 499, 299, 199 and two cents to C (.8) and B (.7)
    leden = [d("A", 999, 50), d("B", 0, 30), d("C", 0, 20)]
    assert verreken(leden, Regel(variant="regio", sleutel="vast", vast={"A": 50, "B": 30, "C": 20})) == [499, 300, 200]


def test_eigen_pays_own_cost():
    leden = [d("A", 1000, 5), d("B", -20, 1), d("C", 7, 0)]
    assert verreken(leden, Regel(variant="eigen")) == [1000, -20, 7]


def test_subregio_is_a_pool_per_subregion():
    # X: 600 + 400 = 1000 split 3:1 -> 750, 250; Y: 300 + 0 split 1:2 -> 100, 200
    leden = [d("A", 600, 3, "X"), d("B", 400, 1, "X"), d("C", 300, 1, "Y"), d("D", 0, 2, "Y")]
    assert verreken(leden, Regel(variant="subregio")) == [750, 250, 100, 200]
    assert [pot(x, Regel(variant="subregio")) for x in leden] == ["X", "X", "Y", "Y"]


def test_verzekering_is_a_share_of_own_cost_and_the_rest_by_the_key():
    # α = 0.25: A 0.25 × 800 + 0.75 × 1000 × 1/4 = 387.5; B 0.25 × 200 + 0.75 × 1000 × 3/4 = 612.5
    leden = [d("A", 800, 1), d("B", 200, 3)]
    assert verreken(leden, Regel(variant="verzekering", aandeel_eigen=0.25)) == [388, 612]


def test_verzekering_with_the_subregions_pool():
    # α = 0.5 per subregion: X: A 300 + 0.5 × 1000 × 3/4 = 675, B 200 + 125 = 325; Y: C 150 + 50 = 200, D 0 + 100
    leden = [d("A", 600, 3, "X"), d("B", 400, 1, "X"), d("C", 300, 1, "Y"), d("D", 0, 2, "Y")]
    assert verreken(leden, Regel(variant="verzekering", pot="subregio", aandeel_eigen=0.5)) == [675, 325, 200, 100]


@pytest.mark.parametrize("sleutel", ["jeugdigen", "vast"])
def test_alpha_one_is_eigen_and_alpha_zero_is_the_pool(sleutel):
    rng = random.Random(7)
    vast = {c: p for c, p in zip("ABCDE", [10, 20, 30, 25, 15], strict=True)}
    leden = [d(c, rng.randint(-500, 10**7), vast[c] if sleutel == "vast" else rng.randint(0, 30000), s)
             for c, s in zip("ABCDE", "XXYYZ", strict=True)]
    regel = Regel(sleutel=sleutel, vast=vast if sleutel == "vast" else {})
    verzekering = regel.met(variant="verzekering")
    assert verreken(leden, verzekering.met(aandeel_eigen=1)) == verreken(leden, regel.met(variant="eigen"))
    assert verreken(leden, verzekering.met(aandeel_eigen=0)) == verreken(leden, regel.met(variant="regio"))
    assert (verreken(leden, verzekering.met(aandeel_eigen=0, pot="subregio"))
            == verreken(leden, regel.met(variant="subregio")))


def test_every_pool_sums_exactly_to_its_cost():
    rng = random.Random(11)
    for _ in range(200):
        n = rng.randint(1, 12)
        leden = [d(f"{i:04}", rng.randint(-1000, 10**8), rng.randint(0, 50000), rng.choice("XYZ")) for i in range(n)]
        if not sum(x.sleutel for x in leden):
            continue
        regel = Regel(variant=rng.choice(["regio", "subregio", "verzekering"]), pot=rng.choice(["regio", "subregio"]),
                      aandeel_eigen=rng.random(), cumulatie_procent=rng.choice([None, 1, 10, 50]))
        uit = verreken(leden, regel)
        for naam in {pot(x, regel) for x in leden}:
            binnen = [i for i, x in enumerate(leden) if pot(x, regel) == naam]
            if regel.cumulatie_procent is None or sum(leden[i].sleutel for i in binnen):
                assert sum(uit[i] for i in binnen) == sum(leden[i].eigen_cent for i in binnen)


def test_the_cap_is_applied_and_what_it_frees_goes_to_the_others_by_the_key():
    # 1200 in three equal parts would be 400 each; 50 % cap: A (900) pays at least 450, B (100) at most 150,
    # C (200) at most 300. B and C are set at their cap, the 150 they cannot take falls back on A: 750.
    leden = [d("A", 900, 1), d("B", 100, 1), d("C", 200, 1)]
    assert verreken(leden, Regel(variant="regio", cumulatie_procent=50)) == [750, 150, 300]


def test_the_cap_spreads_the_excess_by_the_key_and_repeats_until_no_one_exceeds_it():
    # 4000 by key 1:1:2 would be 1000, 1000, 2000. Cap 25 %: A (own 3000) pays 2250..3750, B (own 1000)
    # 750..1250, C (own 0) exactly 0. C is set at 0 and A at its floor 2250: 750 + 2000 short. Spread over B
    # (and A, once above its floor) by the key, B reaches its cap 1250; the rest falls on A: 2750.
    leden = [d("A", 3000, 1), d("B", 1000, 1), d("C", 0, 2)]
    assert verreken(leden, Regel(variant="regio", cumulatie_procent=25)) == [2750, 1250, 0]


def test_the_cap_in_cents_by_hand():
    # 10 000 by key 1:1:1:1 = 2500 each. Cap 20 %: A own 7000 -> at least 5600; B own 2000 -> at most 2400;
    # C own 1000 -> at most 1200; D own 0 -> exactly 0. After capping: A 5600, B 2400, C 1200, D 0 = 9200;
    # the 800 short goes to those not at a cap: only A, by its key -> A 6400 (within 5600..8400).
    leden = [d("A", 7000, 1), d("B", 2000, 1), d("C", 1000, 1), d("D", 0, 1)]
    assert verreken(leden, Regel(variant="regio", cumulatie_procent=20)) == [6400, 2400, 1200, 0]


def test_a_pool_without_a_key_cannot_be_split():
    with pytest.raises(Verdeelfout, match="de sleutel is nul"):
        verreken([d("A", 100, 0), d("B", 0, 0)], Regel(variant="regio"))
    with pytest.raises(Verdeelfout, match="geen subregio"):
        verreken([d("A", 100, 1, None)], Regel(variant="subregio"))


def test_largest_remainder_keeps_the_total():
    assert grootste_rest([Fraction(1, 3)] * 3, 1, ["B", "A", "C"]) == [0, 1, 0]


def test_zhz_ships_solidarity_within_subregions_with_a_cap():
    regels = lees_regio("zhz").verevening
    assert regels.standaard.variant == "verzekering" and regels.standaard.pot == "subregio"
    assert regels.standaard.cumulatie_procent == 15
    assert regels.regel("6").variant == "regio" and regels.regel("2") == regels.standaard


BASIS = ("code: x\nnaam: X\ngemeenten: [{code: '0505', naam: D}, {code: '1963', naam: H}]\n"
         "segmenten: [{code: a, naam: A}]\n"
         "producten: [{code: P1, categorie: '45', naam: p, segment: a, eenheid: '04', tarief: 1}]\n")


@pytest.mark.parametrize("verevening, verwacht", [
    ("{standaard: {variant: alles}}", "verevening.standaard.variant: moet 'eigen', 'regio', 'subregio' of "
                                       "'verzekering' zijn"),
    ("{standaard: {sleutel: geld}}", "verevening.standaard.sleutel: moet 'inwoners'"),
    ("{standaard: {aandeel_eigen: 1.5}}", "verevening.standaard.aandeel_eigen: mag hoogstens 1"),
    ("{standaard: {cumulatie_procent: 0}}", "verevening.standaard.cumulatie_procent: moet groter zijn dan 0"),
    ("{standaard: {sleutel: vast}}", "sleutel vast vraagt de afgesproken percentages"),
    ("{standaard: {sleutel: vast, vast: {'0505': 60, '1963': 30}}}", "de percentages tellen op tot 90, niet tot 100"),
    ("{standaard: {sleutel: vast, vast: {'0505': 100}}}", "verevening.standaard.vast: geen percentage voor gemeente "
                                                         "1963"),
    ("{segmenten: {b: {variant: eigen}}}", "verevening.segmenten: 'b' is geen segment"),
    ("{segmenten: {a: {sleutel: vast, vast: {'0505': 50, '0001': 50}}}}",
     "verevening.segmenten.a.vast: 0001 hoort niet bij de gemeenten van de regio"),
    ("{standaard: {variant: regio, pot_grootte: 3}}", "verevening.standaard.pot_grootte: onbekend veld"),
])
def test_bad_settlement_rules_get_a_dutch_message_with_the_place(verevening, verwacht):
    with pytest.raises(RegioFout) as e:
        ontleed_regio(BASIS + f"verevening: {verevening}\n")
    assert verwacht in str(e.value)
