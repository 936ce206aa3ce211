"""The norm check on the synthetic region, against its ground truth (grondwaarheid/normen.csv) and against
a second, plain computation from the exchange files: every allocation above its norm is found, and only
those; the demo shows onderbouwingen that are there and that are missing."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from stuurwiel.analyses.normen import toets
from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support.helpers import cli

JAREN = (2024, 2025)
PER_DAG = {"1": 1.0, "2": 1 / 7, "4": 12 / 365.25}


@pytest.fixture(scope="module")
def bron(tmp_path_factory) -> Path:
    uit = tmp_path_factory.mktemp("normen") / "bron"
    genereer(lees_regio("zhz"), range(2022, 2026), seed=4, schaal=0.05, uit=uit)
    return uit


@pytest.fixture
def geladen(db_adres, sleutel_env, bron):
    with Opslag.open(db_adres) as opslag:
        initialiseer(opslag, lees_regio("zhz"))
        laad(opslag, [bron])
        yield opslag


def _lees(pad: Path) -> list[dict]:
    with pad.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _datum(tekst: str) -> dt.date | None:
    return dt.date.fromisoformat(tekst) if tekst else None


def _toewijzingen(bron: Path) -> dict[str, dict]:
    """The newest version of every allocation, with the start of its trajectory (same client, provider and
    product, a gap of at most 31 days)."""
    nieuwste: dict[str, dict] = {}
    for r in _lees(bron / "toewijzingen.csv"):
        if r["toewijzingnummer"] not in nieuwste or r["toewijzingsdatum"] >= nieuwste[r["toewijzingnummer"]][
                "toewijzingsdatum"]:
            nieuwste[r["toewijzingnummer"]] = r
    ketens = defaultdict(list)
    for r in nieuwste.values():
        ketens[(r["bsn"], r["agb_code"], r["productcode"])].append(r)
    for keten in ketens.values():
        keten.sort(key=lambda r: (r["ingangsdatum"], int(r["toewijzingnummer"])))
        begin, tot = None, None
        for r in keten:
            start, eind = _datum(r["ingangsdatum"]), _datum(r["einddatum"]) or dt.date.max
            if tot is None or start > tot + dt.timedelta(days=31):
                begin = start
            r["trajectbegin"], tot = begin, max(tot or eind, eind)
    return nieuwste


def _per_maand(bron: Path) -> dict[str, dict[tuple[int, int], int]]:
    """Net claimed volume per allocation, unit and service month (rejected lines left out)."""
    uit: dict = defaultdict(lambda: defaultdict(int))
    for r in _lees(bron / "declaraties.csv"):
        if r["status"] != "afgewezen":
            begin = _datum(r["periode_begin"])
            teken = -1 if r["debet_credit"] == "C" else 1
            uit[r["toewijzingnummer"]][(r["eenheid"], begin.year, begin.month)] += teken * int(r["geleverd_volume"])
    return uit


def tweede_berekening(bron: Path, jaar: int) -> tuple[set, dict]:
    """(allocation, kind) above the norm for the allocations that started in `jaar`, and each one's onderbouwing."""
    regio = lees_regio("zhz")
    onderbouwd = {r["toewijzingnummer"] for r in _lees(bron / "onderbouwingen.csv")}
    geleverd = _per_maand(bron)
    boven, status = set(), {}
    for nummer, r in _toewijzingen(bron).items():
        start, eind = _datum(r["ingangsdatum"]), _datum(r["einddatum"])
        norm = regio.producten_per_code[r["productcode"]].norm_in(start.year) if r["productcode"] else None
        if start.year != jaar or norm is None:
            continue
        if norm.max_duur_maanden and eind > r["trajectbegin"] + relativedelta(months=norm.max_duur_maanden) \
                - dt.timedelta(days=1):
            boven.add((nummer, "duur"))
        i = norm.max_intensiteit
        if i and r["eenheid"] == i.eenheid:
            dagen = (eind - start).days + 1
            v = int(r["volume"])
            per_dag = v / dagen if r["frequentie"] == "6" else v * PER_DAG[r["frequentie"]]
            waarde = per_dag * dagen if i.frequentie == "6" else per_dag / PER_DAG[i.frequentie]
            if waarde > i.volume * (1 + 1e-9):
                boven.add((nummer, "toegewezen"))
            maanden = {k: n for k, n in geleverd[nummer].items() if k[0] == i.eenheid}
            if i.frequentie == "6":
                te_veel = sum(maanden.values()) > i.volume
            else:
                def toegestaan(j, m):
                    d = ((dt.date(j + m // 12, m % 12 + 1, 1)) - dt.date(j, m, 1)).days
                    return i.volume * {"1": d, "2": d / 7, "4": 1}[i.frequentie]
                te_veel = any(n > toegestaan(j, m) * (1 + 1e-9) for (_, j, m), n in maanden.items())
            if te_veel:
                boven.add((nummer, "geleverd"))
        if any(n == nummer for n, _ in boven):
            status[nummer] = ("aanwezig" if nummer in onderbouwd else
                              "ontbreekt" if norm.verklarende_analyse else "niet nodig")
    return boven, status


def _gevonden(df) -> set:
    return {(n, soort) for soort in ("duur", "toegewezen", "geleverd")
            for n in df.toewijzingnummer[df[f"boven_{soort}"]]}


@pytest.mark.parametrize("jaar", JAREN)
def test_the_check_finds_what_the_ground_truth_and_a_second_computation_say(geladen, bron, jaar):
    df = toets(geladen, [jaar])
    waarheid = {r["toewijzingnummer"]: r for r in _lees(bron / "grondwaarheid" / "normen.csv")
                if int(r["jaar"]) == jaar}
    assert set(df.toewijzingnummer) == set(waarheid)
    for soort in ("duur", "toegewezen"):
        assert {n for n, s in _gevonden(df) if s == soort} == {
            n for n, r in waarheid.items() if r[f"boven_{soort}"] == "true"}, soort
    boven, status = tweede_berekening(bron, jaar)
    assert _gevonden(df) == boven
    assert dict(zip(df.toewijzingnummer[df.boven], df.onderbouwing[df.boven], strict=True)) == status
    geschreven = {n for n, r in waarheid.items() if r["onderbouwing"] == "true"}
    assert {n for n, s in status.items() if s == "aanwezig"} == geschreven & set(status)
    # the synthetic region shows every status, and cost above the norm
    assert set(status.values()) == {"aanwezig", "ontbreekt", "niet nodig"}
    assert 0.05 < len({n for n, _ in boven}) / len(df) < 0.5 and df.kosten_boven_norm_cent.sum() > 0


@pytest.mark.unit
def test_the_demo_lists_allocations_above_their_norm_with_their_onderbouwing(bron, tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    cli("init", "--regio", "zhz", "--db", db)
    cli("laad", str(bron), "--db", db)
    r = cli("normen", "--jaar", "2024", "--formaat", "csv", "--db", db)
    regels = list(csv.DictReader(r.stdout.splitlines()))
    assert {x["onderbouwing"] for x in regels} == {"aanwezig", "ontbreekt", "niet nodig"}
    assert {x["soort"] for x in regels} == {"duur", "toegewezen intensiteit", "geleverde intensiteit"}
