"""Analyses on the measures: forecasts, business-rule signals and the norm check (later samples, settlement, goals)."""
