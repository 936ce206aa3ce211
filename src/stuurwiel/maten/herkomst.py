"""Where the figures come from: how recent the data are, which loads and which population source.

Every report prints this on every page: the data-as-of date (the latest claim date in the store,
which is what makes the recent months incomplete) and the sources (the loaded files and the
source of the youth population).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stuurwiel.config.referentie import bronnen
from stuurwiel.opslag.database import Opslag


@dataclass(frozen=True)
class Lading:
    batch_id: int
    geladen_op: dt.datetime
    soort: str
    bestanden: tuple[str, ...]
    soorten: tuple[str, ...]  # the kinds of those files


@dataclass(frozen=True)
class Herkomst:
    regio: str
    stand: dt.date | None  # the latest declaratiedatum
    ladingen: tuple[Lading, ...]
    bevolking: tuple[str, ...]  # the sources of the youth population in the years concerned

    @property
    def geladen_op(self) -> dt.datetime | None:
        return max((lading.geladen_op for lading in self.ladingen), default=None)

    @property
    def soorten(self) -> list[str]:
        """The kinds of file loaded (declaraties, toewijzingen, ...)."""
        return sorted({s for lading in self.ladingen for s in lading.soorten})

    @property
    def bevolking_kort(self) -> list[str]:
        schatting = bronnen()["bevolking.csv"]
        return sorted({"CBS-schatting" if b.startswith(schatting) else b for b in self.bevolking})


def herkomst(opslag: Opslag, jaren: list[int]) -> Herkomst:
    regio, stand_ = opslag.regio().naam, opslag.stand()
    bestanden: dict[int, list[tuple[str, str]]] = {}
    for batch_id, naam, soort in opslag.rijen("SELECT batch_id, naam, soort FROM bronbestand ORDER BY 1, 2"):
        bestanden.setdefault(batch_id, []).append((naam, soort))
    ladingen = tuple(Lading(b, op, soort, tuple(n for n, _ in bestanden.get(b, ())),
                            tuple(sorted({s for _, s in bestanden.get(b, ())})))
                     for b, op, soort in opslag.rijen("SELECT batch_id, geladen_op, soort FROM batch ORDER BY 1"))
    jaartallen = ", ".join(str(int(j)) for j in sorted(set(jaren))) or "NULL"
    bevolking = tuple(r[0] for r in opslag.rijen(
        f"SELECT DISTINCT bron FROM jeugdbevolking WHERE jaar IN ({jaartallen}) ORDER BY bron"))
    return Herkomst(regio, stand_, ladingen, bevolking)
