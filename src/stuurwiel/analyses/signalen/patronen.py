"""Pattern signals about a provider's figures over months: what no single line shows.

A provider × product (`opdrijven`) or × product category (`duurder_product`) is compared month by
month: its average per client-month over the last `maanden` months up to that month against its
own average over the `historie` months before them, both relative to the other providers of the
same product or category in the same months. It is flagged when its rise beyond theirs is at
least `stijging`, is `zekerheid` standard errors or more (so a handful of expensive young people
cannot raise it: each window needs `min_clienten`), and its level lies `boven_anderen` times
theirs or higher (thresholds in regio.yaml `signalen:`, docs/ijw.md). One signal per provider ×
product, for its most certain window. Everything stays in the engine: sums over windows of
months, no loop over rows.
"""

from __future__ import annotations

import ibis

from stuurwiel.analyses.signalen.basis import (
    declaraties,
    euro,
    kolom,
    maanddatum,
    maandnummer,
    maandtekst,
    netto,
    procent,
    signaal,
)
from stuurwiel.config.controle import Patroondrempels
from stuurwiel.opslag.database import Opslag

SOMMEN = ("n", "s", "q", "n_ander", "s_ander")  # client-months, their sum and sum of squares; the others'


def clientmaanden(opslag: Opslag) -> ibis.Table:
    """Per provider, product and service month every young person with care claimed: its net cost."""
    d = declaraties(opslag)
    d = d.mutate(maand=maandnummer(d.periode_begin), _bedrag=netto(d))
    g = d.group_by(["agb_code", "productcategorie", "productcode", "maand", "client_id"]).aggregate(
        bedrag=d._bedrag.sum(), batch_id=d.batch_id.max())
    return g.filter(g.bedrag > 0)


def per_maand(x: ibis.Table, groep: str) -> ibis.Table:
    """`x`: per agb_code × `groep` × client_id × maand a `waarde` and batch_id. Per agb_code × groep ×
    maand: client-months `n`, the sum `s` and sum of squares `q` of their values, and `i` the young
    people who were not there the month before (to count the young people in a window)."""
    vorige = x.select(v_agb="agb_code", v_groep=groep, v_client="client_id", v_maand=x.maand + 1)
    terug = x.semi_join(vorige, [x.agb_code == vorige.v_agb, x[groep] == vorige.v_groep,
                                 x.client_id == vorige.v_client, x.maand == vorige.v_maand])
    terug = terug.group_by(["agb_code", groep, "maand"]).aggregate(t=terug.count())
    x = x.mutate(_x=x.waarde.cast("float64"))
    m = x.group_by(["agb_code", groep, "maand"]).aggregate(n=x.count(), s=x._x.sum(), q=(x._x * x._x).sum(),
                                                           batch_id=x.batch_id.max())
    m = m.left_join(terug, [m.agb_code == terug.agb_code, m[groep] == terug[groep], m.maand == terug.maand])
    return m.select("agb_code", groep, "maand", "n", "s", "q", "batch_id", i=m.n - m.t.fill_null(0))


def vergelijk(m: ibis.Table, groep: str, drempels: Patroondrempels) -> ibis.Table:
    """`m` from `per_maand`. Per provider × groep the flagged window with the highest certainty:
    `maand` (its last month) and `van` (its first), `n_nu` client-months in it, the own and the
    others' average per client-month in it and in the history before it (`eigen_nu`, `eigen_h`,
    `ander_nu`, `ander_h`), `stijging` and `z`."""
    elders = ibis.window(group_by=[groep, "maand"])
    m = m.mutate(n_ander=m.n.sum().over(elders) - m.n, s_ander=m.s.sum().over(elders) - m.s)
    partitie = ["agb_code", groep]
    w, h = drempels.maanden, drempels.historie

    def som(kolom_: str, van: int, tot: int) -> ibis.Value:
        """The sum over the months `van` to `tot` before each month (0: the month itself)."""
        return m[kolom_].sum().over(ibis.window(group_by=partitie, order_by="maand", range=(-van, -tot)))

    v = m.mutate(**{f"{c}_nu": som(c, w - 1, 0) for c in SOMMEN}, **{f"{c}_h": som(c, w + h - 1, w) for c in SOMMEN},
                 c_nu=som("n", w - 1, w - 1).fill_null(0) + som("i", w - 2, 0).fill_null(0),
                 c_h=som("n", w + h - 1, w + h - 1).fill_null(0) + som("i", w + h - 2, w).fill_null(0),
                 laatste_batch=m.batch_id.max().over(ibis.window(group_by=partitie, order_by="maand",
                                                                 range=(-(w - 1), 0))))
    genoeg = drempels.min_clienten
    v = v.filter((v.c_nu >= genoeg) & (v.c_h >= genoeg) & (v.n_ander_nu >= genoeg) & (v.n_ander_h >= genoeg))
    v = v.mutate(eigen_nu=v.s_nu / v.n_nu, eigen_h=v.s_h / v.n_h, ander_nu=v.s_ander_nu / v.n_ander_nu,
                 ander_h=v.s_ander_h / v.n_ander_h)
    # the squared relative standard error of each own average: the spread over its young people
    fout = {t: ibis.greatest(v[f"q_{t}"] / v[f"n_{t}"] - v[f"eigen_{t}"] ** 2, 0) / v[f"eigen_{t}"] ** 2 / v[f"c_{t}"]
            for t in ("nu", "h")}
    v = v.mutate(stijging=(v.eigen_nu / v.eigen_h) / (v.ander_nu / v.ander_h),
                 _fout=ibis.greatest(fout["nu"] + fout["h"], 1e-12))
    v = v.mutate(z=v.stijging.ln() / v._fout.sqrt())
    v = v.filter((v.stijging >= drempels.stijging) & (v.z >= drempels.zekerheid))
    if drempels.boven_anderen is not None:
        v = v.filter(v.eigen_nu >= drempels.boven_anderen * v.ander_nu)
    zekerst = ibis.row_number().over(group_by=partitie, order_by=[ibis.desc("z"), ibis.desc("maand")])
    v = v.mutate(_rn=zekerst).filter(kolom("_rn") == 0)
    return v.mutate(van=v.maand - (w - 1), batch_id=v.laatste_batch)


