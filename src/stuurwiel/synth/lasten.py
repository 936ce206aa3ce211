"""The posts of the whole budget that do not come from claims (`lasten`), and their budgets.

Each post is as large, per euro of a municipality's claims in a year, as in the region's reference
budget (regio.yaml: begroting; for ZHZ the 2017 budget), give or take a few per cent per
municipality and year; a month carries a twelfth of it, give or take a little. A month's cost is
booked at its end, so the file holds the months that ended on or before the peildatum; the ground
truth holds every month, with whether it was written. A post's budget is set near its cost, in
whole thousands of euros, for the years whose budgets are known on the peildatum."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from stuurwiel.config.regio import Regio
from stuurwiel.synth.budgetten import per_jaar

SPREIDING_JAAR = 0.04  # a post's yearly deviation from its reference share
SPREIDING_MAAND = 0.03  # a month's deviation from a twelfth
SPREIDING_BUDGET = 0.03  # a post's budget against its cost


def _posten(regio: Regio) -> list[tuple[str, float]]:
    b = regio.begroting
    return [(p.code, a) for p in b.posten if (a := b.aandeel(p))]


def lasten(rng: np.random.Generator, regio: Regio, jaren: range, kosten: np.ndarray) -> pa.Table:
    """Every month's cost per municipality and post, in eurocent: the ground truth. kosten: final
    claims [gemeente, segment, maand] over `jaren`."""
    posten = _posten(regio)
    jaarkosten = per_jaar(kosten).sum(axis=1)  # [gemeente, jaar]
    rijen: dict[str, list] = {k: [] for k in ("gemeentecode", "postcode", "jaar", "maand", "bedrag_cent")}
    for p, (code, aandeel) in enumerate(posten):
        jaarbedrag = jaarkosten * aandeel * rng.normal(1, SPREIDING_JAAR, jaarkosten.shape)
        maanden = jaarbedrag[:, :, None] / 12 * rng.normal(1, SPREIDING_MAAND, (*jaarkosten.shape, 12))
        bedrag = np.maximum(np.round(maanden), 0).astype(np.int64)
        g, j, m = np.nonzero(bedrag > 0)
        rijen["gemeentecode"] += [regio.gemeente_codes[i] for i in g]
        rijen["postcode"] += [code] * len(g)
        rijen["jaar"] += [jaren[i] for i in j]
        rijen["maand"] += (m + 1).tolist()
        rijen["bedrag_cent"] += bedrag[g, j, m].tolist()
    return pa.table({k: pa.array(v, pa.int64() if k in ("jaar", "maand", "bedrag_cent") else pa.string())
                     for k, v in rijen.items()})


def geboekt(t: pa.Table, peildatum: dt.date) -> np.ndarray:
    """Which months ended on or before the peildatum."""
    jaar, maand = np.array(t["jaar"]), np.array(t["maand"])
    return jaar * 12 + maand < peildatum.year * 12 + peildatum.month + (peildatum.day == _laatste_dag(peildatum))


def _laatste_dag(d: dt.date) -> int:
    volgende = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return (volgende - dt.timedelta(days=1)).day


def grondwaarheid(t: pa.Table, peildatum: dt.date) -> pa.Table:
    return t.append_column("geschreven", pa.array(geboekt(t, peildatum)))


def bestand(t: pa.Table, peildatum: dt.date) -> pa.Table:
    return t.filter(pa.array(geboekt(t, peildatum)))


def budgetten(rng: np.random.Generator, t: pa.Table, bekend: range) -> pa.Table:
    """A budget per municipality, post and known year, near the year's cost, in whole thousands of euros."""
    df = t.group_by(["gemeentecode", "postcode", "jaar"]).aggregate([("bedrag_cent", "sum")]).sort_by(
        [("gemeentecode", "ascending"), ("postcode", "ascending"), ("jaar", "ascending")])
    kosten = np.array(df["bedrag_cent_sum"], dtype=float)
    budget = np.round(kosten * rng.normal(1, SPREIDING_BUDGET, len(kosten)) / 100_000).astype(np.int64) * 100_000
    houden = np.isin(np.array(df["jaar"]), list(bekend)) & (budget > 0)
    return pa.table({"gemeentecode": df["gemeentecode"], "jaar": df["jaar"].cast(pa.int64()),
                     "segmentcode": pa.nulls(len(df), pa.string()), "budget_cent": pa.array(budget),
                     "postcode": df["postcode"]}).filter(pa.array(houden))
