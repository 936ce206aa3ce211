"""The policy cycle (seed 002 §4.2): a theme's steps with their status on a date, hand-computed; the
cycle file loaded into the store as versions through `stuurwiel cyclus laad`, on both engines; every
kind of bad file refused with its Dutch message and nothing stored; and the page Beleidscyclus over
real HTTP for the roles that make policy."""

from __future__ import annotations

import datetime as dt
import json

import lxml.html
import pytest

from stuurwiel.analyses.cyclus import plus_maanden, stappen, thema
from stuurwiel.invoer.cyclus import ingebouwd_pad, ontleed_cyclus
from stuurwiel.opslag.database import Opslag
from tests.support.helpers import cli, tellingen

PEILDATUM = "2026-12-03"
VOORBEELD = ingebouwd_pad("zhz").read_text(encoding="utf-8")

KLEIN = """
herhaal_maanden: 6
themas:
  - code: t
    naam: Een thema
    stappen:
      definities: {gereed: 2026-01-31, begrippen: [jeugdige]}
      problemen:
        gereed: 2026-06-30
        lijst: [{code: P1, ist: Het is zo., soll: Het wordt anders.}]
      prioriteiten: {uiterlijk: 2026-07-01}
"""


def _cyclus(tekst: str):
    return ontleed_cyclus(tekst.encode("utf-8"))


@pytest.mark.unit
def test_a_step_past_its_due_date_without_its_artefact_is_late_and_a_ready_one_returns_after_its_period():
    c = _cyclus(KLEIN)
    s = {st.nummer: st for st in stappen(c, c.themas[0], dt.date(2026, 7, 31))}
    # step 1 ready on 31 January returns six months later, on 31 July: not yet overdue on that day
    assert (s[1].status, s[1].uiterlijk) == ("gereed", dt.date(2026, 7, 31))
    assert (s[2].status, s[2].uiterlijk) == ("gereed", dt.date(2026, 12, 30))
    assert (s[3].status, s[3].uiterlijk) == ("te laat", dt.date(2026, 7, 1))
    assert [s[n].status for n in range(4, 10)] == ["open"] * 6
    # a day later step 1 is to be repeated
    stand, _ = thema(c, c.themas[0], dt.date(2026, 8, 1))
    assert [(a.nummer, a.status) for a in stand.achterstallig] == [(1, "te herhalen"), (3, "te laat")]
    assert stand.bereikt == 2


@pytest.mark.unit
def test_interventions_are_evaluated_two_years_after_the_start_or_the_last_evaluation():
    tekst = VOORBEELD.replace("        gestart: 2024-02-01",
                              "        gestart: 2024-02-01\n        evaluaties: [{datum: 2026-03-10, besluit: opschalen}]")
    c = _cyclus(tekst)
    gezin = next(t for t in c.themas if t.code == "gezinsaanpak")
    stand, s = thema(c, gezin, dt.date(2026, 12, 3))
    assert stand.volgende_evaluatie == dt.date(2028, 3, 10) and not stand.achterstallig
    c = _cyclus(VOORBEELD)
    stand, s = thema(c, next(t for t in c.themas if t.code == "gezinsaanpak"), dt.date(2026, 12, 3))
    assert stand.volgende_evaluatie == dt.date(2026, 2, 1)
    assert [(a.nummer, a.status) for a in stand.achterstallig] == [(9, "te evalueren")]


