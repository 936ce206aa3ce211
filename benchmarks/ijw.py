"""Benchmark: the ZHZ region as iJw 3.2 messages, validated and loaded, side by side with the
plain alternative on the same files: lxml parsing plus validation against the official XSDs.

    python benchmarks/ijw.py [--schaal 1.0] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Stuurwiel reads every message safely, checks it against its own description of the XSDs and
the official iJw rules (libxml2 validates against the official XSDs, Python checks the rules),
pseudonymises, checks it against the region, writes all-or-nothing and rebuilds
the current picture and the signals (on both cores). The plain alternative only parses and
validates (libxml2 in C) and stores nothing. `controleer` and the plain alternative are each
measured on one core and on every core (the same process pool, the same chunks of messages),
so the ratios compare like with like. Also measured: how fast hostile XML is refused. Prints
Markdown for the README.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree
from machine import beschrijving

from stuurwiel.invoer.ijw import archief, controle, xsd
from stuurwiel.invoer.ijw.regels import REGELS

# What loads and generates (DuckDB, pandas, PostgreSQL) is imported where it is used: the workers that
# controleer spawns import this script again, and they should start as light as the command line's do.

XSD_MAP = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ijw-3.2" / "xsd"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
PRESTATIE = b"<jw323:Prestatie>"


def berichten(bron: Path):
    for pad in sorted((bron / "ijw").rglob("*.zip")):
        with zipfile.ZipFile(pad) as z:
            for naam in z.namelist():
                yield naam[:5], z.read(naam)


@cache
def officiele_schemas() -> dict[str, etree.XMLSchema]:
    return {code: etree.XMLSchema(etree.parse(str(XSD_MAP / f"{code}.xsd"), PARSER)) for code in xsd.BERICHTEN}


def lxml_taak(pad: Path, leden: list[str], _xsd_map: Path | None) -> tuple[int, int]:
    """The plain alternative on one chunk of one zip: parse every message and validate it against its
    official XSD, with zipfile as a plain script reads it."""
    schemas, ongeldig = officiele_schemas(), 0
    with zipfile.ZipFile(pad) as z:
        for naam in leden:
            lid = naam.partition("/")[2]
            ongeldig += not schemas[lid[:5]].validate(etree.fromstring(z.read(lid), PARSER))
    return len(leden), ongeldig


def taken(bron: Path) -> list[tuple[Path, list[str]]]:
    """The chunks of messages controleer hands its workers; the plain alternative gets the same."""
    return [t for pad in controle.berichtbestanden([bron / "ijw"]) for t in controle.in_taken(pad, archief.leden(pad))]


def lxml_xsd(bron: Path, alle_cores: bool) -> tuple[int, int]:
    """The plain alternative on one core, or on every core through controleer's own process pool."""
    werk = taken(bron)
    if alle_cores:
        uit = list(controle.overal(lxml_taak, werk, None, controle.PARALLEL_VANAF))
    else:
        uit = [lxml_taak(pad, leden, None) for pad, leden in werk]
    return sum(n for n, _ in uit), sum(o for _, o in uit)


def eigen_validatie(bron: Path) -> int:
    """Stuurwiel's own validator alone, on one core, for comparison."""
    fouten = 0
    for soort, data in berichten(bron):
        fouten += len(xsd.valideer(etree.fromstring(data, PARSER), soort))
    return fouten


def stuurwiel_controleer(bron: Path) -> int:
    """`stuurwiel controleer`: XSD in C, every official rule in Python, on every core; nothing stored."""
    return len(controle.controleer([bron / "ijw"]))


def stuurwiel_controleer_1_core(bron: Path) -> int:
    """The same work in this one process, chunk by chunk."""
    return sum(len(controle.controleer_taak(pad, leden, None)) for pad, leden in taken(bron))


def stuurwiel_laad(bron: Path, adres: str) -> None:
    from stuurwiel.config.regio import lees_regio
    from stuurwiel.opslag.database import Opslag
    from stuurwiel.toepassing.inrichten import initialiseer
    from stuurwiel.toepassing.laden import laad

    with Opslag.open(adres) as opslag:
        initialiseer(opslag, lees_regio(bron / "regio.yaml"))
        laad(opslag, [bron])


