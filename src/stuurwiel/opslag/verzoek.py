"""A connection of the dashboard for one request or background thread (`verbinding()` of opslag/gedeeld.py
and opslag/pool.py).

Within one snapshot of the data (`momentopname`) the state of the store, its region and its data-as-of
date cannot change, and every page asks them several times (its key, the scope, the default period, the
footer): the state is asked of the engine once per snapshot, the region and the date once per state of
the store in this process. Outside a snapshot every question goes to the engine, as with any `Opslag`;
unless the dashboard holds a DuckDB file that cannot change while it is open (`vaste_toestand`,
opslag/gedeeld.py): then the state is known without asking and every read is one snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, TypeVar

from stuurwiel.opslag.database import Opslag

if TYPE_CHECKING:
    from stuurwiel.config.regio import Regio
    from stuurwiel.opslag.beheeropslag import Beheeropslag

T = TypeVar("T")
_PER_TOESTAND: dict[tuple, object] = {}  # (state, question) -> answer, for every request of this process
_HOOGSTENS = 64


class Verzoekverbinding(Opslag):
    """`beheer`: the dashboard's tables beside a DuckDB file as this thread keeps them open (opslag/gedeeld.py);
    they stay open when the request's connection closes."""

    def __init__(self, url: str, ruw: Any, dialect: str, alleen_lezen: bool = False,
                 beheer: Beheeropslag | None = None, vaste_toestand: Callable[[], tuple | None] | None = None):
        super().__init__(url, ruw, dialect, alleen_lezen)
        self._beheer, self._geleend = beheer, beheer
        self._vaste_toestand = vaste_toestand or (lambda: None)
        self._vast: dict[str, object] | None = None  # what was asked within the current snapshot

    def sluit(self) -> None:
        if self._beheer is self._geleend:
            self._beheer = None
        super().sluit()

    @contextmanager
    def momentopname(self) -> Iterator[None]:
        """A file that cannot change while it is open (`vaste_toestand`) is one snapshot without a transaction."""
        buitenste = self._vast is None
        with nullcontext() if self._vaste_toestand() else super().momentopname():
            if buitenste:
                self._vast = {}
            try:
                yield
            finally:
                if buitenste:
                    self._vast = None

    def _eens(self, naam: str, vraag: Callable[[], T], per_toestand: bool = True) -> T:
        if self._vast is None:
            vast = self._vaste_toestand()
            return _per_toestand((vast, naam), vraag) if vast and per_toestand else vraag()
        if naam not in self._vast:
            self._vast[naam] = _per_toestand((self.toestand(), naam), vraag) if per_toestand else vraag()
        return self._vast[naam]  # type: ignore[return-value]

    def toestand(self) -> tuple[str, int, str]:
        return self._vaste_toestand() or self._eens("toestand", super().toestand, per_toestand=False)

    def regio(self) -> Regio:
        return self._eens("regio", super().regio)

    def stand(self) -> dt.date | None:
        return self._eens("stand", super().stand)


def _per_toestand(sleutel: tuple, vraag: Callable[[], T]) -> T:
    if sleutel not in _PER_TOESTAND:
        if len(_PER_TOESTAND) >= _HOOGSTENS:  # states of the data long gone
            _PER_TOESTAND.clear()
        _PER_TOESTAND[sleutel] = vraag()
    return _PER_TOESTAND[sleutel]  # type: ignore[return-value]
