"""The metric catalogue itself (`stuurwiel maten`): every measure with its meaning."""

from __future__ import annotations

from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.maten.catalogus import GROEPEN, MATEN
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

KOLOMMEN = [Kolom("maat", "maat"), Kolom("naam", "naam"), Kolom("groep", "groep"), Kolom("eenheid", "eenheid"),
            Kolom("indelingen", "indelingen"), Kolom("privacy", "privacy"), Kolom("definitie", "betekenis")]


def maten(_opslag: object, vraag: Vraag) -> Tabel:
    """The measures, of one group or all."""
    groep = vraag.groep
    if groep is not None and groep not in GROEPEN:
        raise Vraagfout(f"onbekende groep '{groep}' (kies uit {', '.join(GROEPEN)})")
    return tabel("Maten van de catalogus", KOLOMMEN,
                 [(m.naam, m.label, m.groep, m.eenheid, ", ".join(m.dimensies), m.privacy, m.definitie)
                  for m in MATEN if groep in (None, m.groep)])
