"""The policy cycle in the store and its answers (`stuurwiel cyclus`, the page Beleidscyclus).

Loading keeps every version of `cyclus.yaml` (table `beleidscyclus`: the file as loaded, its hash,
who and when), so what the region agreed earlier stays visible; the newest version holds. The same
file loaded again changes nothing. A file is checked whole before anything is written: an invalid
one is refused with its message and nothing is stored. The cycle has no municipal detail and no
personal data, so every audience sees it the same (there is nothing for `Bereik` to narrow).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from stuurwiel.analyses import cyclus as analyse
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.invoer.cyclus import Cyclus, Cyclusfout, lees_cyclus, ontleed_cyclus
from stuurwiel.maten.catalogus import CATALOGUS
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout


@dataclass(frozen=True)
class Versie:
    versie: int
    bestand: str
    hash: str
    geladen_door: str
    geladen_op: dt.datetime
    cyclus: Cyclus


def laad(opslag: Opslag, bron: str | Path, door: str) -> tuple[Versie, bool]:
    """Store the cycle of `bron` as the newest version; returns it and whether it is new (False: the
    newest version already is this file). Raises Cyclusfout, storing nothing, for an invalid file."""
    c, inhoud = lees_cyclus(bron)
    _controleer_maten(c, Path(str(bron)).name)
    sleutel = hashlib.sha256(inhoud).hexdigest()
    with opslag.transactie():
        vorige = huidige(opslag)
        if vorige is not None and vorige.hash == sleutel:
            return vorige, False
        v = Versie((vorige.versie if vorige else 0) + 1, Path(str(bron)).name, sleutel, door, dt.datetime.now(), c)
        rij = {"versie": v.versie, "bestand": v.bestand, "hash": v.hash, "inhoud": inhoud.decode("utf-8"),
               "geladen_door": v.geladen_door, "geladen_op": v.geladen_op}
        opslag.voeg_toe("beleidscyclus", pa.Table.from_pylist([rij], TABELLEN["beleidscyclus"].arrow_schema()))
    return v, True


def _controleer_maten(c: Cyclus, naam: str) -> None:
    """An indicator that Stuurwiel computes names a measure of the catalogue."""
    fouten = [f"thema {t.code}: indicator '{i.naam}': maat '{i.maat}' staat niet in de catalogus "
              "(zie `stuurwiel maten`)" for t in c.themas for i in t.stappen.indicatoren.lijst
              if i.maat is not None and i.maat not in CATALOGUS]
    if fouten:
        raise Cyclusfout(f"{naam} is ongeldig:\n" + "\n".join(f"  - {f}" for f in fouten))


def _versies(opslag: Opslag) -> list[tuple]:
    return opslag.rijen("SELECT versie, bestand, hash, geladen_door, geladen_op, inhoud FROM beleidscyclus "
                        "ORDER BY versie DESC")


def huidige(opslag: Opslag) -> Versie | None:
    """The version that holds: the newest."""
    rijen = _versies(opslag)
    if not rijen:
        return None
    versie, bestand, sleutel, door, op, inhoud = rijen[0]
    return Versie(versie, bestand, sleutel, door, op, ontleed_cyclus(inhoud.encode("utf-8"), bestand))


# --- the answers ---------------------------------------------------------------------------------------

def _geldend(opslag: Opslag, vraag: Vraag) -> tuple[Versie, list, dt.date]:
    v = huidige(opslag)
    if v is None:
        raise GeenAntwoord("er is nog geen beleidscyclus geladen; laad er een met `stuurwiel cyclus laad "
                           "cyclus.yaml` (een voorbeeld: `stuurwiel cyclus laad zhz`)")
    themas = v.cyclus.themas
    if vraag.thema is not None:
        themas = [t for t in themas if t.code == vraag.thema]
        if not themas:
            raise Vraagfout(f"thema '{vraag.thema}' staat niet in de beleidscyclus (wel: "
                            f"{', '.join(t.code for t in v.cyclus.themas)})")
    return v, themas, vraag.peildatum or dt.date.today()


def _bron(v: Versie, peildatum: dt.date) -> str:
    return (f"Beleidscyclus versie {v.versie} ({v.bestand}, geladen {v.geladen_op:%Y-%m-%d} door {v.geladen_door}); "
            f"stand op {peildatum:%Y-%m-%d}; stappen 1-5 elke {v.cyclus.herhaal_maanden} maanden herhalen, "
            f"evalueren na {v.cyclus.evaluatie_jaren} jaar.")


THEMAKOLOMMEN = [Kolom("thema", "thema", "code"), Kolom("naam", "naam"), Kolom("eigenaar", "eigenaar"),
                 Kolom("bereikt", "stappen gereed", "aantal"), Kolom("volgende_stap", "volgende stap"),
                 Kolom("achterstallig", "achterstallig", "aantal"), Kolom("wat_achterstallig", "wat achterstallig is"),
                 Kolom("volgende_evaluatie", "volgende evaluatie", "datum"), Kolom("coordinator", "coördinator")]


def cyclus(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per theme: how many steps are ready in a row, the next one, what is overdue and the next evaluation."""
    v, themas, peildatum = _geldend(opslag, vraag)
    rijen = []
    for t in themas:
        stand, stappen = analyse.thema(v.cyclus, t, peildatum)
        volgende = f"{stand.bereikt + 1}. {stappen[stand.bereikt].naam}" if stand.bereikt < len(stappen) else ""
        te_laat = "; ".join(f"{s.nummer}. {s.naam}: {s.status} (sinds {s.uiterlijk:%Y-%m-%d})"
                            for s in stand.achterstallig)
        rijen.append([t.code, t.naam, t.eigenaar, stand.bereikt, volgende, len(stand.achterstallig), te_laat,
                      stand.volgende_evaluatie, stand.coordinator])
    return tabel("Beleidscyclus per thema", THEMAKOLOMMEN, rijen, opmerkingen=[_bron(v, peildatum)],
                 uitleg="Stappen gereed: de stappen die op rij af zijn, vanaf stap 1 (advies 002 §4.2). Achterstallig: "
                        "te laat (de datum uiterlijk is voorbij zonder artefact), te herhalen (stap 1-5, de periode is "
                        "om) of te evalueren.")


