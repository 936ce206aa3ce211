"""What the monthly, quarterly and annual reports show: the five key figures with a one-line
reading, then sections of tables and charts, every figure asked from the metric catalogue.

- maand (per municipality): the municipality this month and this year to date, against the
  same period last year and against the region;
- kwartaal (the region, for the "Samen Sturen" tables): the quarter against the same quarter
  last year, per municipality (and subregion), segment and provider, with the outcome indicators;
- jaar (the region): five years of trend, then the year against the previous one;
- burap (the region, or one municipality; docs/burap.md): on a peildatum, per municipality and
  segment the forecast against the budget, the whole budget per post, the deviations that matter
  explained, the proposed budget amendment and the risks.

The settlement report (`verevening`, the region, a year) is laid out in verevening.py.

The quarterly and annual reports end with the normenkader of their year: per product the
allocations before and after the year's norm, and the share within the norm per segment; then the
goals of the year (toepassing/doelen.py): per segment in the quarterly report (the *Samen Sturen*
tables), all of them in the annual report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import maandeinde, maandnummer, ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.catalogus import CATALOGUS
from stuurwiel.maten.herkomst import herkomst
from stuurwiel.maten.toelichting import toelichtingen
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.uitvoer.rapporten import verevening
from stuurwiel.uitvoer.rapporten.blokken import (
    aanbieders_segmenten,
    antwoorden,
    budget_gemeenten,
    concentratie,
    doelen,
    kerncijfer,
    kerntabel_gemeenten,
    kerntabel_subregios,
    kosten_segmenten,
    lokaal_team,
    normenkader,
    per_gemeente_staaf,
    prognose,
    segmenten_jaar,
    systeemspelers,
    trajectduur,
    trend,
    uitkomsten,
    verwijzers,
    verzilvering_segmenten,
    vijf_jaar,
    wachttijden,
)
from stuurwiel.uitvoer.rapporten.context import Context
from stuurwiel.uitvoer.rapporten.model import Kerncijfer, Rapport, Sectie

SOORTEN = {"maand": "Maandrapportage", "kwartaal": "Kwartaalrapportage", "jaar": "Jaarrapportage",
           "verevening": "Verevening", "burap": "Bestuursrapportage"}
BURAPS = {4: "Eerste bestuursrapportage", 8: "Tweede bestuursrapportage"}  # after four and after eight months


# --- the reports ------------------------------------------------------------------------------

def _maand(ctx: Context) -> tuple[list[Kerncijfer], list[Sectie]]:
    p, ytd = ctx.periode, ctx.jaar_tot_nu
    kern = [kerncijfer(ctx, "jeugdigen_in_zorg", p), kerncijfer(ctx, "jeugdigen_per_1000", p, regio=True),
            kerncijfer(ctx, "nieuwe_trajecten", p), kerncijfer(ctx, "kosten", ytd),
            kerncijfer(ctx, "budgetrealisatie", ytd, regio=True)]
    secties = [
        Sectie("Jeugdigen in zorg", [trend(ctx, "jeugdigen_in_zorg", "Jeugdigen in zorg per maand"),
                                     per_gemeente_staaf(ctx, "jeugdigen_per_1000", p, "Jeugdigen in zorg per 1.000 "
                                                        "jeugdigen")]),
        Sectie("Kosten en budget", [trend(ctx, "kosten", "Kosten per maand"), kosten_segmenten(ctx), *prognose(ctx)]),
        Sectie("Toegang", [verwijzers(ctx, ytd), lokaal_team(ctx, ytd)]),
        Sectie("Aanbieders", [systeemspelers(ctx, ytd), concentratie(ctx, ytd)]),
        Sectie("Uitkomsten", [uitkomsten(ctx, ytd, None)]),
        Sectie("Wachttijden in de regio", wachttijden(ctx, p)),
    ]
    return kern, secties


def _kwartaal_of_jaar(ctx: Context) -> tuple[list[Kerncijfer], list[Sectie]]:
    p, ytd = ctx.periode, ctx.jaar_tot_nu
    is_jaar = p.soort == "jaar"
    kern = [kerncijfer(ctx, "jeugdigen_in_zorg", p), kerncijfer(ctx, "jeugdigen_per_1000", p),
            kerncijfer(ctx, "kosten", p),
            kerncijfer(ctx, "kosten_per_jeugdige", p) if is_jaar else kerncijfer(ctx, "budgetrealisatie", ytd),
            kerncijfer(ctx, "budgetrealisatie", p) if is_jaar else kerncijfer(ctx, "uitval", p)]
    eerst = [Sectie("Vijf jaar", vijf_jaar(ctx)), Sectie("Segmenten", [segmenten_jaar(ctx)])] if is_jaar else [
        Sectie("Ontwikkeling per maand", [trend(ctx, "jeugdigen_in_zorg", "Jeugdigen in zorg per maand"),
                                          trend(ctx, "kosten", "Kosten per maand")])]
    secties = eerst + [
        Sectie("Gemeenten", [kerntabel_gemeenten(ctx), per_gemeente_staaf(ctx, "jeugdigen_per_1000", p,
                                                                          "Jeugdigen in zorg per 1.000 jeugdigen"),
                             *kerntabel_subregios(ctx)]),
        Sectie("Kosten en budget", [*prognose(ctx), budget_gemeenten(ctx), kosten_segmenten(ctx),
                                    verzilvering_segmenten(ctx)]),
        Sectie("Toegang", [verwijzers(ctx, p), lokaal_team(ctx, p)]),
        Sectie("Aanbiederslandschap", [aanbieders_segmenten(ctx, p), concentratie(ctx, p), systeemspelers(ctx, p)]),
        Sectie("Uitkomsten", [uitkomsten(ctx, p, "segment"), uitkomsten(ctx, p, "aanbieder"), trajectduur(ctx, p)]),
        Sectie("Beschikbaarheid", wachttijden(ctx, p)),
        Sectie("Normenkader", normenkader(ctx, "segment")),
    ]
    gesteld = doelen(ctx, per_segment=not is_jaar)
    if gesteld:
        secties.append(Sectie("Doelen" if is_jaar else "Samen Sturen: doelen per segment", gesteld))
    return kern, secties


def _burap(ctx: Context) -> tuple[list[Kerncijfer], list[Sectie]]:
    ytd = ctx.jaar_tot_nu
    kern = [kerncijfer(ctx, "kosten", ytd), kerncijfer(ctx, "budgetrealisatie", ytd, regio=True),
            kerncijfer(ctx, "jeugdigen_in_zorg", ctx.periode)]
    zicht = ctx.vraag.bereik.gemeenten  # per segment only the municipalities this audience sees in detail
    alle = Selectie(gemeenten=ctx.vraag.selectie.gemeenten or tuple(c for c in ctx.meter.namen("gemeente")
                                                                     if zicht is None or c in zicht))
    per_segment = [replace(o, titel=(titel := f"{o.titel}, per gemeente en segment"),
                           tabel=replace(o.tabel, titel=titel),
                           uitleg="Dezelfde prognose per segment; de segmenten tellen op tot hun gemeente.")
                   for o in antwoorden(ctx, "prognose", selectie=alle)]
    secties = [
        Sectie("Prognose tegen begroting", [*antwoorden(ctx, "prognose"), *per_segment]),
        Sectie("De hele begroting", antwoorden(ctx, "begrotingsrealisatie")),
        Sectie("Afwijkingen", antwoorden(ctx, "afwijkingen")),
        Sectie("Voorstel begrotingswijziging", antwoorden(ctx, "begrotingswijziging")),
        Sectie("Risico's", antwoorden(ctx, "risicos", "aandacht")),
    ]
    return kern, secties


_OP_PEILDATUM = (" De prognoses, de begrotingswijziging en de risico's gebruiken alleen wat op de peildatum bekend "
                 "was; de kerncijfers alle gegevens van nu.")


def _burapkop(vraag: Vraag) -> tuple[str, str]:
    """The burap's name and its subtitle: the months it covers and its peildatum."""
    d = vraag.peildatum
    naam = BURAPS.get(d.month, SOORTEN["burap"]) if d == maandeinde(maandnummer(d)) else SOORTEN["burap"]
    return naam, f"{notatie.MAANDEN[0]} t/m {notatie.MAANDEN[d.month - 1]} {d.year}, peildatum {notatie.datum(d)}"


