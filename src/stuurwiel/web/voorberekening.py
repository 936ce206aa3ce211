"""Every view's first visit answered from what was computed before anyone asked.

After the server starts, and whenever the data change (a new `Opslag.toestand()`: a load in the
browser, a load on the command line, a new region configuration), one background thread computes
the page a first visit asks — the question of every view without query parameters — in every
scope: each role, each municipality of the region on its own, and the municipalities of each
gemeente account. A view asked while its page is still waiting for that thread answers at once
with a page that says so (503 with Retry-After; it reloads itself, without script) and goes to the
front of the queue; every other question is computed when it is asked, as before. The figures under
the pages are shared by all scopes (`toepassing.meter.gemeten`), so a dozen scopes cost little more
than one; each page is also rendered (`paginas.weergegeven`), so a first visit costs what any other does.
Pages of older data stay valid for that state only.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Hashable

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import QueryParams

from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing import prognose
from stuurwiel.web import gebruikers, paginas
from stuurwiel.web.filters import vraag_uit
from stuurwiel.web.gebruikers import sessie
from stuurwiel.web.rechten import bereik_voor
from stuurwiel.web.rollen import ROLLEN
from stuurwiel.web.verzoek import SESSIE_COOKIE
from stuurwiel.web.weergave import pagina

VERVERS = 5  # seconds before the "wordt berekend" page asks again
KIJK = 5.0  # seconds between looks at the state of the data, for loads the server did not do itself
_LOG = logging.getLogger("uvicorn.error")


class WordtBerekend(Exception):
    """The page asked for is being computed in the background; the answer says so at once."""


def bereiken(opslag: Opslag) -> list[Bereik]:
    """Every scope a user of this store can have: each role, each municipality on its own, and the
    municipalities of each gemeente account."""
    uit = [bereik_voor(opslag, rol) for rol in ROLLEN if rol != "gemeente"]
    uit += [bereik_voor(opslag, "gemeente", [c]) for c in opslag.regio().gemeente_codes]
    uit += [bereik_voor(opslag, g.rol, g.gemeenten) for g in gebruikers.gebruikers(opslag) if g.rol == "gemeente"]
    return list(dict.fromkeys(uit))


def eerste_vragen(opslag: Opslag) -> list[tuple[str, object]]:
    """What a first visit of every view asks in every scope, (view, question); Overzicht first, where
    everyone lands after logging in."""
    scopes = bereiken(opslag)
    return [(naam, vraag_uit(QueryParams(), opslag, b, soort))
            for naam, (_, _, soort) in paginas.PAGINAS.items() for b in scopes]


class Voorberekening:
    """One background thread that computes the pages of `eerste_vragen` for the current state of the data."""

    def __init__(self, opslag: Opslag):
        self.opslag = opslag
        self.gereed = threading.Event()  # every page of the current state is computed
        self._conditie = threading.Condition()
        self._toestand: Hashable | None = None
        self._wachtrij: list[tuple[int, int, tuple]] = []  # (priority, order, key), smallest first
        self._open: set[tuple] = set()  # planned keys not yet computed
        self._klaar: dict[tuple, paginas.Pagina] = {}
        self._volgorde = itertools.count()
        self._stop = threading.Event()
        self._draad: threading.Thread | None = None

    # --- for the requests ------------------------------------------------------------------------------
    def haal(self, sleutel: tuple) -> paginas.Pagina | None:
        """The precomputed page of (state, view, question); None when it is not planned (compute it
        now); raises WordtBerekend when it is planned but not done, and moves it to the front."""
        with self._conditie:
            if sleutel in self._klaar:
                return self._klaar[sleutel]
            if sleutel in self._open:
                heapq.heappush(self._wachtrij, (0, next(self._volgorde), sleutel))
                raise WordtBerekend()
            if self._draad is not None and sleutel[0] != self._toestand:
                self._conditie.notify()  # the data changed: plan now rather than at the next look
        return None

    def plan(self, opslag: Opslag) -> None:
        """Plan the pages of the data as `opslag` sees them now (after a load); the thread computes them."""
        if self._draad is None:
            return
        with opslag.momentopname():
            toestand = opslag.toestand()
            if toestand != self._toestand:
                self._plan(toestand, eerste_vragen(opslag))

    def wacht(self, seconden: float | None = None) -> bool:
        """Wait until every page of the current state is computed (tests, benchmarks); at once when
        nothing is computed beforehand."""
        return self._draad is None or self.gereed.wait(seconden)

    # --- the thread --------------------------------------------------------------------------------------
    def start(self) -> None:
        self._draad = threading.Thread(target=self._werk, name="voorberekening", daemon=True)
        self._draad.start()

    def stop(self) -> None:
        self._stop.set()
        with self._conditie:
            self._conditie.notify()
        if self._draad is not None:
            self._draad.join()

    def _plan(self, toestand: Hashable, vragen: list[tuple[str, object]]) -> None:
        with self._conditie:
            self._toestand, self._klaar = toestand, {}
            self.gereed.clear()
            sleutels = [(toestand, naam, vraag) for naam, vraag in vragen]
            self._open = set(sleutels)
            self._wachtrij = [(1, next(self._volgorde), s) for s in sleutels]
            self._begin = time.perf_counter()
            self._conditie.notify()

    def _volgende(self) -> tuple | None:
        with self._conditie:
            while self._wachtrij:
                _, _, sleutel = heapq.heappop(self._wachtrij)
                if sleutel in self._open:
                    return sleutel
            return None

    def _werk(self) -> None:
        while not self._stop.is_set():
            try:
                with self.opslag.verbinding() as eigen:  # one per page: a load never waits for the whole plan
                    gedaan = self._stap(eigen)
            except Exception:  # e.g. the store is unreachable for a moment: look again later
                _LOG.exception("voorberekening: kon de pagina's niet plannen")
                gedaan = False
            if not gedaan:
                with self._conditie:
                    self._conditie.wait(KIJK)

    def _stap(self, eigen: Opslag) -> bool:
        """Compute the next page within one snapshot of the data; False when there is nothing to do."""
        with eigen.momentopname():
            toestand = eigen.toestand()
            if toestand != self._toestand:
                self._plan(toestand, eerste_vragen(eigen))
                prognose.bereid_voor(eigen)
            sleutel = self._volgende()
            if sleutel is None:
                return False
            _, naam, vraag = sleutel
            try:
                p, _ = paginas.bouw_pagina(eigen, naam, vraag, toestand)
                paginas.weergegeven(p, naam, vraag)
            except Exception:  # a page that cannot be made is computed when asked, and says why there
                _LOG.exception("voorberekening: %s kon niet worden berekend", naam or "overzicht")
                p = None
            self._klaar_met(sleutel, p)
        return True

    def _klaar_met(self, sleutel: tuple, p: paginas.Pagina | None) -> None:
        with self._conditie:
            self._open.discard(sleutel)
            if p is not None and sleutel[0] == self._toestand:
                self._klaar[sleutel] = p
            if not self._open and not self.gereed.is_set():
                self.gereed.set()
                _LOG.info("voorberekend: %d pagina's (%d weergaven in elk bereik) in %.1f s", len(self._klaar),
                          len(paginas.PAGINAS), time.perf_counter() - self._begin)


def wordt_berekend(request: Request, _: WordtBerekend) -> HTMLResponse:
    """The answer to a view whose page is still being computed: at once, and it asks again by itself."""
    with request.app.state.opslag.verbinding() as opslag:
        s = sessie(opslag, request.cookies.get(SESSIE_COOKIE))
        antwoord = pagina(request, opslag if s else None, "berekend.html.j2", s, 503, ververs=VERVERS)
    antwoord.headers["Retry-After"] = str(VERVERS)
    return antwoord
