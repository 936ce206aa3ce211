
"""The generated parts of docs/ are current (regenerate with `python scripts/docs.py`)."""

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


def test_generated_docs_are_current():
    spec = importlib.util.spec_from_file_location("docs_script", ROOT / "scripts" / "docs.py")
    documentatie = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(documentatie)
    for naam, inhoud in documentatie.gegenereerd().items():
        tekst = (ROOT / "docs" / naam).read_text(encoding="utf-8")
        assert documentatie.vul_in(naam, tekst, inhoud) == tekst, f"docs/{naam} is stale: run python scripts/docs.py"
