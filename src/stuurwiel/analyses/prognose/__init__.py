"""Forecasts: late-claim completion, the year-end forecast (burap), provider ceilings and the annual budget,
each with its back-test."""
