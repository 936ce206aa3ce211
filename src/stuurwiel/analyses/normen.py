"""The normenkader checked: every allocation that started in the years asked, against its product's
norm (docs/regio.md), on its duration, its allocated intensity and its delivered intensity, with
the cost above the norm and whether the verklarende analyse the norm asks for is registered.

Definitions (also in docs/regio.md):
- the norm of an allocation is its product's norm in the year of its ingangsdatum (or of `normjaar`,
  to see a year's allocations against another year's norm);
- duration runs from the start of the allocation's trajectory (an unbroken chain of allocations of
  one young person, provider and product: maten.basis) to its einddatum, or for an open allocation
  to the last day the data know of. The normeinde is the trajectory's start plus the norm's months
  minus one day; beyond it the allocation is above the norm. In months: whole months plus the part
  of the next month;
- allocated intensity is the allocation's omvang in the norm's frequency (a week is 7 days, a month
  12/365.25 of a year's days; a total over the allocation's days, so only for an allocation with an
  einddatum when the two differ);
- delivered intensity is per service month the net claimed volume in the norm's unit (credit
  negative, rejected lines left out) against what the norm allows in that calendar month (per dag
  × its days, per week × its days / 7, per maand × 1); the value is the highest month, in the
  norm's frequency; a total norm is held against all the allocation's claims;
- cost above the norm (eurocent) is the claimed cost the norm does not allow: every claim for days
  after the normeinde (a line across it pro rata by days), and of each month before it the share of
  its cost that is volume above what the norm allows ((volume − allowed) / volume);
- onderbouwing: `aanwezig` when one is registered for the allocation (table onderbouwing), else
  `ontbreekt` when the norm asks for a verklarende analyse and `niet nodig` when it does not; an
  allocation within its norm has none of these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import ibis
import numpy as np
import pandas as pd

from stuurwiel.begrippen.normmaat import TOTAAL, dagen_in_maand, duur_in_maanden, in_frequentie, normeinde, per_dag
from stuurwiel.maten import basis
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

MARGE = 1e-9  # relative: 7 per week is 1 per dag
EENHEID_WOORD = {"01": "minuten", "04": "uur", "14": "etmalen", "16": "dagdelen", "82": "stuks", "84": "stuks"}
PER_WOORD = {"1": "per dag", "2": "per week", "4": "per maand", "6": "in totaal"}
AANWEZIG, ONTBREEKT, NIET_NODIG = "aanwezig", "ontbreekt", "niet nodig"
NORMSOORTEN = {"duur": "duur", "toegewezen": "toegewezen intensiteit", "geleverd": "geleverde intensiteit"}


def intensiteit_tekst(eenheid: str | None, frequentie: str | None) -> str | None:
    """'uur per week': how an intensity of this unit and frequency reads."""
    if eenheid is None or frequentie is None or pd.isna(eenheid):
        return None
    return f"{EENHEID_WOORD.get(eenheid, eenheid)} {PER_WOORD.get(frequentie, frequentie)}"


def _dagen(x) -> np.ndarray:
    return pd.to_datetime(pd.Series(x)).to_numpy().astype("datetime64[D]")


# --- the facts, fetched once ---------------------------------------------------------------------

def _toewijzingen(opslag: Opslag, jaren: Sequence[int], normjaar: int | None) -> ibis.Table:
    """The allocations with a product that started in `jaren`, with their trajectory's start, segment and norm."""
    a = basis.toewijzingen_in_traject(opslag)
    a = a.mutate(trajectbegin=a.ingangsdatum.min().over(ibis.window(group_by=[*basis.TRAJECTSLEUTEL, "_traject"])))
    a = a.filter(a.productcode.notnull() & a.ingangsdatum.year().isin(list(jaren)))
    a = basis.met_segment(opslag, a, a.ingangsdatum)
    n = opslag.tabel("norm").rename(norm_eenheid="eenheid", norm_frequentie="frequentie", normjaar="jaar",
                                    norm_product="productcode")
    jaar = ibis.literal(normjaar) if normjaar is not None else a.ingangsdatum.year()
    a = a.join(n, [a.productcode == n.norm_product, jaar == n.normjaar])
    return a.select("toewijzingnummer", "gemeentecode", "agb_code", "productcode", "segmentcode", "verwijzer_type",
                    "ingangsdatum", "einddatum", "trajectbegin", "volume", "eenheid", "frequentie", "normjaar", "vanaf",
                    "max_duur_maanden", "max_volume", "norm_eenheid", "norm_frequentie", "verklarende_analyse")


