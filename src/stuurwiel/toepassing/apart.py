"""Reading a batch in a process of its own, with a memory limit: a file from the browser may be a
bomb, and the dashboard that received it must keep serving. The child process gets an address-space
limit (RLIMIT_AS, `invoer.geheugen_mb` in regio.yaml); when it runs out, or dies, the upload is refused
with a Dutch message and the server has lost nothing."""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from stuurwiel.invoer.grens import GEHEUGEN
from stuurwiel.invoer.problemen import Afgewezen, Probleem

T = TypeVar("T")


def _begrens(geheugen: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (geheugen, geheugen))


def in_eigen_proces(functie: Callable[..., T], *args, geheugen: int, **kwargs) -> T:
    """`functie(*args, **kwargs)` in a fresh process (spawned: nothing of the server's threads or open
    files comes along) that may use at most `geheugen` bytes of address space."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_begrens, initargs=(geheugen,)) as proces:
        try:
            return proces.submit(functie, *args, **kwargs).result()
        except (MemoryError, BrokenProcessPool):
            raise Afgewezen([Probleem("upload", None, None, GEHEUGEN)]) from None
