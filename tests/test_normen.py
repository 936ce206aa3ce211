"""The normenkader on a hand-made region: each kind of norm below and above its limit, a stricter
norm in a later year, an onderbouwing registered, bad onderbouwingen refused, the command's outputs,
and who may see the allocations above their norm.

ZHZ's 45A01 (Ambulante jeugdhulp individueel) has 18 months and 4 uur per week until 2024, 12 months
and 3 uur per week from 2025; 42D01 (vervoer) 10 stuks per week, without a verklarende analyse.
"""

import csv
import json

import pytest

from stuurwiel.begrippen.periode import jaar, ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.privacy.bereik import Bereik, BuitenBereik
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.rapporten import bouw
from tests.support import voorbeeld
from tests.support.helpers import cli, tellingen

BSN_B, BSN_C, BSN_D, BSN_F = "999900031", "999900043", "999900055", "999900067"
ONDERBOUWING = ["toewijzingnummer", "datum", "auteur", "soort", "samenvatting"]


def _toewijzing(nummer: str, bsn: str, product: str, begin: str, eind: str, volume: str, **anders) -> dict:
    basis = dict(voorbeeld.RIJEN["toewijzingen"][0], toewijzingnummer=nummer, bsn=bsn, productcode=product,
                 productcategorie=product[:2], toewijzingsdatum=begin, ingangsdatum=begin, einddatum=eind,
                 volume=volume, eenheid="82" if product == "42D01" else "04")
    return {**basis, **anders}


def _declaratie(ref: str, nummer: str, bsn: str, begin: str, eind: str, volume: int, **anders) -> dict:
    basis = dict(voorbeeld.RIJEN["declaraties"][0], referentienummer=ref, toewijzingnummer=nummer, bsn=bsn,
                 periode_begin=begin, periode_eind=eind, geleverd_volume=str(volume), tarief_cent="10000",
                 bedrag_cent=str(volume * 10000), declaratiedatum="2025-02-01")
    return {**basis, **anders}


def rijen() -> dict:
    r = voorbeeld.variant()  # 1001: 4 uur per week in the first half of 2024, within every norm
    r["toewijzingen"] += [
        _toewijzing("1003", BSN_B, "45A01", "2024-01-01", "2024-03-31", "5"),  # allocated above 4 per week
        _toewijzing("2001", BSN_C, "45A01", "2023-01-15", "2024-01-14", "4"),  # a trajectory's first year
        _toewijzing("2002", BSN_C, "45A01", "2024-01-15", "2024-12-31", "3"),  # ... past 18 months in July
        _toewijzing("3001", BSN_F, "42D01", "2024-02-01", "2024-04-30", "11"),  # vervoer above 10 per week
        _toewijzing("4001", BSN_D, "45A01", "2025-01-01", "2025-03-31", "4"),  # 4 per week against 2025's 3
    ]
    r["declaraties"] += [
        _declaratie("B1", "1003", BSN_B, "2024-01-01", "2024-01-31", 22),  # 4 × 31/7 = 17.71 allowed
        _declaratie("B2", "1003", BSN_B, "2024-02-01", "2024-02-29", 16),  # 4 × 29/7 = 16.57 allowed
        _declaratie("C1", "2002", BSN_C, "2024-06-01", "2024-06-30", 12),  # before the normeinde
        _declaratie("C2", "2002", BSN_C, "2024-07-01", "2024-07-31", 13),  # 17 of its 31 days after it
    ]
    return r


def onderbouwingen(pad, regels: list[list[str]]):
    pad.parent.mkdir(parents=True, exist_ok=True)
    with pad.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([ONDERBOUWING, *regels])
    return pad


GOED = ["2002", "2024-07-20", "jeugdconsulent lokaal team Dordrecht", "verklarende_analyse",
        "Terugval na afronding; verlenging met afbouwplan."]


@pytest.fixture
def geladen(opslag, tmp_path):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", rijen())])
    return opslag


