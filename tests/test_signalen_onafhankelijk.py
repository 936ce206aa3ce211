"""The signals find anomalies planted by someone else: a clean synthetic region (the simulator without
its own anomalies), into whose CSV files this test writes, with the csv module and nothing of
Stuurwiel's but the region's tariffs, duplicate claims, claims without an allocation, claims
outside their allocation and a provider that claims 40 % more of one product from a month on.
Loaded, the store must flag exactly those, and nothing else of those kinds, on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad

pytestmark = pytest.mark.slow

ZHZ = lees_regio("zhz")
PER_SOORT = 20
VANAF = dt.date(2023, 7, 1)  # the provider claims 40 % more from this month on
OPDRIJVING = 1.4
SOORTEN = ("dubbele_declaratie", "zonder_toewijzing", "buiten_toewijzing", "opdrijven")


def _lees(pad: Path) -> tuple[list[str], list[dict[str, str]]]:
    with pad.open(encoding="utf-8", newline="") as f:
        lezer = csv.DictReader(f)
        return list(lezer.fieldnames or []), list(lezer)


def _schrijf(pad: Path, kolommen: list[str], rijen: list[dict[str, str]]) -> None:
    with pad.open("w", encoding="utf-8", newline="") as f:
        schrijver = csv.DictWriter(f, kolommen, lineterminator="\n")
        schrijver.writeheader()
        schrijver.writerows(rijen)


def _d(tekst: str) -> dt.date:
    return dt.date.fromisoformat(tekst)


def _maandeinde(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _toegestaan(t: dict[str, str], begin: dt.date) -> float:
    """What an allocation allows in a month (per day, week or month; unlimited otherwise)."""
    dagen = _maandeinde(begin).day
    volume = int(t["volume"] or 0)
    return {"1": volume * dagen, "2": math.ceil(volume * dagen / 7), "4": volume}.get(t["frequentie"], math.inf)


class Planter:
    def __init__(self, bron: Path):
        self.bron = bron
        self.d_kolommen, self.declaraties = _lees(bron / "declaraties.csv")
        self.t_kolommen, self.toewijzingen = _lees(bron / "toewijzingen.csv")
        nieuwst: dict[str, dict[str, str]] = {}
        for t in self.toewijzingen:
            if t["toewijzingnummer"] not in nieuwst or t["toewijzingsdatum"] >= nieuwst[t["toewijzingnummer"]][
                    "toewijzingsdatum"]:
                nieuwst[t["toewijzingnummer"]] = t
        self.toewijzing = nieuwst
        self.rng = random.Random(20240601)
        self.verwacht: dict[str, set[str]] = defaultdict(set)
        self.volgnummer = 0
        self.gebruikt: set[str] = set()  # allocations with a planted line

    def referentie(self) -> str:
        self.volgnummer += 1
        return f"T-{self.volgnummer:06d}"  # never nine digits in a row: no BSN

    def opdrijven(self) -> tuple[str, str]:
        """The provider × product (hours or minutes per week or month) with the most client-months."""
        uren = {p.code for p in ZHZ.producten if p.eenheid in ("01", "04")}
        telling = Counter((r["agb_code"], r["productcode"]) for r in self.declaraties
                          if r["productcode"] in uren and r["debet_credit"] == "D"
                          and self.toewijzing[r["toewijzingnummer"]]["frequentie"] in ("2", "4"))
        agb, product = telling.most_common(1)[0][0]
        for r in self.declaraties:
            if (r["agb_code"], r["productcode"]) == (agb, product) and _d(r["periode_begin"]) >= VANAF:
                r["geleverd_volume"] = str(round(int(r["geleverd_volume"]) * OPDRIJVING))
                r["bedrag_cent"] = str(int(r["geleverd_volume"]) * int(r["tarief_cent"]))
        for t in self.toewijzingen:  # the allocations grant it, so no line claims more than allowed
            if (t["agb_code"], t["productcode"]) == (agb, product) and (not t["einddatum"]
                                                                      or _d(t["einddatum"]) >= VANAF):
                t["volume"] = str(math.ceil(int(t["volume"]) * OPDRIJVING))
        self.verwacht["opdrijven"].add(f"{agb} {product}")
        return agb, product

    def vrije_regels(self, buiten: tuple[str, str]) -> list[dict[str, str]]:
        """Approved debit lines, never credited, the only line of their allocation and month, outside
        the inflated provider × product, in random order."""
        gecrediteerd = {(r["agb_code"], r["vorig_referentienummer"]) for r in self.declaraties
                        if r["debet_credit"] == "C"}
        per_maand = Counter((r["toewijzingnummer"], r["periode_begin"]) for r in self.declaraties)
        regels = [r for r in self.declaraties if r["debet_credit"] == "D" and r["status"] == "toegekend"
                  and (r["agb_code"], r["referentienummer"]) not in gecrediteerd
                  and per_maand[r["toewijzingnummer"], r["periode_begin"]] == 1
                  and (r["agb_code"], r["productcode"]) != buiten]
        self.rng.shuffle(regels)
        return regels

    def kopie(self, r: dict[str, str], **velden: str) -> dict[str, str]:
        nieuw = dict(r, referentienummer=self.referentie(), **velden)
        self.declaraties.append(nieuw)
        self.gebruikt.add(r["toewijzingnummer"])
        return nieuw

    def dubbel(self, regels: list[dict[str, str]]) -> None:
        """The same line again under another reference number, where twice its volume is allowed."""
        n = 0
        for r in regels:
            t = self.toewijzing[r["toewijzingnummer"]]
            if n == PER_SOORT or r["toewijzingnummer"] in self.gebruikt:
                continue
            if 2 * int(r["geleverd_volume"]) <= _toegestaan(t, _d(r["periode_begin"])):
                kopie = self.kopie(r, declaratiedatum=str(_d(r["declaratiedatum"]) + dt.timedelta(days=3)))
                self.verwacht["dubbele_declaratie"] |= {r["referentienummer"], kopie["referentienummer"]}
                n += 1

    def zonder_toewijzing(self, regels: list[dict[str, str]]) -> None:
        for i, r in enumerate([r for r in regels if r["toewijzingnummer"] not in self.gebruikt][:PER_SOORT]):
            kopie = self.kopie(r, toewijzingnummer=f"Z-{i:06d}")  # no BSN, no allocation of the region
            self.verwacht["zonder_toewijzing"].add(kopie["referentienummer"])

    def buiten_toewijzing(self, regels: list[dict[str, str]]) -> None:
        """A whole month's line in the month after the allocation's einddatum, in the same year (the
        same tariff), while the young person is under 18 and not claimed on for it already."""
        n = 0
        for r in regels:
            t = self.toewijzing[r["toewijzingnummer"]]
            if n == PER_SOORT or r["toewijzingnummer"] in self.gebruikt or not t["einddatum"]:
                continue
            begin = _maandeinde(_d(t["einddatum"])) + dt.timedelta(days=1)
            eind = _maandeinde(begin)
            achttien = _d(t["geboortedatum"]).replace(day=1).replace(year=_d(t["geboortedatum"]).year + 18)
            geheel = _d(r["periode_begin"]).day == 1 and _d(r["periode_eind"]) == _maandeinde(_d(r["periode_begin"]))
            if (begin.year != _d(r["periode_begin"]).year or eind > dt.date(2025, 10, 31) or not geheel
                    or eind >= achttien):
                continue
            kopie = self.kopie(r, periode_begin=str(begin), periode_eind=str(eind),
                               declaratiedatum=str(eind + dt.timedelta(days=12)))
            self.verwacht["buiten_toewijzing"].add(kopie["referentienummer"])
            n += 1

    def schrijf(self) -> None:
        _schrijf(self.bron / "declaraties.csv", self.d_kolommen, self.declaraties)
        _schrijf(self.bron / "toewijzingen.csv", self.t_kolommen, self.toewijzingen)


@pytest.fixture(scope="module")
def geplant(tmp_path_factory) -> tuple[Path, dict[str, set[str]]]:
    from stuurwiel.synth import genereer

    bron = tmp_path_factory.mktemp("onafhankelijk") / "bron"
    genereer(ZHZ, range(2021, 2026), seed=11, schaal=0.25, uit=bron, anomalieen=False)
    p = Planter(bron)
    vrij = p.vrije_regels(p.opdrijven())
    p.dubbel(vrij)
    p.zonder_toewijzing(vrij)
    p.buiten_toewijzing(vrij)
    p.schrijf()
    assert {s: len(v) for s, v in p.verwacht.items()} == {"opdrijven": 1, "dubbele_declaratie": 2 * PER_SOORT,
                                                         "zonder_toewijzing": PER_SOORT, "buiten_toewijzing": PER_SOORT}
    return bron, dict(p.verwacht)


def test_the_store_flags_exactly_what_was_planted(geplant, db_adres, sleutel_env):
    bron, verwacht = geplant
    with Opslag.open(db_adres) as opslag:
        initialiseer(opslag, ZHZ)
        laad(opslag, [bron])
        rijen = opslag.rijen("SELECT regel, sleutel FROM signaal")
    gevonden: dict[str, set[str]] = defaultdict(set)
    for regel, sleutel in rijen:
        gevonden[regel].add(sleutel)
    assert {s: gevonden[s] for s in SOORTEN} == {s: verwacht[s] for s in SOORTEN}