STAPKOLOMMEN = [Kolom("thema", "thema", "code"), Kolom("stap", "stap", "aantal"), Kolom("naam", "naam"),
                Kolom("status", "status"), Kolom("gereed", "gereed", "datum"), Kolom("uiterlijk", "uiterlijk", "datum"),
                Kolom("artefact", "artefact")]


def cyclusstappen(opslag: Opslag, vraag: Vraag) -> Tabel:
    """The nine steps of every theme (or one), each with its status, dates and artefact."""
    v, themas, peildatum = _geldend(opslag, vraag)
    rijen = [[s.thema, s.nummer, s.naam, s.status, s.gereed, s.uiterlijk, s.artefact]
             for t in themas for s in analyse.stappen(v.cyclus, t, peildatum)]
    return tabel("Beleidscyclus per stap", STAPKOLOMMEN, rijen, opmerkingen=[_bron(v, peildatum)],
                 uitleg="Uiterlijk: wanneer de stap af moet zijn, of voor een stap 1-5 die gereed is wanneer hij "
                        "opnieuw aan de beurt is; voor stap 9 de volgende evaluatie.")


VERSIEKOLOMMEN = [Kolom("versie", "versie", "aantal"), Kolom("bestand", "bestand"),
                  Kolom("themas", "thema's", "aantal"), Kolom("geladen_door", "geladen door"),
                  Kolom("geladen_op", "geladen op"), Kolom("hash", None)]


def cyclusversies(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Every version of the cycle that was loaded, newest first."""
    rijen = [[versie, bestand, len(ontleed_cyclus(inhoud.encode("utf-8"), bestand).themas), door,
              f"{op:%Y-%m-%d %H:%M}", sleutel] for versie, bestand, sleutel, door, op, inhoud in _versies(opslag)]
    if not rijen:
        raise GeenAntwoord("er is nog geen beleidscyclus geladen")
    return tabel("Versies van de beleidscyclus", VERSIEKOLOMMEN, rijen)
