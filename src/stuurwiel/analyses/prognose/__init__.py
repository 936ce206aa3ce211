"""Forecasts: late-claim completion, the year-end forecast (burap), provider ceilings and the annual budget,
each with its back-test. A frame extracted once (gegevens.py), models as small estimators with
`pas_aan`/`voorspel` (driehoek.py, tijdreeks.py, bestand.py, begroting.py) and one back-test
orchestrator (toets.py); docs/prognose.md tells the whole story."""
