"""Annual series of municipal spending (a file kind of its own): the region's own series or the
CBS Iv3 file, read for the annual budget forecast rather than stored.

A series is a CSV (or Parquet, XLSX) with gemeentecode, jaar, soort (begroting or jaarrekening)
and bedrag in euros; the CBS Iv3 file is recognised by its column `jeugd_kern_keur` (thousands of
euros). It is read through the exchange-file readers (`bestanden.lees_in`: strict CSV, every row
with its line), every value is checked, and all problems are reported at once, each naming file,
line, column and value.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from stuurwiel.begrippen.waarden import lees_getal
from stuurwiel.config.referentie import gemeenten
from stuurwiel.invoer.bestanden import Bronbestand, Onleesbaar, lees_in
from stuurwiel.invoer.problemen import Probleem

SOORTEN = ("begroting", "jaarrekening")
KOLOMMEN = ("gemeentecode", "jaar", "soort", "bedrag")
IV3_BEDRAG = "jeugd_kern_keur"  # CBS Iv3, thousands of euros


class ReeksFout(ValueError):
    """The series cannot be read; every problem names file, line, column and value."""

    def __init__(self, problemen: list[Probleem]):
        super().__init__("; ".join(str(p) for p in problemen))
        self.problemen = problemen


@dataclass(frozen=True)
class Reeks:
    bedragen: pd.DataFrame  # gemeentecode, jaar, soort, bedrag (euro, > 0)
    namen: dict[str, str]
    bron: str
    eenheid: str  # what was read, in Dutch, for the output
    opmerkingen: tuple[str, ...] = ()

    def jaren(self, soort: str) -> list[int]:
        return sorted(set(self.bedragen.jaar[self.bedragen.soort == soort]))


def lees_reeks(pad: Path) -> Reeks:
    """A CSV (or Parquet, XLSX) with gemeentecode, jaar, soort, bedrag in euros, or the CBS Iv3
    file with its `jeugd_kern_keur` in thousands of euros, recognised by its columns."""
    pad = Path(pad)
    if not pad.is_file():
        raise ReeksFout([Probleem(str(pad), None, None, "bestand bestaat niet")])
    con = duckdb.connect()
    try:
        kolommen = lees_in(con, Bronbestand(pad, pad.name, ""), "reeks")
        df = con.execute("SELECT * FROM reeks ORDER BY _regel").df()
    except Onleesbaar as e:
        raise ReeksFout([Probleem(str(pad), None, None, str(e))]) from None
    finally:
        con.close()
    iv3 = "bedrag" not in kolommen and IV3_BEDRAG in kolommen
    bedrag = IV3_BEDRAG if iv3 else "bedrag"
    ontbreekt = [k for k in (*KOLOMMEN[:3], bedrag) if k not in kolommen]
    if ontbreekt:
        reden = (f"kolom ontbreekt in de kopregel (gevonden: {', '.join(kolommen)}; verwacht {', '.join(KOLOMMEN)}, "
                 f"of het Iv3-bestand met {IV3_BEDRAG})")
        raise ReeksFout([Probleem(f"{pad}:1", k, None, reden) for k in ontbreekt])
    bedragen, opmerkingen = _controleer(df, str(pad), bedrag, 1000 if iv3 else 1)
    lijst = {code: g.naam for code, g in gemeenten().items()}
    if "gemeentenaam" in kolommen:
        lijst |= dict(zip(df.gemeentecode.str.strip(), df.gemeentenaam.fillna("").str.strip()))
    eenheid = (f"CBS Iv3: kolom {IV3_BEDRAG}, duizenden euro's (taakvelden jeugd)" if iv3
               else "kolom bedrag, in euro's")
    return Reeks(bedragen, lijst, pad.name, eenheid, opmerkingen)


def _controleer(df: pd.DataFrame, bron: str, kolom: str, factor: int) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Check every value; raise ReeksFout with all problems, else the amounts in euros."""
    code, jaar, soort = (df[k].fillna("").str.strip() for k in KOLOMMEN[:3])
    soort = soort.str.lower()
    tekst = df[kolom].fillna("").str.strip()
    getal = tekst.map(_getal).astype(float)
    regels = df["_regel"].astype(int)
    fout = [
        (KOLOMMEN[0], code, ~code.str.fullmatch(r"\d{4}"), "geen gemeentecode (vier cijfers, bijvoorbeeld 0505)"),
        (KOLOMMEN[1], jaar, ~jaar.str.fullmatch(r"(19|20)\d\d"), "geen jaartal"),
        (KOLOMMEN[2], df[KOLOMMEN[2]].fillna(""), ~soort.isin(SOORTEN),
         f"onbekende soort (kies uit {', '.join(SOORTEN)})"),
        (kolom, tekst, getal.isna() | ~np.isfinite(getal), "geen getal (laat de regel weg als het bedrag onbekend is)"),
    ]
    problemen = [Probleem(f"{bron}:{regels[i]}", naam, waarden[i], reden)
                 for naam, waarden, slecht, reden in fout for i in np.flatnonzero(slecht)]
    sleutel = code + " " + jaar + " " + soort
    dubbel = sleutel.duplicated(keep="first")
    eerste = dict(zip(sleutel[~dubbel], regels[~dubbel]))
    problemen += [Probleem(f"{bron}:{regels[i]}", "gemeentecode, jaar, soort", sleutel[i],
                           f"staat al op regel {eerste[sleutel[i]]}") for i in np.flatnonzero(dubbel)]
    if problemen:
        raise ReeksFout(sorted(problemen, key=lambda p: int(p.bron.rsplit(":", 1)[1])))
    bedragen = pd.DataFrame({"gemeentecode": code, "jaar": jaar.astype(int), "soort": soort, "bedrag": getal * factor})
    return zonder_lege(bedragen)


def _getal(tekst: str) -> float:
    try:
        return lees_getal(tekst)
    except ValueError:
        return np.nan


def zonder_lege(bedragen: pd.DataFrame) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Zero (or negative) amounts are missing reports, not spending of nothing: left out, and said."""
    leeg = bedragen.bedrag <= 0
    if not leeg.any():
        return bedragen.reset_index(drop=True), ()
    voorbeelden = ", ".join(f"{r.gemeentecode} {r.jaar} {r.soort}" for r in bedragen[leeg].head(5).itertuples())
    meer = " …" if leeg.sum() > 5 else ""
    return (bedragen[~leeg].reset_index(drop=True),
            (f"{int(leeg.sum())} bedragen van 0 of minder overgeslagen als ontbrekende opgave ({voorbeelden}{meer})",))
