"""The story behind the figures (`stuurwiel toelichting toon`): the annotations in force."""

from __future__ import annotations

from stuurwiel.begrippen.tabel import Kolom, Tabel, uit_frame
from stuurwiel.maten.toelichting import toelichtingen as geldend
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.vraag import Vraag

KOLOMMEN = [Kolom("maat", "maat"), Kolom("gemeentecode", "gemeente", "code"), Kolom("periode", "periode"),
            Kolom("tekst", "tekst"), Kolom("auteur", "auteur")]


def toelichtingen(opslag: Opslag, vraag: Vraag) -> Tabel:
    df = geldend(opslag, [p.label for p in vraag.perioden] or None)
    return uit_frame("Toelichtingen", KOLOMMEN, df)
