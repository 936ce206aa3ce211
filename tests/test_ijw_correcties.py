"""Corrections through iJw messages: a credit with a new debit, a shortened and a removed
allocation, a rejected claim line, a withdrawn stop. Month by month and in any order, the
messages give exactly the picture the same rows give as exchange files — once."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag
from stuurwiel.synth import ijw
from stuurwiel.synth.ijw import ALS_BERICHT
from stuurwiel.synth.schrijven import conform
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import tellingen

HERKOMST = {"batch_id", "bron", "rij_sleutel", "referentie_aanbieder", "declaratienummer", "meldingsdatum",
            "status_aanlevering", "retourcodes"}


def _rijen() -> dict[str, list[dict[str, str]]]:
    """The hand-made example (R2 credited by R3 and claimed again as R4, R5 rejected), with
    allocation 1001 shortened to March and 1002 removed, and the care periods of both."""
    rijen = voorbeeld.variant()
    a, b = rijen["toewijzingen"]
    rijen["toewijzingen"] += [dict(a, toewijzingsdatum="2024-04-20", einddatum="2024-03-31", reden_wijziging="05"),
                              dict(b, toewijzingsdatum="2024-03-10", reden_wijziging="13")]
    rijen["zorgperioden"] = [
        dict(toewijzingnummer="1001", bsn=a["bsn"], gemeentecode="0505", agb_code="42420001", productcategorie="45",
             productcode="45A01", begindatum="2024-01-01", einddatum="2024-03-31", reden_beeindiging="31"),
        dict(toewijzingnummer="1002", bsn=b["bsn"], gemeentecode="1963", agb_code="42420002", productcategorie="44",
             productcode="44V01", begindatum="2024-03-01", einddatum="", reden_beeindiging="")]
    return rijen


def _tabel(naam: str, rijen: list[dict[str, str]]) -> pa.Table:
    return conform(naam, pa.Table.from_pylist([{k: v or None for k, v in r.items()} for r in rijen]))


@pytest.fixture(scope="module")
def bronnen(tmp_path_factory):
    """The rows as exchange files, and as the messages of each month (one folder per month)."""
    tmp = tmp_path_factory.mktemp("correcties")
    rijen = _rijen()
    voorbeeld.schrijf(tmp / "csv", rijen)
    ijw.schrijf(tmp / "ijw", {n: _tabel(n, rijen[n]) for n in ALS_BERICHT}, seed=1, peildatum=dt.date(2024, 12, 31))
    maanden = {}
    for zip_ in sorted((tmp / "ijw").rglob("*.zip")):
        maand = tmp / "maanden" / zip_.stem
        maand.mkdir(parents=True, exist_ok=True)
        shutil.copy(zip_, maand / f"{zip_.parent.name}-{zip_.name}")
        maanden[zip_.stem] = maand
    aanbieders = voorbeeld.schrijf(tmp / "aanbieders", {"aanbieders": rijen["aanbieders"]})
    return tmp / "csv", dict(sorted(maanden.items())), aanbieders


def _beeld(opslag) -> dict:
    out = {}
    for naam, lees in [("toewijzingen", feiten.toewijzingen), ("zorgperioden", feiten.zorgperioden),
                       ("declaratieregels", feiten.declaratieregels)]:
        t = lees(opslag).to_pyarrow()
        t = t.select([c for c in t.column_names if c not in HERKOMST])
        out[naam] = sorted(map(tuple, zip(*t.to_pydict().values(), strict=True)), key=repr)
    return out


def _kosten(opslag) -> dict[str, int]:
    rows = opslag.rijen("SELECT referentienummer, debet_credit, bedrag_cent FROM declaratieregel")
    d = {r["referentienummer"]: r["status"] for r in feiten.declaratieregels(opslag).to_pyarrow().to_pylist()}
    return {ref: (-b if dc == "C" else b) for ref, dc, b in rows if d[ref] != "afgewezen"}


@pytest.mark.slow
def test_messages_month_by_month_give_the_picture_of_the_files(opslag, bronnen):
    csv, maanden, aanbieders = bronnen
    assert len(maanden) >= 4, maanden  # December 2023 to May 2024
    laad(opslag, [aanbieders])
    for map_ in maanden.values():
        laad(opslag, [map_])
    beeld = _beeld(opslag)
    assert opslag.aantal("declaratieregel") == 6 and opslag.aantal("toewijzing") == 4
    assert _kosten(opslag) == {"R1": 151840, "R2": 113880, "R3": -113880, "R4": 94900, "P1": 161448}
    [t1001] = [t for t in beeld["toewijzingen"] if t[0] == "1001"]
    assert dt.date(2024, 3, 31) in t1001 and "02" in t1001  # shortened; referrer from its request (JW315)
    assert not [t for t in beeld["toewijzingen"] if t[0] == "1002"]  # removed (13)
    na = tellingen(opslag)
    for map_ in maanden.values():  # every archive again: nothing changes
        assert laad(opslag, [map_]).batch_id is None
    assert tellingen(opslag) == na

    with Opslag.open(str(csv.parent / f"csv-{uuid.uuid4().hex[:6]}.duckdb")) as uit_csv:
        initialiseer(uit_csv, lees_regio("zhz"))
        laad(uit_csv, [csv])
        assert _beeld(uit_csv) == beeld


@pytest.mark.slow
def test_months_loaded_in_reverse_give_the_same_picture(opslag, bronnen, tmp_path):
    _, maanden, aanbieders = bronnen
    laad(opslag, [aanbieders])
    for map_ in reversed(list(maanden.values())):  # answers before their claims, changes before originals
        laad(opslag, [map_])
    assert _kosten(opslag) == {"R1": 151840, "R2": 113880, "R3": -113880, "R4": 94900, "P1": 161448}
    statussen = {r["referentienummer"]: r["status"] for r in feiten.declaratieregels(opslag).to_pyarrow().to_pylist()}
    assert (statussen["R4"], statussen["R5"], statussen["P1"]) == ("toegekend", "afgewezen", "ingediend")
    [t1001] = [t for t in _beeld(opslag)["toewijzingen"] if t[0] == "1001"]
    assert dt.date(2024, 3, 31) in t1001 and "02" in t1001


def test_a_withdrawn_stop_reopens_the_care_period(opslag, bronnen, tmp_path):
    _, maanden, aanbieders = bronnen
    laad(opslag, [aanbieders, *maanden.values()])
    stop = _bericht(maanden, "JW307")
    ingetrokken = re.sub(r"<(jw307:StatusAanlevering)>1<", r"<\1>3<", stop)
    ingetrokken = re.sub(r"<ijw:Dagtekening>[^<]*<", "<ijw:Dagtekening>2024-05-02<", ingetrokken, count=1)
    (tmp_path / "intrekking.xml").write_text(ingetrokken, encoding="utf-8")
    laad(opslag, [tmp_path / "intrekking.xml"])
    [z] = [z for z in _beeld(opslag)["zorgperioden"] if z[0] == "1001"]
    assert None in z and "31" not in z  # no einddatum, no reason: care goes on
    assert opslag.aantal("zorgperiode") == 4  # two starts, the stop and its withdrawal


def _bericht(maanden: dict[str, Path], soort: str) -> str:
    for map_ in maanden.values():
        for zip_ in map_.glob("*.zip"):
            with zipfile.ZipFile(zip_) as z:
                for naam in z.namelist():
                    if naam.startswith(soort):
                        return z.read(naam).decode("utf-8")
    raise AssertionError(f"geen {soort}")
