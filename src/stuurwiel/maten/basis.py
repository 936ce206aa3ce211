"""The facts measures are built from: allocations per period, trajectories, claim lines as cost.

Definitions (also in docs/maten.md):
- an allocation is *active* in a period when it starts on or before the period's last day and
  has no end date or ends on or after its first day;
- a *trajectory* is an unbroken chain of allocations for the same young person, provider and
  product; a gap of up to 31 days between allocations still counts as one trajectory;
- *cost* is the signed claimed amount (credit negative, rejected lines excluded) attributed to
  the service month (the month of periode_begin), not the month it was claimed;
- the *segment* of a product follows the region's segment history at the date concerned.
"""

from __future__ import annotations

import datetime as dt

import ibis

from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import Selectie, dimensiekolommen
from stuurwiel.maten.kalender import kalender
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

TRAJECT_ONDERBREKING_DAGEN = 31
OPEN_EIND = dt.date(9999, 12, 31)


def selecteer(opslag: Opslag, t: ibis.Table, selectie: Selectie) -> ibis.Table:
    """The rows of facts within a selection, with the subregion of their municipality (`subregio`, from the
    region file) beside its code, so every measure split by municipality can be split by subregion."""
    if "gemeentecode" in t.columns and "subregio" not in t.columns:
        g = opslag.tabel("gemeente").select(_gemeente=ibis._.gemeentecode, subregio=ibis._.subregio)
        j = t.left_join(g, t.gemeentecode == g._gemeente)
        t = j.select(*[j[c] for c in t.columns], j.subregio)
    return selectie.pas_toe(t)


def groep(per: list[str]) -> list[str]:
    """The columns a measure groups by: the period and the requested dimensions."""
    return ["periode", *dimensiekolommen(list(per))]


LEEG = "~leeg~"  # stands in for a missing dimension value while joining (null never equals null)


MAATKOLOMMEN = ("waarde", "basis", "teller", "noemer")  # a measure's columns besides its keys


def verhouding(teller: ibis.Table, noemer: ibis.Table, factor: float = 1.0, basis: str | None = None) -> ibis.Table:
    """teller.waarde × factor / noemer.waarde on the keys the noemer has (a subset of the
    teller's). When the noemer has all the teller's keys, every noemer row gets a value (no teller
    row is zero: a municipality without young people in care has 0 per 1,000); otherwise every
    teller row does. A zero or missing noemer gives no value. `basis` (the people the ratio rests
    on, for suppression) is the "teller"'s or the "noemer"'s waarde, or none; `teller` and `noemer`
    are kept, for a ratio of counts of people shown from its rounded counts (privacy/onthulling.py)."""
    sleutels = [c for c in noemer.columns if c not in MAATKOLOMMEN]
    kolommen = [c for c in teller.columns if c not in MAATKOLOMMEN]
    t = teller.mutate(**{k: teller[k].fill_null(LEEG) for k in sleutels if k != "periode"})
    n = noemer.mutate(**{k: noemer[k].fill_null(LEEG) for k in sleutels if k != "periode"})
    t = t.select(*kolommen, _teller=t.waarde)
    n = n.select(*sleutels, _noemer=n.waarde)
    if set(kolommen) == set(sleutels):
        j = n.left_join(t, sleutels)
        j = j.mutate(_teller=j._teller.fill_null(0))
        bron = n
    else:
        j, bron = t.left_join(n, sleutels), t
    waarde = ibis.ifelse(j._noemer > 0, j._teller.cast("float64") * factor / j._noemer, ibis.null("float64"))
    return j.select(
        *[bron[k].nullif(LEEG).name(k) if k != "periode" else bron[k] for k in kolommen],
        waarde=waarde,
        basis={"teller": j._teller, "noemer": j._noemer, None: ibis.null()}[basis].cast("float64"),
        teller=j._teller.cast("float64"), noemer=j._noemer.cast("float64"),
    )


def met_segment(opslag: Opslag, t: ibis.Table, op: ibis.Value) -> ibis.Table:
    """Add segmentcode: the product's segment on date expression `op` (null when unknown)."""
    ps = opslag.tabel("product_segment")
    joined = t.left_join(ps, [t.productcode == ps.productcode, ps.geldig_van <= op, ps.geldig_tot >= op])
    return joined.select(*[joined[c] for c in t.columns], segmentcode=ps.segmentcode)


