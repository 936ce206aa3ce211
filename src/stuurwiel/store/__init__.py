"""The canonical store (DuckDB or PostgreSQL) and its schema."""

from stuurwiel.store.engine import Store, StoreFout

__all__ = ["Store", "StoreFout"]
