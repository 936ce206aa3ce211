"""Charts a board member reads in ten seconds, drawn from a report table's own figures.

Few series, values written on the bars or at the line ends, Dutch number notation, the
colour-blind-safe Okabe-Ito palette (blue: this period or this municipality; vermilion: the
comparison; both at least 3:1 against white) and a second cue besides colour (dashed line,
highlighted bar, direct labels). Altair builds the
Vega-Lite spec; vl-convert renders it to SVG offline, with nothing loaded from the internet.
"""

from __future__ import annotations

import json
import textwrap

import altair as alt
import pandas as pd
import vl_convert as vlc

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.uitvoer.rapporten.model import Grafiek

BLAUW, VERMILJOEN, GRIJS, DONKER = "#0072B2", "#D55E00", "#8C8C8C", "#333333"
LETTER = "DejaVu Sans"
BREEDTE = 560
HOOGTE = 190  # of a line chart
CONFIG = {
    "font": LETTER,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": DONKER, "titleColor": DONKER,
             "gridColor": "#E6E6E6", "domainColor": "#999999", "tickColor": "#999999", "labelOverlap": True},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "top", "title": None, "labelLimit": 360},
    "text": {"font": LETTER, "fontSize": 11, "color": DONKER},
}


def svg(grafiek: Grafiek) -> str:
    """The chart as inline SVG (Dutch number locale, no network)."""
    return vlc.vegalite_to_svg(grafiek.spec, format_locale="nl-NL", allowed_base_urls=[])


def _getal(cel: Cel) -> float | None:
    """The value drawn: euros for amounts (the catalogue gives eurocent)."""
    if cel.waarde is None:
        return None
    return cel.waarde / 100 if cel.eenheid == "eurocent" else cel.waarde


def _label(cel: Cel, verborgen: str) -> str:
    return "" if cel.leeg else notatie.waarde(cel.waarde, cel.eenheid, cel.onderdrukt, verborgen, reden=cel.reden)


def _kop(tabel: Tabel, i: int) -> str:
    return tabel.kolommen[i].kop or ""


REGEL = 30  # characters on one line of an axis label; a longer name wraps between words
LETTERHOOGTE = 13  # pixels per line of an 11-pixel label


def _afgebroken(namen: list[str]) -> tuple[dict, int]:
    """Axis settings that wrap long names over lines instead of cutting them (Vega draws an array
    as lines), and the number of lines of the longest."""
    lang = {n: textwrap.wrap(n, REGEL) for n in namen if len(n) > REGEL}
    if not lang:
        return {"labelLimit": 0}, 1
    expressie = "".join(f"datum.value === {json.dumps(n)} ? {json.dumps(r)} : " for n, r in lang.items())
    return {"labelExpr": expressie + "datum.label", "labelLimit": 0}, max(len(r) for r in lang.values())


def _uit_elkaar(hoogtes: list[float], afstand: float) -> list[float]:
    """Pixel offsets that keep labels at these heights at least `afstand` apart (the lowest stays)."""
    volgorde = sorted(range(len(hoogtes)), key=lambda i: hoogtes[i])
    schuif, vorige = [0.0] * len(hoogtes), None
    for i in volgorde:
        plek = hoogtes[i] if vorige is None else max(hoogtes[i], vorige + afstand)
        schuif[i], vorige = plek - hoogtes[i], plek
    return schuif


def _as(eenheid: str, maximum: float) -> alt.Axis:
    if eenheid == "eurocent" and maximum >= 1_000_000:
        return alt.Axis(title="euro (mln)", labelExpr="format(datum.value / 1000000, ',.1f')", tickCount=5)
    if eenheid == "eurocent":
        return alt.Axis(title="euro", format=",.0f", tickCount=5)
    return alt.Axis(title=None, format=",.0f" if eenheid in ("aantal", "dagen", "index") else ",.1f", tickCount=5)


