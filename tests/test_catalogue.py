"""The metric catalogue on the hand-made example, where every figure can be checked by hand,
on DuckDB and PostgreSQL."""

import pytest

from stuurwiel.begrippen.periode import jaar, jaar_tot_en_met, kwartaal, maand, ontleed_periode, vorig_jaar
from stuurwiel.begrippen.selectie import DIMENSIES, Selectie
from stuurwiel.config.regio import Privacy, lees_regio
from stuurwiel.maten.catalogus import CATALOGUS, MATEN, meet
from stuurwiel.privacy.bereik import Bereik, BuitenBereik
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import cli

A, B = voorbeeld.BSN_A, voorbeeld.BSN_B
LINDE, ANKER = "42420001", "42420002"
Q1 = kwartaal(2024, 1)


def uitgebreid() -> dict:
    """The example plus care periods, outcomes, registrations, budgets and waiting lists."""
    rijen = voorbeeld.variant()
    rijen["zorgperioden"] = [
        dict(toewijzingnummer="1001", bsn=A, gemeentecode="0505", agb_code=LINDE, productcategorie="45",
             productcode="45A01", begindatum="2024-01-01", einddatum="2024-06-30", reden_beeindiging="32"),
        dict(toewijzingnummer="1002", bsn=B, gemeentecode="1963", agb_code=ANKER, productcategorie="44",
             productcode="44V01", begindatum="2024-03-01", einddatum="2024-09-30", reden_beeindiging="34"),
    ]
    rijen["uitkomsten"] = [
        dict(toewijzingnummer="1001", bsn=A, gemeentecode="0505", agb_code=LINDE, einddatum="2024-06-30",
             doelrealisatie="gedeeltelijk", tevredenheid="6"),
        dict(toewijzingnummer="1002", bsn=B, gemeentecode="1963", agb_code=ANKER, einddatum="2024-09-30",
             doelrealisatie="volledig", tevredenheid="9"),
    ]
    rijen["aanmeldingen"] = [
        dict(aanmeldingnummer="A1", bsn=A, geboortedatum="2012-05-17", gemeentecode="0505",
             aanmelddatum="2024-01-05", uitkomst="doorverwezen", toewijzingnummer="1001"),
        dict(aanmeldingnummer="A2", bsn=B, geboortedatum="", gemeentecode="0505", aanmelddatum="2024-02-01",
             uitkomst="lokaal_geholpen", toewijzingnummer=""),
        dict(aanmeldingnummer="A3", bsn=B, geboortedatum="", gemeentecode="0505", aanmelddatum="2024-03-01",
             uitkomst="lopend", toewijzingnummer=""),
    ]
    rijen["budgetten"] = [
        dict(gemeentecode="0505", jaar="2024", segmentcode="", budget_cent="120000000"),
        dict(gemeentecode="0505", jaar="2024", segmentcode="4", budget_cent="60000000"),
        dict(gemeentecode="1963", jaar="2024", segmentcode="2", budget_cent="24000000"),
        dict(gemeentecode="1963", jaar="2024", segmentcode="4", budget_cent="12000000"),
    ]
    rijen["wachtlijsten"] = [
        dict(peildatum="2024-03-31", agb_code=ANKER, productcategorie="44", productcode="44V01", wachtenden="5",
             gemiddelde_wachttijd_dagen="150", langste_wachttijd_dagen="200"),
        dict(peildatum="2024-06-30", agb_code=ANKER, productcategorie="44", productcode="44V01", wachtenden="3",
             gemiddelde_wachttijd_dagen="100", langste_wachttijd_dagen="130"),
    ]
    return rijen


@pytest.fixture
def vb(opslag, tmp_path):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", uitgebreid())])
    return opslag


def waarden(opslag, naam, periode, per=(), **kw) -> dict:
    df = meet(opslag, naam, [periode], per, **kw)
    cols = [DIMENSIES[p] for p in per]
    return {tuple(r[c] for c in cols) if cols else None: r["waarde"] for _, r in df.iterrows()}


