"""The region file's bounds on input (`invoer:`): what one exchange file may hold before it is
refused unread, and the memory a load from the dashboard may take (docs/beveiliging.md)."""

from __future__ import annotations

from pydantic import Field

from stuurwiel.config.model import Model

MB = 1024 * 1024


class Invoergrenzen(Model):
    max_bestand_mb: int = Field(default=4096, ge=1, description="uitgepakte grootte van één bestand (CSV, XLSX, "
                                                                 "Parquet) in MB")
    max_rijen: int = Field(default=50_000_000, ge=1, description="rijen in één bestand")
    max_cel_tekens: int = Field(default=100_000, ge=1, description="tekens in één cel of veld")
    max_regel_tekens: int = Field(default=1_000_000, ge=1, description="tekens in één regel van een CSV-bestand")
    geheugen_mb: int = Field(default=8192, ge=256, description="geheugen van het proces dat een upload uit het "
                                                               "dashboard leest")

    @property
    def max_bytes(self) -> int:
        return self.max_bestand_mb * MB
