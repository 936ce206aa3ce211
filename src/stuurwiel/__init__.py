"""Stuurwiel: stuurinformatie, prognoses en controle voor jeugdhulpregio's."""

__version__ = "0.1.0"
