"""Vendor the browser code of the dashboard from the npm registry into the package (static/vendor/).

The pages load nothing from the internet and run under a CSP without 'unsafe-inline' or 'unsafe-eval'
(docs/decisions.md, Web). For each pinned package this asks the registry for the version's tarball and
sha512 `integrity`, checks the download against it, and copies only the browser builds and the licence
texts into src/stuurwiel/web/static/vendor/<package>/; vendor/BRON.json says where every file came from.

vega-embed 7 bundles vega-interpreter, which its `ast: true` option uses instead of `new Function`;
vega-interpreter's own package ships only an ES module that imports vega-util, so it is not copied.
vega-embed also bundles vega-tooltip, whose style sheet it would inject as an inline <style>: this script
writes that style sheet to vendor/vega-embed/vega-tooltip.css for the pages to link instead.

Run: python scripts/web_assets.py   (tests/test_web_assets.py checks vega-lite against Altair's schema)
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
VENDOR = Path(__file__).resolve().parents[1] / "src" / "stuurwiel" / "web" / "static" / "vendor"

# package: (version, files inside the tarball's package/ folder)
PAKKETTEN = {
    "vega": ("6.4.0", ["build/vega.min.js", "LICENSE"]),
    "vega-lite": ("6.4.1", ["build/vega-lite.min.js", "LICENSE"]),  # = altair.SCHEMA_VERSION (Altair 6.3)
    "vega-embed": ("7.3.0", ["build/vega-embed.min.js", "LICENSE"]),
    "swagger-ui-dist": ("5.35.0", ["swagger-ui-bundle.js", "swagger-ui-bundle.js.LICENSE.txt", "swagger-ui.css",
                                   "LICENSE", "NOTICE"]),
}
TOOLTIP_CSS = re.compile(r'"(#vg-tooltip-element \{(?:[^"\\]|\\.)*)"')


def haal(url: str) -> bytes:
    verzoek = urllib.request.Request(url, headers={"User-Agent": "stuurwiel-web-assets"})
    with urllib.request.urlopen(verzoek, timeout=120) as antwoord:
        return antwoord.read()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tarball(pakket: str, versie: str) -> tuple[dict, bytes]:
    """The registry's record of one version and its tarball, checked against the registry's integrity."""
    dist = json.loads(haal(f"{REGISTRY}/{pakket}/{versie}"))["dist"]
    data = haal(dist["tarball"])
    if integrity(data) != dist["integrity"]:
        raise SystemExit(f"{pakket}@{versie}: the tarball does not match the registry's integrity")
    return dist, data


def tooltip_css(vega_embed: bytes, versie: str) -> bytes:
    gevonden = TOOLTIP_CSS.search(vega_embed.decode())
    if not gevonden:
        raise SystemExit(f"vega-embed@{versie}: no vega-tooltip style sheet found in its build")
    kop = f"/* vega-tooltip's default style as bundled in vega-embed {versie} (scripts/web_assets.py) */\n"
    return (kop + json.loads(f'"{gevonden.group(1)}"')).encode()


def vendor(pakket: str, versie: str, paden: list[str]) -> dict:
    dist, data = tarball(pakket, versie)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        bestanden = {Path(p).name: tar.extractfile(f"package/{p}").read() for p in paden}
        licentie = json.loads(tar.extractfile("package/package.json").read()).get("license")
    if pakket == "vega-embed":
        bestanden["vega-tooltip.css"] = tooltip_css(bestanden["vega-embed.min.js"], versie)
    doel = VENDOR / pakket
    doel.mkdir(parents=True)
    for naam, inhoud in bestanden.items():
        (doel / naam).write_bytes(inhoud)
    return {"versie": versie, "tarball": dist["tarball"], "integrity": dist["integrity"], "licentie": licentie,
            "bestanden": {naam: sha256(inhoud) for naam, inhoud in bestanden.items()}}


def main() -> int:
    shutil.rmtree(VENDOR, ignore_errors=True)
    bron = {pakket: vendor(pakket, versie, paden) for pakket, (versie, paden) in PAKKETTEN.items()}
    (VENDOR / "BRON.json").write_text(json.dumps(bron, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for pakket, gegevens in bron.items():
        grootte = sum((VENDOR / pakket / naam).stat().st_size for naam in gegevens["bestanden"])
        print(f"{pakket}@{gegevens['versie']}: {len(gegevens['bestanden'])} bestanden, {grootte / 1024:,.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
