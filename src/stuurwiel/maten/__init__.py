"""Measures over the canonical store, written once in Ibis for every engine."""
