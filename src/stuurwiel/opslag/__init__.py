"""The canonical store (DuckDB or PostgreSQL) and its schema."""

from stuurwiel.opslag.database import Opslag, OpslagFout

__all__ = ["Opslag", "OpslagFout"]
