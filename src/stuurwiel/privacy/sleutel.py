"""The pseudonymisation key and the keyed pseudonym that replaces every BSN.

The key lives outside the store: a file created by `stuurwiel init` (mode 0600), found via
STUURWIEL_SLEUTEL, the region's `privacy.sleutel`, or next to the DuckDB file. The store keeps
only a fingerprint, so loading with another key (which would split every client in two) is
refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from stuurwiel.opslag.database import is_postgres


class SleutelFout(RuntimeError):
    """The key is missing, unreadable or not the key this store was made with."""


def standaard_sleutelpad(database_adres: str) -> Path:
    if is_postgres(database_adres):
        naam = database_adres.rsplit("/", 1)[-1].split("?")[0] or "stuurwiel"
        map_ = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "stuurwiel"
        return map_ / f"{naam}.sleutel"
    return Path(database_adres.removeprefix("duckdb://")).with_suffix(".sleutel")


def sleutelpad(database_adres: str, ingesteld: Path | None = None) -> Path:
    uit_omgeving = os.environ.get("STUURWIEL_SLEUTEL")
    if uit_omgeving:
        return Path(uit_omgeving)
    return ingesteld or standaard_sleutelpad(database_adres)


class Sleutel:
    def __init__(self, sleutel: bytes):
        self._sleutel = sleutel

    @classmethod
    def maak(cls, pad: Path) -> Sleutel:
        """Create a new random key at `pad`; an existing key file is kept and returned."""
        if pad.exists():
            return cls.lees(pad)
        pad.parent.mkdir(parents=True, exist_ok=True)
        bestand = os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(bestand, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        return cls.lees(pad)

    @classmethod
    def lees(cls, pad: Path) -> Sleutel:
        try:
            return cls(bytes.fromhex(pad.read_text().strip()))
        except FileNotFoundError:
            raise SleutelFout(f"pseudonimiseringssleutel {pad} niet gevonden; maak hem met "
                              "`stuurwiel init` of wijs hem aan met STUURWIEL_SLEUTEL") from None
        except (OSError, ValueError) as e:
            raise SleutelFout(f"pseudonimiseringssleutel {pad} is onleesbaar ({e})") from None

    def pseudoniem(self, bsn: str) -> str:
        return hmac.new(self._sleutel, bsn.encode("ascii"), hashlib.sha256).hexdigest()

    def vervanging(self, bsn: str) -> str:
        """A BSN's stand-in where no BSN belongs (privacy.bsn_elders: pseudonimiseren): P and the start of
        its pseudonym, no longer than the BSN itself, so it fits wherever the BSN did."""
        return "P" + self.pseudoniem(bsn)[:8]

    @property
    def vingerafdruk(self) -> str:
        return hmac.new(self._sleutel, b"stuurwiel-vingerafdruk", hashlib.sha256).hexdigest()[:16]
