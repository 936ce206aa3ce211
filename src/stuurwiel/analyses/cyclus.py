"""Where each theme of the policy cycle stands on a date: per step its status, what is overdue and
the next evaluation (seed 002 §4.2).

A step is `gereed` when its artefact was established; `open` while it is not and its due date
(`uiterlijk`) has not passed; `te laat` when that date passed without the artefact. Steps 1-5 are
repeated periodically (002 §4.2.10): once `herhaal_maanden` have passed since a step was ready it is
`te herhalen`, due that many months after it was ready. Step 9 is `te evalueren` when the evaluation,
`evaluatie_jaren` after the start or the last evaluation, is past. The last three are overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stuurwiel.begrippen.periode import maandeinde, maandnummer
from stuurwiel.invoer.cyclus import STAPPEN, Cyclus, Stap, Thema, Uitvoering

GEREED, OPEN, TE_LAAT, TE_HERHALEN, TE_EVALUEREN = "gereed", "open", "te laat", "te herhalen", "te evalueren"
ACHTERSTALLIG = (TE_LAAT, TE_HERHALEN, TE_EVALUEREN)
HERHAALD = 5  # steps 1 up to and including this one are repeated periodically


@dataclass(frozen=True)
class Stapstand:
    thema: str
    nummer: int  # 1-9
    naam: str
    artefact: str  # what the step holds, in a few words
    gereed: dt.date | None
    uiterlijk: dt.date | None  # when it is (or was) due: the plan's date, or when it must be repeated
    status: str

    @property
    def achterstallig(self) -> bool:
        return self.status in ACHTERSTALLIG


@dataclass(frozen=True)
class Themastand:
    thema: str
    naam: str
    eigenaar: str | None
    bereikt: int  # the steps ready in a row from step 1
    achterstallig: tuple[Stapstand, ...]
    volgende_evaluatie: dt.date | None
    coordinator: str | None


def plus_maanden(d: dt.date, maanden: int) -> dt.date:
    """The same day `maanden` later, or that month's last day when it is shorter (31 January + 1: 28/29 Feb)."""
    einde = maandeinde(maandnummer(d) + maanden)
    return einde.replace(day=min(d.day, einde.day))


def volgende_evaluatie(u: Uitvoering, jaren: int) -> dt.date | None:
    """Two years (or `jaren`) after the start, or after the last evaluation; None before the start."""
    laatste = max([e.datum for e in u.evaluaties] + ([u.gestart] if u.gestart else []), default=None)
    return None if laatste is None else plus_maanden(laatste, 12 * jaren)


def stappen(cyclus: Cyclus, thema: Thema, peildatum: dt.date) -> list[Stapstand]:
    """The nine steps of a theme on `peildatum`."""
    uit = []
    for nummer, (veld, naam) in enumerate(STAPPEN, start=1):
        stap: Stap = getattr(thema.stappen, veld)
        status, uiterlijk = _status(stap, nummer, cyclus, peildatum)
        uit.append(Stapstand(thema.code, nummer, naam, artefact(veld, stap), stap.gereed, uiterlijk, status))
    return uit


def _status(stap: Stap, nummer: int, cyclus: Cyclus, peildatum: dt.date) -> tuple[str, dt.date | None]:
    if isinstance(stap, Uitvoering) and stap.gestart is not None:
        volgende = volgende_evaluatie(stap, cyclus.evaluatie_jaren)
        return (TE_EVALUEREN if volgende < peildatum else GEREED), volgende
    if stap.gereed is None:
        return (TE_LAAT if stap.uiterlijk is not None and stap.uiterlijk < peildatum else OPEN), stap.uiterlijk
    if nummer <= HERHAALD:
        opnieuw = plus_maanden(stap.gereed, cyclus.herhaal_maanden)
        return (TE_HERHALEN if opnieuw < peildatum else GEREED), opnieuw
    return GEREED, stap.uiterlijk


def thema(cyclus: Cyclus, t: Thema, peildatum: dt.date) -> tuple[Themastand, list[Stapstand]]:
    """Where a theme stands, and its steps."""
    s = stappen(cyclus, t, peildatum)
    bereikt = next((st.nummer - 1 for st in s if st.gereed is None), len(s))
    cm = t.stappen.contractmanagement
    stand = Themastand(t.code, t.naam, t.eigenaar, bereikt, tuple(st for st in s if st.achterstallig),
                       volgende_evaluatie(t.stappen.uitvoering, cyclus.evaluatie_jaren), cm.coordinator)
    return stand, s


def artefact(veld: str, stap: Stap) -> str:
    """A step's artefact in a few words, for a table."""
    if not stap.artefact():
        return ""
    s = stap
    match veld:
        case "definities":
            return "; ".join(filter(None, [", ".join(s.begrippen), s.bron and f"lijst: {s.bron}"]))
        case "problemen":
            return "; ".join(f"{p.code}: {p.ist} → {p.soll}" for p in s.lijst)
        case "prioriteiten":
            return ", ".join(s.lijst)
        case "analyse":
            k = s.effectketen
            return "; ".join(f"{n}: {w}" for n, w in (("input", k.input), ("throughput", k.throughput),
                             ("output", k.output), ("outcome", k.outcome), ("impact", k.impact)) if w)
        case "doelen":
            return "; ".join([f"{d.code} ({d.soort}): {d.omschrijving}" for d in s.lijst]
                             + [f"randvoorwaarde ({r.schakel}): {r.omschrijving}" for r in s.randvoorwaarden])
        case "indicatoren":
            return "; ".join(f"{i.doel}: {i.naam} (bron: {i.bron})" for i in s.lijst)
        case "interventies":
            return "; ".join(f"{i.naam}: wat {i.wat}; wie {i.wie}; kwaliteit {i.kwaliteit}; prijs "
                             f"{i.prijs or 'geen betaling'}" for i in s.lijst)
        case "contractmanagement":
            return (f"wat doen we? {s.contractbeheer}; doen we het goed? {s.contractmanagement}; doen we de goede "
                    f"dingen? {s.beleid}; coördinator {s.coordinator}")
        case "uitvoering":
            evaluaties = "; ".join(f"geëvalueerd {e.datum}: {e.besluit}" for e in s.evaluaties)
            return f"gestart {s.gestart}" + (f"; {evaluaties}" if evaluaties else "")
    raise KeyError(veld)
