
"""The generated parts of docs/ are current (regenerate with `python scripts/docs.py`)."""

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]


def test_generated_docs_are_current():
    spec = importlib.util.spec_from_file_location("docs_script", ROOT / "scripts" / "docs.py")
    docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(docs)
    for name, body in docs.generated().items():
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert docs.render(name, text, body) == text, f"docs/{name} is stale: run python scripts/docs.py"
