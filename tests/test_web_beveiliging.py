"""The dashboard under attack by an ordinary account or a careless supplier (issue 20, failures 5 and 7):
an upload is read in a process of its own with a memory limit, so a bomb gets a Dutch refusal and the
server keeps answering; an upload named `..`, an .xlsx with a DTD or a file name with a BSN gets a Dutch
refusal, never a 500 (and the audit log keeps no BSN); 40 parallel login attempts are checked no more
often than the limit; /api/openapi.json needs a login; account names are bounded; the store, its key and
the dashboard's accounts are readable by their owner only."""

from __future__ import annotations

import io
import stat
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from stuurwiel.config.invoer import MB, Invoergrenzen
from stuurwiel.config.regio import lees_regio
from stuurwiel.invoer.grens import GEHEUGEN
from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.opslag.beheeropslag import beheerpad
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bsn import bevat_bsn
from stuurwiel.toepassing.apart import in_eigen_proces
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.web import gebruikers
from stuurwiel.web.app import maak_app
from tests.support import voorbeeld
from tests.support.helpers import cli, sleutel
from tests.support.webregio import csrf, gestart, inloggen, wachtwoord


def _vul(adres: str, bron, grenzen: Invoergrenzen | None = None, data: bool = True) -> None:
    regio = lees_regio("zhz")
    if grenzen:
        regio = regio.model_copy(update={"invoer": grenzen})
    with Opslag.open(adres) as opslag:
        initialiseer(opslag, regio)
        if data:
            laad(opslag, [voorbeeld.schrijf(bron)])
        gebruikers.richt_in(opslag)
        for naam, rol in (("beheer", "beheerder"), ("regio", "regio")):
            gebruikers.toevoegen(opslag, naam, wachtwoord(naam), rol)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("beveiliging")
    with sleutel(tmp / "s.sleutel"):
        adres = str(tmp / "s.duckdb")
        _vul(adres, tmp / "bron", Invoergrenzen(max_rijen=1000))
        with gestart(maak_app(adres, voorberekenen=False)) as c:
            assert inloggen(c, "beheer").status_code == 303
            yield c, adres


def upload(c, naam: str, inhoud: bytes):
    token = csrf(c.get("/laden").text)
    return c.post("/laden", data={"csrf_token": token}, files=[("bestanden", (naam, inhoud, "application/octet-stream"))])


def test_an_uploaded_bomb_is_refused_and_the_server_keeps_serving(dashboard):
    c, _ = dashboard
    n = 5_000_000
    naam = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int8)), pa.array(["x"]))
    buffer = io.BytesIO()
    pq.write_table(pa.table({"agb_code": naam, "naam": naam}), buffer)
    assert len(buffer.getvalue()) < 200_000
    r = upload(c, "aanbieders.parquet", buffer.getvalue())
    assert r.status_code == 422 and "meer dan 1.000 rijen (invoer.max_rijen)" in r.text
    assert c.get("/").status_code == 200
    assert c.get("/laden").status_code == 200


@pytest.mark.parametrize("naam, melding", [
    ("..", "geen bruikbare bestandsnaam"),
    (".verborgen.csv", "geen bruikbare bestandsnaam"),
    ("aanbieders_123456782.csv", "de bestandsnaam bevat een BSN"),
])
def test_an_upload_with_a_bad_name_is_a_dutch_refusal(dashboard, naam, melding):
    c, adres = dashboard
    r = upload(c, naam, b"agb_code,naam\n42420009,Nieuw\n")
    assert r.status_code == 422 and melding in r.text, r.text[-2000:]
    assert "123456782" not in r.text
    with Opslag.open(adres, alleen_lezen=True) as opslag:
        assert not any(bevat_bsn(d) for (d,) in opslag.beheer.rijen("SELECT details FROM auditlog"))


def test_an_uploaded_xlsx_with_a_dtd_is_a_dutch_refusal(dashboard, tmp_path):
    from tests.test_begrensde_invoer import aanbieders_xlsx, herschrijf

    goed = aanbieders_xlsx(tmp_path / "goed.xlsx", 2)
    pad = herschrijf(goed.read_bytes(), tmp_path / "a.xlsx", "xl/worksheets/sheet1.xml",
                     lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml)
    c, _ = dashboard
    r = upload(c, "aanbieders.xlsx", pad.read_bytes())
    assert r.status_code == 422 and "bevat een DTD of entiteitdeclaratie" in r.text


