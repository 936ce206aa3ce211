"""Reading figures back from a page or report, and asking the catalogue for them again.

Every figure Stuurwiel shows in HTML carries its provenance (data-maat, data-periode,
data-sleutels, data-waarde, data-onderdrukt); `Naslag` answers the same question through
`maten.catalogus.meet` in a given scope, so a test can check every figure on a page.
"""

from __future__ import annotations

import io
from collections import defaultdict
from html.parser import HTMLParser

import lxml.html
import pandas as pd

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.selectie import DIMENSIES
from stuurwiel.maten.catalogus import meet, zonder_rij
from stuurwiel.privacy.bereik import Bereik


class Cijfers(HTMLParser):
    """Every element that carries a figure's provenance, with the text it shows."""

    def __init__(self):
        super().__init__()
        self.cijfers, self._open = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-maat" in attrs:
            self._open = dict(attrs, tekst="")

    def handle_data(self, data):
        if self._open is not None:
            self._open["tekst"] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag in ("span", "td"):
            self.cijfers.append(self._open)
            self._open = None


def lees_html(tekst: str) -> list[dict]:
    p = Cijfers()
    p.feed(tekst)
    return p.cijfers


class Naslag:
    """The catalogue's own answer for a figure in a scope, asked once per measure, dimensions and periods."""

    def __init__(self, opslag, bereik: Bereik):
        self.opslag, self.bereik, self._cache = opslag, bereik, {}

    @property
    def privacy(self):
        return self.bereik.privacy

    def vooraf(self, figuren: list[tuple[str, str, dict]]) -> None:
        nodig = defaultdict(set)
        for naam, periode, sleutels in figuren:
            nodig[(naam, tuple(d for d in DIMENSIES if d in sleutels))].add(periode)
        for (naam, per), perioden in nodig.items():
            df = meet(self.opslag, naam, [ontleed_periode(p) for p in sorted(perioden)], per, bereik=self.bereik)
            for r in df.to_dict("records"):
                codes = tuple(None if r[DIMENSIES[d]] != r[DIMENSIES[d]] else r[DIMENSIES[d]] for d in per)
                self._cache[(naam, r["periode"], per, codes)] = (r["waarde"], r["onderdrukt"])

    def __call__(self, naam: str, periode: str, sleutels: dict) -> tuple[float | None, bool]:
        per = tuple(d for d in DIMENSIES if d in sleutels)
        gevonden = self._cache.get((naam, periode, per, tuple(sleutels[d] for d in per)))
        if gevonden is None:
            return zonder_rij(naam, self.privacy)
        waarde, onderdrukt = gevonden
        return (None if pd.isna(waarde) else float(waarde)), bool(onderdrukt)


def gelijk(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


# --- a dashboard table and its export ---------------------------------------------------------

def tabel_van_blok(html: str, index: int) -> list[list[str]]:
    """The rows of the table in block `index` as the page holds them: the row label, then per cell
    its data-waarde, "<" when suppressed, or its text (the dashboard's own tables)."""
    def cel(c) -> str:
        if c.get("data-maat") is None:
            return c.text_content()
        return "<" if c.get("data-onderdrukt") == "1" else c.get("data-waarde")

    blok = lxml.html.fromstring(html).get_element_by_id(f"blok-{index}")
    return [[c.text_content() if i == 0 else cel(c) for i, c in enumerate(tr.xpath("./th | ./td"))]
            for tr in blok.xpath(".//table/tbody/tr[not(@class='leeg')]")]


def lees_export(inhoud: bytes, formaat: str) -> pd.DataFrame:
    """A CSV or Excel export as text and numbers, blanks as "": the table only (a workbook's footnote
    follows it after an empty row), percentages in percent as the page holds them (a workbook holds
    Excel's fractions)."""
    if formaat == "csv":
        return pd.read_csv(io.BytesIO(inhoud), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df = pd.read_excel(io.BytesIO(inhoud), dtype=object)
    leeg = df.isna().all(axis=1).tolist()
    df = df.iloc[: leeg.index(True) if True in leeg else len(df)]
    for kolom in [k for k in df.columns if str(k).endswith("(%)")]:
        df[kolom] = [x * 100 if isinstance(x, int | float) else x for x in df[kolom]]
    return df.astype(object).where(df.notna(), "")


def zelfde_tabel(export: pd.DataFrame, pagina: list[list[str]], waar: str) -> None:
    assert len(export) == len(pagina), waar
    for rij_export, rij_pagina in zip(export.itertuples(index=False), pagina, strict=True):
        assert str(rij_export[0]).strip() == rij_pagina[0].strip(), waar
        for kop, x, y in zip(export.columns[1:], rij_export[1:], rij_pagina[1:], strict=True):
            zelfde_cel(kop, x, y, waar)


def zelfde_cel(kop: str, export, pagina: str, waar: str) -> None:
    """An exported cell against the page's: euros for eurocent, the suppression sign, blank for none."""
    if pagina == "<":  # "<8" for a count, "–*" for any other figure, or another municipality's detail
        assert str(export).startswith("<") or export in (notatie.ONDERDRUKT, notatie.BUITEN_BEREIK), (waar, kop, export)
    elif pagina in ("", "–", None):
        assert export in ("", None), (waar, kop, export)
    else:
        try:
            getoond = float(pagina)
        except ValueError:  # a text cell of the dashboard's own tables
            return
        factor = 100 if kop.endswith("(euro)") else 1
        tekst = str(export).replace(",", ".")  # the CSV has Dutch decimal commas
        marge = 0.5 * 10 ** -len(tekst.partition(".")[2]) + 1e-9  # the export rounds to the decimals it shows
        assert abs(float(tekst) * factor - getoond) <= marge * factor, (waar, kop, export, pagina)
