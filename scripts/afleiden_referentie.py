"""Derive Stuurwiel's package data from the public reference material.

Sources (see ../shared/reference/README.md for where each comes from):
- gemeenten-2026.csv                      CBS gemeentelijke indeling 2026 + jeugdregio
- cbs/jeugdzorg-aandeel-per-gemeente-2022.csv  CBS Kerncijfers wijken en buurten 2022
- iv3/jeugd-lasten-per-gemeente.csv       CBS Iv3, taakvelden jeugd (x 1000 euro)
- ijw-3.2/xsd/basisschema.xsd             iStandaard Jeugdwet 3.2 code lists
- ijw-3.2/xsd/JW3*.xsd + basisschema.xsd  iStandaard Jeugdwet 3.2 message schemas

Writes into src/stuurwiel/data/:
- gemeenten.csv    code, naam, provincie, jeugdregio, % young people with youth care (2022)
- bevolking.csv    inhabitants and an *estimate* of young people 0-17 per municipality x year
- iv3_jeugd.csv    realised and budgeted youth-care spending in euro (all-zero rows dropped)
- codelijsten.json every enumeration of the basisschema with its documentation
- ijw_xsd.json     the message schemas as Stuurwiel's validator reads them: per message its
                   namespace, root type and BerichtCode; per complex type its sequence of
                   elements; per simple type its built-in base and the facets of every step
- ijw_xsd/         the official XSDs themselves (JW301.xsd … JW325.xsd, basisschema.xsd), unchanged:
                   libxml2 validates against them, the validator above explains what it finds
- bronnen.json     the source of each file above, shown to users next to the figures

Run: python scripts/afleiden_referentie.py [--bron ../shared/reference]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
from collections import defaultdict
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parents[1] / "src" / "stuurwiel" / "data"
XS_NS = "http://www.w3.org/2001/XMLSchema"
XS = "{" + XS_NS + "}"

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


# What the derivation understands; anything else in a schema stops it rather than being skipped.
FACETS_BY_BASE = {
    "xs:string": {"enumeration", "pattern", "minLength", "maxLength"},
    "xs:integer": {"pattern", "minInclusive", "maxInclusive"},
    "xs:date": {"pattern"},
    "xs:time": {"pattern"},
}


def xsd_children(node: etree._Element) -> list[etree._Element]:
    """The XSD children that carry meaning: no annotations, comments or processing instructions."""
    return [c for c in node if isinstance(c.tag, str) and c.tag != f"{XS}annotation"]


def unsupported(node: etree._Element, path: Path) -> SystemExit:
    return SystemExit(f"{path.name}:{node.sourceline}: {etree.QName(node).localname} wordt niet ondersteund")


class MessageSchemas:
    """The complex and simple types of a set of XSDs, under ids `prefix:Name` (prefix `ijw` or `jwNNN`)."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes  # namespace URI -> prefix
        self.complex_types: dict[str, list[dict]] = {}
        self.simple_types: dict[str, dict] = {}
        self.simple_nodes: dict[str, tuple[etree._Element, Path]] = {}

    def type_id(self, node: etree._Element, qname: str) -> str:
        prefix, _, local = qname.rpartition(":")
        uri = node.nsmap.get(prefix or None)
        return f"xs:{local}" if uri == XS_NS else f"{self.prefixes[uri]}:{local}"

    def read(self, root: etree._Element, path: Path) -> None:
        prefix = self.prefixes[root.get("targetNamespace")]
        for node in xsd_children(root):
            if node.tag == f"{XS}complexType":
                self.read_complex(node, f"{prefix}:{node.get('name')}", root, path)
            elif node.tag == f"{XS}simpleType":
                self.simple_nodes[f"{prefix}:{node.get('name')}"] = (node, path)
            elif node.tag not in (f"{XS}import", f"{XS}element"):  # global elements: derive_message_schemas
                raise unsupported(node, path)

    def read_complex(self, node: etree._Element, type_id: str, schema: etree._Element, path: Path) -> None:
        content = xsd_children(node)
        if (node.get("mixed") == "true" or len(content) != 1 or content[0].tag != f"{XS}sequence"
                or content[0].get("minOccurs") or content[0].get("maxOccurs")):
            raise unsupported(node, path)
        prefix = type_id.split(":")[0]
        self.complex_types[type_id] = [self.read_element(el, prefix, schema, path, type_id)
                                       for el in xsd_children(content[0])]

    def read_element(self, el: etree._Element, prefix: str, schema: etree._Element, path: Path,
                     owner: str) -> dict:
        if el.tag != f"{XS}element" or el.get("ref") or el.get("nillable") or el.get("fixed") or el.get("default"):
            raise unsupported(el, path)
        qualified = el.get("form", schema.get("elementFormDefault", "unqualified")) == "qualified"
        inline = xsd_children(el)
        if el.get("type"):
            type_ref = self.type_id(el, el.get("type"))
        elif len(inline) == 1 and inline[0].tag == f"{XS}simpleType":
            type_ref = f"{owner}/{el.get('name')}"  # an anonymous type: named after where it is declared
            self.simple_nodes[type_ref] = (inline[0], path)
        else:
            raise unsupported(el, path)
        max_occurs = el.get("maxOccurs", "1")
        return {"naam": el.get("name"), "ns": prefix if qualified else "", "type": type_ref,
                "min": int(el.get("minOccurs", "1")), "max": None if max_occurs == "unbounded" else int(max_occurs)}

    def simple_type(self, type_id: str) -> dict:
        """Built-in base and facets per derivation step, from the built-in outward."""
        if type_id not in self.simple_types:
            node, path = self.simple_nodes[type_id]
            restriction = xsd_children(node)
            if len(restriction) != 1 or restriction[0].tag != f"{XS}restriction":
                raise unsupported(node, path)
            base = self.type_id(restriction[0], restriction[0].get("base"))
            inherited = {"basis": base, "stappen": []} if base in FACETS_BY_BASE else self.simple_type(base)
            step = self.facets(restriction[0], inherited["basis"], path)
            self.simple_types[type_id] = {"basis": inherited["basis"],
                                          "stappen": inherited["stappen"] + [{"type": type_id, **step}]}
        return self.simple_types[type_id]

    @staticmethod
    def facets(restriction: etree._Element, base: str, path: Path) -> dict:
        step: dict = {}
        for facet in xsd_children(restriction):
            name, value = etree.QName(facet).localname, facet.get("value")
            if name not in FACETS_BY_BASE[base]:
                raise unsupported(facet, path)
            if name in ("enumeration", "pattern"):
                step.setdefault(name, []).append(value)
            else:
                step[name] = int(value)
        return step