def _lijst(opslag, j: int, **vraag) -> dict[tuple[str, str], dict]:
    t = beantwoord(opslag, Vraag("normen", perioden=(jaar(j),), **vraag))
    namen = [k.naam for k in t.kolommen]
    regels = [dict(zip(namen, (c.waarde for c in r), strict=True)) for r in t.rijen]
    return {(r["toewijzingnummer"], r["soort"]): r for r in regels}


def test_each_kind_of_norm_is_checked_below_and_above_its_limit(geladen):
    lijst = _lijst(geladen, 2024)
    # 1001 and 1002 (pleegzorg, open) stay within every norm; 2001 started in 2023
    assert set(lijst) == {("1003", "toegewezen intensiteit"), ("1003", "geleverde intensiteit"), ("2002", "duur"),
                          ("3001", "toegewezen intensiteit")}
    toegewezen = lijst[("1003", "toegewezen intensiteit")]
    assert (toegewezen["norm"], toegewezen["waarde"], toegewezen["overschrijding"], toegewezen["eenheid"]) == (
        4.0, 5.0, 1.0, "uur per week")
    assert toegewezen["kosten_boven_norm_cent"] is None  # an allocation costs what is delivered
    geleverd = lijst[("1003", "geleverde intensiteit")]
    # January's 22 hours in 31 days are 4.97 per week; 22 - 17.71 of its 22 hours' cost is above the norm
    assert (geleverd["norm"], geleverd["waarde"], geleverd["overschrijding"]) == (4.0, 4.97, 0.97)
    assert geleverd["kosten_boven_norm_cent"] == round(220000 * (22 - 4 * 31 / 7) / 22)
    duur = lijst[("2002", "duur")]
    # from the trajectory's start on 15 January 2023: 23 months to 14 December, 17 of the next 31 days
    assert (duur["norm"], duur["waarde"], duur["overschrijding"], duur["eenheid"]) == (18.0, 23.55, 5.55, "maanden")
    assert duur["kosten_boven_norm_cent"] == round(130000 * 17 / 31)  # July after the 14th; June counts nothing
    assert {r["onderbouwing"] for k, r in lijst.items() if k[0] != "3001"} == {"ontbreekt"}
    assert lijst[("3001", "toegewezen intensiteit")]["onderbouwing"] == "niet nodig"  # vervoer asks for none


def test_the_norm_of_2025_applies_to_the_allocations_of_2025(geladen):
    # 4 uur per week was within the norm of 2024 (allocation 1001), it is above that of 2025
    assert set(_lijst(geladen, 2025)) == {("4001", "toegewezen intensiteit")}
    regel = _lijst(geladen, 2025)[("4001", "toegewezen intensiteit")]
    assert (regel["norm"], regel["waarde"]) == (3.0, 4.0)
    rijen_ = geladen.rijen("SELECT jaar, vanaf, max_duur_maanden, max_volume, frequentie FROM norm "
                           "WHERE productcode = '45A01' AND jaar IN (2024, 2025) ORDER BY jaar")
    assert rijen_ == [(2024, 2015, 18, 4.0, "2"), (2025, 2025, 12, 3.0, "2")]


def test_an_onderbouwing_registered_is_shown_and_a_later_one_replaces_it(geladen, tmp_path):
    laad(geladen, [onderbouwingen(tmp_path / "o" / "onderbouwingen.csv", [GOED])])
    lijst = _lijst(geladen, 2024)
    assert lijst[("2002", "duur")]["onderbouwing"] == "aanwezig"
    assert lijst[("1003", "geleverde intensiteit")]["onderbouwing"] == "ontbreekt"
    rij = geladen.rijen("SELECT toewijzingnummer, datum, auteur, soort, samenvatting FROM onderbouwing")
    assert [tuple(map(str, r)) for r in rij] == [tuple(GOED)]
    laad(geladen, [onderbouwingen(tmp_path / "o2" / "onderbouwingen.csv", [[*GOED[:4], "Aangevulde analyse."]])])
    assert geladen.rijen("SELECT samenvatting FROM onderbouwing_actueel") == [("Aangevulde analyse.",)]


