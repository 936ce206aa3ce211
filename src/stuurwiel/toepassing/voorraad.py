"""What is computed once per state of the data: the year's forecast, the dashboard's pages and
API answers.

An answer is the same for everyone with the same scope and the same question, until a load or a
new region configuration changes the data; so it is kept, keyed by that state
(`Opslag.toestand`), and the export of a table is the table the user just saw. Twenty users
asking the same at once wait for one computation, not twenty.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Voorraad:
    """A bounded store of computed results; each key is computed once, also under concurrent requests."""

    def __init__(self, grootte: int):
        self.grootte = grootte
        self._waarden: OrderedDict[Hashable, object] = OrderedDict()
        self._bezig: dict[Hashable, threading.Lock] = {}
        self._slot = threading.Lock()

    def haal(self, sleutel: Hashable, maak: Callable[[], T]) -> T:
        with self._slot:
            if sleutel in self._waarden:
                self._waarden.move_to_end(sleutel)
                return self._waarden[sleutel]  # type: ignore[return-value]
            bezig = self._bezig.setdefault(sleutel, threading.Lock())
        with bezig:
            with self._slot:
                if sleutel in self._waarden:
                    return self._waarden[sleutel]  # type: ignore[return-value]
            try:
                waarde = maak()
            except BaseException:  # a refusal or an error is not kept: the next request asks again
                with self._slot:
                    self._bezig.pop(sleutel, None)
                raise
            with self._slot:
                self._waarden[sleutel] = waarde
                while len(self._waarden) > self.grootte:
                    self._waarden.popitem(last=False)
                self._bezig.pop(sleutel, None)
        return waarde