def toewijzingen_per_periode(opslag: Opslag, perioden: list[Periode]) -> ibis.Table:
    """Current allocations × the periods they are active in, with the segment in that period."""
    a = feiten.toewijzingen(opslag)
    cal = kalender(perioden)
    j = a.join(cal, [a.ingangsdatum <= cal.periode_eind,
                     a.einddatum.isnull() | (a.einddatum >= cal.periode_begin)])
    j = j.mutate(_op=ibis.greatest(j.ingangsdatum, j.periode_begin))
    return met_segment(opslag, j, j._op).drop("_op")


TRAJECTSLEUTEL = ["client_id", "agb_code", "productcode"]


def toewijzingen_in_traject(opslag: Opslag, peildatum: dt.date | None = None) -> ibis.Table:
    """Current allocations, each with its trajectory: `_traject` numbers the trajectories of one client,
    provider and product (TRAJECTSLEUTEL); with a `peildatum`, as the allocations known on that date made them."""
    return _in_traject(feiten.toewijzingen(opslag) if peildatum is None else feiten.toewijzingen_op(opslag, peildatum))


def trajecten(opslag: Opslag, peildatum: dt.date | None = None) -> ibis.Table:
    """One row per trajectory: client, provider, product, first municipality/referrer, begin, end
    (end null while open), segment at the start; with a `peildatum`, as the allocations known on
    that date made them."""
    return _trajecten(opslag, toewijzingen_in_traject(opslag, peildatum))


def trajecten_op_data(opslag: Opslag, data: list[dt.date]) -> ibis.Table:
    """`trajecten` as the allocations known on each of several dates made them, in one query, with the
    date as `peildatum` (a back-test looks back from a dozen month ends)."""
    extra = ("peildatum",)
    return _trajecten(opslag, _in_traject(feiten.toewijzingen_op_data(opslag, data), extra), extra)


def _in_traject(a: ibis.Table, extra: tuple[str, ...] = ()) -> ibis.Table:
    """The allocations `a` with `_traject`, per TRAJECTSLEUTEL and the columns `extra`."""
    sleutel = [*TRAJECTSLEUTEL, *extra]
    eind = a.einddatum.fill_null(OPEN_EIND)
    volgorde = ["ingangsdatum", "toewijzingnummer"]
    prior_end = eind.max().over(ibis.window(group_by=sleutel, order_by=volgorde, rows=(None, -1)))
    nieuw = prior_end.isnull() | (a.ingangsdatum > prior_end + ibis.interval(days=TRAJECT_ONDERBREKING_DAGEN))
    a = a.mutate(_nieuw=ibis.ifelse(nieuw, 1, 0), _eind=eind)
    return a.mutate(_traject=a._nieuw.sum().over(ibis.window(group_by=sleutel, order_by=volgorde, rows=(None, 0))))


def _trajecten(opslag: Opslag, a: ibis.Table, extra: tuple[str, ...] = ()) -> ibis.Table:
    t = a.group_by([*TRAJECTSLEUTEL, *extra, "_traject"]).aggregate(
        begindatum=a.ingangsdatum.min(),
        _eind=a._eind.max(),
        gemeentecode=a.gemeentecode.argmin(a.ingangsdatum),
        verwijzer_type=a.verwijzer_type.argmin(a.ingangsdatum),
        toewijzingen=a.toewijzingnummer.count(),
    )
    t = t.mutate(einddatum=ibis.ifelse(t._eind == OPEN_EIND, ibis.null("date"), t._eind)).drop("_eind", "_traject")
    return met_segment(opslag, t, t.begindatum)


def kostenregels(opslag: Opslag) -> ibis.Table:
    """Claim lines that count as cost: signed amount, service month, segment, referrer."""
    d = feiten.declaratieregels(opslag)
    d = d.filter(d.status != "afgewezen")
    d = d.mutate(
        dienstmaand=d.periode_begin.truncate("M").cast("date"),
        bedrag_getekend_cent=ibis.ifelse(d.debet_credit == "C", -d.bedrag_cent, d.bedrag_cent),
    )
    a = feiten.toewijzingen(opslag).select("toewijzingnummer", "verwijzer_type")
    d = d.left_join(a, d.toewijzingnummer == a.toewijzingnummer).drop("toewijzingnummer_right")
    return met_segment(opslag, d, d.periode_begin)


def jeugdbevolking(opslag: Opslag) -> ibis.Table:
    return opslag.tabel("jeugdbevolking")