@pytest.mark.parametrize("regel, kolom, reden", [
    ([*GOED[:4], "Jeugdige met BSN 999900031 heeft meer nodig."], "samenvatting", "een BSN kan zijn"),
    ([*GOED[:4], "Zie dossier 9999.00.031."], "samenvatting", "een BSN kan zijn"),
    ([GOED[0], GOED[1], "mw. 999 900 031", *GOED[3:]], "auteur", "een BSN kan zijn"),
    ([*GOED[:3], "telefoontje", GOED[4]], "soort", "moet een van verklarende_analyse"),
    (["2002", "", *GOED[2:]], "datum", "verplicht veld is leeg"),
    ([*GOED[:4], "x" * 501], "samenvatting", "langer dan 500 tekens"),
])
def test_a_bad_onderbouwing_is_refused_with_its_reason_and_nothing_is_stored(geladen, tmp_path, regel, kolom, reden):
    voor = tellingen(geladen)
    with pytest.raises(Afgewezen) as e:
        laad(geladen, [onderbouwingen(tmp_path / "o" / "onderbouwingen.csv", [GOED, regel])])
    assert [(p.bron, p.kolom) for p in e.value.problemen] == [("onderbouwingen.csv:3", kolom)]
    assert reden in e.value.problemen[0].reden
    assert "999" not in str(e.value.problemen[0])  # the message never repeats a BSN
    assert tellingen(geladen) == voor


def test_only_dossierinzage_sees_the_allocations_others_see_shares(geladen):
    privacy = geladen.regio().privacy
    dordrecht = Bereik(frozenset({"0505"}), privacy)
    for bereik in (dordrecht, Bereik(privacy=privacy)):
        with pytest.raises(BuitenBereik, match="dossierinzage"):
            beantwoord(geladen, Vraag("normen", perioden=(jaar(2024),), bereik=bereik))
    t = beantwoord(geladen, Vraag("normen", perioden=(jaar(2024),), per=("gemeente",), bereik=dordrecht))
    # every municipality's total, small counts suppressed
    assert [r[1].waarde for r in t.rijen] == ["Dordrecht", "Hoeksche Waard", "Totaal"]
    assert all(r[2].onderdrukt for r in t.rijen[:-1])
    with pytest.raises(BuitenBereik):
        beantwoord(geladen, Vraag("normen", perioden=(jaar(2024),), per=("aanbieder",),
                                  selectie=Selectie(gemeenten=("1963",)), bereik=dordrecht))
    eigen = beantwoord(geladen, Vraag("normen", perioden=(jaar(2024),), per=("aanbieder",),
                                      selectie=Selectie(gemeenten=("0505",)), bereik=dordrecht))
    assert eigen.rijen[-1][2].onderdrukt and not eigen.rijen[-1][6].onderdrukt  # amounts are not suppressed


def test_the_share_within_the_norm_per_group(geladen):
    t = beantwoord(geladen, Vraag("normen", perioden=(jaar(2024),), per=("aanbieder",)))
    rij = {r[0].waarde: [c.waarde for c in r] for r in t.rijen}
    # 42420001: 1001 within, 1003, 2002 and 3001 above; 42420002: 1002 within
    assert rij["42420001"][2:6] == [4, 1, 0.25, 2]  # two above without the analysis they need (3001 needs none)
    assert rij["42420002"][2:6] == [1, 1, 1.0, 0]
    assert rij[None][1] == "Totaal" and rij[None][2:4] == [5, 2]
    assert rij[None][7] == round(220000 * (22 - 4 * 31 / 7) / 22) + round(130000 * 17 / 31)