def lijnen(tabel: Tabel, onvolledig: set[str], verborgen: str) -> Grafiek:
    """A line per value column over the rows (the months); the first column solid blue, the second
    dashed vermilion; each line named at its end. Rows in `onvolledig` get a grey band: not complete.
    A third column (what incomplete months are expected to cost) continues the first as a dotted blue
    line through the band, and what is claimed there so far shows as grey points, not as a fall."""
    series = [_kop(tabel, i) for i in range(1, min(len(tabel.kolommen), 4))]
    rijen = [r[0].waarde for r in tabel.rijen]
    gegevens, los = _lijnpunten(tabel, series, onvolledig)
    eenheid = tabel.kolommen[1].eenheid
    x = alt.X("x:N", sort=rijen, title=None, axis=alt.Axis(labelAngle=0))
    hoogste = float(max([*gegevens.waarde, *los.waarde], default=0.0))
    bovenkant = hoogste * 1.1 or 1.0  # a fixed scale, so the names at the line ends can be kept apart in pixels
    schaal = alt.Scale(zero=True, nice=False, domain=[0, bovenkant])
    y = alt.Y("waarde:Q", title=None, axis=_as(eenheid, hoogste), scale=schaal)
    kleur = alt.Color("serie:N", scale=alt.Scale(domain=series, range=[BLAUW, VERMILJOEN, BLAUW][:len(series)]),
                      legend=None)
    streep = alt.StrokeDash("serie:N", scale=alt.Scale(domain=series, range=[[1, 0], [5, 3], [2, 2]][:len(series)]),
                            legend=None)
    lijn = alt.Chart(gegevens).mark_line(point=True, strokeWidth=2.5).encode(x=x, y=y, color=kleur, strokeDash=streep)
    einde = gegevens.loc[gegevens.groupby("serie").volgorde.idxmax()] if len(gegevens) else gegevens
    pixels = [w / bovenkant * HOOGTE for w in einde.waarde]
    einde = einde.assign(plek=[w + d / HOOGTE * bovenkant for w, d in zip(einde.waarde, _uit_elkaar(pixels, 13))])
    namen = alt.Chart(einde).mark_text(align="left", dx=8, fontWeight="bold").encode(
        x=x, y=alt.Y("plek:Q", scale=schaal), text="serie:N", color=kleur)
    lagen = [lijn, namen]
    if len(los):
        lagen.append(alt.Chart(los).mark_point(filled=True, size=45, color=GRIJS).encode(x=x, y=y))
    if onvolledig & set(rijen):
        band = pd.DataFrame({"x": [r for r in rijen if r in onvolledig]})
        lagen.insert(0, alt.Chart(band).mark_rect(color="#EEEEEE").encode(x=x))
        lagen.append(alt.Chart(band.head(1)).mark_text(align="left", baseline="top", dy=-14, fontSize=10,
                                                       color="#555555", text="nog niet compleet").encode(
            x=x, y=alt.value(0)))
    chart = alt.layer(*lagen).properties(width=BREEDTE - 60, height=HOOGTE).configure(**CONFIG)
    beschrijving = (f"Lijndiagram: {tabel.titel}, {' tegen '.join(series[:2])} per maand"
                    + ("; de laatste maanden zijn nog niet compleet" if onvolledig & set(rijen) else "")
                    + (f", gestippeld: {series[2]}, grijze punten: gedeclareerd tot nu toe" if len(los) else "") + ".")
    return Grafiek(chart.to_dict(validate=False), beschrijving)