def _declaraties(opslag: Opslag, toewijzingen: ibis.Table) -> pd.DataFrame:
    """The claimed volume and cost of these allocations per claimed period (credit negative)."""
    d = basis.kostenregels(opslag)
    d = d.semi_join(toewijzingen, d.toewijzingnummer == toewijzingen.toewijzingnummer)
    volume = ibis.ifelse(d.debet_credit == "C", -d.geleverd_volume, d.geleverd_volume)
    return d.group_by(["toewijzingnummer", "periode_begin", "periode_eind", "eenheid"]).aggregate(
        volume=volume.sum(), bedrag=d.bedrag_getekend_cent.sum()).execute()


def _onderbouwd(opslag: Opslag) -> set[str]:
    o = feiten.actueel(opslag, "onderbouwing")
    return set(o.select("toewijzingnummer").distinct().execute().toewijzingnummer)


# --- the check ------------------------------------------------------------------------------------

def toets(opslag: Opslag, jaren: Sequence[int], normjaar: int | None = None) -> pd.DataFrame:
    """Per allocation that started in `jaren` and has a norm: its norm, duration and intensities,
    whether each is above the norm, its cost and cost above the norm, and its onderbouwing. An open
    allocation's duration runs to the last day the data know of."""
    t = _toewijzingen(opslag, jaren, normjaar)
    a = t.execute()
    bereik = opslag.gegevensbereik()
    a = _duur(a, np.datetime64(bereik[1] if bereik else dt.date.today(), "D"))
    a["toegewezen"] = _toegewezen(a)
    a["boven_toegewezen"] = a.toegewezen > a.max_volume * (1 + MARGE)
    a = _geleverd(a, _declaraties(opslag, t) if len(a) else pd.DataFrame())
    a["boven"] = a.boven_duur | a.boven_toegewezen | a.boven_geleverd
    onderbouwd = a.toewijzingnummer.isin(_onderbouwd(opslag)).to_numpy()
    status = np.where(onderbouwd, AANWEZIG, np.where(a.verklarende_analyse.astype(bool), ONTBREEKT, NIET_NODIG))
    a["onderbouwing"] = pd.Series(status, index=a.index, dtype=object).where(a.boven, None)
    a["jaar"] = pd.to_datetime(a.ingangsdatum).dt.year
    return a.drop(columns="_dagen").sort_values("toewijzingnummer").reset_index(drop=True)


def _duur(a: pd.DataFrame, peildatum: np.datetime64) -> pd.DataFrame:
    begin = _dagen(a.trajectbegin)
    eind = _dagen(a.einddatum)
    eind = np.maximum(np.where(np.isnat(eind), peildatum, eind), _dagen(a.ingangsdatum))
    maanden = a.max_duur_maanden.fillna(0).astype(np.int64).to_numpy()
    heeft = a.max_duur_maanden.notna().to_numpy()
    a["normeinde"] = np.where(heeft, normeinde(begin, maanden), np.datetime64("NaT"))
    a["duur_maanden"] = duur_in_maanden(begin, eind)
    a["boven_duur"] = heeft & (eind > a.normeinde.to_numpy().astype("datetime64[D]"))
    a["_dagen"] = (eind - _dagen(a.ingangsdatum)).astype(np.int64) + 1  # of the allocation itself
    return a


def _toegewezen(a: pd.DataFrame) -> pd.Series:
    """The allocated omvang in the norm's frequency (NaN when not comparable: another unit, no omvang,
    or a total against a rate over an open allocation)."""
    dagen = np.where(a.einddatum.isna(), np.nan, a._dagen.to_numpy(dtype=float))
    waarde = in_frequentie(per_dag(a.volume.to_numpy(dtype=float), a.frequentie.to_numpy(), dagen),
                           a.norm_frequentie.to_numpy(), dagen)
    vergelijkbaar = (a.eenheid == a.norm_eenheid) & a.max_volume.notna()
    return pd.Series(np.where(vergelijkbaar, waarde, np.nan), index=a.index)