@pytest.mark.unit
def test_the_reading_process_has_a_memory_limit():
    with pytest.raises(Afgewezen) as e:
        in_eigen_proces(bytearray, 3 * 1024 * MB, geheugen=1024 * MB)
    assert e.value.problemen[0].reden == GEHEUGEN
    assert len(in_eigen_proces(bytearray, 10 * MB, geheugen=1024 * MB)) == 10 * MB


def test_openapi_needs_a_login(dashboard):
    c, adres = dashboard
    from fastapi.testclient import TestClient

    anoniem = TestClient(c.app, follow_redirects=False)  # no `with`: the app's start and stop are the fixture's
    assert anoniem.get("/api/openapi.json").status_code == 401
    assert anoniem.get("/api/docs").status_code == 401
    r = c.get("/api/openapi.json")
    assert r.status_code == 200 and "/api/maten" in r.json()["paths"]


def _pogingen(inloggen_, aantal: int = 40) -> list:
    """`aantal` wrong passwords at once, all released together."""
    start = threading.Barrier(aantal)

    def poging(_):
        start.wait()
        return inloggen_()

    with ThreadPoolExecutor(aantal) as pool:
        return list(pool.map(poging, range(aantal)))


def test_forty_parallel_attempts_over_http_check_no_more_than_the_limit(tmp_path, sleutel_env):
    adres = str(tmp_path / "l.duckdb")
    _vul(adres, tmp_path / "bron", data=False)
    with gestart(maak_app(adres, voorberekenen=False)) as c:
        token = csrf(c.get("/login").text)
        antwoorden = _pogingen(lambda: c.post("/login", data={"gebruikersnaam": "beheer", "wachtwoord": "fout",
                                                              "csrf_token": token}).status_code)
    assert antwoorden.count(401) == gebruikers.MAX_MISLUKT
    assert antwoorden.count(429) == 40 - gebruikers.MAX_MISLUKT
    with Opslag.open(adres, alleen_lezen=True) as opslag:
        assert opslag.beheer.rijen("SELECT count(*) FROM inlogpoging") == [(gebruikers.MAX_MISLUKT,)]


def test_forty_parallel_attempts_on_postgresql_check_no_more_than_the_limit(pg_url, tmp_path, sleutel_env):
    _vul(pg_url, tmp_path / "bron", data=False)

    def poging():
        with Opslag.open(pg_url) as opslag:
            try:
                return "fout" if gebruikers.inloggen(opslag, "beheer", "fout", "10.0.0.1") is None else "binnen"
            except gebruikers.Afgeremd:
                return "afgeremd"

    uitslag = _pogingen(poging)
    assert uitslag.count("fout") == gebruikers.MAX_MISLUKT and uitslag.count("binnen") == 0


@pytest.mark.unit
@pytest.mark.parametrize("naam", ["a" * 65, "jan jansen", "jöran", "x\u200b", "", "a/b"])
def test_account_names_are_bounded(tmp_path, sleutel_env, naam):
    adres = str(tmp_path / "n.duckdb")
    _vul(adres, tmp_path / "bron", data=False)
    with Opslag.open(adres) as opslag:
        voor = len(gebruikers.gebruikers(opslag))
        with pytest.raises(gebruikers.GebruikerFout, match="geen geldige naam: 1 tot 64 tekens"):
            gebruikers.toevoegen(opslag, naam, "een lang genoeg wachtwoord", "regio")
        assert len(gebruikers.gebruikers(opslag)) == voor
        assert gebruikers.toevoegen(opslag, "a" * 64, "een lang genoeg wachtwoord", "regio").naam == "a" * 64


@pytest.mark.unit
def test_the_store_its_key_and_its_accounts_are_for_the_owner_only(tmp_path, sleutel_env):
    adres = tmp_path / "demo.duckdb"
    assert cli("init", "--regio", "zhz", "--db", str(adres)).exit_code == 0
    r = cli("gebruiker", "toevoegen", "--naam", "beheer", "--rol", "beheerder", "--db", str(adres),
            invoer="een lang genoeg wachtwoord\n")
    assert r.exit_code == 0, r.output
    for pad in (adres, sleutel_env, beheerpad(adres)):
        assert stat.S_IMODE(pad.stat().st_mode) == 0o600, pad
