"""The dashboard's views: Overzicht, Gemeente, Segmenten, Aanbieders, Toegang, Kosten en budget,
Normenkader, Verevening, and the CSV/XLSX export of every table on them.

A view is an adapter: it turns the URL into a `Vraag` (`web/filters.py`) and shows the answers —
the report blocks (`uitvoer/rapporten/blokken.py`) and the application's answers (forecasts,
ceilings, what needs attention) — so what a page shows, its export and the reports are one and the
same figure, in one scope. A page is kept per state of the data, scope and question, so its export
is the table the user saw; it is rendered once, and who is logged in is added around it per request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import jaar
from stuurwiel.begrippen.tabel import Cel, Tabel
from stuurwiel.maten.catalogus import CATALOGUS
from stuurwiel.maten.herkomst import Herkomst
from stuurwiel.maten.namen import namen
from stuurwiel.maten.toelichting import toelichtingen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import controleer_selectie
from stuurwiel.uitvoer.rapporten import blokken, bouw
from stuurwiel.uitvoer.rapporten import verevening as vereveningsblokken
from stuurwiel.uitvoer.rapporten.context import Context
from stuurwiel.uitvoer.rapporten.model import Grafiek, Kerncijfer, Onderdeel
from stuurwiel.uitvoer.weergave import html as tabellen
from stuurwiel.uitvoer.weergave.bestand import slak
from stuurwiel.web import gebruikers
from stuurwiel.web.filters import FILTERS, opties, query, vraag_van
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres
from stuurwiel.web.weergave import DOWNLOADS, deel, download, pagina

router = APIRouter(include_in_schema=False)


@dataclass
class Pagina:
    titel: str
    intro: str
    blokken: list[Onderdeel] = field(default_factory=list)
    kerncijfers: list[Kerncijfer] = field(default_factory=list)
    filters: tuple[str, ...] = FILTERS
    soort_periode: str = "jaar"  # what the period selector offers: jaar (years and quarters) or maand
    opties: dict = field(default_factory=dict)  # what the filters offer; gathered when the page is built
    meerdere: bool = False  # several municipalities may be chosen (side by side)
    inhoud: Markup | None = field(default=None, repr=False, compare=False)  # rendered once: `weergegeven`
    bestanden: dict[int, dict[str, bytes]] = field(default_factory=dict, repr=False, compare=False)  # its exports

    @property
    def maten(self) -> list[str]:
        """The measures shown on the page, for the annotation form."""
        return sorted({k.cel.maat for k in self.kerncijfers if k.cel.maat} | {m for b in self.blokken for m in b.maten})


def _context(opslag: Opslag, vraag: Vraag, vergeleken: tuple[str, ...] = ()) -> Context:
    herkomst = Herkomst(opslag.regio().naam, opslag.stand(), (), ())
    return Context(vraag, Meter.voor(opslag, vraag), herkomst, toelichtingen(opslag, [vraag.periode.label]),
                   vergeleken)


# --- the views ---------------------------------------------------------------------------------------

def overzicht(opslag: Opslag, vraag: Vraag) -> Pagina:
    vraag = vraag.met(selectie=vraag.selectie.met(gemeente=None))
    ctx = _context(opslag, vraag)
    p = vraag.periode
    kern = [blokken.kerncijfer(ctx, m, p) for m in ("jeugdigen_in_zorg", "jeugdigen_per_1000", "nieuwe_trajecten",
                                                     "kosten", "kosten_per_client")]
    delen = [blokken.trend(ctx, "kosten", "Kosten per maand"), *blokken.vijf_jaar(ctx),
             blokken.trend(ctx, "jeugdigen_in_zorg", "Jeugdigen in zorg per maand"), blokken.kerntabel_gemeenten(ctx),
             *blokken.antwoorden(ctx, "prognose", "aandacht")]
    return Pagina("Overzicht", f"De regio in {notatie.periode(p)}: hoeveel jeugdigen, wat het kost, vijf jaar "
                  "ontwikkeling, waar het jaar op uitkomt en waar iets aandacht vraagt.", delen, kern,
                  filters=FILTERS[1:])


def vergelijken(opslag: Opslag, vraag: Vraag) -> Pagina:
    """The chosen municipalities side by side (their totals, which every audience may compare)."""
    gekozen = vraag.selectie.gemeenten
    ctx = _context(opslag, vraag.met(selectie=vraag.selectie.met(gemeente=None)), gekozen)
    p = vraag.periode
    delen = [blokken.kerntabel_gemeenten(ctx),
             blokken.per_gemeente_staaf(ctx, "jeugdigen_per_1000", p, "Jeugdigen in zorg per 1.000 jeugdigen"),
             blokken.per_gemeente_staaf(ctx, "kosten_per_jeugdige", p, "Kosten per jeugdige van 0-17 jaar"),
             blokken.budget_gemeenten(ctx)]
    wie = "de gekozen gemeenten" if gekozen else "alle gemeenten"
    return Pagina("Gemeenten naast elkaar", f"{wie.capitalize()} in {notatie.periode(p)}, met de regio als "
                  "maatstaf. Kies er meer in het filter Gemeenten (Ctrl of Shift ingedrukt).", delen, meerdere=True)


def gemeente(opslag: Opslag, vraag: Vraag) -> Pagina:
    r = bouw(Meter.voor(opslag, vraag), vraag, "maand")
    return Pagina(r.titel, f"{r.ondertitel}. {r.waarschuwing}", r.onderdelen, r.kerncijfers, soort_periode="maand")


def segmenten(opslag: Opslag, vraag: Vraag) -> Pagina:
    ctx = _context(opslag, vraag)
    p = vraag.periode
    return Pagina("Segmenten", f"Per segment in {notatie.periode(p)}, {ctx.wie}.",
                  [blokken.segmenten_jaar(ctx), blokken.kosten_segmenten(ctx), blokken.verzilvering_segmenten(ctx),
                   blokken.trajectduur(ctx, p), blokken.uitkomsten(ctx, p, "segment")])


def aanbieders(opslag: Opslag, vraag: Vraag) -> Pagina:
    ctx = _context(opslag, vraag)
    p = vraag.periode
    delen = [blokken.aanbieders_segmenten(ctx, p), blokken.concentratie(ctx, p), blokken.systeemspelers(ctx, p),
             *blokken.uitkomsten_aanbieders(ctx, p), *blokken.wachttijden(ctx, p)]
    if not vraag.gemeente:
        delen += blokken.antwoorden(ctx, "plafonds")
    return Pagina("Aanbieders", f"Het aanbiederslandschap in {notatie.periode(p)}: hoeveel aanbieders, de "
                  "systeemspelers, uitkomsten, wachttijden en budgetplafonds.", delen)


def toegang(opslag: Opslag, vraag: Vraag) -> Pagina:
    ctx = _context(opslag, vraag)
    p = vraag.periode
    return Pagina("Toegang", f"Langs welke route jeugdigen in zorg komen, {notatie.periode(p)}.",
                  [blokken.verwijzers(ctx, p), blokken.lokaal_team(ctx, p)])


def kosten(opslag: Opslag, vraag: Vraag) -> Pagina:
    ctx = _context(opslag, vraag)
    p = vraag.periode
    delen = [*blokken.antwoorden(ctx, "prognose"), blokken.budget_gemeenten(ctx), blokken.kosten_segmenten(ctx),
             blokken.per_gemeente_staaf(ctx, "kosten_per_jeugdige", p, "Kosten per jeugdige van 0-17 jaar")]
    return Pagina("Kosten en budget", f"Kosten tegen het budget in {notatie.periode(p)}, en de prognose voor het "
                  "jaar.", delen)


def normenkader(opslag: Opslag, vraag: Vraag) -> Pagina:
    """The normenkader of the year: per product before and after the year's norm, the share within the
    norm per segment, provider and referrer; with dossierinzage also every allocation above its norm."""
    ctx = _context(opslag, vraag)
    j = vraag.periode.eind.year
    delen = blokken.normenkader(ctx, "segment", "aanbieder", "verwijzer")
    if vraag.bereik.dossierinzage:
        delen += [replace(o, ingeklapt=True) for o in blokken.antwoorden(ctx, "normen", perioden=(jaar(j),))]
    return Pagina("Normenkader", f"De normen voor duur en intensiteit in {j}, {ctx.wie}: hoe de toewijzingen van "
                  f"{j} zich verhouden tot de norm, tegen die van {j - 1}; hoeveel er binnen de norm blijven, wat "
                  "erboven kost en waar de verklarende analyse ontbreekt.", delen)


def verevening(opslag: Opslag, vraag: Vraag) -> Pagina:
    """Who pays what of the year's cost under the region's settlement rules, as the board report shows it; a
    municipal account sees its own line and the totals (the answer applies its scope)."""
    ctx = _context(opslag, vraag)
    delen = [o for s in vereveningsblokken.secties(ctx) for o in s.onderdelen]
    return Pagina("Verevening", f"De verevening tussen de gemeenten over {vraag.periode.eind.year}: per gemeente de "
                  "eigen kosten, de sleutel, wat zij bijdraagt en wat de solidariteit verschuift, na afloop van het "
                  "jaar en op de begroting (het voorschot), en de varianten naast elkaar.", delen,
                  vereveningsblokken.kern(ctx), filters=("gemeente",))


# path -> (menu label, the view, what its period selector offers)
PAGINAS: dict[str, tuple[str, Callable[[Opslag, Vraag], Pagina], str]] = {
    "": ("Overzicht", overzicht, "jaar"),
    "gemeente": ("Gemeente", gemeente, "maand"),
    "vergelijken": ("Vergelijken", vergelijken, "jaar"),
    "segmenten": ("Segmenten", segmenten, "jaar"),
    "aanbieders": ("Aanbieders", aanbieders, "jaar"),
    "toegang": ("Toegang", toegang, "jaar"),
    "kosten": ("Kosten en budget", kosten, "jaar"),
    "normen": ("Normenkader", normenkader, "jaar"),
    "verevening": ("Verevening", verevening, "jaar"),
}


# --- building, showing, exporting --------------------------------------------------------------------

_PAGINAS = Voorraad(64)
BEREKEND = "X-Stuurwiel-Berekend"  # where a page came from: vooraf (the precomputation), eerder (kept), nu


def bouw_pagina(opslag: Opslag, naam: str, vraag: Vraag, toestand: tuple | None = None) -> tuple[Pagina, bool]:
    """The page of a view for a question, kept per state of the data; and whether it was computed now."""
    _, bouwer, _ = PAGINAS[naam]
    nu = []

    def maak() -> Pagina:
        nu.append(True)
        controleer_selectie(opslag, vraag)
        if len(vraag.selectie.gemeenten) > 1 and naam != "vergelijken":
            raise Vraagfout("kies op deze pagina één gemeente; meer naast elkaar ziet u op Vergelijken")
        p = bouwer(opslag, vraag)
        p.opties = opties(opslag, vraag, p.soort_periode, p.meerdere)
        return p
    return _PAGINAS.haal((toestand or opslag.toestand(), naam, vraag), maak), bool(nu)


def _bouw(request: Request, opslag: Opslag, s: Sessie, naam: str) -> tuple[Pagina, Vraag, str]:
    """The page for the question in the URL, as the user's scope shows it, and where it came from: the
    precomputation (web/voorberekening.py, which raises WordtBerekend while it is busy with it), or
    kept per state of the data. Raises BuitenBereik outside the scope, HTTPException(400) for a question
    that cannot be."""
    vraag = vraag_van(request, opslag, s, PAGINAS[naam][2])
    toestand = opslag.toestand()
    voorberekening = getattr(request.app.state, "voorberekening", None)
    if voorberekening and (p := voorberekening.haal((toestand, naam, vraag))) is not None:
        return p, vraag, "vooraf"
    try:
        p, nu = bouw_pagina(opslag, naam, vraag, toestand)
    except Vraagfout as e:
        raise HTTPException(400, str(e)) from None
    return p, vraag, "nu" if nu else "eerder"


def _fout(request: Request, opslag: Opslag, s: Sessie, e: Exception, status: int) -> HTMLResponse:
    return pagina(request, opslag, "fout.html.j2", s, status, titel="Geen toegang" if status == 403 else "Fout",
                  melding=str(e))


def _toon(naam: str):
    def weergave(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
        with opslag.momentopname():
            try:
                p, vraag, bron = _bouw(request, opslag, s, naam)
            except BuitenBereik as e:
                return _fout(request, opslag, s, e, 403)
            antwoord = pagina(request, opslag, "pagina.html.j2", s, p=p, vraag=vraag,
                              inhoud=weergegeven(p, naam, vraag), maat=CATALOGUS.get,
                              toelichten=_toelichten(request, opslag, s, vraag))
            antwoord.headers[BEREKEND] = bron
            return antwoord
    return weergave


def weergegeven(p: Pagina, naam: str, vraag: Vraag) -> Markup:
    """The page's figures, tables and charts as HTML: the same for everyone who asks this question of this state
    of the data (a page is kept per state, view and question), so rendered once; who is logged in is not in it."""
    if p.inhoud is None:
        p.inhoud = deel("pagina-inhoud.html.j2", pad=f"/{naam}", p=p, vraag=vraag, naam=naam, query=query(vraag),
                        privacy=vraag.bereik.privacy, verborgen=vraag.bereik.verborgen, cijfer=tabellen.cijfer,
                        tabel=lambda t: tabellen.tabel(t, _doorklik(vraag), "/hulp"), spec=_interactief,
                        maat=CATALOGUS.get, **p.opties)
    return p.inhoud


TOELICHTERS = ("regio", "beheerder")  # the roles that write the story behind the figures on a page


def _toelichten(request: Request, opslag: Opslag, s: Sessie, vraag: Vraag) -> dict | None:
    """What the annotation form on a page needs, for a role that may write one."""
    if s.gebruiker.rol not in TOELICHTERS:
        return None
    wie = "de regio" if vraag.gemeente is None else namen(opslag, "gemeente").get(vraag.gemeente, vraag.gemeente)
    return {"wie": wie, "periode": notatie.periode(vraag.periode),
            "terug": request.url.path + (f"?{request.url.query}" if request.url.query else "")}


# a row that names one of these opens its view, with the page's question narrowed to it
DOORKLIK = {"gemeente": "gemeente", "segment": "segmenten", "aanbieder": "aanbieders"}


def _doorklik(vraag: Vraag) -> tabellen.Doorklik:
    def doel(t: Tabel, rij: list[Cel]) -> str | None:
        dimensie = t.kolommen[0].naam
        sleutels = next((dict(c.sleutels) for c in rij if c.maat), {})
        code = sleutels.get(dimensie)
        if dimensie not in DOORKLIK or code is None:
            return None
        if dimensie == "gemeente" and vraag.bereik.gemeenten is not None and code not in vraag.bereik.gemeenten:
            return None  # another municipality's view is not within a municipal account's scope
        return f"/{DOORKLIK[dimensie]}?{query(vraag.met(selectie=vraag.selectie.met(**{dimensie: code})))}"
    return doel


def _interactief(g: Grafiek) -> dict:
    """The report's chart, with a tooltip on every mark and its text alternative as the description."""
    config = g.spec.get("config", {})
    return {**g.spec, "description": g.beschrijving,
            "config": {**config, "mark": {**config.get("mark", {}), "tooltip": {"content": "encoding"}}}}


for _naam in PAGINAS:
    router.add_api_route(f"/{_naam}", _toon(_naam), methods=["GET"], response_class=HTMLResponse)


@router.get("/export/{naam}/{index}.{formaat}")
def exporteer(request: Request, opslag: Verbinding, s: Ingelogd, naam: str, index: int, formaat: str) -> Response:
    if naam == "overzicht":
        naam = ""
    if naam not in PAGINAS or formaat not in DOWNLOADS:
        raise HTTPException(404)
    with opslag.momentopname():
        try:
            p, vraag, bron = _bouw(request, opslag, s, naam)
        except BuitenBereik as e:
            raise HTTPException(403, str(e)) from None
    if not 0 <= index < len(p.blokken):
        raise HTTPException(404)
    t: Tabel = p.blokken[index].tabel
    bestand = f"{naam or 'overzicht'}-{slak(t.titel)}-{vraag.periode.label}.{formaat}"
    gebruikers.log(opslag, s.gebruiker.naam, "export", f"{bestand} ({query(vraag)})", adres(request))
    return download(t, bestand, formaat, p.bestanden.setdefault(index, {}), **{BEREKEND: bron})