def test_every_measure_runs_for_every_dimension_it_allows(vb):
    for m in MATEN:
        for extra in [None, *[d for d in m.dimensies if d not in m.verplicht]]:
            per = [*m.verplicht, *([extra] if extra else [])]
            df = meet(vb, m.naam, [jaar(2024), Q1], per)
            assert list(df.columns) == ["periode", *[DIMENSIES[p] for p in per], "waarde", "basis", "onderdrukt",
                                        "reden"]
            assert set(df.periode) <= {"2024", "2024-Q1"}, m.naam


def test_volume_and_trajectory_duration(vb):
    assert waarden(vb, "jeugdigen_in_zorg", jaar(2024)) == {None: 2}
    assert waarden(vb, "trajectduur_mediaan", jaar(2024)) == {None: 182.0}  # 1 Jan - 30 Jun, both counted
    bev = dict(vb.rijen("SELECT gemeentecode, jeugdigen_0_17 FROM jeugdbevolking WHERE jaar = 2024"))
    per_1000 = waarden(vb, "jeugdigen_per_1000", jaar(2024), ["gemeente"])
    assert per_1000[("0505",)] == pytest.approx(1000 / bev["0505"])
    assert per_1000[("0482",)] == 0  # no one in care: 0 per 1,000


def test_money_budget_and_verzilvering(vb):
    assert waarden(vb, "budget", jaar(2024), ["gemeente"])[("0505",)] == 120000000  # the total row wins
    assert waarden(vb, "budget", jaar(2024), ["gemeente"])[("1963",)] == 36000000  # else the segment sum
    assert waarden(vb, "budget", maand(2024, 1), ["gemeente", "segment"])[("0505", "4")] == 5000000
    assert waarden(vb, "budgetrealisatie", jaar(2024), ["gemeente"])[("0505",)] == pytest.approx(
        100 * voorbeeld.KOSTEN_2024_DORDRECHT_CENT / 120000000)
    # 4 hours a week (Jan-Mar) and 7 days a week (from March); claimed 16, 12 - 12 + 10, (rejected) and 31
    toegewezen = 4 * 31 / 7 + 4 * 29 / 7 + 4 * 31 / 7 + 7 * 31 / 7
    assert waarden(vb, "verzilvering", Q1) == {None: pytest.approx(100 * (16 + 10 + 31) / toegewezen)}
    assert waarden(vb, "kosten_per_client", jaar(2024)) == {None: voorbeeld.KOSTEN_2024_CENT / 2}


def test_access_landscape_outcomes_and_waiting(vb):
    assert waarden(vb, "verwijzermix", jaar(2024), ["verwijzer"]) == {("01",): 50.0, ("02",): 50.0}
    assert waarden(vb, "aanmeldingen_lokaal_team", jaar(2024), ["gemeente"])[("0505",)] == 3
    assert waarden(vb, "doorverwezen_lokaal_team", jaar(2024), ["gemeente"]) == {("0505",): 50.0}
    linde = 151840 + 94900
    assert waarden(vb, "kostenaandeel_top20", jaar(2024)) == {None: pytest.approx(100 * linde / 408188)}
    assert waarden(vb, "systeemspelers", jaar(2024), ["aanbieder"]) == {(LINDE,): pytest.approx(100 * linde / 408188)}
    aandelen = [100 * linde / 408188, 100 * 161448 / 408188]
    assert waarden(vb, "hhi", jaar(2024)) == {None: pytest.approx(sum(a * a for a in aandelen))}
    assert waarden(vb, "aanbieders", jaar(2024)) == {None: 2}
    assert waarden(vb, "nieuwe_aanbieders", Q1) == {None: 2}
    assert waarden(vb, "nieuwe_aanbieders", jaar(2025)) == {None: 0}
    assert waarden(vb, "uitval", jaar(2024)) == {None: 50.0}  # 32 is premature, 34 not by default
    assert waarden(vb, "doelrealisatie", jaar(2024)) == {None: 50.0}
    assert waarden(vb, "tevredenheid", jaar(2024)) == {None: 7.5}
    assert waarden(vb, "wachtenden", jaar(2024)) == {None: 3}  # the latest report of the year
    assert waarden(vb, "aanbieders_boven_wachttijdnorm", Q1) == {None: 1}
    assert waarden(vb, "aanbieders_boven_wachttijdnorm", jaar(2024)) == {None: 0}
    assert waarden(vb, "wachttijd_boven_norm", Q1, ["aanbieder"]) == {(ANKER,): 150.0}


