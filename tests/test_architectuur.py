"""The architecture holds: layers import only downward and no package has a cycle (the import-linter
contracts in pyproject.toml), the command line starts without the heavy libraries, and no module
grows past 400 lines."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
BRON = ROOT / "src" / "stuurwiel"
LINT = Path(sys.executable).parent / "lint-imports"
ZWAAR = ("pandas", "numpy", "pyarrow", "ibis", "duckdb", "weasyprint", "altair", "vl_convert", "openpyxl", "fastapi")


def _lint(bron: Path) -> subprocess.CompletedProcess:
    omgeving = {"PYTHONPATH": str(bron.parent), "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(LINT), str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT,
                          env=omgeving, timeout=120)


def test_the_layers_hold_and_no_package_has_a_cycle():
    uit = _lint(BRON)
    assert uit.returncode == 0, uit.stdout + uit.stderr
    assert uit.stdout.count("KEPT") == 3 and "BROKEN" not in uit.stdout


def test_a_lower_layer_that_imports_a_higher_one_breaks_the_contract(tmp_path):
    """The shortcut the redesign removed (privacy importing the metrics) would fail the suite again."""
    kopie = tmp_path / "stuurwiel"
    shutil.copytree(BRON, kopie, ignore=shutil.ignore_patterns("static", "data", "__pycache__"))
    bereik = kopie / "privacy" / "bereik.py"
    bereik.write_text(bereik.read_text() + "\nfrom stuurwiel.maten.catalogus import meet  # noqa\n")
    uit = _lint(kopie)
    assert uit.returncode != 0
    assert "stuurwiel.privacy is not allowed to import stuurwiel.maten" in uit.stdout


def test_the_command_line_starts_without_the_heavy_libraries():
    code = f"import sys, stuurwiel.cli; print([m for m in {ZWAAR!r} if m in sys.modules])"
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert uit.stdout.strip() == "[]"


def test_no_module_is_longer_than_400_lines():
    te_lang = {str(p.relative_to(BRON)): n for p in BRON.rglob("*.py")
               if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not te_lang
