"""The dashboard's hold on a DuckDB file: read-only for as long as it runs, letting go while a load writes.

The dashboard keeps the file open read-only, so `stuurwiel kerncijfers`, `rapport` and the other
readers open it beside it. A load needs the file alone (`opslag/slot.py`): a loader in another
process announces itself, and a watcher thread here sees that, lets the requests in progress
finish, closes the file and waits; a load from the dashboard itself does the same in its own
request (`schrijven`). Requests that arrive meanwhile are told the data are being loaded
(`OpslagBezet`), background work waits. Afterwards the file is opened again, read-only, and what
was computed before is recomputed because `Opslag.toestand()` changed.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from stuurwiel.opslag.beheeropslag import Beheeropslag, beheerpad
from stuurwiel.opslag.database import Opslag, OpslagFout, database_adres, is_postgres, verbind_duckdb
from stuurwiel.opslag.slot import GEDEELD, Slot, neem_voor_lezen, neem_voor_schrijven, slotpaden
from stuurwiel.opslag.verzoek import Verzoekverbinding

KIJKEN = 0.2  # seconds between looks for an announced writer


class OpslagBezet(OpslagFout):
    """The store is being written by a load; ask again in a moment."""


def open_gedeeld(db: str | None = None) -> Opslag:
    """The store for a long-running process: DuckDB read-only, stepping aside for writers; PostgreSQL
    through a pool of connections (opslag/pool.py)."""
    adres = database_adres(db)
    if is_postgres(adres):
        from stuurwiel.opslag.pool import PoolOpslag

        return PoolOpslag(adres)
    Opslag.open(adres, alleen_lezen=True).sluit()  # the same refusals as any reader (missing file, in use)
    return GedeeldeOpslag(adres.removeprefix("duckdb://"))


class GedeeldeOpslag(Opslag):
    def __init__(self, pad: str):
        self._bestand, self._verzoek = (Slot(p) for p in slotpaden(pad))
        neem_voor_lezen(self._bestand, self._verzoek)
        try:
            super().__init__(pad, verbind_duckdb(pad, True), "duckdb", alleen_lezen=True)
        except OpslagFout:
            self._bestand.laat_los()
            raise
        self._toestand: tuple | None = None  # of the data as opened (`vaste_toestand`); (): it may change
        self._toestand_slot = threading.Lock()
        self._per_draad = threading.local()
        self._beheren: weakref.WeakSet[Beheeropslag] = weakref.WeakSet()
        self._staat = threading.Condition()
        self._open, self._actief = True, 0
        self._wissel = threading.Lock()  # one step aside at a time: for another process or for our own load
        self._stop = threading.Event()
        self._wachter = threading.Thread(target=self._kijk, name="schrijfverzoek", daemon=True)
        self._wachter.start()

    # --- reading ---------------------------------------------------------------------------------
    @contextmanager
    def verbinding(self, wacht: float | None = None) -> Iterator[Opslag]:
        """A cursor of its own; while a load writes, wait until it is done, or at most `wacht` seconds and
        then raise OpslagBezet."""
        einde = None if wacht is None else time.monotonic() + wacht
        with self._staat:
            while not self._open:
                rest = None if einde is None else einde - time.monotonic()
                if rest is not None and rest <= 0:
                    raise OpslagBezet("de gegevens worden op dit moment geladen")
                self._staat.wait(rest)
            self._actief += 1
            eigen = Verzoekverbinding(self.url, self.ruw.cursor(), "duckdb", True, self._beheer_van_draad(),
                                      self.vaste_toestand)
        try:
            yield eigen
        finally:
            eigen.sluit()  # its cursor may be a new one after a load in its own request
            with self._staat:
                self._actief -= 1
                self._staat.notify_all()

    def vaste_toestand(self) -> tuple | None:
        """The state of the data (`toestand`) for as long as the file is open: read-only, no one can write it
        (a writer needs it alone, and this process lets go first), so it is asked once per opening. None when
        this process also has the file open for writing (`verbind_duckdb`)."""
        with self._toestand_slot:
            if self._toestand is None:
                alleen_lezend = self.rijen("SELECT current_setting('access_mode')")[0][0] == "read_only"
                self._toestand = self.toestand() if alleen_lezend else ()
            return self._toestand or None

    def _beheer_van_draad(self) -> Beheeropslag:
        """The SQLite file beside the store (sessions, the audit log), one connection per thread for as long as
        the thread lives: a request neither opens one nor waits behind another's write."""
        beheer = getattr(self._per_draad, "beheer", None)
        if beheer is None:
            beheer = self._per_draad.beheer = Beheeropslag(beheerpad(self.url))
            self._beheren.add(beheer)
        return beheer

    # --- writing ---------------------------------------------------------------------------------
    @contextmanager
    def schrijven(self, eigen: Opslag) -> Iterator[Opslag]:
        """Write from this process (a load in the dashboard), one at a time, `eigen` being the request's
        connection: the same steps as for a writer elsewhere; afterwards `eigen` reads the new state.
        `eigen` stops counting as a reader first, so waiting for the readers never waits for itself."""
        with self._staat:
            eigen.ruw.close()
            self._actief -= 1
            self._staat.notify_all()
        try:
            with self._wissel:
                self._laat_gaan()
                try:
                    neem_voor_schrijven(self._bestand, self._verzoek)
                    try:
                        schrijver = Opslag(self.url, verbind_duckdb(self.url, False), "duckdb")
                        try:
                            yield schrijver
                        finally:
                            schrijver.ruw.close()
                    finally:
                        self._bestand.neem(GEDEELD)  # converts; no writer gets in while we hold the announcement
                        self._verzoek.laat_los()
                finally:
                    self._heropen()
        finally:
            with self._staat:
                while not self._open:
                    self._staat.wait()
                self._actief += 1
                eigen.ruw, eigen._ibis = self.ruw.cursor(), None

    # --- stepping aside --------------------------------------------------------------------------
    def _kijk(self) -> None:
        while not self._stop.wait(KIJKEN):
            if not self._open:
                with self._wissel:
                    self._heropen()  # a reopening that failed before
            elif self._schrijver_wacht():
                with self._wissel:
                    if self._schrijver_wacht():
                        self._stap_opzij()

    def _schrijver_wacht(self) -> bool:
        if self._verzoek.neem(GEDEELD, wacht=False):
            self._verzoek.laat_los()
            return False
        return True

    def _stap_opzij(self) -> None:
        self._laat_gaan()
        self._heropen()  # waits until the writer is done (or died)

    def _laat_gaan(self) -> None:
        """Turn new requests away, wait for those in progress, close the file and let go of its lock."""
        with self._staat:
            self._open = False
            while self._actief:
                self._staat.wait()
            self.ruw.close()
            self._ibis, self._toestand = None, None
        self._bestand.laat_los()

    def _heropen(self) -> None:
        if self._open:
            return
        neem_voor_lezen(self._bestand, self._verzoek)  # at once, unless another writer came
        with self._staat:
            try:
                self.ruw = verbind_duckdb(self.url, True)
            except Exception:  # noqa: BLE001 - the watcher tries again; requests meanwhile hear it is loading
                self._bestand.laat_los()
                return
            self._open = True
            self._staat.notify_all()

    def sluit(self) -> None:
        self._stop.set()
        if self._wachter is not threading.current_thread():
            self._wachter.join()
        with self._wissel:
            if self._open:
                self.ruw.close()
            if self._beheer is not None:
                self._beheer.sluit()
            for beheer in list(self._beheren):
                beheer.sluit()
            self._bestand.laat_los()
            self._verzoek.laat_los()