def test_the_evaluation_sets_the_year_before_against_the_new_norm(geladen):
    t = beantwoord(geladen, Vraag("normevaluatie", perioden=(jaar(2025),)))
    namen = [k.naam for k in t.kolommen]
    rij = {(r[0].waarde, r[2].waarde): dict(zip(namen, (c.waarde for c in r), strict=True)) for r in t.rijen}
    # 2024's ambulant allocations against 2025's norm: 1001 (4 per week) and 1003 (5) above 3 uur per week,
    # 2002 within it (3) but past its 12 months; the year's own norm had only 1003 and 2002 above it
    voor, na = rij[("45A01", "2024")], rij[("45A01", "2025")]
    assert voor["norm"] == na["norm"] == "12 mnd; 3 uur per week (nieuw in 2025)"
    assert (voor["toewijzingen"], voor["aandeel_boven_norm"], voor["intensiteit_mediaan"]) == (3, 1.0, 4.0)
    assert voor["duur_q3"] == pytest.approx((6 + 23.548) / 2, abs=0.01)  # 1001 6, 1003 3, 2002 23.55 months
    assert (na["toewijzingen"], na["aandeel_boven_norm"]) == (1, 1.0)


@pytest.mark.unit
def test_the_command_lists_in_csv_and_json_and_refuses_the_list_to_the_public(tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    cli("laad", str(voorbeeld.schrijf(tmp_path / "bron", rijen())), "--db", db)
    cli("laad", str(onderbouwingen(tmp_path / "o" / "onderbouwingen.csv", [GOED])), "--db", db)
    r = cli("normen", "--jaar", "2024", "--formaat", "csv", "--db", db)
    regels = list(csv.DictReader(r.stdout.splitlines()))
    assert list(regels[0]) == ["toewijzingnummer", "gemeentecode", "agb_code", "productcode", "ingangsdatum",
                               "einddatum", "soort", "norm", "waarde", "overschrijding", "eenheid",
                               "kosten_boven_norm_cent", "onderbouwing"]
    assert {(x["toewijzingnummer"], x["onderbouwing"]) for x in regels} == {
        ("1003", "ontbreekt"), ("2002", "aanwezig"), ("3001", "niet nodig")}
    r = cli("normen", "--jaar", "2024", "--per", "segment", "--formaat", "json", "--db", db)
    assert list(json.loads(r.stdout)[0]) == ["segmentcode", "segment", "toewijzingen", "binnen_norm",
                                             "aandeel_binnen_norm", "boven_zonder_onderbouwing", "kosten_cent",
                                             "kosten_boven_norm_cent"]
    r = cli("normen", "evaluatie", "--jaar", "2025", "--formaat", "json", "--db", db)
    assert {x["productcode"] for x in json.loads(r.stdout)} >= {"45A01", "42D01"}
    r = cli("normen", "--jaar", "2024", "--openbaar", "--db", db)
    assert r.exit_code == 1 and "dossierinzage" in r.output
    r = cli("normen", "--jaar", "2024", "--per", "postcode", "--db", db)
    assert r.exit_code == 1 and "onbekende indeling 'postcode'" in r.output


@pytest.mark.parametrize("soort, periode", [("kwartaal", "2025-Q1"), ("jaar", "2025")])
def test_the_quarterly_and_annual_reports_end_with_the_normenkader(geladen, soort, periode):
    vraag = Vraag("rapport", perioden=(ontleed_periode(periode),), bereik=Bereik(privacy=geladen.regio().privacy))
    r = bouw(Meter.voor(geladen, vraag), vraag, soort)
    sectie = r.secties[-1]
    assert sectie.titel == "Normenkader"
    assert [o.titel for o in sectie.onderdelen] == [
        "Normenkader 2025, toewijzingen van 2024 en 2025 tegen de norm van 2025",
        "Binnen de norm per segment, toewijzingen van 2025"]
    evaluatie = sectie.onderdelen[0].tabel
    assert {r[0].waarde for r in evaluatie.rijen} >= {"45A01", "42D01"}
    assert all(r[evaluatie.index("toewijzingen")].onderdrukt for r in evaluatie.rijen)  # a handful: "<8"
