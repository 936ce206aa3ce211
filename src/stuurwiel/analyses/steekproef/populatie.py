"""The populations a sample is drawn from, from the current facts (maten.basis, opslag.feiten):

- `declaraties`: the claim lines (debit) for care delivered in the year that count as cost: not
  rejected and not reversed by a credit line; the amount is the line's amount;
- `toewijzingen`: the allocations active in the year; the amount is the cost claimed on them for
  care in that year (an allocation without claims has amount 0 and is drawn only at random).

Each line gets a key that is unique and the same on every engine (`<agb>/<referentienummer>` for a
claim line — a number a provider used twice gets `/2` after the second, ordered by content hash —
and the allocation number for an allocation), and the population is ordered by it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

import ibis
import pandas as pd

from stuurwiel.analyses.steekproef.trekking import Post
from stuurwiel.maten.basis import kostenregels, met_segment
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

SOORTEN = {"declaraties": "declaratieregels (debet) over zorg in het jaar, niet afgewezen of gecrediteerd",
           "toewijzingen": "toewijzingen die in het jaar liepen, met het daarop gedeclareerde bedrag"}
# provider classes by the value they claimed in the population (eurocent, lower bound)
KLASSEN = (("groot (≥ € 1 mln)", 100_000_000), ("middel (€ 250.000 – 1 mln)", 25_000_000),
           ("klein (< € 250.000)", 0))
DETAIL = {
    "declaraties": ["gemeentecode", "agb_code", "referentienummer", "toewijzingnummer", "client_id", "productcode",
                    "segmentcode", "periode_begin", "periode_eind", "geleverd_volume", "eenheid"],
    "toewijzingen": ["gemeentecode", "agb_code", "toewijzingnummer", "client_id", "productcode", "segmentcode",
                     "ingangsdatum", "einddatum", "volume", "eenheid"],
}


@dataclass(frozen=True)
class Definitie:
    soort: str
    jaar: int
    segmenten: tuple[str, ...] = ()
    gemeenten: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.soort not in SOORTEN:
            raise ValueError(f"onbekende populatie '{self.soort}' (kies uit {', '.join(SOORTEN)})")

    def tekst(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)

    @classmethod
    def uit_tekst(cls, tekst: str) -> Definitie:
        d = json.loads(tekst)
        return cls(d["soort"], d["jaar"], tuple(d["segmenten"]), tuple(d["gemeenten"]))

    def omschrijving(self) -> str:
        delen = [f"{self.soort} {self.jaar}"]
        if self.segmenten:
            delen.append(f"segment {', '.join(self.segmenten)}")
        if self.gemeenten:
            delen.append(f"gemeente {', '.join(self.gemeenten)}")
        return ", ".join(delen)


def regels(opslag: Opslag, definitie: Definitie) -> pd.DataFrame:
    """The population with its key, amount and what a file check needs, ordered by key."""
    van, tot = dt.date(definitie.jaar, 1, 1), dt.date(definitie.jaar, 12, 31)
    t = _declaraties(opslag, van, tot) if definitie.soort == "declaraties" else _toewijzingen(opslag, van, tot)
    if definitie.segmenten:
        t = t.filter(t.segmentcode.isin(list(definitie.segmenten)))
    if definitie.gemeenten:
        t = t.filter(t.gemeentecode.isin(list(definitie.gemeenten)))
    df = t.execute()
    if df.empty:
        return df.assign(sleutel=pd.Series(dtype="string"), bedrag_cent=pd.Series(dtype="int64"))
    if definitie.soort == "declaraties":
        df = df.sort_values(["agb_code", "referentienummer", "rij_sleutel"], kind="stable")
        volgorde = df.groupby(["agb_code", "referentienummer"]).cumcount() + 1
        df["sleutel"] = (df.agb_code + "/" + df.referentienummer
                         + volgorde.map(lambda v: "" if v == 1 else f"/{v}"))
        df = df.drop(columns="rij_sleutel")
    else:
        df["sleutel"] = df.toewijzingnummer
    df["bedrag_cent"] = df.bedrag_cent.fillna(0).astype("int64")
    return df.sort_values("sleutel", kind="stable").reset_index(drop=True)


def posten(df: pd.DataFrame) -> list[Post]:
    return [Post(s, int(b)) for s, b in zip(df.sleutel, df.bedrag_cent, strict=True)]


def _declaraties(opslag: Opslag, van: dt.date, tot: dt.date) -> ibis.Table:
    k = kostenregels(opslag)
    credits = k.filter(k.debet_credit == "C").select(c_agb=k.agb_code, c_vorig=k.vorig_referentienummer)
    d = k.filter((k.debet_credit == "D") & k.periode_begin.between(van, tot))
    d = d.anti_join(credits, [d.agb_code == credits.c_agb, d.referentienummer == credits.c_vorig])
    return d.select(*DETAIL["declaraties"], "bedrag_cent", "rij_sleutel")


def _toewijzingen(opslag: Opslag, van: dt.date, tot: dt.date) -> ibis.Table:
    a = feiten.toewijzingen(opslag)
    a = a.filter((a.ingangsdatum <= tot) & (a.einddatum.isnull() | (a.einddatum >= van)))
    a = met_segment(opslag, a, ibis.greatest(a.ingangsdatum, ibis.literal(van)))
    k = kostenregels(opslag)
    k = k.filter(k.periode_begin.between(van, tot))
    kosten = k.group_by(k.toewijzingnummer).aggregate(bedrag_cent=k.bedrag_getekend_cent.sum())
    j = a.left_join(kosten, a.toewijzingnummer == kosten.toewijzingnummer)
    return j.select(*DETAIL["toewijzingen"], bedrag_cent=j.bedrag_cent.fill_null(0))


def klasse(waarde_cent: int) -> str:
    """The provider class of what a provider claimed in the population."""
    return next(naam for naam, grens in KLASSEN if waarde_cent >= grens)