def test_dropout_follows_the_configured_premature_reasons(db_adres, sleutel_env, tmp_path):
    from stuurwiel.opslag.database import Opslag

    zhz = lees_regio("zhz")
    regio = zhz.model_copy(update={"voortijdig_beeindigd": ["32", "33", "34"]})
    with Opslag.open(db_adres) as opslag:
        initialiseer(opslag, regio)
        laad(opslag, [voorbeeld.schrijf(tmp_path / "bron", uitgebreid())])
        assert waarden(opslag, "uitval", jaar(2024)) == {None: 100.0}


def test_meet_applies_suppression_when_asked(vb):
    privacy = Privacy(afronding=5, drempel=8)
    df = meet(vb, "jeugdigen_in_zorg", [jaar(2024)], bereik=Bereik(privacy=privacy))
    assert df.onderdrukt.tolist() == [True] and df.waarde.isna().all() and "basis" not in df.columns
    df = meet(vb, "uitval", [jaar(2024)], bereik=Bereik(privacy=privacy))  # rests on 2 care periods
    assert df.onderdrukt.tolist() == [True] and df.waarde.isna().all()
    df = meet(vb, "kosten", [jaar(2024)], bereik=Bereik(privacy=privacy))  # amounts are not suppressed
    assert df.waarde.tolist() == [voorbeeld.KOSTEN_2024_CENT] and not df.onderdrukt.any()


def test_meet_refuses_what_the_catalogue_does_not_declare(vb):
    with pytest.raises(ValueError, match="onbekende maat 'kosten_cent'"):
        meet(vb, "kosten_cent", [jaar(2024)])
    with pytest.raises(ValueError, match="maat budget kan niet per aanbieder"):
        meet(vb, "budget", [jaar(2024)], ["aanbieder"])
    with pytest.raises(ValueError, match="maat systeemspelers vraagt de indeling aanbieder"):
        meet(vb, "systeemspelers", [jaar(2024)], ["gemeente"])


def test_filter_and_year_to_date(vb):
    ytd = ontleed_periode("2024-01 t/m 2024-02")
    assert waarden(vb, "kosten", ytd, selectie=Selectie(gemeenten=("0505",))) == {None: 151840 + 94900}


@pytest.mark.unit
def test_periods_year_to_date_and_last_year():
    ytd = jaar_tot_en_met(maand(2024, 2))
    assert (ytd.label, ytd.eind.isoformat(), ytd.soort) == ("2024-01 t/m 2024-02", "2024-02-29", "reeks")
    assert vorig_jaar(ytd) == ontleed_periode("2023-01 t/m 2023-02") and vorig_jaar(ytd).eind.isoformat() == "2023-02-28"
    assert [vorig_jaar(ontleed_periode(p)).label for p in ("2025-Q3", "2025-08", "2025")] == ["2024-Q3", "2024-08", "2024"]
    assert jaar_tot_en_met(jaar(2025)) == jaar(2025) and jaar_tot_en_met(maand(2025, 1)) == maand(2025, 1)
    with pytest.raises(ValueError, match="geen reeks maanden"):
        ontleed_periode("2024-08 t/m 2024-01")


