"""Derive Stuurwiel's package data from the public reference material.

Sources (see ../shared/reference/README.md for where each comes from):
- gemeenten-2026.csv                      CBS gemeentelijke indeling 2026 + jeugdregio
- cbs/jeugdzorg-aandeel-per-gemeente-2022.csv  CBS Kerncijfers wijken en buurten 2022
- iv3/jeugd-lasten-per-gemeente.csv       CBS Iv3, taakvelden jeugd (x 1000 euro)
- ijw-3.2/xsd/basisschema.xsd             iStandaard Jeugdwet 3.2 code lists

Writes into src/stuurwiel/data/:
- gemeenten.csv    code, naam, provincie, jeugdregio, % young people with youth care (2022)
- bevolking.csv    inhabitants and an *estimate* of young people 0-17 per municipality x year
- iv3_jeugd.csv    realised and budgeted youth-care spending in euro (all-zero rows dropped)
- codelijsten.json every enumeration of the basisschema with its documentation
- bronnen.json     the source of each file above, shown to users next to the figures

Run: python scripts/afleiden_referentie.py [--bron ../shared/reference]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parents[1] / "src" / "stuurwiel" / "data"
XS = "{http://www.w3.org/2001/XMLSchema}"

# Municipalities formed after 2022 that have no CBS 2022 row: their predecessors.
VOORGANGERS = {"1992": ["0501", "0530", "0614"]}  # Voorne aan Zee (2023)

BEVOLKING_BRON = (
    "schatting: inwoners uit CBS Iv3 per jaar x aandeel 0-17 uit CBS Kerncijfers wijken en "
    "buurten 2022 (% 0-15 + 3/10 van % 15-25)"
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def share_0_17(cbs_row: dict[str, str]) -> float:
    return (float(cbs_row["pct_0_15"]) + 0.3 * float(cbs_row["pct_15_25"])) / 100


def cbs_profile(code: str, cbs: dict[str, dict[str, str]]) -> tuple[float, float]:
    """Share of inhabitants aged 0-17 and % young people with youth care, 2022."""
    if code in cbs:
        row = cbs[code]
        return share_0_17(row), float(row["pct_jongeren_met_jeugdzorg"])
    parts = [cbs[c] for c in VOORGANGERS[code]]
    inw = sum(float(p["inwoners"]) for p in parts)
    share = sum(share_0_17(p) * float(p["inwoners"]) for p in parts) / inw
    pct = sum(float(p["pct_jongeren_met_jeugdzorg"]) * float(p["inwoners"]) for p in parts) / inw
    return share, pct


def inhabitants_by_year(iv3: list[dict[str, str]]) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = defaultdict(dict)
    for r in iv3:
        n = int(r["inwoners"] or 0)
        if n:
            out[r["gemeentecode"]][int(r["jaar"])] = n
    for code, parts in VOORGANGERS.items():  # years before a merger: the sum of its parts
        for jaar in set().union(*(out[p] for p in parts)) - set(out[code]):
            out[code][jaar] = sum(out[p].get(jaar, 0) for p in parts)
    return out


def derive_municipalities(bron: Path) -> None:
    gemeenten = read_csv(bron / "gemeenten-2026.csv")
    cbs = {r["gemeentecode"]: r for r in read_csv(bron / "cbs" / "jeugdzorg-aandeel-per-gemeente-2022.csv")}
    iv3 = read_csv(bron / "iv3" / "jeugd-lasten-per-gemeente.csv")
    inwoners = inhabitants_by_year(iv3)

    gem_rows, bev_rows = [], []
    for g in sorted(gemeenten, key=lambda r: r["gemeentecode"]):
        code = g["gemeentecode"]
        share, pct = cbs_profile(code, cbs)
        gem_rows.append([code, g["gemeentenaam"], g["provincie"], g["jeugdregio"], round(pct, 1)])
        for jaar, n in sorted(inwoners[code].items()):
            bev_rows.append([code, jaar, n, round(n * share)])
    write_csv(DATA / "gemeenten.csv",
              ["gemeentecode", "gemeentenaam", "provincie", "jeugdregio", "pct_jeugd_met_jeugdzorg_2022"],
              gem_rows)
    write_csv(DATA / "bevolking.csv", ["gemeentecode", "jaar", "inwoners", "jeugdigen_0_17"], bev_rows)

    iv3_rows = []
    for r in iv3:
        bedrag = float(r["jeugd_kern_keur"])
        if bedrag > 0:  # all-zero rows are missing reports, not zero spending
            iv3_rows.append([r["gemeentecode"], r["jaar"], r["soort"], int(round(bedrag * 1000))])
    write_csv(DATA / "iv3_jeugd.csv", ["gemeentecode", "jaar", "soort", "bedrag_euro"], iv3_rows)


def derive_code_lists(bron: Path) -> None:
    tree = etree.parse(str(bron / "ijw-3.2" / "xsd" / "basisschema.xsd"),
                       etree.XMLParser(resolve_entities=False, no_network=True))
    lists: dict[str, dict[str, str]] = {}
    for st in tree.getroot().iter(f"{XS}simpleType"):
        name = st.get("name", "")
        enums = st.findall(f"{XS}restriction/{XS}enumeration")
        if not name.startswith("LDT_") or not enums:
            continue
        lists[name.removeprefix("LDT_")] = {
            e.get("value"): " ".join(e.findtext(f"{XS}annotation/{XS}documentation", "").split())
            for e in enums
        }
    (DATA / "codelijsten.json").write_text(
        json.dumps({"bron": "iStandaard Jeugdwet 3.2, basisschema.xsd", "lijsten": lists},
                   ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")


def write_sources() -> None:
    bronnen = {
        "gemeenten.csv": "CBS gemeentelijke indeling 1 januari 2026 met jeugdzorgregio; "
                         "% jeugdigen met jeugdzorg uit CBS Kerncijfers wijken en buurten 2022",
        "bevolking.csv": BEVOLKING_BRON,
        "iv3_jeugd.csv": "CBS Iv3 Financien van gemeenten, taakvelden 6.72-6.76 en 6.82 (lasten jeugd)",
        "codelijsten.json": "iStandaard Jeugdwet 3.2 (Zorginstituut Nederland), basisschema.xsd",
    }
    (DATA / "bronnen.json").write_text(json.dumps(bronnen, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bron", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "reference")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    derive_municipalities(args.bron)
    derive_code_lists(args.bron)
    write_sources()


if __name__ == "__main__":
    main()