_INHOUD = {"maand": _maand, "verevening": lambda ctx: (verevening.kern(ctx), verevening.secties(ctx)), "burap": _burap}


def bouw(meter: Meter, vraag: Vraag, soort: str) -> Rapport:
    """Build a report: `maand` for the one municipality of the question, `kwartaal` and `jaar` for
    the region; `meter` (Meter.voor the question) may be shared by the reports of one run."""
    if soort == "burap" and vraag.peildatum is None:
        vraag = vraag.met(peildatum=min(vraag.periode.eind, meter.opslag.stand() or vraag.periode.eind))
    periode, gemeente = vraag.periode, vraag.gemeente
    jaren = list(range(periode.begin.year - (4 if soort == "jaar" else 1), periode.eind.year + 1))
    ctx = Context(vraag, meter, herkomst(meter.opslag, jaren), toelichtingen(meter.opslag, [periode.label]))
    kern, secties = _INHOUD.get(soort, _kwartaal_of_jaar)(ctx)
    onderwerp = ctx.wie if gemeente else f"regio {ctx.herkomst.regio}"
    naam = f"{soort}rapportage-{gemeente + '-' if gemeente else ''}{periode.label}"
    kop, ondertitel = (SOORTEN[soort], notatie.periode(periode).capitalize())
    if soort == "burap":
        kop, ondertitel = _burapkop(vraag)
        naam = f"burap-{gemeente + '-' if gemeente else ''}{vraag.peildatum.isoformat()}"
    return Rapport(
        soort=soort, titel=f"{kop} jeugdhulp {onderwerp}", ondertitel=ondertitel, naam=naam, periode=periode,
        gemeente=gemeente,
        herkomst=ctx.herkomst, kerncijfers=kern, secties=secties,
        maten=[m for m in CATALOGUS.values() if m.naam in _getoond(kern, secties)],
        privacy=meter.privacy, waarschuwing=waarschuwing(ctx) + (_OP_PEILDATUM if soort == "burap" else ""),
        gemaakt_op=dt.datetime.now().replace(microsecond=0))


