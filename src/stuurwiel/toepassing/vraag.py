"""The one question object: what a command, a page or an API call asks.

A `Vraag` names its subject (`onderwerp`: a measure, the key figures, the forecast, the signals,
…), the periods, the dimensions it is split by, the selection it is restricted to, the scope of
whoever asks (`privacy.bereik.Bereik`) and the form the answer is wanted in. Adapters build it;
`toepassing.vragen.beantwoord` answers it with one `Tabel`; the scope is applied on the way, by
the catalogue and by `Bereik`, never by an adapter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.begrippen.tabel import VORMEN
from stuurwiel.privacy.bereik import VOLLEDIG, Bereik


class Vraagfout(ValueError):
    """A question that cannot be answered as asked; the message is for the user."""


class GeenAntwoord(Vraagfout):
    """A fair question without an answer in these data (no claims yet, no ceilings loaded)."""


@dataclass(frozen=True)
class Vraag:
    onderwerp: str
    perioden: tuple[Periode, ...] = ()
    per: tuple[str, ...] = ()
    selectie: Selectie = Selectie()
    bereik: Bereik = VOLLEDIG
    vorm: str = "tabel"
    peildatum: dt.date | None = None  # what was known then (forecasts); None: the data's latest claim date
    maat: str | None = None  # the measure of a meting
    regel: str | None = None  # the business rule of the signals asked for
    groep: str | None = None  # the group of measures of the catalogue asked for
    maanden: tuple[int, ...] = ()  # months of the year (the back-test's moments)
    bron: Path | None = None  # a file read instead of the store (the budget forecast's series, a definitions list)
    details: bool = False  # every case instead of the summary (the back-test)
    steekproef: object = None  # the sampling parameters (toepassing.steekproef.Parameters)
    trekking: str | None = None  # the draw a question about a sample is about
    status: tuple[str, ...] = ()  # the follow-up statuses of the signals asked for
    signaal: str | None = None  # one signal, by its id
    volgorde: str | None = None  # how the lines of signals are ordered
    bladzijde: int | None = None  # one page of the lines of signals (from 1); None: all of them
    thema: str | None = None  # one theme of the policy cycle; None: every theme
    documenten: tuple[Path, ...] = ()  # the policy documents a definitions list is checked against
    verevening: object = None  # the settlement's basis and what-if (toepassing.verevening.Keuze)

    def __post_init__(self) -> None:
        if self.vorm not in VORMEN:
            raise Vraagfout(f"onbekend formaat '{self.vorm}' (kies uit {', '.join(VORMEN)})")

    def met(self, **anders) -> Vraag:
        return replace(self, **anders)

    @property
    def periode(self) -> Periode:
        """The one period of a question about one period."""
        if len(self.perioden) != 1:
            raise Vraagfout("deze vraag gaat over één periode")
        return self.perioden[0]

    @property
    def gemeente(self) -> str | None:
        """The one municipality a question is about, if it names exactly one."""
        return self.selectie.gemeenten[0] if len(self.selectie.gemeenten) == 1 else None
