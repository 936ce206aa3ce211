"""The one path: every question, whatever adapter asks it, is checked and answered here.

`ONDERWERPEN` names what can be asked, each with the function that answers it; a new capability
adds an entry (and its answer module), never its own filtering, scoping or rendering. The answer
is one `Tabel`, for the adapter to render in the form the question asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stuurwiel.begrippen.selectie import VELDEN
from stuurwiel.begrippen.tabel import Tabel
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing import (
    aanvulling,
    begroting,
    catalogus,
    kerncijfers,
    meting,
    prognose,
    signalen,
    toelichtingen,
)
from stuurwiel.toepassing.vraag import Vraag, Vraagfout


@dataclass(frozen=True)
class Onderwerp:
    naam: str
    omschrijving: str
    beantwoord: Callable[[Opslag | None, Vraag], Tabel]
    opslag: bool = True  # whether the answer needs the store (the catalogue and a series file do not)


ONDERWERPEN: dict[str, Onderwerp] = {o.naam: o for o in [
    Onderwerp("meting", "één maat uit de catalogus", meting.meting),
    Onderwerp("kerncijfers", "de kerncijfers van een periode", kerncijfers.kerncijfers),
    Onderwerp("maten", "de maten van de catalogus", catalogus.maten, opslag=False),
    Onderwerp("prognose", "de jaarprognose (burap)", prognose.jaarprognose),
    Onderwerp("prognosemaanden", "de maanden van het jaar: gedeclareerd en verwacht", prognose.maanden),
    Onderwerp("aanvulling", "de late declaraties: per maand gedeclareerd, verwacht en het deel dat binnen is",
              aanvulling.aanvulling),
    Onderwerp("plafonds", "wanneer aanbieders hun budgetplafond bereiken", prognose.plafonds),
    Onderwerp("aandacht", "wat aandacht vraagt: budgetten en plafonds", prognose.aandacht),
    Onderwerp("terugtoets", "de terugtoets van de jaarprognose", prognose.terugtoets),
    Onderwerp("begroting", "de begrotingsprognose per gemeente", begroting.begroting),
    Onderwerp("begrotingstoets", "de terugtoets van de begrotingsprognose", begroting.begrotingstoets),
    Onderwerp("signalen", "de signalen per bedrijfsregel", signalen.signalen),
    Onderwerp("signaalregels", "de regels die een bedrijfsregel schenden", signalen.signaalregels),
    Onderwerp("toelichtingen", "het verhaal achter de cijfers", toelichtingen.toelichtingen),
]}


def beantwoord(opslag: Opslag | None, vraag: Vraag) -> Tabel:
    """The answer to a question, in the scope of whoever asks. Raises Vraagfout for a question that
    cannot be answered as asked, BuitenBereik for one outside the scope."""
    onderwerp = ONDERWERPEN.get(vraag.onderwerp)
    if onderwerp is None:
        raise Vraagfout(f"onbekend onderwerp '{vraag.onderwerp}' (kies uit {', '.join(ONDERWERPEN)})")
    if onderwerp.opslag and vraag.bron is None:
        controleer_selectie(opslag, vraag)
    return onderwerp.beantwoord(opslag, vraag)


def controleer_selectie(opslag: Opslag, vraag: Vraag) -> None:
    """Every municipality, segment, product, provider and referrer asked for exists in this region."""
    for dimensie in VELDEN:
        codes = vraag.selectie.codes(dimensie)
        if codes:
            onbekend = sorted(set(codes) - set(namen(opslag, dimensie)))
            if onbekend:
                raise Vraagfout(f"{dimensie} {', '.join(onbekend)} hoort niet bij deze regio")