def _aanbiedersignaal(v: ibis.Table, regel: str, tekst: ibis.Value, sleutel: ibis.Value,
                      bedrag: ibis.Value) -> ibis.Table:
    """A provider's pattern: about the provider (no municipality), its source the window's claims."""
    t = v.mutate(_tekst=tekst, _sleutel=sleutel, _bedrag=bedrag.round().cast("int64"),
                 bron="declaraties " + _venster(v), gemeentecode=ibis.null("string"))
    return signaal(t, regel, t._tekst, "aanbieder", t._sleutel, maanddatum(t.van), t._bedrag)


def _venster(v: ibis.Table) -> ibis.Value:
    return maandtekst(v.van) + " t/m " + maandtekst(v.maand)


def opdrijven(opslag: Opslag) -> ibis.Table:
    """Cost per client-month of a provider's product that rose well beyond its own history and the
    other providers'; the amount is what the window cost above the others' level."""
    c = clientmaanden(opslag)
    x = c.select("agb_code", "productcode", "client_id", "maand", "batch_id", waarde=c.bedrag)
    v = vergelijk(per_maand(x, "productcode"), "productcode", opslag.regio().signalen.opdrijven)
    tekst = ("kosten per cliëntmaand " + _venster(v) + " " + euro(v.eigen_nu) + " tegen eigen historie "
             + euro(v.eigen_h) + " en andere aanbieders van " + v.productcode + " " + euro(v.ander_nu)
             + " (" + v.n_nu.cast("string") + " cliëntmaanden)")
    return _aanbiedersignaal(v, "opdrijven", tekst, v.agb_code + " " + v.productcode, v.s_nu - v.n_nu * v.ander_nu)


def duurder_product(opslag: Opslag) -> ibis.Table:
    """A provider's mix of products within a category that shifted to dearer products beyond the
    other providers' (upcoding). Each client-month is valued at its products' regional cost per
    client-month, so only the mix moves the figure; the amount is what the shift cost in the window."""
    c = clientmaanden(opslag)
    prijs = c.group_by("productcode").aggregate(prijs=c.bedrag.mean())
    c = c.join(prijs, "productcode")
    x = c.group_by(["agb_code", "productcategorie", "client_id", "maand"]).aggregate(waarde=c.prijs.sum(),
                                                                                   batch_id=c.batch_id.max())
    drempels = opslag.regio().signalen.duurder_product
    v = vergelijk(per_maand(x, "productcategorie"), "productcategorie", drempels)
    v = _grootste_verschuiving(c, v, drempels)
    tekst = ("productmix in categorie " + v.productcategorie + " " + _venster(v) + ": " + euro(v.eigen_nu)
             + " per cliëntmaand tegen regionale prijzen, tegen eigen historie " + euro(v.eigen_h)
             + " en andere aanbieders " + euro(v.ander_nu) + "; aandeel " + v.product + " van "
             + procent(v.aandeel_h) + " naar " + procent(v.aandeel_nu))
    return _aanbiedersignaal(v, "duurder_product", tekst, v.agb_code + " " + v.productcategorie,
                             v.s_nu * (1 - 1 / v.stijging))


def _grootste_verschuiving(c: ibis.Table, v: ibis.Table, drempels: Patroondrempels) -> ibis.Table:
    """The flagged windows `v` with the product whose share of the provider's client-months in the
    category rose most."""
    w = v.select(w_agb="agb_code", w_cat="productcategorie", w_eind="maand")
    j = c.join(w, [c.agb_code == w.w_agb, c.productcategorie == w.w_cat, c.maand <= w.w_eind,
                   c.maand > w.w_eind - (drempels.maanden + drempels.historie)])
    j = j.mutate(nu=j.maand > j.w_eind - drempels.maanden)
    totaal = ibis.window(group_by=["w_agb", "w_cat"])
    p = j.group_by(["w_agb", "w_cat", "productcode"]).aggregate(p_nu=j.count(where=j.nu), p_h=j.count(where=~j.nu))
    p = p.mutate(aandeel_nu=p.p_nu / p.p_nu.sum().over(totaal), aandeel_h=p.p_h / p.p_h.sum().over(totaal))
    grootst = ibis.row_number().over(group_by=["w_agb", "w_cat"],
                                     order_by=[ibis.desc(p.aandeel_nu - p.aandeel_h), p.productcode])
    p = p.mutate(_r=grootst).filter(kolom("_r") == 0)
    p = p.select("aandeel_nu", "aandeel_h", p_agb="w_agb", p_cat="w_cat", product="productcode")
    return v.join(p, [v.agb_code == p.p_agb, v.productcategorie == p.p_cat])
