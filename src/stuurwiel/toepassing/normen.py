"""The normenkader as answers (`stuurwiel normen`, the Normenkader page, the reports' section):

- `normen` without `per`: every allocation that started in the year and is above its norm, one row
  per norm it exceeds, with the norm, the value, the excess, the cost above the norm and the
  status of its onderbouwing. Case-level detail: only for dossierinzage (the control role);
- `normen` with `per` (aanbieder, segment, verwijzer, gemeente, product): per group the share of
  the year's allocations within their norm, the allocations above it without the onderbouwing the
  norm asks for, and the cost above the norm. An aggregate: scoped by `Bereik.beperk` and
  suppressed like every aggregate;
- `normevaluatie`: per product the allocations of the year before and of the year against the
  year's norm: the distribution of duration and intensity, the share above the norm, the cost
  above it and what following the normenkader would have saved. An aggregate too.

The check itself (analyses/normen.py) is computed once per state of the data and year, for everyone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stuurwiel.analyses import normen as analyse
from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.selectie import DIMENSIES, Selectie, dimensiekolommen
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel, tabel
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.privacy.onthulling import AFGELEID, OPENBAAR, PERSONEN, onderdruk
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout

LIJST = [Kolom("toewijzingnummer", "toewijzing"), Kolom("gemeentecode", "gemeente", "code"),
         Kolom("agb_code", "aanbieder", "code"), Kolom("productcode", "product", "code"),
         Kolom("ingangsdatum", "ingang", "datum"), Kolom("einddatum", "einde", "datum"),
         Kolom("soort", "boven de norm"), Kolom("norm", "norm", "getal", 1), Kolom("waarde", "waarde", "getal", 1),
         Kolom("overschrijding", "erboven", "getal", 1), Kolom("eenheid", "eenheid"),
         Kolom("kosten_boven_norm_cent", "kosten boven de norm", "eurocent"), Kolom("onderbouwing", "onderbouwing")]
UITLEG_LIJST = ("per toewijzing die in het jaar inging en boven haar norm komt, een regel per norm: duur (maanden "
                "vanaf de start van het traject), toegewezen en geleverde intensiteit (de hoogste maand); kosten "
                "boven de norm: de gedeclareerde kosten na de normduur en van het volume boven de norm; "
                "onderbouwing: aanwezig, ontbreekt (de norm vraagt een verklarende analyse) of niet nodig")
AANDELEN = [Kolom("toewijzingen", "toewijzingen", "aantal"), Kolom("binnen_norm", "binnen de norm", "aantal"),
            Kolom("aandeel_binnen_norm", "aandeel binnen", "fractie"),
            Kolom("boven_zonder_onderbouwing", "boven zonder onderbouwing", "aantal"),
            Kolom("kosten_cent", "kosten", "eurocent"), Kolom("kosten_boven_norm_cent", "boven de norm", "eurocent")]
UITLEG_AANDEEL = ("toewijzingen die in het jaar ingingen, tegen de norm van hun product in dat jaar; boven zonder "
                  "onderbouwing: waar de norm een verklarende analyse vraagt en die niet is vastgelegd")

_TOETSEN = Voorraad(8)  # the check per state of the data, years and norm year: every audience reads the same


def toetsing(opslag: Opslag, jaar: int, normjaar: int | None = None) -> pd.DataFrame:
    """The norm check of the allocations that started in `jaar` (against the norm of `normjaar`), kept
    per state of the data."""
    if not opslag.aantal("norm"):
        raise GeenAntwoord("deze database kent geen normen: de regio heeft er geen, of zij is ingericht voordat "
                           "Stuurwiel het normenkader kende; `stuurwiel init --regio …` leest ze uit regio.yaml")
    return _TOETSEN.haal((opslag.toestand(), jaar, normjaar), lambda: analyse.toets(opslag, [jaar], normjaar))


def _jaar(vraag: Vraag) -> int:
    if not vraag.perioden:
        raise Vraagfout("het normenkader gaat over een jaar: geef --jaar")
    return vraag.periode.begin.year


def _binnen(df: pd.DataFrame, selectie: Selectie) -> pd.DataFrame:
    """The rows within a selection (a pandas twin of Selectie.pas_toe)."""
    for dimensie, kolom in DIMENSIES.items():
        codes = selectie.codes(dimensie)
        if codes:
            df = df[df[kolom].isin(codes)]
    return df


def normen(opslag: Opslag, vraag: Vraag) -> Tabel:
    jaar = _jaar(vraag)
    if vraag.per:
        return _aandelen(opslag, vraag, jaar)
    vraag.bereik.vereis_dossierinzage("de toewijzingen boven de norm")
    df = _binnen(toetsing(opslag, jaar), vraag.selectie)
    rijen = [r for t in df[df.boven].itertuples(index=False) for r in _regels(t)]
    return tabel(f"Toewijzingen boven de norm, ingegaan in {jaar}", LIJST, rijen, uitleg=UITLEG_LIJST)


def _regels(t) -> list[list]:
    """The rows of one allocation: one per norm it is above."""
    wie = [t.toewijzingnummer, t.gemeentecode, t.agb_code, t.productcode, t.ingangsdatum.date(),
           None if pd.isna(t.einddatum) else t.einddatum.date()]
    intensiteit = analyse.intensiteit_tekst(t.norm_eenheid, t.norm_frequentie)
    uit = []
    if t.boven_duur:
        uit.append([*wie, analyse.NORMSOORTEN["duur"], *_boven(t.max_duur_maanden, t.duur_maanden), "maanden",
                    t.kosten_boven_duur_cent, t.onderbouwing])
    if t.boven_toegewezen:
        uit.append([*wie, analyse.NORMSOORTEN["toegewezen"], *_boven(t.max_volume, t.toegewezen), intensiteit, None,
                    t.onderbouwing])
    if t.boven_geleverd:
        uit.append([*wie, analyse.NORMSOORTEN["geleverd"], *_boven(t.max_volume, t.geleverd), intensiteit,
                    t.kosten_boven_intensiteit_cent, t.onderbouwing])
    return uit


def _boven(norm: float, waarde: float) -> tuple[float, float, float]:
    """The norm, the value and the excess, to two decimals (a month's hundredth is a few hours)."""
    return float(norm), round(float(waarde), 2), round(float(waarde) - float(norm), 2)


# --- aggregates -------------------------------------------------------------------------------------

def _cellen(waarden: pd.Series, klasse: str, bereik: Bereik, basis: pd.Series | None = None,
            eenheid: str = "aantal") -> list[Cel]:
    """A column of figures as cells, suppressed as their class says for this audience."""
    df = pd.DataFrame({"waarde": waarden.to_numpy(dtype=float), "basis": (basis if basis is not None
                                                                          else waarden).to_numpy(dtype=float)})
    if bereik.privacy is not None:
        df = onderdruk(df, klasse, bereik.privacy)
    else:
        df["onderdrukt"] = False
    return [Cel(None if pd.isna(w) else (int(w) if eenheid in ("aantal", "eurocent") else float(w)), eenheid, bool(o))
            for w, o in zip(df.waarde, df.onderdrukt, strict=True)]


def _aandelen(opslag: Opslag, vraag: Vraag, jaar: int) -> Tabel:
    (dimensie,) = vraag.per if len(vraag.per) == 1 else (None,)
    if dimensie is None:
        raise Vraagfout("het normenkader deelt één ding tegelijk in: --per aanbieder, segment, verwijzer of gemeente")
    (kolom,) = dimensiekolommen([dimensie])
    zicht = vraag.bereik.beperk(vraag.per, vraag.selectie)
    df = _binnen(toetsing(opslag, jaar), zicht)
    if not len(df):
        raise GeenAntwoord(f"geen toewijzingen met een norm die in {jaar} ingingen")
    df = df.assign(binnen=~df.boven, zonder=df.onderbouwing == analyse.ONTBREEKT, _groep=df[kolom].fillna(""))
    g = df.groupby("_groep").agg(toewijzingen=("boven", "size"), binnen=("binnen", "sum"), zonder=("zonder", "sum"),
                                 kosten=("kosten_cent", "sum"), boven=("kosten_boven_norm_cent", "sum"))
    totaal = g.sum().to_frame("totaal").T
    g = pd.concat([g.sort_index(), totaal])
    g["aandeel"] = g.binnen / g.toewijzingen.where(g.toewijzingen > 0)
    lijst = namen(opslag, dimensie)
    codes = [c if c not in ("", "totaal") else None for c in g.index]
    labels = ["Totaal" if c == "totaal" else naam(lijst, c or None) for c in g.index]
    b = vraag.bereik
    kolommen = [_cellen(g.toewijzingen, PERSONEN, b), _cellen(g.binnen, PERSONEN, b),
                _cellen(g.aandeel, AFGELEID, b, g.toewijzingen, "fractie"), _cellen(g.zonder, PERSONEN, b),
                _cellen(g.kosten, OPENBAAR, b, eenheid="eurocent"), _cellen(g.boven, OPENBAAR, b, eenheid="eurocent")]
    rijen = [[Cel(c, "code"), Cel(label), *(k[i] for k in kolommen)]
             for i, (c, label) in enumerate(zip(codes, labels, strict=True))]
    koppen = [Kolom(kolom, None, "code"), Kolom(dimensie, dimensie), *AANDELEN]
    return Tabel(f"Binnen de norm per {dimensie}, toewijzingen van {jaar}", koppen, rijen, uitleg=UITLEG_AANDEEL,
                 verborgen=b.verborgen)


EVALUATIE = [  # for people the product, its year, its norm and the columns a page and an A4 page can hold
    Kolom("productcode", None, "code"), Kolom("product", "product"), Kolom("jaar", "jaar"), Kolom("norm", "norm"),
    Kolom("sinds", None), Kolom("toewijzingen", "aantal", "aantal"), Kolom("duur_q1", None, "getal", 1),
    Kolom("duur_mediaan", "duur: mediaan", "getal", 1), Kolom("duur_q3", "3e kwartiel", "getal", 1),
    Kolom("intensiteit_q1", None, "getal", 1), Kolom("intensiteit_mediaan", "intensiteit: mediaan", "getal", 1),
    Kolom("intensiteit_q3", "3e kwartiel", "getal", 1), Kolom("aandeel_boven_norm", "boven de norm", "fractie"),
    Kolom("kosten_cent", None, "eurocent"), Kolom("kosten_boven_norm_cent", "kosten boven de norm", "eurocent"),
    Kolom("besparing_cent", "besparing bij naleving", "eurocent"),
]


def normevaluatie(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per product with a norm in the year: its allocations of the year before and of the year, both
    against the year's norm, so a new norm's effect shows beside what it would have saved the year before."""
    jaar = _jaar(vraag)
    zicht = vraag.bereik.beperk(("product",), vraag.selectie)
    delen = [_binnen(toetsing(opslag, jaar - 1, jaar), zicht), _binnen(toetsing(opslag, jaar), zicht)]
    df = pd.concat(delen, ignore_index=True)
    if not len(df):
        raise GeenAntwoord(f"geen toewijzingen met een norm die in {jaar - 1} of {jaar} ingingen")
    df["besparing"] = df.kosten_boven_norm_cent.where(df.onderbouwing == analyse.ONTBREEKT, 0)
    g = df.groupby(["productcode", "jaar"]).apply(_verdeling, include_groups=False).reset_index()
    lijst, b = namen(opslag, "product"), vraag.bereik
    kolommen = {k: _cellen(g[k], PERSONEN, b) for k in ("toewijzingen",)}
    for k in ("duur_q1", "duur_mediaan", "duur_q3", "intensiteit_q1", "intensiteit_mediaan", "intensiteit_q3"):
        kolommen[k] = _cellen(g[k], AFGELEID, b, g.toewijzingen, "getal")
    kolommen["aandeel_boven_norm"] = _cellen(g.aandeel_boven_norm, AFGELEID, b, g.toewijzingen, "fractie")
    for k in ("kosten_cent", "kosten_boven_norm_cent", "besparing_cent"):
        kolommen[k] = _cellen(g[k], OPENBAAR, b, eenheid="eurocent")
    rijen = [[Cel(r.productcode, "code"), Cel(naam(lijst, r.productcode)), Cel(str(r.jaar)), Cel(r.norm),
              Cel(str(r.sinds)), *(kolommen[k.naam][i] for k in EVALUATIE[5:])]
             for i, r in enumerate(g.itertuples(index=False))]
    return Tabel(f"Normenkader {jaar}, toewijzingen van {jaar - 1} en {jaar} tegen de norm van {jaar}", EVALUATIE,
                 rijen, uitleg=_uitleg_evaluatie(jaar), verborgen=b.verborgen)


def _verdeling(d: pd.DataFrame) -> pd.Series:
    """One product and year: the quartiles of duration and allocated intensity, the share above the norm, cost."""
    eerste = d.iloc[0]
    duur = [eerste.max_duur_maanden] if not pd.isna(eerste.max_duur_maanden) else []
    intensiteit = analyse.intensiteit_tekst(eerste.norm_eenheid, eerste.norm_frequentie)
    norm = "; ".join([*(f"{notatie.getal(m)} mnd" for m in duur),
                      *([f"{notatie.getal(eerste.max_volume, 1 if eerste.max_volume % 1 else 0)} {intensiteit}"]
                        if intensiteit else [])]) + (f" (nieuw in {eerste.vanaf})" if eerste.vanaf == eerste.normjaar
                                                     else "")
    dq, iq = _kwartielen(d.duur_maanden), _kwartielen(d.toegewezen)
    return pd.Series({"norm": norm, "sinds": int(eerste.vanaf), "toewijzingen": len(d),
                      "duur_q1": dq[0], "duur_mediaan": dq[1], "duur_q3": dq[2],
                      "intensiteit_q1": iq[0], "intensiteit_mediaan": iq[1], "intensiteit_q3": iq[2],
                      "aandeel_boven_norm": d.boven.mean(), "kosten_cent": d.kosten_cent.sum(),
                      "kosten_boven_norm_cent": d.kosten_boven_norm_cent.sum(), "besparing_cent": d.besparing.sum()})


def _kwartielen(x: pd.Series) -> list[float]:
    return list(np.nanpercentile(x, [25, 50, 75])) if x.notna().any() else [np.nan] * 3


def _uitleg_evaluatie(jaar: int) -> str:
    return (f"de toewijzingen van {jaar - 1} (voor) en {jaar} (na) tegen de norm van {jaar} (een norm die in {jaar} "
            "inging: nieuw); duur in maanden vanaf de start van het traject, toegewezen intensiteit in de eenheid van "
            "de norm, met de mediaan en het 3e kwartiel (een op de vier ligt erboven); kosten boven de norm: wat de "
            "norm niet toestaat; besparing bij naleving: die kosten waar de verklarende analyse ontbreekt die de norm "
            "vraagt")
