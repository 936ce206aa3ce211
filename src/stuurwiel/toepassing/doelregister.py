"""The goal register in the store: a `doelen.yaml` checked against the catalogue and the region, kept
as a new version with who stored it, when and from where (`stuurwiel doelen laad`, the Doelen page);
older versions stay, the highest one holds.

A register is refused whole, with nothing stored, when any goal is wrong (config/doelen.py for the
file itself; here: an unknown measure, a filter the measure cannot take, a municipality or segment
outside the region, an unreadable period, more goals in a year than `doelen.max_per_jaar`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from stuurwiel.begrippen.periode import Periode, jaar, ontleed_periode
from stuurwiel.config.doelen import Doel, Doelenregister, DoelFout, ontleed_doelen
from stuurwiel.config.regio import Regio
from stuurwiel.maten.catalogus import CATALOGUS
from stuurwiel.opslag.database import Opslag

KOLOMMEN = ("versie", "inhoud", "door", "vastgelegd_op", "bron")


@dataclass(frozen=True)
class Versie:
    versie: int
    register: Doelenregister
    door: str
    vastgelegd_op: dt.datetime
    bron: str


@dataclass(frozen=True)
class Vastgelegd:
    versie: int
    nieuw: bool  # False: the register was the same as the version in force, nothing was stored
    doelen: int


def periode(doel: Doel) -> Periode:
    """The period a goal is measured over: its year or its period."""
    return jaar(doel.jaar) if doel.jaar is not None else ontleed_periode(doel.periode or "")


def problemen(register: Doelenregister, regio: Regio) -> list[str]:
    """What the catalogue and the region say against a register that is valid on its own."""
    uit = []
    gemeenten = {g.code for g in regio.gemeenten}
    segmenten = {s.code for s in regio.segmenten}
    jaren: Counter[int] = Counter()
    for i, d in enumerate(register.doelen):
        plek = f"doelen[{i}] ({d.code})"
        m = CATALOGUS.get(d.maat)
        if m is None:
            uit.append(f"{plek}.maat: onbekende maat '{d.maat}' (zie `stuurwiel maten`)")
        for dimensie, code in d.selectie.items():
            if code is not None and m is not None and dimensie not in m.dimensies:
                uit.append(f"{plek}.{dimensie}: maat {d.maat} kent geen indeling naar {dimensie} "
                           f"(wel: {', '.join(m.dimensies) or 'geen'})")
        if d.gemeente is not None and d.gemeente not in gemeenten:
            uit.append(f"{plek}.gemeente: {d.gemeente} is geen CBS-code van een gemeente van regio {regio.code}")
        if d.segment is not None and d.segment not in segmenten:
            uit.append(f"{plek}.segment: {d.segment} is geen segment van regio {regio.code} "
                       f"(wel: {', '.join(sorted(segmenten))})")
        try:
            jaren[periode(d).eind.year] += 1
        except ValueError as e:
            uit.append(f"{plek}.periode: {e}")
    maximum = regio.doelen.max_per_jaar
    uit += [f"{j}: {n} doelen; de regio stelt er hoogstens {maximum} per jaar (doelen.max_per_jaar in regio.yaml)"
            for j, n in sorted(jaren.items()) if n > maximum]
    return uit


def lees(tekst: str, naam: str, regio: Regio) -> Doelenregister:
    """A register checked whole; raises DoelFout naming every problem and its place."""
    register = ontleed_doelen(tekst, naam)
    fout = problemen(register, regio)
    if fout:
        raise DoelFout(f"{naam} is ongeldig:\n" + "\n".join(f"  - {m}" for m in fout))
    return register


def vastleggen(opslag: Opslag, tekst: str, naam: str, door: str) -> Vastgelegd:
    """Check a register and store it as the next version (all or nothing); the same register as the
    version in force stores nothing."""
    import pyarrow as pa

    register = lees(tekst, naam, opslag.regio())
    inhoud = register.als_yaml()
    with opslag.transactie():
        nu = geldend(opslag)
        if nu is not None and nu.register.als_yaml() == inhoud:
            return Vastgelegd(nu.versie, False, len(register.doelen))
        versie = (nu.versie if nu else 0) + 1
        rij = {"versie": versie, "inhoud": inhoud, "door": door, "bron": naam,
               "vastgelegd_op": dt.datetime.now().replace(microsecond=0)}
        opslag.voeg_toe("doelenregister", pa.Table.from_pylist([rij]))
    return Vastgelegd(versie, True, len(register.doelen))


def _versie(rij: tuple) -> Versie:
    versie, inhoud, door, op, bron = rij
    return Versie(versie, ontleed_doelen(inhoud, f"versie {versie}"), door, op, bron)


def geldend(opslag: Opslag) -> Versie | None:
    """The version in force, or None before any register was stored."""
    rijen = opslag.rijen(f"SELECT {', '.join(KOLOMMEN)} FROM doelenregister ORDER BY versie DESC LIMIT 1")
    return _versie(rijen[0]) if rijen else None


def versies(opslag: Opslag) -> list[tuple[int, str, dt.datetime, str, int]]:
    """Every version, newest first: (versie, door, vastgelegd_op, bron, number of goals)."""
    rijen = opslag.rijen(f"SELECT {', '.join(KOLOMMEN)} FROM doelenregister ORDER BY versie DESC")
    return [(v.versie, v.door, v.vastgelegd_op, v.bron, len(v.register.doelen)) for v in map(_versie, rijen)]

