"""The one-line reading beside a key figure: what it is, against last year and the region."""

from __future__ import annotations

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel

GELIJK_BINNEN = 0.5  # percent (or percentage point) that still reads as "gelijk"


def _richting(verschil: float, eenheid: str) -> str:
    if eenheid == "aantal":
        return "meer" if verschil > 0 else "minder"
    return "hoger" if verschil > 0 else "lager"


def _tegen(cel: Cel, ander: Cel, wat: str) -> str | None:
    """'4% meer dan augustus 2024', '2,1 procentpunt lager dan de regio' (the figures stand beside it)."""
    if cel.waarde is None or ander.waarde is None or ander.onderdrukt:
        return None
    if cel.eenheid == "procent":
        verschil = cel.waarde - ander.waarde
        maat = f"{notatie.getal(abs(verschil), 1)} procentpunt"
    elif ander.waarde:
        verschil = 100 * (cel.waarde - ander.waarde) / abs(ander.waarde)
        maat = notatie.procent(abs(verschil), 0)
    else:
        return None
    if abs(verschil) < GELIJK_BINNEN:
        return f"gelijk aan {wat}"
    return f"{maat} {_richting(verschil, cel.eenheid)} dan {wat}"


def lees(label: str, cel: Cel, periode: str, vergelijkingen: list[tuple[str, Cel]]) -> str:
    """'Augustus 2025: 14% meer dan augustus 2024 en 15% hoger dan de regio.'"""
    if cel.onderdrukt and cel.reden == notatie.BEREIK:
        return f"{label}: {notatie.BUITEN_BEREIK}."
    if cel.onderdrukt:
        return f"{label}: te weinig jeugdigen in {periode} om het cijfer te tonen."
    if cel.waarde is None:
        return f"{label}: geen gegevens over {periode}."
    delen = [d for d in (_tegen(cel, ander, wat) for wat, ander in vergelijkingen) if d]
    return periode[0].upper() + periode[1:] + (": " + " en ".join(delen) if delen else "") + "."


def lees_aangevuld(verwacht: Cel, periode: str, vergelijkingen: list[tuple[str, Cel]]) -> str:
    """The reading of a figure whose period still waits for claims: the completed figure against the
    completed figures of the comparisons ('Januari t/m augustus 2025: naar verwachting € 86,9 mln als
    alle declaraties binnen zijn, 6% hoger dan januari t/m augustus 2024.'); without a completed
    figure, no comparison at all."""
    zin = periode[0].upper() + periode[1:]
    if verwacht.waarde is None:
        return f"{zin}: nog niet compleet, want declaraties komen later binnen; vergelijken kan pas als ze er zijn."
    delen = [d for d in (_tegen(verwacht, ander, wat) for wat, ander in vergelijkingen) if d]
    return (f"{zin}: naar verwachting {notatie.waarde(verwacht.waarde, verwacht.eenheid)} als alle declaraties "
            f"binnen zijn" + (", " + " en ".join(delen) if delen else "") + ".")
