"""The goal register and the status of its goals, on the small hand-made region (tests/support/voorbeeld.py)
plus the files the goals' measures need, on DuckDB and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
import yaml

from stuurwiel.begrippen.periode import jaar, kwartaal
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.doelen import DoelFout
from stuurwiel.config.regio import lees_regio
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing import doelregister
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.toepassing.vragen import beantwoord
from tests.support import voorbeeld
from tests.support.helpers import sleutel, tellingen
from tests.support.omgeving import pg_adres

BSN_C, BSN_D = "999900031", "999900043"  # 11-proef
KOSTEN = voorbeeld.KOSTEN_2024_CENT


def _rijen() -> dict[str, list[dict[str, str]]]:
    """The example, with a crisis, a court-ordered measure and a young person of 17, registrations with their
    herkomst and a transition plan."""
    rijen = voorbeeld.variant()
    basis = dict(voorbeeld.RIJEN["toewijzingen"][0], volume="", eenheid="", frequentie="", budget_cent="")
    rijen["toewijzingen"] += [
        # crisis 10-19 March 2024 (10 days) for C, born March 2007: 17 on 2024-06-30, a plan in May
        dict(basis, toewijzingnummer="2001", bsn=BSN_C, geboortedatum="2007-03-09", productcategorie="46",
             productcode="46C01", ingangsdatum="2024-03-10", einddatum="2024-03-19", toewijzingsdatum="2024-03-10",
             volume="1", eenheid="14", frequentie="1"),
        # jeugdbescherming for D (born 2008-09): 1 April - 30 September 2024 (183 days); 15 on 2024-06-30
        dict(basis, toewijzingnummer="2002", bsn=BSN_D, geboortedatum="2008-09-20", productcategorie="48",
             productcode="48J01", ingangsdatum="2024-04-01", einddatum="2024-09-30", toewijzingsdatum="2024-03-25",
             volume="1", eenheid="84", frequentie="4", verwijzer_type="08"),
        # and C in ambulant care from April, open-ended
        dict(basis, toewijzingnummer="2003", bsn=BSN_C, geboortedatum="2007-03-09", ingangsdatum="2024-04-01",
             einddatum="", toewijzingsdatum="2024-03-28", volume="2", eenheid="04", frequentie="2"),
    ]
    herkomst = ["huisarts", "huisarts", "medisch_specialist", "school", "veilig_thuis", ""]
    rijen["aanmeldingen"] = [
        dict(aanmeldingnummer=f"A{i}", bsn=voorbeeld.BSN_A, geboortedatum="2012-05-17", gemeentecode="0505",
             aanmelddatum=f"2024-0{i + 1}-15", uitkomst="lokaal_geholpen", toewijzingnummer="", herkomst=h)
        for i, h in enumerate(herkomst)]
    rijen["transitieplannen"] = [dict(toewijzingnummer="2003", datum="2024-05-02")]
    return rijen


@pytest.fixture(scope="module", params=[pytest.param("duckdb", marks=pytest.mark.unit), "postgres"])
def geladen(request, tmp_path_factory):
    """The example region loaded once per engine for the module."""
    tmp = tmp_path_factory.mktemp("doelen")
    if request.param == "duckdb":
        adres = str(tmp / "stuurwiel.duckdb")
    else:
        naam = f"stuurwiel_test_{uuid.uuid4().hex[:12]}"
        request.getfixturevalue("pg_admin").execute(f'CREATE DATABASE "{naam}"')
        adres = pg_adres(naam)
    with sleutel(tmp / "sleutel"):
        opslag = Opslag.open(adres)
        initialiseer(opslag, lees_regio("zhz"))
        laad(opslag, [voorbeeld.schrijf(tmp / "bron", _rijen())])
        yield opslag
        opslag.sluit()
    if request.param == "postgres":
        request.getfixturevalue("pg_admin").execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


@pytest.fixture
def gevuld(geladen):
    """The loaded region without any goal register yet."""
    geladen.voer_uit("DELETE FROM doelenregister")
    return geladen


def _register(*doelen: dict) -> str:
    basis = dict(jaar=2024, richting="omlaag", eigenaar="regio", soort="prestatie", probleem="p", interventie="i")
    return yaml.safe_dump({"doelen": [{k: v for k, v in {**basis, **d}.items() if v is not None} for d in doelen]},
                          allow_unicode=True)


def _stand(opslag, bereik: Bereik = Bereik(), **selectie) -> dict[str, dict]:
    t = beantwoord(opslag, Vraag("doelen", perioden=(jaar(2024),), selectie=Selectie.van(**selectie), bereik=bereik))
    return {r[0].waarde: {k.naam: c for k, c in zip(t.kolommen, r, strict=True)} for r in t.rijen}


def test_a_goal_met_nearly_met_and_missed_is_groen_oranje_rood_from_the_catalogue(gevuld):
    doelen = _register(
        dict(code="GEHAALD", titel="Kosten onder de grens", maat="kosten", streefwaarde=KOSTEN + 1),
        dict(code="BIJNA", titel="Kosten 3 % lager", maat="kosten", streefwaarde=round(KOSTEN * 0.97)),
        dict(code="GEMIST", titel="Kosten gehalveerd", maat="kosten", streefwaarde=KOSTEN // 2),
        dict(code="DORDRECHT", titel="Dordrecht", maat="kosten", gemeente="0505",
             streefwaarde=voorbeeld.KOSTEN_2024_DORDRECHT_CENT, richting="omhoog"))
    doelregister.vastleggen(gevuld, doelen, "doelen.yaml", "analist")
    stand = _stand(gevuld)
    assert {c: s["status"].waarde for c, s in stand.items()} == {
        "GEHAALD": "groen", "BIJNA": "oranje", "GEMIST": "rood", "DORDRECHT": "groen"}
    assert stand["BIJNA"]["betekenis"].waarde == "bijna gehaald"
    # the value is the catalogue's own figure, and the hand-computed one
    assert stand["GEHAALD"]["waarde"].waarde == meet(gevuld, "kosten", [jaar(2024)]).waarde.iloc[0] == KOSTEN
    cel = stand["DORDRECHT"]["waarde"]
    assert (cel.maat, cel.periode, cel.sleutels) == ("kosten", "2024", (("gemeente", "0505"),))
    assert cel.waarde == meet(gevuld, "kosten", [jaar(2024)], selectie=Selectie.van(gemeente="0505")).waarde.iloc[0]
    assert cel.waarde == voorbeeld.KOSTEN_2024_DORDRECHT_CENT
    assert stand["GEMIST"]["trend"].waarde.startswith("2024-Q1 ")


def test_the_new_measures_count_by_hand(gevuld):
    def waarde(naam, periode=jaar(2024)):
        return meet(gevuld, naam, [periode]).waarde.iloc[0]

    assert waarde("aanmeldingen_huisarts_specialist") == 3
    assert waarde("aanmeldingen_veilig_thuis") == 1
    assert waarde("crises") == 1 and waarde("crisisduur_mediaan") == 10
    assert waarde("maatregelen") == 1 and waarde("maatregelduur_mediaan") == 183
    # on 31 March nobody of 16 is in care (C's crisis ended on 19 March); on 30 June C (17) and D (15); on
    # 30 September both, D counting from his birth month
    assert [waarde("jeugdigen_16_plus", kwartaal(2024, q)) for q in (1, 2, 3)] == [0, 1, 2]
    assert waarde("jeugdigen_18_plus", kwartaal(2024, 3)) == 0
    # C's plan is dated 2 May, D has none
    assert waarde("transitieplan_16_plus", kwartaal(2024, 2)) == 100
    assert waarde("transitieplan_16_plus", kwartaal(2024, 3)) == 50


def test_a_relative_target_is_the_base_year_changed_by_the_percentage(gevuld):
    doelregister.vastleggen(gevuld, _register(dict(
        code="MEER-HA", titel="Meer via de huisarts", maat="aanmeldingen_huisarts_specialist", jaar=None, periode="2024-Q1",
        basisjaar=2023, verandering_pct=5, richting="omhoog")), "doelen.yaml", "analist")
    rij = _stand(gevuld)["MEER-HA"]
    assert rij["waarde"].waarde == 3  # two GPs and a specialist in January to March
    # the data begin in 2024 (by hand: the first allocation starts then): no base to grow from
    assert rij["streefwaarde"].waarde is None and rij["status"].waarde == "onbekend"
    doelregister.vastleggen(gevuld, _register(dict(
        code="MEER-HA", titel="Meer via de huisarts", maat="aanmeldingen_huisarts_specialist", jaar=None,
        periode="2024-Q1", basisjaar=2024, verandering_pct=5, richting="omhoog")), "doelen.yaml", "analist")
    rij = _stand(gevuld)["MEER-HA"]
    assert rij["streefwaarde"].waarde == pytest.approx(3.15)
    assert rij["status"].waarde == "oranje"  # 3 is within 5 % of 3,15


def test_a_sixth_priority_is_refused_and_nothing_is_stored(gevuld):
    doelen = [dict(code=f"D{i}", titel=f"doel {i}", maat="kosten", streefwaarde=1, prioriteit=min(i, 5))
              for i in range(1, 7)]
    voor = tellingen(gevuld)
    with pytest.raises(DoelFout) as e:
        doelregister.vastleggen(gevuld, _register(*doelen), "doelen.yaml", "analist")
    assert "6 doelen hebben een prioriteit (D1, D2, D3, D4, D5, D6); hoogstens 5 doelen mogen er een dragen" \
        in str(e.value)
    assert tellingen(gevuld) == voor and doelregister.geldend(gevuld) is None


@pytest.mark.parametrize("doel, melding", [
    (dict(maat="kosten_cent"), "doelen[0] (X).maat: onbekende maat 'kosten_cent'"),
    (dict(maat="aanmeldingen_lokaal_team", segment="4"),
     "doelen[0] (X).segment: maat aanmeldingen_lokaal_team kent geen indeling naar segment"),
    (dict(gemeente="0363"), "doelen[0] (X).gemeente: 0363 is geen CBS-code van een gemeente van regio zhz"),
    (dict(segment="99"), "doelen[0] (X).segment: 99 is geen segment van regio zhz"),
    (dict(prioriteit=6), "doelen[0].prioriteit: mag hoogstens 5 zijn"),
    (dict(richting="stijgen"), "doelen[0].richting: moet 'omhoog' of 'omlaag' zijn"),
    (dict(jaar=None), "geef jaar of periode (precies een van beide)"),
    (dict(streefwaarde=None), "geef streefwaarde, of basisjaar met verandering_pct"),
    (dict(jaar=None, periode="2024-Q5"), "doelen[0] (X).periode: "),
])
def test_a_bad_goal_is_refused_naming_its_place(gevuld, doel, melding):
    tekst = _register({**dict(code="X", titel="x", maat="kosten", streefwaarde=1), **doel})
    with pytest.raises(DoelFout) as e:
        doelregister.vastleggen(gevuld, tekst, "doelen.yaml", "analist")
    assert melding in str(e.value)
    assert doelregister.geldend(gevuld) is None


def test_more_goals_in_a_year_than_the_region_allows_are_refused(gevuld):
    doelen = [dict(code=f"D{i}", titel="x", maat="kosten", streefwaarde=1) for i in range(11)]
    with pytest.raises(DoelFout) as e:
        doelregister.vastleggen(gevuld, _register(*doelen), "doelen.yaml", "analist")
    assert "2024: 11 doelen; de regio stelt er hoogstens 10 per jaar" in str(e.value)


def test_every_change_is_a_new_version_and_the_same_register_changes_nothing(gevuld):
    een = _register(dict(code="K", titel="kosten", maat="kosten", streefwaarde=1))
    assert doelregister.vastleggen(gevuld, een, "a.yaml", "anna") == doelregister.Vastgelegd(1, True, 1)
    assert doelregister.vastleggen(gevuld, een, "a.yaml", "anna") == doelregister.Vastgelegd(1, False, 1)
    twee = _register(dict(code="K", titel="kosten", maat="kosten", streefwaarde=2))
    assert doelregister.vastleggen(gevuld, twee, "b.yaml", "bert").versie == 2
    assert [(v, door, bron, n) for v, door, _, bron, n in doelregister.versies(gevuld)] == [
        (2, "bert", "b.yaml", 1), (1, "anna", "a.yaml", 1)]
    assert doelregister.geldend(gevuld).register.doelen[0].streefwaarde == 2


def test_a_municipality_sees_its_own_goals_and_the_regions(gevuld):
    doelregister.vastleggen(gevuld, _register(
        dict(code="REGIO", titel="regio", maat="kosten", streefwaarde=1),
        dict(code="DORDRECHT", titel="d", maat="kosten", gemeente="0505", streefwaarde=1),
        dict(code="HW", titel="hw", maat="kosten", gemeente="1963", streefwaarde=1),
        dict(code="CRISIS", titel="c", maat="crises", segment="5", streefwaarde=0)), "doelen.yaml", "analist")
    privacy = gevuld.regio().privacy
    assert list(_stand(gevuld, Bereik(frozenset({"0505"}), privacy))) == ["REGIO", "DORDRECHT", "CRISIS"]
    assert list(_stand(gevuld, segment="5")) == ["CRISIS"]
    # suppression applies as for the measure: one crisis is '<8' for a municipal user, so no status
    crisis = _stand(gevuld, Bereik(frozenset({"0505"}), privacy))["CRISIS"]
    assert crisis["waarde"].onderdrukt and crisis["status"].waarde == "onbekend"


def test_registrations_without_herkomst_still_load(opslag, tmp_path):
    rijen = _rijen()
    for r in rijen["aanmeldingen"]:
        r.pop("herkomst")
    bron = voorbeeld.schrijf(tmp_path / "oud", {"aanmeldingen": rijen["aanmeldingen"]})
    laad(opslag, [bron])
    assert opslag.aantal("aanmelding") == 6
    assert meet(opslag, "aanmeldingen_huisarts_specialist", [jaar(2024)]).waarde.iloc[0] == 0


@pytest.mark.unit
def test_doelen_laad_refuses_a_bad_file_with_its_place_and_stores_nothing(tmp_path, sleutel_env):
    from tests.support.helpers import cli

    db = str(tmp_path / "t.duckdb")
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    slecht = tmp_path / "doelen.yaml"
    slecht.write_text(_register(dict(code="X", titel="x", maat="kosten", streefwaarde=1, prioriteit=0)),
                      encoding="utf-8")
    r = cli("doelen", "laad", str(slecht), "--db", db)
    assert r.exit_code == 1
    assert "doelen.yaml is ongeldig:" in r.output and "doelen[0].prioriteit: moet minstens 1 zijn" in r.output
    assert "Er is niets opgeslagen." in r.output
    with Opslag.open(db, alleen_lezen=True) as opslag:
        assert opslag.aantal("doelenregister") == 0
    r = cli("doelen", "--db", db)
    assert r.exit_code == 1 and "er zijn nog geen doelen vastgelegd" in r.output