@pytest.mark.unit
def test_catalogue_is_complete_and_documented():
    for m in MATEN:
        assert m.naam.isidentifier() and m.naam == m.naam.lower()
        assert len(m.definitie) > 40 and m.label
    assert {"jeugdigen_in_zorg", "nieuwe_trajecten", "kosten", "kosten_per_jeugdige"} <= set(CATALOGUS)


@pytest.mark.unit
def test_maten_and_meet_cli(tmp_path, sleutel_env):
    lijst = cli("maten", "--formaat", "json")
    assert lijst.exit_code == 0 and '"maat": "verwijzermix"' in lijst.output
    db = str(tmp_path / "m.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    cli("laad", str(voorbeeld.schrijf(tmp_path / "bron", uitgebreid())), "--db", db)
    r = cli("meet", "kosten", "--periode", "2024", "--per", "gemeente", "--db", db)
    assert r.exit_code == 0 and "€ 2.467" in r.output and "Dordrecht" in r.output
    r = cli("meet", "jeugdigen_in_zorg", "--periode", "2024", "--openbaar", "--db", db)
    assert "<8" in r.output
    r = cli("meet", "budget", "--periode", "2024", "--per", "verwijzer", "--db", db)
    assert r.exit_code == 1 and "kan niet per verwijzer" in r.output


def test_a_municipal_scope_sees_its_own_detail_and_only_aggregates_of_others(vb):
    dordrecht = Bereik(gemeenten=frozenset({"0505"}))
    p = [jaar(2024)]
    with pytest.raises(BuitenBereik, match="geen toegang tot de gegevens van gemeente 1963"):
        meet(vb, "kosten", p, ["segment"], Selectie(gemeenten=("1963",)), bereik=dordrecht)
    with pytest.raises(BuitenBereik):
        meet(vb, "kosten", p, [], Selectie(gemeenten=("0505", "1963")), bereik=dordrecht)
    eigen = meet(vb, "kosten", p, ["segment"], Selectie(gemeenten=("0505",)), bereik=dordrecht)
    assert eigen.equals(meet(vb, "kosten", p, ["segment"], Selectie(gemeenten=("0505",))))
    # totals per municipality are the benchmark every report shows: allowed
    assert len(meet(vb, "kosten", p, ["gemeente"], bereik=dordrecht)) == 10
    # a split of municipalities by segment shows only its own
    gesplitst = meet(vb, "kosten", p, ["gemeente", "segment"], bereik=dordrecht)
    assert set(gesplitst.gemeentecode) == {"0505"}
    # and so do the municipalities' figures within a segment, product, provider or referrer
    for f in (Selectie(segmenten=("4",)), Selectie(producten=("45A01",)), Selectie(aanbieders=("42420001",)),
              Selectie(verwijzers=("02",))):
        assert len(meet(vb, "kosten", p, ["gemeente"], f).query("waarde > 0")) > 0
        assert set(meet(vb, "kosten", p, ["gemeente"], f, bereik=dordrecht).gemeentecode) <= {"0505"}
    # regional aggregates by anything are allowed, except a figure that, outside its own, comes from one other
    # municipality: that is the other's detail (docs/privacy.md), hidden with a second cell so that the region's
    # total minus the rest does not give it back
    regio_ = meet(vb, "kosten", p, ["segment"]).set_index("segmentcode").waarde
    herkomst = meet(vb, "kosten", p, ["segment", "gemeente"]).query("waarde != 0 and gemeentecode != '0505'")
    een = herkomst.groupby("segmentcode").gemeentecode.nunique() == 1
    gezien = meet(vb, "kosten", p, ["segment"], bereik=dordrecht)
    verborgen = set(gezien.segmentcode[gezien.reden == "buiten_bereik"])
    assert set(een[een].index) <= verborgen and len(verborgen) != 1 and gezien.waarde[gezien.onderdrukt].isna().all()
    assert all(r.waarde == regio_[r.segmentcode] for r in gezien.itertuples() if not r.onderdrukt)
