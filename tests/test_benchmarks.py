"""Every benchmark in `benchmarks/` still runs: each script at its smallest size prints its table.
The timings are not checked (these machines are shared); that the scripts work is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.omgeving import PG_ADMIN

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
KLEIN = {
    "opstart.py": ["--keer", "1"],
    "load.py": ["--schaal", "0.01", "--postgres", PG_ADMIN],
    "ijw.py": ["--schaal", "0.01", "--postgres", PG_ADMIN],
    "begroting.py": ["--toets", "2021-2022"],
    "prognose.py": ["--schaal", "0.02"],
    "rapporten.py": ["--schaal", "0.02"],
    "serve.py": ["--schaal", "0.02", "--rondes", "1", "--gebruikers", "1,5"],
    "eerste_bezoek.py": ["--schaal", "0.02"],
    "signalen.py": ["--seeds", "101", "--schaal", "0.02", "--postgres", PG_ADMIN],
}
OOK = [("serve.py", [*KLEIN["serve.py"], "--postgres", PG_ADMIN])]  # a second run of a script, on the other engine


def test_every_benchmark_script_is_exercised():
    scripts = {p.name for p in (PROJECT / "benchmarks").glob("*.py")} - {"machine.py"}  # machine.py is a helper
    assert scripts == set(KLEIN)


@pytest.mark.parametrize(("script", "argumenten"), [*KLEIN.items(), *OOK],
                         ids=[*KLEIN, *(f"{s} {a[-2]}" for s, a in OOK)])
def test_the_benchmark_runs_and_prints_its_table(script, argumenten, pg_admin):
    r = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / script), *argumenten], cwd=PROJECT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.startswith("Machine: ") and "|---" in r.stdout, r.stdout[-2000:]
