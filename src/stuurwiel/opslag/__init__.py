"""The canonical store (DuckDB or PostgreSQL) and its schema."""

from stuurwiel.opslag.database import Store, StoreFout

__all__ = ["Store", "StoreFout"]