def message_code(schemas: MessageSchemas, root_type: str) -> str:
    """The BerichtCode a message schema fixes: the pattern of its anonymous Header/BerichtCode type."""
    header = next(p["type"] for p in schemas.complex_types[root_type] if p["naam"] == "Header")
    code_type = next(p["type"] for p in schemas.complex_types[header] if p["naam"] == "BerichtCode")
    (code,) = schemas.simple_types[code_type]["stappen"][-1]["pattern"]
    if not code.isdigit():
        raise SystemExit(f"{header}/BerichtCode: geen vaste code maar het patroon {code}")
    return code


def derive_message_schemas(bron: Path) -> None:
    xsd = bron / "ijw-3.2" / "xsd"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    roots = {p: etree.parse(str(p), parser).getroot()
             for p in [xsd / "basisschema.xsd", *sorted(xsd.glob("JW3*.xsd"))]}
    namespaces = {"ijw" if p.stem == "basisschema" else p.stem.lower(): root.get("targetNamespace")
                  for p, root in roots.items()}
    schemas = MessageSchemas({uri: prefix for prefix, uri in namespaces.items()})
    for path, root in roots.items():
        schemas.read(root, path)
    for type_id in schemas.simple_nodes:
        schemas.simple_type(type_id)

    messages = {}
    for path, root in roots.items():
        for bericht in xsd_children(root):
            if bericht.tag != f"{XS}element":
                continue
            if bericht.get("name") != "Bericht":
                raise unsupported(bericht, path)
            root_type = schemas.type_id(bericht, bericht.get("type"))
            messages[path.stem] = {"namespace": root.get("targetNamespace"), "root": root_type,
                                   "berichtcode": message_code(schemas, root_type)}
    (DATA / "ijw_xsd.json").write_text(
        json.dumps({"bron": "iStandaard Jeugdwet 3.2, JW301.xsd … JW325.xsd en basisschema.xsd",
                    "namespaces": namespaces, "berichten": messages,
                    "complextypes": schemas.complex_types, "simpletypes": schemas.simple_types},
                   ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")


def copy_message_schemas(bron: Path) -> None:
    doel = DATA / "ijw_xsd"
    doel.mkdir(exist_ok=True)
    xsd = bron / "ijw-3.2" / "xsd"
    for pad in [xsd / "basisschema.xsd", *sorted(xsd.glob("JW3*.xsd"))]:
        shutil.copyfile(pad, doel / pad.name)


def write_sources() -> None:
    bronnen = {
        "gemeenten.csv": "CBS gemeentelijke indeling 1 januari 2026 met jeugdzorgregio; "
                         "% jeugdigen met jeugdzorg uit CBS Kerncijfers wijken en buurten 2022",
        "bevolking.csv": BEVOLKING_BRON,
        "iv3_jeugd.csv": "CBS Iv3 Financien van gemeenten, taakvelden 6.72-6.76 en 6.82 (lasten jeugd)",
        "codelijsten.json": "iStandaard Jeugdwet 3.2 (Zorginstituut Nederland), basisschema.xsd",
        "ijw_xsd.json": "iStandaard Jeugdwet 3.2 (Zorginstituut Nederland), JW301.xsd … JW325.xsd en basisschema.xsd",
        "ijw_xsd": "iStandaard Jeugdwet 3.2 (Zorginstituut Nederland), JW301.xsd … JW325.xsd en basisschema.xsd "
                   "(ongewijzigde kopie)",
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
    derive_message_schemas(args.bron)
    copy_message_schemas(args.bron)
    write_sources()


if __name__ == "__main__":
    main()
