"""`stuurwiel prognose`: the year-end forecast (burap), its back-test, the months with late claims
added, and the providers heading for their ceiling."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import pandas as pd
import typer

from stuurwiel.analyses.prognose import burap as burap_
from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.analyses.prognose.plafond import plafonds as plafonds_
from stuurwiel.cli.app import DbOptie, app, console, stop
from stuurwiel.cli.cijfers import FormaatOptie, controleer_formaat
from stuurwiel.cli.opmaak import toon
from stuurwiel.cli.synth import parse_jaren
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.toepassing import vereis_ingericht
from stuurwiel.uitvoer.notatie import MAANDEN_KORT, datum, euro_kort, getal, procent

prognose_app = typer.Typer(help="Prognoses: het jaar (burap), de terugtoets, late declaraties en budgetplafonds.",
                           invoke_without_command=True)
app.add_typer(prognose_app, name="prognose")

PeildatumOptie = Annotated[str | None, typer.Option(
    "--peildatum", help="JJJJ-MM-DD: wat toen bekend was (standaard de laatste declaratiedatum)")]
GemeenteOptie = Annotated[list[str] | None, typer.Option("--gemeente", help="CBS-code; mag vaker")]

BEDRAG = euro_kort


def _mln(cent: float | None) -> str:
    return getal(None if cent is None or cent != cent else cent / 100_000_000, 1)


PROGNOSE_KOLOMMEN = {
    "naam": ("", None), "gerealiseerd": ("realisatie", _mln), "rest": ("rest", _mln),
    "jaartotaal": ("jaar", _mln), "interval": ("80%-interval", None), "budget": ("budget", _mln),
    "kans_overschrijding": ("kans >", lambda x: procent(None if x is None or x != x else 100 * x, 0)),
}
UITLEG_KOLOMMEN = ("realisatie: de maanden tot de peildatum, inclusief de declaraties die daarvoor nog komen; "
                   "rest: de maanden daarna; kans >: kans dat het budget overschreden wordt. --formaat csv geeft "
                   "ook het gedeclareerde")


@contextmanager
def _gegevens(db: str | None, peildatum: str | None) -> Iterator[Gegevens]:
    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            yield Gegevens.laad(opslag, _peildatum(opslag, peildatum))
    except OpslagFout as e:
        raise stop(str(e)) from None


def _peildatum(opslag: Opslag, tekst: str | None) -> dt.date:
    laatste = opslag.rijen("SELECT max(declaratiedatum) FROM declaratieregel")[0][0]
    if laatste is None:
        raise stop("er zijn nog geen declaraties geladen; een prognose heeft ze nodig")
    if tekst is None:
        return laatste
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError:
        raise stop(f"'{tekst}' is geen datum (JJJJ-MM-DD)") from None


@prognose_app.callback()
def prognose(
    ctx: typer.Context,
    peildatum: PeildatumOptie = None,
    gemeente: GemeenteOptie = None,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """De jaarprognose (burap) per gemeente, per segment en voor de regio, met 80%-interval en de kans
    dat het budget overschreden wordt."""
    if ctx.invoked_subcommand is not None:
        return
    controleer_formaat(formaat)
    with _gegevens(db, peildatum) as g:
        b = burap_.burap(g)
        gemeenten, segmenten = namen(g.opslag, "gemeente"), namen(g.opslag, "segment")
    onbekend = set(gemeente or ()) - set(gemeenten)
    if onbekend:
        raise stop(f"gemeente {', '.join(sorted(onbekend))} hoort niet bij deze regio")
    df = b.tabel()
    if gemeente:
        df = df[df.gemeentecode.isin(gemeente)]
        df = df.sort_values(["gemeentecode", "niveau"], key=lambda k: k.map({"segment": 0, "gemeente": 1})
                            if k.name == "niveau" else k)
    else:
        df = df[df.niveau != "segment"].sort_values("niveau", key=lambda k: k.map({"gemeente": 0, "regio": 1}))
    if formaat != "tabel":
        toon(df, formaat, "", {})
        return
    df = df.assign(code=[s if n == "segment" else (g_ or "") for n, g_, s in zip(df.niveau, df.gemeentecode,
                                                                              df.segmentcode, strict=True)],
                   naam=[_regelnaam(r, gemeenten, segmenten) for r in df.itertuples()],
                   interval=[_bereik(o, h) for o, h in zip(df.ondergrens, df.bovengrens, strict=True)])
    toon(df, formaat, f"Prognose {b.jaar} op {datum(b.peildatum)}, in miljoen euro", PROGNOSE_KOLOMMEN,
         UITLEG_KOLOMMEN)
    console.print(burap_.uitleg(b), soft_wrap=True)


def _bereik(onder: float, boven: float) -> str:
    return f"{_mln(onder)}–{_mln(boven)}"


def _regelnaam(r, gemeenten: dict[str, str], segmenten: dict[str, str]) -> str:
    if r.niveau == "regio":
        return "Regio"
    if r.niveau == "gemeente":
        return naam(gemeenten, r.gemeentecode)
    return "  " + naam(segmenten, r.segmentcode)


@prognose_app.command()
def toets(
    jaren: Annotated[str, typer.Option("--jaren", help="bijv. 2022-2024")],
    maanden: Annotated[str, typer.Option("--maanden", help="maanden van het jaar, bijv. 1-11")] = "1-11",
    details: Annotated[bool, typer.Option("--details", help="elk geval (jaar, maand, gemeente) apart")] = False,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """Terugtoets: de prognose zoals die aan het eind van elke maand van eerdere jaren gemaakt zou zijn, met alleen
    wat toen bekend was, tegen de uitkomst; naast doortrekken (run-rate) en het seizoenspatroon van vorig jaar."""
    controleer_formaat(formaat)
    try:
        reeks, maandreeks = parse_jaren(jaren), _maanden(maanden)
    except ValueError as e:
        raise stop(str(e)) from None
    with _gegevens(db, None) as g:
        kan = burap_.toets.toetsjaren(g)
        buiten = [j for j in reeks if j not in kan]
        if buiten:
            raise stop(f"jaar {', '.join(map(str, buiten))} kan niet getoetst worden: daarvoor is een jaar eerder "
                       f"nodig en een bekende uitkomst (mogelijk: {', '.join(map(str, kan)) or 'geen'})")
        verslag = burap_.terugtoets(g, list(reeks), maandreeks)
    if verslag.empty:
        raise stop("te weinig jaren om op te toetsen: een jaar leert van de andere getoetste jaren")
    if details:
        toon(verslag, formaat if formaat != "tabel" else "csv", "", {})
        return
    sv = burap_.samenvatting(verslag)
    kolommen = {"maand": ("maand", None), "gevallen": ("gevallen", None),
                **{f"{m}_gemeente": (m, _pct) for m in burap_.FOUTMETHODEN},
                "gecombineerd_regio": ("regio", _pct), "runrate_regio": ("regio run-rate", _pct),
                "dekking": ("in 80%-interval", _pct)}
    toon(sv, formaat, f"Terugtoets {jaren}: mediane fout van het jaartotaal per gemeente", kolommen,
         "gecombineerd: tijdreeks en bottom-up gewogen zoals geleerd uit de andere jaren; run-rate: gedeclareerd "
         "× 12 / maand; seizoensaandeel: gedeclareerd ÷ aandeel van die maanden vorig jaar")


def _pct(x: float) -> str:
    return procent(None if x != x else 100 * x, 1)


def _maanden(tekst: str) -> list[int]:
    m = re.fullmatch(r"\s*(\d{1,2})\s*(?:-\s*(\d{1,2}))?\s*", tekst)
    if not m:
        raise ValueError(f"'{tekst}' is geen maand of reeks maanden (bijv. 1-11)")
    van, tot = int(m[1]), int(m[2] or m[1])
    if not 1 <= van <= tot <= 12:
        raise ValueError(f"'{tekst}': maanden lopen van 1 tot en met 12")
    return list(range(van, tot + 1))


@prognose_app.command()
def maanden(
    peildatum: PeildatumOptie = None,
    gemeente: GemeenteOptie = None,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """Per maand van het jaar: wat gedeclareerd is en wat verwacht wordt als de late declaraties binnen zijn,
    en daarna de prognose — zodat de laatste maanden niet als een daling gelezen worden."""
    controleer_formaat(formaat)
    with _gegevens(db, peildatum) as g:
        b = burap_.burap(g)
    r = b.raming
    sel = [g.gemeenten.index(c) for c in gemeente] if gemeente else slice(None)
    verwacht = r.maanden(b.leerstof.gewicht)[sel].sum(axis=tuple(range(r.gedeclareerd[sel].ndim - 1)))
    gedeclareerd = r.gedeclareerd[sel].sum(axis=tuple(range(r.gedeclareerd[sel].ndim - 1)))
    df = pd.DataFrame({"maand": [f"{b.jaar}-{m:02d}" for m in range(1, 13)],
                       "gedeclareerd": [x if i < b.maand else None for i, x in enumerate(gedeclareerd)],
                       "verwacht": verwacht,
                       "soort": ["gerealiseerd" if i < b.maand else "prognose" for i in range(12)]})
    toon(df, formaat, f"Kosten per maand {b.jaar} op {datum(b.peildatum)}"
         + (f", gemeente {', '.join(gemeente)}" if gemeente else ", de regio"),
         {"maand": ("maand", None), "gedeclareerd": ("gedeclareerd tot nu toe", BEDRAG),
          "verwacht": ("verwacht", BEDRAG), "soort": ("", None)},
         "verwacht: met de declaraties die nog komen (chain-ladder per segment); na de peildatum de prognose")


@prognose_app.command()
def plafonds(
    peildatum: PeildatumOptie = None,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """Aanbieders met een budgetplafond: wanneer zij het naar verwachting bereiken — het vroege signaal
    voor een cliëntenstop."""
    controleer_formaat(formaat)
    with _gegevens(db, peildatum) as g:
        b = burap_.burap(g)
        lijst = plafonds_(g, b)
    if not lijst:
        raise stop(f"er zijn geen budgetplafonds voor {b.jaar} geladen")
    df = pd.DataFrame([{**p.__dict__, "aandeel": p.jaartotaal / p.plafond} for p in lijst])
    voor = sum(p.voor_jaareinde for p in lijst)
    if formaat == "tabel":
        df = df.assign(band=[f"{_dag(v)} – {_dag(u)}" if v or u else "" for v, u in zip(df.vroegst, df.laatst,
                                                                                        strict=True)])
    toon(df, formaat, f"Budgetplafonds {b.jaar} op {datum(b.peildatum)}: {voor} van {len(lijst)} aanbieders "
                      "bereiken hun plafond naar verwachting voor het jaareinde",
         {"naam": ("aanbieder", None), "plafond": ("plafond", BEDRAG), "jaartotaal": ("prognose", BEDRAG),
          "aandeel": ("%", lambda x: procent(100 * x, 0)), "bereikt": ("bereikt", _dag), "band": ("80%-band", None)},
         "bereikt: de dag dat de verwachte kosten het plafond passeren; 80%-band: aan de boven- en onderkant van "
         "het interval; leeg: niet dit jaar. --formaat csv geeft ook AGB-code en realisatie")


def _dag(d: dt.date | None) -> str:
    return "" if d is None or d != d else f"{d.day} {MAANDEN_KORT[d.month - 1]}"