def _geleverd(a: pd.DataFrame, d: pd.DataFrame) -> pd.DataFrame:
    """Delivered intensity and the cost, the cost after the normeinde and the cost of volume above the norm."""
    kolommen = ["kosten_cent", "kosten_boven_duur_cent", "kosten_boven_intensiteit_cent", "geleverd"]
    if d.empty:
        for k in kolommen:
            a[k] = 0.0 if k != "geleverd" else np.nan
    else:
        a = a.merge(_per_toewijzing(a, d), on="toewijzingnummer", how="left")
    for k in kolommen[:3]:
        a[k] = np.maximum(a[k].fillna(0.0), 0.0).round().astype(np.int64)
    a["kosten_boven_norm_cent"] = a.kosten_boven_duur_cent + a.kosten_boven_intensiteit_cent
    a["boven_geleverd"] = (a.geleverd > a.max_volume * (1 + MARGE)).fillna(False).astype(bool)
    return a


def _per_toewijzing(a: pd.DataFrame, d: pd.DataFrame) -> pd.DataFrame:
    norm = a[["toewijzingnummer", "normeinde", "max_volume", "norm_eenheid", "norm_frequentie"]]
    d = d.merge(norm, on="toewijzingnummer")
    begin, eind = _dagen(d.periode_begin), _dagen(d.periode_eind)
    dagen = (eind - begin).astype(np.int64) + 1
    grens = d.normeinde.to_numpy().astype("datetime64[D]")
    na = np.where(np.isnat(grens), 0, np.clip((eind - np.maximum(grens, begin - 1)).astype(np.int64), 0, dagen))
    d["bedrag_na"] = d.bedrag * na / np.maximum(dagen, 1)
    d["maand"] = begin.astype("datetime64[M]")
    d["volume"] = np.where(d.eenheid == d.norm_eenheid, d.volume, 0)
    m = d.groupby(["toewijzingnummer", "maand"], as_index=False).agg(
        bedrag=("bedrag", "sum"), bedrag_na=("bedrag_na", "sum"), volume=("volume", "sum"),
        max_volume=("max_volume", "first"), norm_frequentie=("norm_frequentie", "first"))
    dagen_m = dagen_in_maand(m.maand.to_numpy())
    factor = np.select([m.norm_frequentie == "1", m.norm_frequentie == "2"], [dagen_m, dagen_m / 7], 1.0)
    toegestaan = m.max_volume * factor
    boven = np.clip((m.volume - toegestaan) / m.volume.where(m.volume > 0), 0, 1).fillna(0)
    m["intensiteit"] = np.where(m.norm_frequentie == TOTAAL, 0.0, (m.bedrag - m.bedrag_na) * boven)
    m["geleverd"] = np.where((m.norm_frequentie == TOTAAL) | m.max_volume.isna(), np.nan, m.volume / factor)
    uit = m.groupby("toewijzingnummer", as_index=False).agg(
        kosten_cent=("bedrag", "sum"), kosten_boven_duur_cent=("bedrag_na", "sum"),
        kosten_boven_intensiteit_cent=("intensiteit", "sum"), geleverd=("geleverd", "max"),
        _volume=("volume", "sum"), _norm=("max_volume", "first"), _freq=("norm_frequentie", "first"))
    totaal = (uit._freq == TOTAAL).to_numpy()
    uit.loc[totaal, "geleverd"] = uit._volume[totaal]
    boven = np.clip((uit._volume - uit._norm) / uit._volume.where(uit._volume > 0), 0, 1).fillna(0)
    uit.loc[totaal, "kosten_boven_intensiteit_cent"] = ((uit.kosten_cent - uit.kosten_boven_duur_cent) * boven)[totaal]
    return uit.drop(columns=["_volume", "_norm", "_freq"])
