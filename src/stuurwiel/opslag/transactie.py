"""All-or-nothing, for the store (DuckDB, PostgreSQL) and the dashboard's own SQLite file alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any


@contextmanager
def alles_of_niets(ruw: Any, begin: str) -> Iterator[None]:
    """`begin`, then COMMIT; ROLLBACK when the block raises."""
    ruw.execute(begin)
    try:
        yield
    except BaseException:
        ruw.execute("ROLLBACK")
        raise
    ruw.execute("COMMIT")


@contextmanager
def genest(houder: Any, transactie: Callable[[], AbstractContextManager]) -> Iterator[None]:
    """A transaction of `houder` (which has a lock `_slot` and a flag `_in_transactie`); nested use
    joins the outer transaction."""
    with houder._slot:
        if houder._in_transactie:
            yield
            return
        houder._in_transactie = True
        try:
            with transactie():
                yield
        finally:
            houder._in_transactie = False
