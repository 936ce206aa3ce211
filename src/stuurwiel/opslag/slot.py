"""Who may open a DuckDB file, across processes: many readers together, or one writer alone.

DuckDB lets many processes open a file read-only together, but while one holds it read-write nobody
else can open it at all. So every process takes a lock beside the file before opening it
(`<db>.slot`): shared to read, exclusive to write. A writer first announces itself with an
exclusive lock on `<db>.schrijfverzoek`; the dashboard, which keeps the file open for as long as it
runs, looks at that lock a few times a second, lets go of the file, waits until the writer is done
and opens it again (`opslag/gedeeld.py`). A new reader passes the announcement too, so a writer is
never starved. These are flock(2) locks: the kernel releases them when a process ends, so a loader
killed halfway never leaves the dashboard waiting.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GEDEELD, EXCLUSIEF = fcntl.LOCK_SH, fcntl.LOCK_EX


def slotpaden(pad: str | Path) -> tuple[Path, Path]:
    """(the lock of the file itself, the lock a writer announces itself with)."""
    return Path(f"{pad}.slot"), Path(f"{pad}.schrijfverzoek")


class Slot:
    """One flock on one lock file, through a descriptor of its own (two descriptors in one process
    exclude each other as two processes do). A lock file that cannot be made (a read-only folder)
    locks nothing: no writer can work there either."""

    def __init__(self, pad: Path):
        self.pad = pad
        self._fd: int | None = None

    def _open(self) -> int | None:
        if self._fd is None:
            try:
                self._fd = os.open(self.pad, os.O_RDWR | os.O_CREAT, 0o644)
            except PermissionError:
                try:
                    self._fd = os.open(self.pad, os.O_RDONLY)
                except OSError:
                    return None
        return self._fd

    def neem(self, soort: int, wacht: bool = True) -> bool:
        """Take (or convert to) the lock; without `wacht`, False when another holds it."""
        fd = self._open()
        if fd is None:
            return True
        try:
            fcntl.flock(fd, soort if wacht else soort | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def laat_los(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases its lock
            self._fd = None


def neem_voor_lezen(slot: Slot, verzoek: Slot) -> None:
    """Wait until no writer is announced or writing, then hold the file shared."""
    verzoek.neem(GEDEELD)
    try:
        slot.neem(GEDEELD)
    finally:
        verzoek.laat_los()


def neem_voor_schrijven(slot: Slot, verzoek: Slot) -> None:
    """Announce a write, then wait until every reader has let go; both locks are held until `laat_los`."""
    verzoek.neem(EXCLUSIEF)
    slot.neem(EXCLUSIEF)


@dataclass
class _Houder:
    slot: Slot
    verzoek: Slot
    aantal: int = 0
    slot_: threading.Lock = field(default_factory=threading.Lock)


_HOUDERS: dict[str, _Houder] = {}
_REGISTER = threading.Lock()


def houd_vast(pad: str, schrijven: bool) -> Callable[[], None]:
    """Take the file at `pad` for reading or writing; returns what lets it go. Opens nested inside one
    process (a test's store and the command it runs in-process) share what the process already holds,
    as DuckDB shares its database within a process."""
    sleutel = os.path.realpath(pad)
    with _REGISTER:
        houder = _HOUDERS.get(sleutel) or _HOUDERS.setdefault(sleutel, _Houder(*map(Slot, slotpaden(pad))))
    with houder.slot_:
        if houder.aantal == 0:
            (neem_voor_schrijven if schrijven else neem_voor_lezen)(houder.slot, houder.verzoek)
        houder.aantal += 1

    def laat_los() -> None:
        with houder.slot_:
            houder.aantal -= 1
            if houder.aantal == 0:
                houder.slot.laat_los()
                houder.verzoek.laat_los()

    return laat_los
