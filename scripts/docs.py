"""Regenerate the parts of docs/ that are derived from code (between the GENERATED markers).

Run: python scripts/docs.py   (tests/test_docs.py fails when the docs are stale)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCUMENTATIE = Path(__file__).resolve().parents[1] / "docs"
BEGIN, EINDE = "<!-- GENERATED: {} -->", "<!-- END GENERATED -->"


def gegenereerd() -> dict[str, str]:
    from stuurwiel.invoer.uitwisseling import als_markdown
    from stuurwiel.maten import catalogus

    return {"formats.md": als_markdown(), "maten.md": catalogus.als_markdown()}


def vul_in(naam: str, tekst: str, inhoud: str) -> str:
    patroon = re.compile(re.escape(BEGIN.format(naam)) + ".*?" + re.escape(EINDE), re.S)
    return patroon.sub(lambda _: f"{BEGIN.format(naam)}\n{inhoud}\n{EINDE}", tekst)


def main() -> int:
    for naam, inhoud in gegenereerd().items():
        pad = DOCUMENTATIE / naam
        pad.write_text(vul_in(naam, pad.read_text(encoding="utf-8"), inhoud), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
