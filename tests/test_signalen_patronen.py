"""The pattern signals: each found on data that holds its pattern, with its evidence in words, and
silent where there is none; their thresholds come from regio.yaml. On DuckDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from stuurwiel.analyses import signalen
from stuurwiel.config.regio import RegioFout, ingebouwd_pad, lees_regio, ontleed_regio
from stuurwiel.privacy.bsn import maak_bsn
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld

ZHZ = lees_regio("zhz")
DE_LINDE, HET_ANKER = "42420001", "42420002"
ANDEREN = ("42420011", "42420012", "42420013")


def _bsn(i: int) -> str:
    """A valid BSN of its own for every number."""
    k = 20_000_000 + 13 * i
    while not maak_bsn(k):
        k += 1
    return maak_bsn(k)


def _maand(jaar: int, maand: int) -> tuple[dt.date, dt.date]:
    begin = dt.date(jaar, maand, 1)
    return begin, (begin.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


class Bron:
    """Exchange-file rows built up by hand: providers, allocations, care periods and claims."""

    def __init__(self) -> None:
        self.rijen: dict[str, list[dict[str, str]]] = {"aanbieders": [], "toewijzingen": [], "zorgperioden": [],
                                                       "declaraties": []}

    def aanbieder(self, agb: str) -> None:
        self.rijen["aanbieders"].append(dict(agb_code=agb, naam=f"Aanbieder {agb}", contractvorm="outputgericht"))

    def toewijzing(self, nummer: str, bsn: str, agb: str, product: str, begin: dt.date, eind: dt.date | None,
                   volume: int = 40, frequentie: str = "4") -> dict[str, str]:
        p = ZHZ.producten_per_code[product]
        rij = dict(toewijzingnummer=nummer, bsn=bsn, geboortedatum="2012-05-17", geslacht="1", gemeentecode="0505",
                   agb_code=agb, productcategorie=p.categorie, productcode=product, verwijzer_type="01",
                   verwijzer_naam="", toewijzingsdatum=str(begin - dt.timedelta(days=10)), ingangsdatum=str(begin),
                   einddatum=str(eind) if eind else "", volume=str(volume), eenheid=p.eenheid,
                   frequentie=frequentie, budget_cent="", reden_wijziging="")
        self.rijen["toewijzingen"].append(rij)
        return rij

    def declaratie(self, t: dict[str, str], begin: dt.date, eind: dt.date, volume: int,
                   gedeclareerd: dt.date | None = None) -> dict[str, str]:
        p = ZHZ.producten_per_code[t["productcode"]]
        tarief = ZHZ.tarief_cent(p, begin.year)
        rij = dict(referentienummer=f"R{len(self.rijen['declaraties']) + 1}", vorig_referentienummer="",
                   toewijzingnummer=t["toewijzingnummer"], bsn=t["bsn"], gemeentecode="0505",
                   agb_code=t["agb_code"], productcategorie=p.categorie, productcode=p.code,
                   periode_begin=str(begin), periode_eind=str(eind), geleverd_volume=str(volume), eenheid=p.eenheid,
                   tarief_cent=str(tarief), bedrag_cent=str(volume * tarief), debet_credit="D",
                   declaratiedatum=str(gedeclareerd or eind + dt.timedelta(days=10)), status="toegekend")
        self.rijen["declaraties"].append(rij)
        return rij

    def zorgperiode(self, t: dict[str, str], begin: dt.date, eind: dt.date | None, reden: str = "") -> None:
        self.rijen["zorgperioden"].append(dict(
            toewijzingnummer=t["toewijzingnummer"], bsn=t["bsn"], gemeentecode="0505", agb_code=t["agb_code"],
            productcategorie=t["productcategorie"], productcode=t["productcode"], begindatum=str(begin),
            einddatum=str(eind) if eind else "", reden_beeindiging=reden, status_aanlevering="",
            meldingsdatum=""))


def _laad(opslag, tmp_path, bron: Bron) -> dict[str, list[dict]]:
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", {k: v for k, v in bron.rijen.items() if v})])
    return _signalen(opslag)


def _signalen(opslag) -> dict[str, list[dict]]:
    kolommen = ["regel", "tabel", "sleutel", "agb_code", "periode", "bedrag_cent", "omschrijving"]
    uit: dict[str, list[dict]] = {}
    for rij in opslag.rijen(f"SELECT {', '.join(kolommen)} FROM signaal ORDER BY regel, sleutel"):
        uit.setdefault(rij[0], []).append(dict(zip(kolommen, rij, strict=True)))
    return uit


def _euro(cent: float) -> str:
    return "€ " + f"{round(cent / 100):,}".replace(",", ".")


# --- per young person and allocation ----------------------------------------------------------

def _stapel(bron: Bron) -> None:
    """A young person with three products at once at De Linde (and transport, which does not count),
    one with two and transport, one with three spread over two providers."""
    for agb in (DE_LINDE, HET_ANKER):
        bron.aanbieder(agb)
    jaar = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    bron.toewijzing("3001", _bsn(1), DE_LINDE, "45A01", *jaar)
    t = bron.toewijzing("3002", _bsn(1), DE_LINDE, "45A02", dt.date(2024, 3, 1), dt.date(2024, 8, 31))
    bron.toewijzing("3003", _bsn(1), DE_LINDE, "40A01", dt.date(2024, 5, 1), dt.date(2024, 6, 30))
    bron.toewijzing("3004", _bsn(1), DE_LINDE, "42D01", *jaar, volume=8, frequentie="2")
    bron.declaratie(t, *_maand(2024, 3), volume=10)
    for nummer, product in (("3011", "45A01"), ("3012", "45A02"), ("3013", "42D01")):
        bron.toewijzing(nummer, _bsn(2), DE_LINDE, product, *jaar)
    for nummer, agb, product in (("3021", DE_LINDE, "45A01"), ("3022", HET_ANKER, "45A02"),
                                 ("3023", HET_ANKER, "40A01")):
        bron.toewijzing(nummer, _bsn(3), agb, product, *jaar)


def test_stapelen_flags_each_allocation_of_three_products_at_once(opslag, tmp_path):
    bron = Bron()
    _stapel(bron)
    s = _laad(opslag, tmp_path, bron)["stapelen"]
    tekst = "3 producten tegelijk bij deze aanbieder op 2024-05-01: 40A01, 45A01, 45A02"
    assert [(r["sleutel"], r["omschrijving"], r["periode"]) for r in s] == [
        (nummer, tekst, dt.date(2024, 5, 1)) for nummer in ("3001", "3002", "3003")]
    tarief = ZHZ.tarief_cent(ZHZ.producten_per_code["45A02"], 2024)
    assert [r["bedrag_cent"] for r in s] == [0, 10 * tarief, 0]  # what was claimed on each
    assert {r["tabel"] for r in s} == {"toewijzing"} and {r["agb_code"] for r in s} == {DE_LINDE}


def test_the_thresholds_in_regio_yaml_decide(opslag, tmp_path):
    """`signalen:` in regio.yaml: four products make a stack here, and transport counts."""
    bron = Bron()
    _stapel(bron)
    assert len(_laad(opslag, tmp_path, bron)["stapelen"]) == 3
    tekst = ingebouwd_pad("zhz").read_text(encoding="utf-8")
    initialiseer(opslag, ontleed_regio(tekst + "\nsignalen:\n  stapelen: {producten: 4, niet_meetellen: []}\n"))
    signalen.vernieuw(opslag)
    s = _signalen(opslag)["stapelen"]
    assert {r["sleutel"] for r in s} == {"3001", "3002", "3003", "3004"}
    assert s[0]["omschrijving"] == "4 producten tegelijk bij deze aanbieder op 2024-05-01: 40A01, 42D01, 45A01, 45A02"


def test_a_claim_after_the_care_stopped_but_inside_the_allocation(opslag, tmp_path):
    rijen = voorbeeld.variant()
    a, b = rijen["toewijzingen"]  # A: 45A01 January-June 2024; B: pleegzorg from March, open-ended
    bron = Bron()
    bron.rijen.update(rijen)
    bron.zorgperiode(a, dt.date(2024, 1, 1), dt.date(2024, 3, 15), reden="33")
    bron.zorgperiode(b, dt.date(2024, 3, 1), None)
    bron.declaratie(a, dt.date(2024, 3, 1), dt.date(2024, 3, 15), 8)    # until the stop: in order
    na = bron.declaratie(a, *_maand(2024, 4), 16)                       # after the stop
    buiten = bron.declaratie(a, *_maand(2024, 8), 16)                   # after the allocation
    s = _laad(opslag, tmp_path, bron)
    assert [(r["sleutel"], r["omschrijving"]) for r in s["na_zorgeinde"]] == [
        (na["referentienummer"], "geleverd 2024-04-01 t/m 2024-04-30, na het einde van de zorg op 2024-03-15 "
                                 "(toewijzing 1001)")]
    assert s["na_zorgeinde"][0]["bedrag_cent"] == int(na["bedrag_cent"])
    # the line outside the allocation is buiten_toewijzing alone; the rejected March line R5 counts nowhere
    assert [r["sleutel"] for r in s["buiten_toewijzing"]] == [buiten["referentienummer"]]


def test_an_allocation_never_claimed_long_after_its_product_usually_is(opslag, tmp_path):
    """Ten allocations of 45A01 get their first claim 40 days after their start: 90 % within 40 days,
    so after 3 × 40 days without a claim an allocation is flagged."""
    bron = Bron()
    bron.aanbieder(DE_LINDE)
    for i in range(10):
        t = bron.toewijzing(f"40{i:02d}", _bsn(10 + i), DE_LINDE, "45A01", dt.date(2024, 1, 1),
                            dt.date(2024, 12, 31), volume=4, frequentie="2")
        for m in range(1, 9):
            begin, eind = _maand(2024, m)
            bron.declaratie(t, begin, eind, 16, gedeclareerd=begin + dt.timedelta(days=40))
    # the last claim date in the store is 2024-09-10
    nooit = bron.toewijzing("4101", _bsn(30), DE_LINDE, "45A01", dt.date(2024, 1, 1), dt.date(2024, 12, 31),
                            volume=4, frequentie="2")
    bron.toewijzing("4102", _bsn(31), DE_LINDE, "45A01", dt.date(2024, 7, 1), dt.date(2024, 12, 31))  # too young
    bron.toewijzing("4103", _bsn(32), DE_LINDE, "45A01", dt.date(2024, 2, 1), dt.date(2024, 2, 10))  # 10 days
    kort = bron.toewijzing("4104", _bsn(33), DE_LINDE, "45A01", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    bron.zorgperiode(kort, dt.date(2024, 1, 1), dt.date(2024, 1, 5), reden="33")  # care ended after 5 days
    bron.toewijzing("4105", _bsn(34), DE_LINDE, "45A02", dt.date(2024, 1, 1), dt.date(2024, 12, 31))  # no usual
    s = _laad(opslag, tmp_path, bron)["niet_verzilverd"]
    assert [(r["sleutel"], r["omschrijving"]) for r in s] == [
        ("4101", "toewijzing 4101 (45A01, ingang 2024-01-01) na 253 dagen nog niet gedeclareerd; van de "
                 "toewijzingen van dit product is 90 % binnen 40 dagen voor het eerst gedeclareerd; "
                 "geen start zorg gemeld")]
    tarief = ZHZ.tarief_cent(ZHZ.producten_per_code["45A01"], 2024)
    assert s[0]["bedrag_cent"] == round(4 * 366 / 7 * tarief)  # what it grants: 4 hours a week all year
    assert s[0]["periode"] == dt.date(2024, 1, 1) and nooit["agb_code"] == s[0]["agb_code"]


# --- a provider's figures over months -----------------------------------------------------------

def _aanbieders_over_jaren(plant: bool) -> tuple[Bron, dict[str, dict[int, list[int]]]]:
    """Five providers with 32 young people each, claimed every month of 2022-2024: 24 on 45A01 and 8
    on the dearer 45H01, each month the same hours per young person (8 to 14). Planted from 2024 on:
    De Linde claims half as many hours again on 45A01; Het Anker moves its 24 to 45H01."""
    bron = Bron()
    bedragen: dict[str, dict[int, list[int]]] = {"linde": {2023: [], 2024: []}, "andere_45A01": {2023: [], 2024: []}}
    for agb in (DE_LINDE, HET_ANKER, *ANDEREN):
        bron.aanbieder(agb)
        for i in range(32):
            bsn = _bsn(1000 + len(bron.rijen["toewijzingen"]))
            uren = 8 + i % 7
            duurder = plant and agb == HET_ANKER and i < 24
            product = "45A01" if i < 24 else "45H01"
            eind = dt.date(2023, 12, 31) if duurder else dt.date(2024, 12, 31)
            t = bron.toewijzing(f"5{len(bron.rijen['toewijzingen']):04d}", bsn, agb, product,
                                dt.date(2022, 1, 1), eind)
            if duurder:
                t2 = bron.toewijzing(f"5{len(bron.rijen['toewijzingen']):04d}", bsn, agb, "45H01",
                                     dt.date(2024, 1, 1), dt.date(2024, 12, 31))
            for jaar in (2022, 2023, 2024):
                for m in range(1, 13):
                    volume = uren * 3 // 2 if plant and agb == DE_LINDE and product == "45A01" and jaar == 2024 else uren
                    r = bron.declaratie(t2 if duurder and jaar == 2024 else t, *_maand(jaar, m), volume)
                    if product == "45A01" and jaar >= 2023 and r["productcode"] == "45A01":
                        soort = "linde" if agb == DE_LINDE else "andere_45A01"
                        bedragen[soort][jaar].append(int(r["bedrag_cent"]))
    return bron, bedragen


def _gemiddeld(bedragen: list[int]) -> float:
    return sum(bedragen) / len(bedragen)


def test_a_provider_inflating_a_product_and_one_shifting_to_a_dearer_one(opslag, tmp_path):
    bron, bedragen = _aanbieders_over_jaren(plant=True)
    s = _laad(opslag, tmp_path, bron)
    assert set(s) == {"opdrijven", "duurder_product"}
    [o] = s["opdrijven"]
    eigen_nu, eigen_h = _gemiddeld(bedragen["linde"][2024]), _gemiddeld(bedragen["linde"][2023])
    ander_nu = _gemiddeld(bedragen["andere_45A01"][2024])
    assert (o["sleutel"], o["tabel"], o["agb_code"], o["periode"]) == (f"{DE_LINDE} 45A01", "aanbieder", DE_LINDE,
                                                                      dt.date(2024, 1, 1))
    assert o["omschrijving"] == (f"kosten per cliëntmaand 2024-01 t/m 2024-12 {_euro(eigen_nu)} tegen eigen historie "
                                 f"{_euro(eigen_h)} en andere aanbieders van 45A01 {_euro(ander_nu)} "
                                 f"(288 cliëntmaanden)")
    assert o["bedrag_cent"] == round(sum(bedragen["linde"][2024]) - 288 * ander_nu)
    [d] = s["duurder_product"]
    assert (d["sleutel"], d["periode"]) == (f"{HET_ANKER} 45", dt.date(2024, 1, 1))
    assert d["omschrijving"].startswith("productmix in categorie 45 2024-01 t/m 2024-12: € ")
    assert d["omschrijving"].endswith("; aandeel 45H01 van 25 % naar 100 %")
    assert d["bedrag_cent"] > 0


def test_the_same_providers_without_a_pattern_raise_nothing(opslag, tmp_path):
    bron, _ = _aanbieders_over_jaren(plant=False)
    assert _laad(opslag, tmp_path, bron) == {}


# --- the region file ----------------------------------------------------------------------------

@pytest.mark.unit
def test_thresholds_are_checked_with_dutch_messages():
    tekst = ingebouwd_pad("zhz").read_text(encoding="utf-8") + (
        "\nsignalen:\n  opdrijven: {stijging: 0.9, maanden: 1, drempel: 3}\n"
        "  stapelen: {niet_meetellen: ['99']}\n  niet_verzilverd: {percentiel: 100}\n")
    with pytest.raises(RegioFout) as e:
        ontleed_regio(tekst)
    melding = str(e.value)
    for regel in ("signalen.opdrijven.stijging: moet groter zijn dan 1.0 (waarde: 0.9)",
                  "signalen.opdrijven.maanden: moet minstens 2 zijn (waarde: 1)",
                  "signalen.opdrijven.drempel: onbekend veld (waarde: 3)",
                  "signalen.stapelen.niet_meetellen: '99' is geen iJw-eenheid",
                  "signalen.niet_verzilverd.percentiel: mag hoogstens 99 zijn (waarde: 100)"):
        assert regel in melding, melding
    standaard = lees_regio("zhz").signalen
    assert (standaard.opdrijven.maanden, standaard.opdrijven.zekerheid, standaard.stapelen.producten) == (12, 4.0, 3)


@pytest.fixture(scope="module")
def schone_regio(tmp_path_factory):
    from stuurwiel.synth import genereer

    uit = tmp_path_factory.mktemp("schoon") / "bron"
    genereer(ZHZ, range(2021, 2026), seed=3, schaal=0.05, uit=uit, anomalieen=False)
    return uit


def test_a_clean_synthetic_region_raises_no_signal(opslag, schone_regio):
    """The simulator without its anomalies: nothing planted, nothing flagged, by any rule."""
    assert (schone_regio / "grondwaarheid" / "anomalieen.csv").read_text(encoding="utf-8").count("\n") == 1
    laad(opslag, [schone_regio])
    assert opslag.aantal("declaratieregel") > 10_000
    assert _signalen(opslag) == {}