def vijandig(tmp: Path) -> list[tuple[str, float]]:
    """Seconds to refuse each hostile file, with a store that stays unchanged."""
    from stuurwiel.config.regio import lees_regio
    from stuurwiel.invoer.problemen import Afgewezen
    from stuurwiel.opslag.database import Opslag
    from stuurwiel.toepassing.inrichten import initialiseer
    from stuurwiel.toepassing.laden import laad

    lachjes = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
               + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
               + ']><l>&j;</l>')
    extern = '<?xml version="1.0"?><!DOCTYPE b [<!ENTITY x SYSTEM "file:///etc/passwd">]><b>&x;</b>'
    bom = tmp / "bom.zip"
    with zipfile.ZipFile(bom, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("JW323.xml", b" " * 200_000_000)
    db = str(tmp / "vijandig.duckdb")
    with Opslag.open(db) as opslag:
        initialiseer(opslag, lees_regio("zhz"))
    uit = []
    for naam, inhoud in [("billion laughs", lachjes), ("external entity", extern), ("zip bomb (200 MB)", None)]:
        pad = bom if inhoud is None else tmp / f"{naam.replace(' ', '_')}.xml"
        if inhoud is not None:
            pad.write_text(inhoud)
        with Opslag.open(db) as opslag:
            t0 = time.perf_counter()
            try:
                laad(opslag, [pad])
                raise SystemExit(f"{naam} was not refused")
            except Afgewezen:
                uit.append((naam, time.perf_counter() - t0))
    return uit


def main() -> None:
    from load import argumenten, getimed, met_pg_database, werkmap

    from stuurwiel.config.regio import lees_regio
    from stuurwiel.synth import genereer

    opties = argumenten()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = werkmap(tmp)
        bron = tmp / "bron"
        t_gen = getimed(lambda: genereer(lees_regio("zhz"), range(2021, 2026), seed=1, schaal=opties.schaal, uit=bron,
                                       formaat="ijw"))
        aantal = sum(1 for _ in berichten(bron))
        regels = sum(data.count(PRESTATIE) for soort, data in berichten(bron) if soort == "JW323")
        mb = sum(p.stat().st_size for p in (bron / "ijw").rglob("*.zip")) / 1e6

        uitkomst: dict = {}
        cpu: list[float] = []

        def cpu_getimed(doe) -> float:
            """Seconds on the clock; the processor time of this process and its workers goes into `cpu`."""
            voor = os.times()
            seconden = getimed(doe)
            na = os.times()
            cpu.append(sum(na[:4]) - sum(voor[:4]))
            return seconden

        cores = os.cpu_count() or 1
        results = [
            ("Stuurwiel → DuckDB (safe read, own validation, load, signals; 2 cores)",
             getimed(lambda: stuurwiel_laad(bron, str(tmp / "s.duckdb")))),
            ("Stuurwiel → PostgreSQL (same)",
             met_pg_database(opties.postgres, lambda adres: getimed(lambda: stuurwiel_laad(bron, adres)))),
            (f"stuurwiel controleer (safe read, official XSD in libxml2, all {len(REGELS)} rules; {cores} cores, "
             "nothing stored)", cpu_getimed(lambda: uitkomst.update(controle=stuurwiel_controleer(bron)))),
            (f"lxml parse + official XSD validation only ({cores} cores, same process pool, nothing stored)",
             cpu_getimed(lambda: uitkomst.update(lxml_alle=lxml_xsd(bron, True)))),
            ("stuurwiel controleer, the same on 1 core",
             cpu_getimed(lambda: uitkomst.update(controle_1=stuurwiel_controleer_1_core(bron)))),
            ("lxml parse + official XSD validation only (1 core, nothing stored)",
             cpu_getimed(lambda: uitkomst.update(lxml=lxml_xsd(bron, False)))),
            ("Stuurwiel's own validator only (1 core, nothing stored)",
             getimed(lambda: uitkomst.update(eigen=eigen_validatie(bron)))),
        ]
        n, ongeldig = uitkomst["lxml"]
        assert n == aantal and ongeldig == 0 and uitkomst["eigen"] == 0, (n, ongeldig, uitkomst)
        assert uitkomst["lxml_alle"] == uitkomst["lxml"] and uitkomst["controle"] == uitkomst["controle_1"], uitkomst
        weigering = vijandig(tmp)
        t_controle, t_lxml_alle, t_controle_1, t_lxml = (s for _, s in results[2:6])

    print(f"Machine: {beschrijving()}")
    print(f"ZHZ 2021–2025, schaal {opties.schaal}: {aantal:,} messages with {regels:,} claim lines in "
          f"{mb:.0f} MB of zips, generated in {t_gen:.0f} s; controleer finds {uitkomst['controle']:,} "
          "rule breaches in them\n")
    print("| validate (+ load) | seconds | messages/s | claim lines/s |")
    print("|---|---:|---:|---:|")
    for name, s in results:
        print(f"| {name} | {s:.1f} | {aantal / s:,.0f} | {regels / s:,.0f} |")
    for wat, t_c, t_l in [(f"{cores} cores each", t_controle, t_lxml_alle), ("1 core each", t_controle_1, t_lxml),
                          (f"controleer on {cores} cores, lxml on 1", t_controle, t_lxml)]:
        print(f"\n{wat}: controleer {aantal / t_c:,.0f} messages/s, bare lxml XSD {aantal / t_l:,.0f} messages/s: "
              f"controleer is {t_l / t_c:.2f}× as fast", end="")
    print("\n\nProcessor time per message (this process and its workers): "
          + ", ".join(f"{wat} {s * 1e6 / aantal:.0f} µs" for wat, s in zip(
              [f"controleer on {cores} cores", f"lxml on {cores} cores", "controleer on 1 core", "lxml on 1 core"],
              cpu, strict=True)))
    print("\n| hostile file | refused in |")
    print("|---|---:|")
    for name, s in weigering:
        print(f"| {name} | {s * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
