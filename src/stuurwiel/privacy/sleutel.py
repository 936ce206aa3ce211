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


def default_key_path(db_url: str) -> Path:
    if is_postgres(db_url):
        naam = db_url.rsplit("/", 1)[-1].split("?")[0] or "stuurwiel"
        base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "stuurwiel"
        return base / f"{naam}.sleutel"
    return Path(db_url.removeprefix("duckdb://")).with_suffix(".sleutel")


def key_path(db_url: str, configured: Path | None = None) -> Path:
    env = os.environ.get("STUURWIEL_SLEUTEL")
    if env:
        return Path(env)
    return configured or default_key_path(db_url)


class Sleutel:
    def __init__(self, key: bytes):
        self._key = key

    @classmethod
    def create(cls, path: Path) -> Sleutel:
        """Create a new random key at `path`; an existing key file is kept and returned."""
        if path.exists():
            return cls.read(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        return cls.read(path)

    @classmethod
    def read(cls, path: Path) -> Sleutel:
        try:
            text = path.read_text().strip()
            return cls(bytes.fromhex(text))
        except FileNotFoundError:
            raise SleutelFout(f"pseudonimiseringssleutel {path} niet gevonden; maak hem met "
                              "`stuurwiel init` of wijs hem aan met STUURWIEL_SLEUTEL") from None
        except (OSError, ValueError) as e:
            raise SleutelFout(f"pseudonimiseringssleutel {path} is onleesbaar ({e})") from None

    def pseudonym(self, bsn: str) -> str:
        return hmac.new(self._key, bsn.encode("ascii"), hashlib.sha256).hexdigest()

    @property
    def fingerprint(self) -> str:
        return hmac.new(self._key, b"stuurwiel-vingerafdruk", hashlib.sha256).hexdigest()[:16]
