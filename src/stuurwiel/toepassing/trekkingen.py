"""The seeded draw and what the store keeps of it: who drew what from which population, when, with
which seed and fingerprint, and the drawn lines, so an auditor can draw the same sample again.

A draw's id follows from what defines it (population, its fingerprint, method, size, seed): drawing
the same sample again finds the stored draw instead of storing a second one. Samples and their
findings are for the control role only (`Bereik.vereis_dossierinzage`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields

import pandas as pd

from stuurwiel.analyses.steekproef import populatie, trekking
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing.vraag import Vraagfout

WAT = "steekproeven en hun bevindingen"


@dataclass(frozen=True)
class Trekking:
    trekking_id: str
    jaar: int
    populatie: str
    definitie: str
    vingerafdruk: str
    populatie_aantal: int
    populatie_cent: int
    methode: str
    omvang: int
    zaad: int
    risico_pct: float
    tolerantie_pct: float | None
    verwacht_pct: float
    materialiteit_cent: int | None
    getrokken_door: str
    getrokken_op: dt.datetime

    @property
    def populatiedefinitie(self) -> populatie.Definitie:
        return populatie.Definitie.uit_tekst(self.definitie)

    @property
    def omschrijving(self) -> str:
        return (f"{self.populatiedefinitie.omschrijving()}, {trekking.METHODEN[self.methode].split(':')[0]}, "
                f"{self.omvang} posten, zaad {self.zaad}")


KOLOMMEN = [f.name for f in fields(Trekking)]


def populatieregels(opslag: Opslag, definitie: populatie.Definitie, methode: str) -> pd.DataFrame:
    """The population a method draws from: a monetary unit sample only from lines with an amount."""
    df = populatie.regels(opslag, definitie)
    if methode == "mus":
        df = df[df.bedrag_cent > 0].reset_index(drop=True)
    if df.empty:
        raise Vraagfout(f"de populatie ({definitie.omschrijving()}) is leeg: kies een ander jaar, segment of "
                        "gemeente")
    return df


def trek(opslag: Opslag, bereik: Bereik, definitie: populatie.Definitie, methode: str, omvang: int, zaad: int,
         wie: str, risico_pct: float | None = None) -> tuple[Trekking, pd.DataFrame, bool]:
    """Draw (or find the same draw again) and store it. Returns the draw, its lines with what a file
    check needs (`volgnummer`, `treffers` and the population's columns), and whether it is new."""
    bereik.vereis_dossierinzage(WAT)
    if methode not in trekking.METHODEN:
        raise Vraagfout(f"onbekende methode '{methode}' (kies uit {', '.join(trekking.METHODEN)})")
    df = populatieregels(opslag, definitie, methode)
    posten = populatie.posten(df)
    try:
        getrokken = trekking.trek(methode, posten, omvang, zaad)
    except ValueError as e:
        raise Vraagfout(str(e)) from None
    vingerafdruk = trekking.vingerafdruk(posten)
    id_ = _id(definitie, vingerafdruk, methode, omvang, zaad)
    t = lees(opslag, id_)
    nieuw = t is None
    if t is None:
        t = _planning(opslag, id_, definitie, vingerafdruk, df, methode, omvang, zaad, wie, risico_pct)
        _bewaar(opslag, t, getrokken)
    return t, _regels(df, getrokken), nieuw


def _id(definitie: populatie.Definitie, vingerafdruk: str, methode: str, omvang: int, zaad: int) -> str:
    h = hashlib.sha256(f"{definitie.tekst()}|{vingerafdruk}|{methode}|{omvang}|{zaad}".encode()).hexdigest()
    return f"SP{definitie.jaar}-{h[:10]}"


def _planning(opslag: Opslag, id_: str, definitie: populatie.Definitie, vingerafdruk: str, df: pd.DataFrame,
              methode: str, omvang: int, zaad: int, wie: str, risico_pct: float | None) -> Trekking:
    """The draw with the planning it is judged by: the region's required confidence for the population
    (unless a risk is given), its tolerable rate (random) or materiality (MUS: the error tolerance)."""
    instelling = opslag.regio().steekproef
    plan = instelling.populaties[definitie.soort]
    risico = 100 - instelling.vereiste_betrouwbaarheid(plan) if risico_pct is None else risico_pct
    waarde = int(df.bedrag_cent.sum())
    tolerantie = (plan.tolerantie_pct or instelling.fouten_pct) if methode == "aselect" else None
    materialiteit = round(waarde * instelling.fouten_pct / 100) if methode == "mus" else None
    return Trekking(id_, definitie.jaar, definitie.soort, definitie.tekst(), vingerafdruk, len(df), waarde, methode,
                    omvang, zaad, float(risico), tolerantie, plan.verwacht_pct, materialiteit, wie,
                    dt.datetime.now().replace(microsecond=0))


def _bewaar(opslag: Opslag, t: Trekking, getrokken: list[trekking.Getrokken]) -> None:
    import pyarrow as pa

    posten = pa.table({"trekking_id": [t.trekking_id] * len(getrokken),
                       "volgnummer": list(range(1, len(getrokken) + 1)),
                       "sleutel": [g.sleutel for g in getrokken], "bedrag_cent": [g.bedrag_cent for g in getrokken],
                       "treffers": [g.treffers for g in getrokken]})
    with opslag.transactie():
        opslag.voeg_toe("steekproef", pa.Table.from_pylist([{k: getattr(t, k) for k in KOLOMMEN}]))
        opslag.voeg_toe("steekproefpost", posten)


def _regels(df: pd.DataFrame, getrokken: list[trekking.Getrokken]) -> pd.DataFrame:
    treffers = pd.DataFrame({"sleutel": [g.sleutel for g in getrokken], "treffers": [g.treffers for g in getrokken],
                             "volgnummer": range(1, len(getrokken) + 1)})
    return treffers.merge(df, on="sleutel", how="left")


def lees(opslag: Opslag, trekking_id: str) -> Trekking | None:
    rijen = opslag.rijen(f"SELECT {', '.join(KOLOMMEN)} FROM steekproef WHERE trekking_id = %s", [trekking_id])
    return Trekking(*rijen[0]) if rijen else None


def vereis(opslag: Opslag, bereik: Bereik, trekking_id: str) -> Trekking:
    bereik.vereis_dossierinzage(WAT)
    t = lees(opslag, trekking_id)
    if t is None:
        raise Vraagfout(f"trekking {trekking_id} bestaat niet in deze database")
    return t


def alle(opslag: Opslag, jaar: int | None = None) -> list[Trekking]:
    waar, parameters = (" WHERE jaar = %s", [jaar]) if jaar is not None else ("", [])
    return [Trekking(*r) for r in opslag.rijen(f"SELECT {', '.join(KOLOMMEN)} FROM steekproef{waar} "
                                               "ORDER BY getrokken_op, trekking_id", parameters)]


def posten(opslag: Opslag, trekking_id: str) -> list[tuple[int, str, int, int]]:
    """(volgnummer, sleutel, bedrag_cent, treffers) of the drawn lines."""
    return [tuple(r) for r in opslag.rijen("SELECT volgnummer, sleutel, bedrag_cent, treffers FROM steekproefpost "
                                            "WHERE trekking_id = %s ORDER BY volgnummer", [trekking_id])]


def werkmapregels(opslag: Opslag, t: Trekking) -> pd.DataFrame:
    """The drawn lines again with what a file check needs, from the population as it is now (the same
    as when drawn unless later loads changed it: then the lines keep their stored key and amount)."""
    df = populatie.regels(opslag, t.populatiedefinitie)
    getrokken = [trekking.Getrokken(s, b, n) for _, s, b, n in posten(opslag, t.trekking_id)]
    regels = _regels(df.drop(columns="bedrag_cent"), getrokken)
    regels["bedrag_cent"] = [g.bedrag_cent for g in getrokken]
    return regels
