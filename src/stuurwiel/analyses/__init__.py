"""Analyses on the measures: forecasts and business-rule signals (later norms, samples, settlement, goals)."""
