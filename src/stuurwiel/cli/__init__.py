"""Command-line interface. Each module registers its commands on the shared app."""

from stuurwiel.cli import (  # noqa: F401  (each module registers its commands)
    begrippenlijst,
    begroting,
    cijfers,
    controle,
    cyclus,
    doelen,
    init,
    laden,
    maten,
    normen,
    prognose,
    rapporten,
    signalen,
    steekproef,
    synth,
    toelichting,
    verevening,
    web,
)
from stuurwiel.cli.app import app


def main() -> None:
    app()