def _getoond(kern: list[Kerncijfer], secties: list[Sectie]) -> set[str]:
    return {k.cel.maat for k in kern} | {m for s in secties for o in s.onderdelen for m in o.maten}


def waarschuwing(ctx: Context) -> str:
    """The data's date, and how much of the recent months' cost is still to come."""
    stand = ctx.herkomst.stand
    if stand is None:
        return "Er zijn nog geen declaraties geladen."
    tekst = (f"Gegevens tot en met {notatie.datum(stand)} (de laatste declaratiedatum). Aanbieders declareren weken "
             f"tot maanden na de levering")
    open_ = ctx.onvolledige_maanden()
    if not open_:
        return tekst + "; alle maanden tot dan zijn naar verwachting compleet."
    gedeclareerd = sum(r["gedeclareerd"].waarde for r in open_)
    verwacht = sum(r["verwacht"].waarde for r in open_)
    eerste, laatste = (notatie.periode(ontleed_periode(r["maand"].waarde)) for r in (open_[0], open_[-1]))
    reeks = eerste if eerste == laatste else f"{eerste} t/m {laatste}"
    tekst += (f": over {reeks} is pas {notatie.waarde(gedeclareerd / verwacht, 'fractie')} van de verwachte "
              f"{notatie.waarde(verwacht, 'eurocent')} gedeclareerd, dus die maanden zijn nog niet compleet")
    return tekst + (": dat geldt ook voor deze rapportage." if ctx.onvolledig(ctx.periode) else ".")