@pytest.mark.unit
def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert plus_maanden(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert plus_maanden(dt.date(2023, 12, 31), 14) == dt.date(2025, 2, 28)
    assert plus_maanden(dt.date(2024, 2, 1), 24) == dt.date(2026, 2, 1)


@pytest.fixture
def db(db_adres, sleutel_env):
    assert cli("init", "--regio", "zhz", "--db", db_adres).exit_code == 0
    return db_adres


def _json(*args: str):
    r = cli(*args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_the_example_loads_as_a_version_and_shows_each_theme_with_what_is_overdue(db, tmp_path):
    r = cli("cyclus", "laad", "zhz", "--db", db)
    assert r.exit_code == 0 and "Beleidscyclus versie 1 opgeslagen: 3 thema's" in r.stdout
    themas = {t["thema"]: t for t in _json("cyclus", "--peildatum", PEILDATUM, "--formaat", "json", "--db", db)}
    assert themas["toegang"]["bereikt"] == 6 and themas["toegang"]["achterstallig"] == 2
    assert themas["toegang"]["wat_achterstallig"] == ("1. definiëren: te herhalen (sinds 2026-11-01); "
                                                      "7. interventies uitwerken: te laat (sinds 2026-10-01)")
    assert themas["gezinsaanpak"]["volgende_evaluatie"] == "2026-02-01"
    assert themas["gezinsaanpak"]["coordinator"] == "Regionaal coördinator transformatie"
    assert (themas["crisis"]["bereikt"], themas["crisis"]["achterstallig"]) == (0, 0)

    stappen_ = _json("cyclus", "--stappen", "--thema", "toegang", "--peildatum", PEILDATUM, "--formaat", "json",
                     "--db", db)
    assert [s["status"] for s in stappen_] == ["te herhalen", "gereed", "gereed", "gereed", "gereed", "gereed",
                                               "te laat", "open", "open"]
    assert stappen_[2]["artefact"] == "P1, P2"
    assert "T1: Nieuwe trajecten naar verwijzer (bron: iJw-toewijzingen" in stappen_[5]["artefact"]

    # the same file again changes nothing; another file is the next version, and the newest holds
    assert "Niets nieuws: versie 1" in cli("cyclus", "laad", "zhz", "--db", db).stdout
    ander = tmp_path / "cyclus.yaml"
    ander.write_text(VOORBEELD.replace("      interventies:\n        uiterlijk: 2026-10-01",
                                       "      interventies:\n        uiterlijk: 2027-10-01"), encoding="utf-8")
    assert "versie 2 opgeslagen" in cli("cyclus", "laad", str(ander), "--db", db).stdout
    versies = _json("cyclus", "versies", "--formaat", "json", "--db", db)
    assert [(v["versie"], v["bestand"]) for v in versies] == [(2, "cyclus.yaml"), (1, "zhz")]
    from stuurwiel.web import gebruikers

    with Opslag.open(db) as opslag:  # each new version, not the repeated load, is on the audit log
        log = [(naam, actie, details.split(" (")[0]) for _, naam, actie, details, _ in gebruikers.auditlog(opslag)]
    assert log == [("(opdrachtregel)", "beleidscyclus geladen", "versie 2: cyclus.yaml"),
                   ("(opdrachtregel)", "beleidscyclus geladen", "versie 1: zhz")]
    toegang = _json("cyclus", "--thema", "toegang", "--peildatum", PEILDATUM, "--formaat", "json", "--db", db)
    assert toegang[0]["achterstallig"] == 1


def test_without_a_cycle_or_with_an_unknown_theme_the_command_says_so(db):
    r = cli("cyclus", "--db", db)
    assert r.exit_code == 1 and "er is nog geen beleidscyclus geladen" in r.stderr
    cli("cyclus", "laad", "zhz", "--db", db)
    r = cli("cyclus", "--thema", "wachtlijsten", "--db", db)
    assert r.exit_code == 1 and "thema 'wachtlijsten' staat niet in de beleidscyclus (wel: toegang, gezinsaanpak, " \
                                "crisis)" in r.stderr


ZES = "lijst: [P1, P2, P1b, P1c, P1d, P1e]"
SLECHT = [
    ("lijst: [P1, P2]", ZES, "thema toegang: themas[0].stappen.prioriteiten: hoogstens 5 prioriteiten"),
    ("      interventies:\n        uiterlijk: 2026-10-01", "      interventies:\n        gereed: 2026-10-01",
     "thema toegang: themas[0].stappen.interventies: staat gereed op 2026-10-01 maar heeft geen interventies"),
    ("          - doel: T2\n", "          - doel: T9\n",
     "thema toegang: themas[0]: indicator 'Aanmeldingen bij het lokale team die het team zelf afhandelt' hoort bij "
     "doel T9, dat dit thema niet heeft"),
    ("            soort: leren", "            soort: lering",
     "thema toegang: themas[0].stappen.doelen.lijst[1].soort: moet 'prestatie', 'preventie' of 'leren' zijn"),
    ("        gereed: 2026-01-15", "        gereed: 2026-02-30",
     "thema toegang: themas[0].stappen.problemen.gereed: is geen geldige datum"),
    ("            maat: verwijzermix", "            maat: verwijzers",
     "thema toegang: indicator 'Nieuwe trajecten naar verwijzer': maat 'verwijzers' staat niet in de catalogus"),
    ("    eigenaar: Serviceorganisatie Jeugd ZHZ, beleidsadviseur toegang",
     "    eigenaar: Serviceorganisatie Jeugd ZHZ, beleidsadviseur toegang\n    budget: 12",
     "thema toegang: themas[0].budget: onbekend veld"),
    ("themas:\n", "themas: [\n", "cyclus.yaml: geen geldige YAML"),
]


@pytest.mark.unit
@pytest.mark.parametrize("oud, nieuw, melding", SLECHT)
def test_a_bad_cycle_file_is_refused_with_its_place_and_nothing_is_stored(tmp_path, sleutel_env, oud, nieuw, melding):
    db = str(tmp_path / "c.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    assert oud in VOORBEELD
    pad = tmp_path / "cyclus.yaml"
    pad.write_text(VOORBEELD.replace(oud, nieuw, 1), encoding="utf-8")
    with Opslag.open(db) as opslag:
        voor = tellingen(opslag)
    r = cli("cyclus", "laad", str(pad), "--db", db)
    assert r.exit_code == 1
    assert melding in " ".join(r.stderr.split()), r.stderr
    assert "Er is niets opgeslagen." in r.stderr
    with Opslag.open(db) as opslag:
        assert tellingen(opslag) == voor and opslag.aantal("beleidscyclus") == 0


@pytest.mark.unit
def test_a_file_that_is_not_utf8_or_no_table_is_refused(tmp_path, sleutel_env):
    db = str(tmp_path / "c.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    for inhoud, melding in [(b"themas: \xff\xfe", "geen UTF-8-tekst"), (b"- een lijst\n", "verwacht een YAML-tabel")]:
        pad = tmp_path / "cyclus.yaml"
        pad.write_bytes(inhoud)
        r = cli("cyclus", "laad", str(pad), "--db", db)
        assert r.exit_code == 1 and melding in r.stderr
    r = cli("cyclus", "laad", str(tmp_path / "bestaat-niet.yaml"), "--db", db)
    assert r.exit_code == 1 and "kan het cyclusbestand niet lezen" in r.stderr


# --- the page ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from stuurwiel.web import gebruikers
    from stuurwiel.web.app import maak_app
    from tests.support.helpers import sleutel
    from tests.support.webregio import gestart, wachtwoord

    map_ = tmp_path_factory.mktemp("webcyclus")
    db = str(map_ / "stuurwiel.duckdb")
    with sleutel(map_ / "sleutel"):
        cli("init", "--regio", "zhz", "--db", db)
        cli("cyclus", "laad", "zhz", "--db", db)
        with Opslag.open(db) as opslag:
            gebruikers.richt_in(opslag)
            for naam, rol in (("regio", "regio"), ("controle", "controle")):
                gebruikers.toevoegen(opslag, naam, wachtwoord(naam), rol, [])
        app = maak_app(db, voorberekenen=False)
        with gestart(app):
            yield app


def _client(app, naam):
    from fastapi.testclient import TestClient

    from tests.support.webregio import inloggen

    c = TestClient(app, follow_redirects=False)
    assert inloggen(c, naam).status_code == 303
    return c


def test_the_page_shows_each_theme_its_overdue_steps_and_a_download(app):
    c = _client(app, "regio")
    r = c.get(f"/cyclus?peildatum={PEILDATUM}")
    assert r.status_code == 200
    doc = lxml.html.fromstring(r.text)
    assert [h.text_content() for h in doc.xpath("//main//h2")] == ["Beleidscyclus per thema", "Beleidscyclus per stap"]
    tekst = " ".join(doc.xpath("//main")[0].text_content().split())
    assert "7. interventies uitwerken: te laat (sinds 2026-10-01)" in tekst
    assert "9. interventies uitvoeren: te evalueren (sinds 2026-02-01)" in tekst
    assert doc.xpath("//nav//a[@href='/cyclus']")
    r = c.get(f"/cyclus/stappen.csv?thema=gezinsaanpak&peildatum={PEILDATUM}")
    assert r.status_code == 200 and r.text.count("gezinsaanpak") == 9 and "te evalueren" in r.text
    assert c.get("/cyclus?thema=onbekend").status_code == 400


def test_the_control_role_does_not_see_the_page(app):
    c = _client(app, "controle")
    assert c.get("/cyclus").status_code == 403
    assert not lxml.html.fromstring(c.get("/signalen").text).xpath("//nav//a[@href='/cyclus']")


@pytest.mark.slow
def test_the_page_has_no_accessibility_or_csp_problem_in_the_browser(app):
    from tests.support.browser import axe, chromium, pagina, server
    from tests.support.dashboard import inloggen

    with chromium() as browser, server(app) as url, pagina(browser) as b:
        inloggen(b.page, url, "regio")
        b.page.goto(f"{url}/cyclus?peildatum={PEILDATUM}")
        assert b.page.locator("main > h1").inner_text() == "Beleidscyclus"
        assert axe(b.page) == []
        b.page.get_by_label("Thema", exact=True).select_option("crisis")
        b.page.get_by_role("button", name="Toon").click()
        b.page.wait_for_url("**thema=crisis**")
        assert b.page.locator("main table").first.locator("tbody tr").count() == 1
        assert b.problemen() == []


@pytest.mark.unit
def test_a_store_of_the_previous_release_gets_the_table_when_a_cycle_is_loaded(tmp_path, sleutel_env):
    db = str(tmp_path / "c.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    with Opslag.open(db) as opslag:
        opslag.voer_uit("DROP TABLE beleidscyclus")
        opslag.zet_instelling("schema_versie", "3")
    r = cli("cyclus", "laad", "zhz", "--db", db)
    assert r.exit_code == 0 and "versie 1 opgeslagen" in r.stdout
