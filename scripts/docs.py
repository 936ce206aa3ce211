"""Regenerate the parts of docs/ that are derived from code (between the GENERATED markers).

Run: python scripts/docs.py   (tests/test_docs.py fails when the docs are stale)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
START, END = "<!-- GENERATED: {} -->", "<!-- END GENERATED -->"


def generated() -> dict[str, str]:
    from stuurwiel.invoer.uitwisseling import als_markdown
    from stuurwiel.maten import catalogus

    return {"formats.md": als_markdown(), "maten.md": catalogus.als_markdown()}


def render(name: str, text: str, body: str) -> str:
    pattern = re.compile(re.escape(START.format(name)) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{START.format(name)}\n{body}\n{END}", text)


def main() -> int:
    for name, body in generated().items():
        path = DOCS / name
        path.write_text(render(name, path.read_text(encoding="utf-8"), body), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
