"""The dashboard's hold on PostgreSQL: a pool of connections, one lent to each request.

Opening a PostgreSQL connection costs a round of authentication and a process on the server for
every request; the pool keeps a few open (`psycopg_pool.ConnectionPool`) and lends one to each
request or background thread for as long as it runs. A connection comes back as it was lent:
outside a transaction, in autocommit, with the session settings every connection of the store has
(`Opslag.open`); one that comes back broken or in a transaction is replaced or rolled back by the pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from stuurwiel.opslag.database import Opslag, OpslagFout, stel_postgres_in
from stuurwiel.opslag.verzoek import Verzoekverbinding

KLEINSTE, GROOTSTE = 2, 16  # connections kept open, and at most open at once (per process)
WACHTEN = 30.0  # seconds a request waits for a free connection before it fails
VRIJ = 4  # connections never lent to requests: for the background thread and a page that needs a second one


class PoolOpslag(Opslag):
    """The store on PostgreSQL for a long-running process; `verbinding()` lends a connection of the pool."""

    def __init__(self, adres: str, grootste: int = GROOTSTE):
        from psycopg_pool import ConnectionPool, PoolTimeout

        eigen = Opslag.open(adres)  # the same refusals as any command (no server, no database)
        super().__init__(adres, eigen.ruw, "postgres")
        self.gelijktijdig = max(1, grootste - VRIJ)  # requests that may hold a connection at once (web/verzoek.py)
        self._pool = ConnectionPool(adres, min_size=min(KLEINSTE, grootste), max_size=grootste, open=False,
                                    kwargs={"autocommit": True}, configure=stel_postgres_in, timeout=WACHTEN,
                                    name="stuurwiel")
        try:
            self._pool.open(wait=True, timeout=WACHTEN)
        except PoolTimeout:
            self._pool.close()
            eigen.sluit()
            raise OpslagFout(f"PostgreSQL gaf binnen {WACHTEN:.0f} s geen {KLEINSTE} verbindingen") from None

    @contextmanager
    def verbinding(self, wacht: float | None = None) -> Iterator[Opslag]:
        """A connection of the pool for one request or thread; it goes back to the pool afterwards."""
        with self._pool.connection() as ruw:
            yield Verzoekverbinding(self.url, ruw, "postgres")

    def sluit(self) -> None:
        self._pool.close()
        super().sluit()
