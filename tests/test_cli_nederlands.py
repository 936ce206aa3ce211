"""The command line speaks Dutch: help, metavars and Typer's own errors; `serve --port` is `--poort`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import typer

import stuurwiel
from stuurwiel.cli import app
from tests.support.helpers import cli

ENGELS = ("Usage", "Options", "Commands", "Arguments", "[required]", "default:", "Show this message", "<list[",
          "<str>", "<int>", "<float>", "<Path>")


def _opdrachten(commando, pad: tuple[str, ...] = ()):
    """Every command and group under `commando`, with the words that call it."""
    yield pad
    for naam, sub in getattr(commando, "commands", {}).items():
        yield from _opdrachten(sub, (*pad, naam))


@pytest.mark.unit
def test_the_help_of_kerncijfers_is_dutch_with_dutch_metavars():
    result = cli("kerncijfers", "--help")
    assert result.exit_code == 0
    uitvoer = result.output
    assert uitvoer.startswith("Gebruik: stuurwiel kerncijfers [OPTIES]")
    assert "Opties:" in uitvoer and "--jaar JAAR" in uitvoer and "--gemeente GEMEENTE" in uitvoer
    assert "kalenderjaar  [verplicht]" in uitvoer and "[standaard: tabel]" in uitvoer
    assert "--help               Toon deze hulp en stop." in uitvoer
    assert not [w for w in ENGELS if w in uitvoer]


@pytest.mark.unit
def test_every_commands_help_is_dutch():
    opdrachten = list(_opdrachten(typer.main.get_command(app)))
    assert ("prognose", "toets") in opdrachten and ("gebruiker", "toevoegen") in opdrachten
    for opdracht in opdrachten:
        result = cli(*opdracht, "--help")
        assert result.exit_code == 0, opdracht
        assert result.output.startswith("Gebruik: stuurwiel"), opdracht
        assert not [w for w in ENGELS if w in result.output], (opdracht, result.output)
    groep = cli("prognose", "--help").output
    assert "Gebruik: stuurwiel prognose [OPTIES] OPDRACHT [ARGUMENTEN]..." in groep and "Opdrachten:" in groep
    laad = cli("laad", "--help").output
    assert "Gebruik: stuurwiel laad [OPTIES] PADEN..." in laad and "Argumenten:" in laad


@pytest.mark.unit
@pytest.mark.parametrize(("opdracht", "gebruik", "melding"), [
    (["kerncijfers"], "stuurwiel kerncijfers [OPTIES]", "optie '--jaar' ontbreekt"),
    (["kerncijfers", "--jaar", "twintig"], "stuurwiel kerncijfers [OPTIES]",
     "ongeldige waarde voor '--jaar': verwacht een geheel getal"),
    (["kerncijfers", "--jar", "2024"], "stuurwiel kerncijfers [OPTIES]", "onbekende optie: --jar (bedoelt u --jaar"),
    (["kerncijfer"], "stuurwiel [OPTIES] OPDRACHT [ARGUMENTEN]...",
     "onbekende opdracht 'kerncijfer'; bedoelt u 'kerncijfers'?"),
    (["laad"], "stuurwiel laad [OPTIES] PADEN...", "argument 'PADEN' ontbreekt"),
    (["meet", "kosten", "--periode", "2024", "extra"], "stuurwiel meet [OPTIES] MAAT",
     "onverwacht argument: extra"),
])
def test_typers_own_errors_are_dutch_with_the_usage_and_where_to_find_help(opdracht, gebruik, melding):
    result = cli(*opdracht)
    assert result.exit_code == 2
    assert f"Gebruik: {gebruik}" in result.output
    assert f"Probeer '{gebruik.split(' [')[0]} --help' voor hulp." in result.output
    assert f"Fout: {melding}" in result.output
    assert "Error" not in result.output and "Usage" not in result.output


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.unit
def test_serve_answers_to_port_as_to_poort(tmp_path, sleutel_env):
    db = str(tmp_path / "k.duckdb")
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    assert "--poort, --port POORT" in cli("serve", "--help").output
    poort = _vrije_poort()
    omgeving = {**os.environ, "PYTHONPATH": str(Path(stuurwiel.__file__).parents[1])}
    server = subprocess.Popen([sys.executable, "-c", "from stuurwiel.cli import main; main()", "serve", "--db", db,
                               "--port", str(poort)], env=omgeving, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        for _ in range(600):  # until it listens (or stops)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{poort}/login") as antwoord:
                    assert antwoord.status == 200 and "Inloggen" in antwoord.read().decode()
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.1)
        else:
            pytest.fail("de server luistert niet")
    finally:
        server.terminate()
        server.wait(30)
