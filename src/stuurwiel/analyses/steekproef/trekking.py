"""The seeded selection: the same population and seed give the same lines, on any engine and in any
language, so an auditor can draw the sample again.

The population is put in one order first (by key), and its fingerprint is the SHA-256 of that
ordered list of keys and amounts: the same fingerprint is the same population.
- `aselect` (simple random sampling without replacement): every key gets the rank
  SHA-256("<seed>:<key>"); the `omvang` keys with the lowest ranks are the sample.
- `mus` (systematic sampling proportional to size): the interval J = total / omvang, the start
  s = u · J with u in (0, 1] from SHA-256("<seed>"), and the points s, s + J, … s + (omvang − 1) · J
  on the cumulative amounts; a line is drawn as often as a point falls in it (a line of J or more is
  certainly drawn, a "top post"). Exact fractions: no point slips between two lines by rounding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

METHODEN = {"mus": "op geldeenheden: systematisch, kans naar bedrag (PPS)",
            "aselect": "enkelvoudig aselect: elke post even veel kans"}


@dataclass(frozen=True)
class Post:
    sleutel: str
    bedrag_cent: int


@dataclass(frozen=True)
class Getrokken:
    sleutel: str
    bedrag_cent: int
    treffers: int  # how many sampling units fell in it (MUS; 1 for a simple random sample)


def geordend(posten: Iterable[Post]) -> list[Post]:
    """The population in its one order: by key. A key that occurs twice is not a population."""
    lijst = sorted(posten, key=lambda p: p.sleutel)
    for a, b in zip(lijst, lijst[1:], strict=False):
        if a.sleutel == b.sleutel:
            raise ValueError(f"de sleutel {a.sleutel} komt twee keer voor in de populatie")
    return lijst


def vingerafdruk(posten: Sequence[Post]) -> str:
    h = hashlib.sha256()
    for p in geordend(posten):
        h.update(f"{p.sleutel}\t{p.bedrag_cent}\n".encode())
    return h.hexdigest()


def _getal(tekst: str) -> int:
    return int.from_bytes(hashlib.sha256(tekst.encode()).digest(), "big")


def trek(methode: str, posten: Sequence[Post], omvang: int, zaad: int) -> list[Getrokken]:
    """The drawn lines in the population's order."""
    if methode not in METHODEN:
        raise ValueError(f"onbekende methode '{methode}' (kies uit {', '.join(METHODEN)})")
    lijst = geordend(posten)
    if omvang < 1:
        raise ValueError("een steekproef heeft minstens één post")
    return aselect(lijst, omvang, zaad) if methode == "aselect" else mus(lijst, omvang, zaad)


def aselect(lijst: list[Post], omvang: int, zaad: int) -> list[Getrokken]:
    if omvang > len(lijst):
        raise ValueError(f"de populatie heeft maar {len(lijst)} posten; een steekproef van {omvang} kan niet")
    gekozen = set(sorted(range(len(lijst)), key=lambda i: _getal(f"{zaad}:{lijst[i].sleutel}"))[:omvang])
    return [Getrokken(p.sleutel, p.bedrag_cent, 1) for i, p in enumerate(lijst) if i in gekozen]


def mus(lijst: list[Post], omvang: int, zaad: int) -> list[Getrokken]:
    if any(p.bedrag_cent <= 0 for p in lijst):
        raise ValueError("een steekproef op geldeenheden trekt alleen uit posten met een positief bedrag")
    totaal = sum(p.bedrag_cent for p in lijst)
    if totaal == 0:
        raise ValueError("de populatie is leeg")
    interval = Fraction(totaal, omvang)
    punt = Fraction(_getal(str(zaad)) + 1, 2 ** 256) * interval
    getrokken, tot = [], 0
    for p in lijst:
        tot += p.bedrag_cent
        treffers = 0
        while punt <= tot:  # the last point, s + (omvang − 1) · J, is at most the total
            treffers += 1
            punt += interval
        if treffers:
            getrokken.append(Getrokken(p.sleutel, p.bedrag_cent, treffers))
    return getrokken