def _lijnpunten(tabel: Tabel, series: list[str], onvolledig: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The points of the lines, and (with an expected series) the claimed points of incomplete rows
    apart; the expected line starts at the last complete point of the first series."""
    lijnen_, los = [], []
    verwacht = len(series) > 2
    laatste = None
    for i, r in enumerate(tabel.rijen):
        for j, (serie, c) in enumerate(zip(series, r[1:4], strict=False)):
            waarde = _getal(c)
            if waarde is None:
                continue
            punt = dict(x=r[0].waarde, serie=serie, waarde=waarde, volgorde=i)
            if verwacht and j == 0 and r[0].waarde in onvolledig:
                los.append(punt)
            else:
                lijnen_.append(punt)
                laatste = punt if j == 0 else laatste
    if verwacht and los and laatste is not None:
        lijnen_.append({**laatste, "serie": series[2]})
    return (pd.DataFrame(lijnen_, columns=["x", "serie", "waarde", "volgorde"]),
            pd.DataFrame(los, columns=["x", "serie", "waarde", "volgorde"]))


def staven(tabel: Tabel, verborgen: str, kolommen: tuple[int, ...] = (0,), nadruk: str | None = None,
           referentie: Cel | None = None, referentie_label: str = "Regio", sorteer: bool = True) -> Grafiek | None:
    """Horizontal bars per row for one or two value columns, the value written at each bar. One
    column: the `nadruk` row blue, the others grey, and `referentie` as a dashed line. Two: blue
    and vermilion bars side by side, named in a legend. None when no row has a figure to draw (all
    suppressed, say): the table says it, an empty chart would only be noise to a screen reader."""
    series = [_kop(tabel, 1 + k) for k in kolommen]
    rijen = [r for r in tabel.rijen if r[0].waarde != referentie_label and any(_getal(r[1 + k]) for k in kolommen)]
    if not rijen:
        return None
    gegevens = pd.DataFrame([dict(y=r[0].waarde, serie=s, waarde=_getal(r[1 + k]), label=_label(r[1 + k], verborgen),
                              nadruk=r[0].waarde == nadruk)
                         for r in rijen for s, k in zip(series, kolommen)])
    volgorde = [r[0].waarde for r in rijen]
    if sorteer and len(gegevens):
        eerste = gegevens[gegevens.serie == series[0]].fillna({"waarde": float("-inf")})
        volgorde = eerste.sort_values("waarde", ascending=False, kind="stable").y.tolist()
    labels, regels = _afgebroken(volgorde)
    y = alt.Y("y:N", sort=volgorde, title=None, axis=alt.Axis(**labels))
    x = alt.X("waarde:Q", title=None, axis=None, scale=alt.Scale(zero=True, nice=False))
    if len(series) > 1:
        kleur = alt.Color("serie:N", scale=alt.Scale(domain=series, range=[BLAUW, VERMILJOEN]))
        extra = {"yOffset": alt.YOffset("serie:N", sort=series)}
    else:
        kleur = alt.condition("datum.nadruk", alt.value(BLAUW), alt.value(GRIJS if nadruk else BLAUW))
        extra = {}
    staaf = alt.Chart(gegevens).mark_bar(height={"band": 0.8}).encode(y=y, x=x, color=kleur, **extra)
    tekst = alt.Chart(gegevens).mark_text(align="left", dx=4).encode(y=y, x=x, text="label:N", **extra)
    lagen = [staaf, tekst]
    if referentie is not None and _getal(referentie) is not None:
        ref = pd.DataFrame({"waarde": [_getal(referentie)],
                            "label": [f"{referentie_label} {_label(referentie, verborgen)}"]})
        lagen.append(alt.Chart(ref).mark_rule(strokeDash=[4, 3], color=DONKER).encode(x=x))
        lagen.append(alt.Chart(ref).mark_text(align="left", dx=4, baseline="bottom", y=-2, fontSize=10).encode(
            x=x, text="label:N"))
    hoogte = max(60, len(rijen) * max(18 * len(series) + 6, LETTERHOOGTE * regels + 6))
    chart = alt.layer(*lagen).properties(width=BREEDTE - 300, height=hoogte).configure(**CONFIG)
    beschrijving = f"Staafdiagram: {tabel.titel}, {' en '.join(series)}" + (
        f"; {nadruk} is gemarkeerd" if nadruk else "") + (
        f"; de stippellijn is {referentie_label.lower()}" if referentie is not None else "") + "."
    return Grafiek(chart.to_dict(validate=False), beschrijving)


def jaren(tabel: Tabel, kolom: int, verborgen: str, onvolledig: set[str]) -> Grafiek:
    """Vertical bars, one per row (a year), the value on top; a year not yet complete grey."""
    gegevens = pd.DataFrame([dict(x=r[0].waarde, waarde=_getal(r[1 + kolom]), label=_label(r[1 + kolom], verborgen),
                              compleet=r[0].waarde not in onvolledig) for r in tabel.rijen])
    x = alt.X("x:N", title=None, sort=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("waarde:Q", title=None, axis=None, scale=alt.Scale(zero=True))
    staaf = alt.Chart(gegevens).mark_bar(width={"band": 0.6}).encode(
        x=x, y=y, color=alt.condition("datum.compleet", alt.value(BLAUW), alt.value(GRIJS)))
    tekst = alt.Chart(gegevens).mark_text(baseline="bottom", dy=-3).encode(x=x, y=y, text="label:N")
    chart = alt.layer(staaf, tekst).properties(width=BREEDTE - 200, height=170).configure(**CONFIG)
    return Grafiek(chart.to_dict(validate=False), f"Staafdiagram: {_kop(tabel, 1 + kolom)} per jaar"
                   + ("; het laatste jaar is nog niet compleet" if onvolledig else "") + ".")
