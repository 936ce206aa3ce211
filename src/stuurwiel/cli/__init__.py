"""Command-line interface. Each module registers its commands on the shared app."""

from stuurwiel.cli import beheer, cijfers, laden, maten, rapporten, synth, toelichting  # noqa: F401  (register commands)
from stuurwiel.cli.app import app


def main() -> None:
    app()
