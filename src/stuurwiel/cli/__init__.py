"""Command-line interface. Each module registers its commands on the shared app."""

from stuurwiel.cli import beheer, cijfers, laden, maten, prognose, rapporten, synth, toelichting  # noqa: F401
from stuurwiel.cli.app import app


def main() -> None:
    app()
