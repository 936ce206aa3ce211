"""The measures equal a second, plain computation straight from the synthetic CSV files.

The plain computation reads the files with the csv module and applies the definitions of
docs/formats.md and maten/basis.py by hand (no Stuurwiel code but the region config), so a
mistake in validation, pseudonymisation, storage, the current-picture rules or the Ibis
measures shows up as a difference. It runs on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from stuurwiel.begrippen.periode import jaar
from stuurwiel.begrippen.selectie import DIMENSIES
from stuurwiel.config.regio import lees_regio
from stuurwiel.maten import kern
from stuurwiel.maten.catalogus import meet
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad

JAREN = [2022, 2023, 2024]
GAP = dt.timedelta(days=31)
FAR = dt.date(9999, 12, 31)


def _rows(bron: Path, soort: str) -> list[dict[str, str]]:
    with (bron / f"{soort}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _d(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


class Plain:
    """The definitions, computed by hand."""

    def __init__(self, bron: Path):
        self.bron = bron
        self.regio = lees_regio(bron / "regio.yaml")
        latest: dict[str, dict] = {}
        for r in _rows(bron, "toewijzingen"):
            key = r["toewijzingnummer"]
            if key not in latest or r["toewijzingsdatum"] >= latest[key]["toewijzingsdatum"]:
                latest[key] = r
        self.allocations = [r for r in latest.values() if r["reden_wijziging"] != "13"]
        self.claims = [r for r in _rows(bron, "declaraties") if r["status"] != "afgewezen"]
        self.verwijzer = {r["toewijzingnummer"]: r["verwijzer_type"] or None for r in self.allocations}

    def segment(self, productcode: str, datum: dt.date) -> str | None:
        return self.regio.segment_op(self.regio.producten_per_code[productcode], datum)

    def clients(self, year: int, per: str | None) -> dict:
        begin, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        seen: dict = defaultdict(set)
        for r in self.allocations:
            start, stop = _d(r["ingangsdatum"]), _d(r["einddatum"]) or FAR
            if start <= end and stop >= begin:
                seen[self._key(r, per, max(start, begin))].add(r["bsn"])
        return {k: len(v) for k, v in seen.items()}

    def cost(self, year: int, per: str | None) -> dict:
        out: dict = defaultdict(int)
        for r in self.claims:
            start = _d(r["periode_begin"])
            if start.year != year:
                continue
            amount = int(r["bedrag_cent"]) * (-1 if r["debet_credit"] == "C" else 1)
            key = self.verwijzer.get(r["toewijzingnummer"]) if per == "verwijzer" else self._key(r, per, start)
            out[key] += amount
        return dict(out)

    def chains(self) -> list[list]:
        """Trajectories: [begin, end, municipality and referrer of the first allocation]."""
        per_key = defaultdict(list)
        for r in self.allocations:
            per_key[(r["bsn"], r["agb_code"], r["productcode"])].append(r)
        out = []
        for rows in per_key.values():
            rows.sort(key=lambda r: (r["ingangsdatum"], r["toewijzingnummer"]))
            chain = None
            for r in rows:
                start, stop = _d(r["ingangsdatum"]), _d(r["einddatum"]) or FAR
                if chain is None or (chain[1] != FAR and start > chain[1] + GAP):
                    chain = [start, stop, r["gemeentecode"], r["verwijzer_type"] or None]
                    out.append(chain)
                else:
                    chain[1] = max(chain[1], stop)
        return out

    def trajectories(self, year: int, which: str) -> dict:
        counted: dict = defaultdict(int)
        for chain in self.chains():
            self._count(chain, year, which, counted)
        return dict(counted)

    def referral_mix(self, year: int) -> dict:
        """Share (%) of the trajectories that began in the year, per referrer."""
        started = Counter(c[3] for c in self.chains() if c[0].year == year)
        return {k: 100 * n / sum(started.values()) for k, n in started.items()}

    def dropout(self, year: int, premature=("32", "33")) -> dict:
        """Per provider: % of care periods ended in the year (with a reason) that ended prematurely."""
        periods: dict = {}
        for r in _rows(self.bron, "zorgperioden"):  # a stop wins over its start
            key = (r["toewijzingnummer"], r["begindatum"])
            if key not in periods or r["einddatum"]:
                periods[key] = r
        ended: dict = defaultdict(list)
        for r in periods.values():
            if r["einddatum"] and r["reden_beeindiging"] and _d(r["einddatum"]).year == year:
                ended[r["agb_code"]].append(r["reden_beeindiging"] in premature)
        return {agb: 100 * sum(v) / len(v) for agb, v in ended.items()}

    def top20_share(self, year: int) -> dict:
        """Per municipality: % of cost carried by the top 20 % of providers (rounded up)."""
        cost: dict = defaultdict(lambda: defaultdict(int))
        for r in self.claims:
            if _d(r["periode_begin"]).year == year:
                sign = -1 if r["debet_credit"] == "C" else 1
                cost[r["gemeentecode"]][r["agb_code"]] += sign * int(r["bedrag_cent"])
        out = {}
        for gemeente, per_provider in cost.items():
            amounts = sorted((v for v in per_provider.values() if v > 0), reverse=True)
            top = math.ceil(len(amounts) / 5)
            out[gemeente] = 100 * sum(amounts[:top]) / sum(amounts)
        return out

    def referred_share(self, year: int) -> dict:
        """Per municipality: % of local-team registrations in the year with an outcome that were referred."""
        done: dict = defaultdict(list)
        for r in _rows(self.bron, "aanmeldingen"):
            if _d(r["aanmelddatum"]).year == year and r["uitkomst"] != "lopend":
                done[r["gemeentecode"]].append(r["uitkomst"] == "doorverwezen")
        return {g: 100 * sum(v) / len(v) for g, v in done.items()}

    @staticmethod
    def _count(chain, year, which, counted):
        date = chain[0] if which == "nieuw" else (chain[1] if chain[1] != FAR else None)
        if date is not None and date.year == year:
            counted[chain[2]] += 1

    def _key(self, r: dict, per: str | None, datum: dt.date):
        return {None: None, "gemeente": r["gemeentecode"], "aanbieder": r["agb_code"],
                "verwijzer": r.get("verwijzer_type") or None,
                "segment": self.segment(r["productcode"], datum) if r["productcode"] else None}[per]


@pytest.fixture(scope="module")
def synth_bron(tmp_path_factory):
    from stuurwiel.synth import genereer

    uit = tmp_path_factory.mktemp("synth") / "bron"
    genereer(lees_regio("zhz"), range(2021, 2026), seed=7, schaal=0.05, uit=uit)
    return uit


@pytest.fixture(scope="module")
def plain(synth_bron):
    return Plain(synth_bron)


@pytest.fixture(scope="module", params=["duckdb", "postgres"])
def loaded(request, synth_bron, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    mp = pytest.MonkeyPatch()
    mp.setenv("STUURWIEL_SLEUTEL", str(tmp / "k.sleutel"))
    if request.param == "duckdb":
        url, cleanup = str(tmp / "s.duckdb"), None
    else:
        import uuid

        admin = request.getfixturevalue("pg_admin")
        name = f"stuurwiel_test_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        from tests.support.omgeving import pg_adres
        url, cleanup = pg_adres(name), lambda: admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    opslag = Opslag.open(url)
    initialiseer(opslag, lees_regio(synth_bron / "regio.yaml"))
    laad(opslag, [synth_bron])
    yield opslag
    opslag.sluit()
    if cleanup:
        cleanup()
    mp.undo()


def _measure(opslag, year, per, column):
    df = kern.kerncijfers(opslag, [jaar(year)], [per] if per else [])
    keys = df[DIMENSIES[per]] if per else [None] * len(df)
    return {k if k == k else None: int(v) for k, v in zip(keys, df[column]) if v}


@pytest.mark.parametrize("per", [None, "gemeente", "segment", "aanbieder"])
def test_young_people_in_care_equal_the_plain_count(loaded, plain, per):
    for year in JAREN:
        assert _measure(loaded, year, per, "jeugdigen_in_zorg") == plain.clients(year, per)


@pytest.mark.parametrize("per", [None, "gemeente", "segment", "aanbieder", "verwijzer"])
def test_cost_equals_the_plain_sum_to_the_cent(loaded, plain, per):
    for year in JAREN:
        expected = {k: v for k, v in plain.cost(year, per).items() if v}
        assert _measure(loaded, year, per, "kosten_cent") == expected


@pytest.mark.parametrize("which, column", [("nieuw", "nieuwe_trajecten"), ("eind", "beeindigde_trajecten")])
def test_trajectories_equal_the_plain_chains(loaded, plain, which, column):
    for year in JAREN:
        assert _measure(loaded, year, "gemeente", column) == plain.trajectories(year, which)


def test_cost_matches_the_ground_truth_for_complete_years(loaded, synth_bron):
    truth: dict[int, int] = defaultdict(int)
    with (synth_bron / "grondwaarheid" / "kosten_per_maand.csv").open() as f:
        for r in csv.DictReader(f):
            truth[int(r["maand"][:4])] += int(r["kosten_bekend_cent"])
    for year in JAREN:
        assert _measure(loaded, year, None, "kosten_cent") == {None: truth[year]}


def _catalogue(opslag, naam, year, per):
    df = meet(opslag, naam, [jaar(year)], [per])
    return {k if k == k else None: v for k, v in zip(df[DIMENSIES[per]], df.waarde)}


def test_new_measures_equal_their_plain_computation(loaded, plain):
    for year in JAREN:
        assert _catalogue(loaded, "verwijzermix", year, "verwijzer") == pytest.approx(plain.referral_mix(year))
        assert _catalogue(loaded, "uitval", year, "aanbieder") == pytest.approx(plain.dropout(year))
        assert _catalogue(loaded, "kostenaandeel_top20", year, "gemeente") == pytest.approx(plain.top20_share(year))
        assert _catalogue(loaded, "doorverwezen_lokaal_team", year, "gemeente") == pytest.approx(
            plain.referred_share(year))
