"""The dashboard's pages: Overzicht, Gemeente, Segmenten, Aanbieders, Toegang, Kosten en budget,
the report downloads, CSV/XLSX export of every table, and for the controle role the signals (the
beheerder's pages are in `beheer.py`).

A page is built from the same blocks as the reports (`uitvoer/rapporten/inhoud.py`), asked from
the catalogue through a `Meter` with the user's `Bereik` and the filters in the URL, so what a
page shows, its export and the reports are one and the same figure, in one scope. The filters are
query parameters: a page can be bookmarked and shared.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from stuurwiel.analyses.prognose import burap as burap_
from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.analyses.prognose.plafond import Plafond, plafonds
from stuurwiel.begrippen.periode import Periode, jaar, maand, ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.herkomst import Herkomst, stand
from stuurwiel.maten.namen import namen
from stuurwiel.maten.toelichting import toelichtingen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik, BuitenBereik
from stuurwiel.privacy.onthulling import verborgen
from stuurwiel.uitvoer import notatie
from stuurwiel.uitvoer.rapporten import FORMATEN as RAPPORTFORMATEN
from stuurwiel.uitvoer.rapporten import bouw, html, inhoud, pdf, xlsx
from stuurwiel.uitvoer.rapporten.html import herkomst
from stuurwiel.uitvoer.rapporten.inhoud import Context, kerncijfer
from stuurwiel.uitvoer.rapporten.meter import Meter
from stuurwiel.uitvoer.rapporten.model import Cel, Grafiek, Kerncijfer, Onderdeel
from stuurwiel.web import gebruikers
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, vereist
from stuurwiel.web.voorraad import Voorraad, toestand
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)
FILTERS = ("gemeente", "segment", "product", "aanbieder", "verwijzer")


@dataclass
class Lijst:
    """A table of the dashboard's own (forecasts, alerts): values, and the unit of each column
    (eurocent, fractie, datum or None for text), which says how to show and export it."""
    titel: str
    uitleg: str
    kopjes: list[str]
    eenheden: list[str | None]
    rijen: list[list]

    def tekst(self, i: int, waarde) -> str:
        if waarde is None:
            return ""
        return _OPMAAK.get(self.eenheden[i], str)(waarde)

    def waarde(self, i: int, waarde):
        """The value as exported: euros for amounts, percentages for fractions."""
        if waarde is None:
            return None
        return {"eurocent": lambda x: round(x / 100, 2), "fractie": lambda x: round(100 * x, 1)}.get(self.eenheden[i],
                                                                                           lambda x: x)(waarde)

    @property
    def exportkopjes(self) -> list[str]:
        extra = {"eurocent": " (euro)", "fractie": " (%)"}
        return [(k or "naam") + extra.get(e, "") for k, e in zip(self.kopjes, self.eenheden, strict=True)]


def _procent(fractie: float) -> str:
    return notatie.procent(100 * fractie, 0)


_OPMAAK: dict[str | None, Callable] = {"eurocent": notatie.euro_kort, "fractie": _procent, "datum": notatie.datum}


Blok = Onderdeel | Lijst


@dataclass
class Pagina:
    titel: str
    intro: str
    blokken: list[Blok] = field(default_factory=list)
    kerncijfers: list[Kerncijfer] = field(default_factory=list)
    filters: tuple[str, ...] = FILTERS
    soort_periode: str = "jaar"  # what the period selector offers: jaar (years and quarters) or maand
    opties: dict = field(default_factory=dict)  # what the filters offer; gathered when the page is built


# --- what the URL asks -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Keuze:
    periode: Periode
    gemeente: str | None = None
    segment: str | None = None
    product: str | None = None
    aanbieder: str | None = None
    verwijzer: str | None = None

    @property
    def filter(self) -> Selectie:
        def een(x: str | None) -> tuple[str, ...]:
            return (x,) if x else ()
        return Selectie(segmenten=een(self.segment), producten=een(self.product), aanbieders=een(self.aanbieder),
                      verwijzers=een(self.verwijzer))

    def query(self, **anders) -> str:
        waarden = {"periode": self.periode.label, **{f: getattr(self, f) for f in FILTERS}, **anders}
        return urlencode({k: v for k, v in waarden.items() if v})


def keuze(request: Request, opslag: Opslag, s: Sessie, soort: str) -> Keuze:
    q = request.query_params
    _, tot = stand(opslag)
    tot = tot or dt.date.today()
    try:
        periode = ontleed_periode(q["periode"]) if q.get("periode") else (
            maand(tot.year, tot.month) if soort == "maand" else jaar(tot.year))
    except ValueError:
        raise HTTPException(400, f"'{q.get('periode')}' is geen periode (JJJJ, JJJJ-Qn of JJJJ-MM)") from None
    if soort == "maand" and periode.soort != "maand":
        periode = maand(periode.eind.year, periode.eind.month)
    gemeente = q.get("gemeente") or (s.gebruiker.gemeenten[0] if soort == "maand" and s.gebruiker.gemeenten else None)
    return Keuze(periode, gemeente, *(q.get(f) or None for f in FILTERS[1:]))


def _context(opslag: Opslag, meter: Meter, k: Keuze) -> Context:
    naam, tot = stand(opslag)
    return Context(meter, k.periode, k.gemeente, Herkomst(naam, tot, (), ()), toelichtingen(opslag, [k.periode.label]))


def _meter(opslag: Opslag, s: Sessie, k: Keuze) -> Meter:
    return Meter(opslag, bereik_van(opslag, s), k.filter)


# --- the pages -------------------------------------------------------------------------------------

def overzicht(opslag: Opslag, s: Sessie, k: Keuze) -> Pagina:
    ctx = _context(opslag, _meter(opslag, s, k), replace(k, gemeente=None))
    p = k.periode
    kern = [kerncijfer(ctx, m, p) for m in ("jeugdigen_in_zorg", "jeugdigen_per_1000", "nieuwe_trajecten",
                                             "kosten", "kosten_per_client")]
    blokken: list[Blok] = [inhoud.trend(ctx, "kosten", "Kosten per maand"),
                           inhoud.trend(ctx, "jeugdigen_in_zorg", "Jeugdigen in zorg per maand"),
                           inhoud.kerntabel_gemeenten(ctx)]
    pr = prognose(opslag)
    if pr is not None:
        blokken += [_prognose_gemeenten(pr.burap, opslag, s), _signalen_regio(pr, opslag)]
    return Pagina("Overzicht", f"De regio in {notatie.periode(p)}: hoeveel jeugdigen, wat het kost, waar het jaar "
                  "op uitkomt en waar iets aandacht vraagt.", blokken, kern, filters=FILTERS[1:])


def gemeente(opslag: Opslag, s: Sessie, k: Keuze) -> Pagina:
    if not k.gemeente:
        codes = _gemeenten(opslag, s)
        k = replace(k, gemeente=codes[0])
    r = bouw(_meter(opslag, s, k), "maand", k.periode, k.gemeente)
    blokken = [o for sectie in r.secties for o in sectie.onderdelen]
    return Pagina(r.titel, f"{r.ondertitel}. {r.waarschuwing}", blokken, r.kerncijfers, soort_periode="maand")


def segmenten(opslag: Opslag, s: Sessie, k: Keuze) -> Pagina:
    ctx = _context(opslag, _meter(opslag, s, k), k)
    p = k.periode
    return Pagina("Segmenten", f"Per segment in {notatie.periode(p)}"
                  + (f", {ctx.scope_naam}" if k.gemeente else ", de regio") + ".",
                  [inhoud.segmenten_jaar(ctx), inhoud.kosten_segmenten(ctx), inhoud.verzilvering_segmenten(ctx),
                   inhoud.trajectduur(ctx, p), inhoud.uitkomsten(ctx, p, "segment")])


def aanbieders(opslag: Opslag, s: Sessie, k: Keuze) -> Pagina:
    ctx = _context(opslag, _meter(opslag, s, k), k)
    p = k.periode
    blokken: list[Blok] = [inhoud.aanbieders_segmenten(ctx, p), inhoud.concentratie(ctx, p),
                           inhoud.systeemspelers(ctx, p), inhoud.uitkomsten(ctx, p, "aanbieder"),
                           *inhoud.wachttijden(ctx, p)]
    pr = prognose(opslag)
    if pr is not None and not k.gemeente:
        blokken.append(_plafonds(pr))
    return Pagina("Aanbieders", f"Het aanbiederslandschap in {notatie.periode(p)}: hoeveel aanbieders, de "
                  "systeemspelers, uitkomsten, wachttijden en budgetplafonds.", blokken)


def toegang_(opslag: Opslag, s: Sessie, k: Keuze) -> Pagina:
    ctx = _context(opslag, _meter(opslag, s, k), k)
    return Pagina("Toegang", f"Langs welke route jeugdigen in zorg komen, {notatie.periode(k.periode)}.",
                  [inhoud.verwijzers(ctx, k.periode), inhoud.lokaal_team(ctx, k.periode)])


def kosten(opslag: Opslag, s: Sessie, k: Keuze) -> Pagina:
    ctx = _context(opslag, _meter(opslag, s, k), k)
    blokken: list[Blok] = [inhoud.budget_gemeenten(ctx), inhoud.kosten_segmenten(ctx),
                           inhoud.per_gemeente_staaf(ctx, "kosten_per_jeugdige", k.periode, "Kosten per jeugdige")]
    pr = prognose(opslag)
    if pr is not None:
        blokken.insert(0, _prognose_gemeenten(pr.burap, opslag, s, k.gemeente))
    return Pagina("Kosten en budget", f"Kosten tegen het budget in {notatie.periode(k.periode)}, en de prognose "
                  "voor het jaar.", blokken)


PAGINAS: dict[str, tuple[str, Callable[[Opslag, Sessie, Keuze], Pagina], str]] = {
    "": ("Overzicht", overzicht, "jaar"),
    "gemeente": ("Gemeente", gemeente, "maand"),
    "segmenten": ("Segmenten", segmenten, "jaar"),
    "aanbieders": ("Aanbieders", aanbieders, "jaar"),
    "toegang": ("Toegang", toegang_, "jaar"),
    "kosten": ("Kosten en budget", kosten, "jaar"),
}


def _gemeenten(opslag: Opslag, s: Sessie) -> list[str]:
    """The municipalities a user may open in detail."""
    return list(s.gebruiker.gemeenten) or sorted(namen(opslag, "gemeente"))


# --- forecasts (the same for every user: a region's burap is computed once per state of the data) ---

@dataclass(frozen=True)
class Prognose:
    burap: burap_.Burap
    plafonds: list[Plafond]


_PROGNOSES = Voorraad(4)


def prognose(opslag: Opslag) -> Prognose | None:
    def maak() -> Prognose | None:
        _, tot = stand(opslag)
        if tot is None:
            return None
        g = Gegevens.laad(opslag, tot)
        b = burap_.burap(g)
        return Prognose(b, plafonds(g, b))
    return _PROGNOSES.haal(toestand(opslag), maak)


def _prognose_gemeenten(b: burap_.Burap, opslag: Opslag, s: Sessie, alleen: str | None = None) -> Lijst:
    """The year's forecast per municipality (every user: totals are aggregates) and, for the
    municipalities the user may see in detail, per segment."""
    eigen = bereik_van(opslag, s).gemeenten
    gem, seg = namen(opslag, "gemeente"), namen(opslag, "segment")
    rijen = []
    for r in b.regels:
        if alleen and r.gemeentecode not in (alleen, None):
            continue
        if r.niveau == "segment" and (eigen is not None and r.gemeentecode not in eigen or not alleen):
            continue
        label = {"regio": "Regio", "gemeente": gem.get(r.gemeentecode, r.gemeentecode)}.get(
            r.niveau, f"  {seg.get(r.segmentcode, r.segmentcode)}")
        rijen.append([label, r.gerealiseerd, r.rest, r.jaartotaal, r.ondergrens, r.bovengrens, r.budget,
                      r.kans_overschrijding])
    return Lijst(f"Prognose {b.jaar}", burap_.uitleg(b),
                 ["", "gerealiseerd", "rest van het jaar", "jaartotaal", "80%: laag", "80%: hoog", "budget",
                  "kans > budget"], [None, *["eurocent"] * 6, "fractie"], rijen)


def _signalen_regio(pr: Prognose, opslag: Opslag) -> Lijst:
    b = pr.burap
    gem = namen(opslag, "gemeente")
    rijen = [[f"Budget {gem.get(r.gemeentecode, r.gemeentecode)}",
              f"kans op overschrijding {_procent(r.kans_overschrijding)}", r.jaartotaal - r.budget]
             for r in b.regels if r.niveau == "gemeente" and r.kans_overschrijding and r.kans_overschrijding >= 0.5]
    rijen += [[f"Plafond {x.naam}", f"bereikt op {notatie.datum(x.bereikt)}", x.jaartotaal - x.plafond]
              for x in pr.plafonds if x.bereikt and x.bereikt > b.peildatum]
    return Lijst("Wat aandacht vraagt", "Gemeenten met meer dan 50% kans het budget te overschrijden en aanbieders "
                 "die hun budgetplafond naar verwachting na de peildatum en voor het jaareinde bereiken.",
                 ["signaal", "wat", "prognose min budget of plafond"], [None, None, "eurocent"], rijen)


def _plafonds(pr: Prognose) -> Lijst:
    b = pr.burap
    rijen = [[x.naam, x.agb_code, x.plafond, x.jaartotaal, x.jaartotaal / x.plafond, x.bereikt, x.vroegst, x.laatst]
             for x in pr.plafonds]
    return Lijst(f"Budgetplafonds {b.jaar}", "Wanneer aanbieders hun plafond naar verwachting bereiken (het vroege "
                 "signaal voor een cliëntenstop), met de dagen aan de randen van het 80%-interval.",
                 ["aanbieder", "AGB", "plafond", "prognose", "van het plafond", "bereikt", "vroegst", "uiterlijk"],
                 [None, None, "eurocent", "eurocent", "fractie", "datum", "datum", "datum"], rijen)


# --- rendering, export -----------------------------------------------------------------------------

_PAGINAS = Voorraad(64)


def _bouw(request: Request, opslag: Opslag, s: Sessie, naam: str) -> tuple[Pagina, Keuze, Bereik]:
    """The page for the question in the URL, as the user's scope shows it; kept per state of the
    data, so its export is the table the user saw. The selectie values are checked and the filters'
    options gathered once per kept page. Raises GeenToegang outside the scope."""
    _, bouwer, soort = PAGINAS[naam]
    k = keuze(request, opslag, s, soort)
    bereik = bereik_van(opslag, s)

    def maak() -> Pagina:
        for f in FILTERS:
            if getattr(k, f) and getattr(k, f) not in namen(opslag, f):
                raise HTTPException(400, f"{f} {getattr(k, f)} hoort niet bij deze regio")
        p = bouwer(opslag, s, k)
        p.opties = _opties(opslag, s, p)
        return p
    return _PAGINAS.haal((toestand(opslag), naam, bereik, k), maak), k, bereik


def _jaren(opslag: Opslag) -> list[int]:
    return [j for (j,) in opslag.rijen("SELECT DISTINCT CAST(EXTRACT(year FROM periode_begin) AS INTEGER) "
                                         "FROM declaratieregel ORDER BY 1 DESC")]


def _maanden(jaren: list[int]) -> list[tuple[str, str]]:
    return [(f"{j}-{m:02d}", f"{notatie.MAANDEN[m - 1]} {j}") for j in jaren for m in range(12, 0, -1)]


def _kwartalen(jaren: list[int]) -> list[tuple[str, str]]:
    return [(f"{j}-Q{q}", f"{q}e kwartaal {j}") for j in jaren for q in range(4, 0, -1)]


def _opties(opslag: Opslag, s: Sessie, p: Pagina) -> dict:
    """What the filters offer: periods with data, the municipalities the user may open, and the
    segments, products, providers and referrers by name."""
    jaren = _jaren(opslag)
    perioden = _maanden(jaren) if p.soort_periode == "maand" else [(str(j), str(j)) for j in jaren] + _kwartalen(jaren)
    gemeenten = namen(opslag, "gemeente")
    keuzes = {"gemeente": [(c, gemeenten[c]) for c in _gemeenten(opslag, s)]}
    for d in FILTERS[1:]:
        keuzes[d] = sorted(namen(opslag, d).items(), key=lambda x: x[1])
    return {"perioden": perioden, "keuzes": keuzes}


def _fout(request: Request, opslag: Opslag, s: Sessie, e: Exception, status: int) -> HTMLResponse:
    return pagina(request, opslag, "fout.html.j2", s, status, titel="Geen toegang" if status == 403 else "Fout",
                  melding=str(e))


def _toon(naam: str):
    def weergave(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
        with opslag.momentopname():
            try:
                p, k, bereik = _bouw(request, opslag, s, naam)
            except BuitenBereik as e:
                return _fout(request, opslag, s, e, 403)
            privacy = bereik.privacy
            teken = verborgen(privacy) if privacy else ""
            return pagina(request, opslag, "pagina.html.j2", s, p=p, k=k, naam=naam, privacy=privacy,
                          verborgen=teken, cel=lambda c: c.tekst(teken), herkomst=herkomst, spec=_interactief,
                          isinstance=isinstance, Lijst=Lijst, **p.opties)
    return weergave


def _interactief(g: Grafiek) -> dict:
    """The report's chart, with a tooltip on every mark."""
    config = g.spec.get("config", {})
    return {**g.spec, "config": {**config, "mark": {**config.get("mark", {}), "tooltip": {"content": "encoding"}}}}


for _naam in PAGINAS:
    router.add_api_route(f"/{_naam}", _toon(_naam), methods=["GET"], response_class=HTMLResponse)


@router.get("/export/{naam}/{index}.{formaat}")
def export(request: Request, opslag: Verbinding, s: Ingelogd, naam: str, index: int, formaat: str) -> Response:
    if naam == "overzicht":
        naam = ""
    if naam not in PAGINAS or formaat not in ("csv", "xlsx"):
        raise HTTPException(404)
    with opslag.momentopname():
        try:
            p, k, bereik = _bouw(request, opslag, s, naam)
        except BuitenBereik as e:
            raise HTTPException(403, str(e)) from None
        privacy = bereik.privacy
    if not 0 <= index < len(p.blokken):
        raise HTTPException(404)
    blok = p.blokken[index]
    df = _als_tabel(blok, verborgen(privacy) if privacy else "")
    titel = blok.titel if isinstance(blok, Lijst) else blok.tabel.titel
    bestand = f"{naam or 'overzicht'}-{_slak(titel)}-{k.periode.label}.{formaat}"
    gebruikers.log(opslag, s.gebruiker.naam, "export", f"{bestand} ({k.query()})", adres(request))
    if formaat == "csv":
        inhoud_ = df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
        soort = "text/csv; charset=utf-8"
    else:
        buf = io.BytesIO()
        df.to_excel(buf, index=False, sheet_name=re.sub(r"[\[\]:*?/\\]", " ", titel)[:31] or "tabel")
        inhoud_, soort = buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(inhoud_, media_type=soort, headers={"Content-Disposition": f'attachment; filename="{bestand}"'})


def _als_tabel(blok: Blok, verborgen_: str) -> pd.DataFrame:
    """The table behind a block as values: euros (not cents), a suppressed count as its sign."""
    if isinstance(blok, Lijst):
        return pd.DataFrame([[blok.waarde(i, w) for i, w in enumerate(rij)] for rij in blok.rijen],
                            columns=blok.exportkopjes)
    t = blok.tabel

    def waarde(c):
        if not isinstance(c, Cel):
            return c
        if c.onderdrukt:
            return verborgen_
        return None if c.waarde is None else (c.waarde / 100 if c.eenheid == "eurocent" else c.waarde)

    kopjes = [t.kopjes[0], *[f"{k} (euro)" if e == "eurocent" else k for k, e in zip(t.kopjes[1:], t.eenheden)]]
    return pd.DataFrame([[waarde(c) for c in rij] for rij in t.rijen], columns=kopjes)


def _slak(tekst: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-")


# --- reports -----------------------------------------------------------------------------------------

@router.get("/rapporten", response_class=HTMLResponse)
def rapporten(request: Request, opslag: Verbinding, s: Ingelogd) -> HTMLResponse:
    jaren = _jaren(opslag)
    gemeenten = namen(opslag, "gemeente")
    soorten = [
        ("maand", "Maandrapportage", "Van een gemeente: de maand en het jaar tot nu, tegen vorig jaar en de regio.",
         _maanden(jaren)),
        ("kwartaal", "Kwartaalrapportage", "Van de regio (Samen Sturen): per gemeente, segment en aanbieder.",
         _kwartalen(jaren)),
        ("jaar", "Jaarrapportage", "Van de regio: vijf jaar ontwikkeling en het jaar tegen het vorige, per segment.",
         [(str(j), str(j)) for j in jaren]),
    ]
    return pagina(request, opslag, "rapporten.html.j2", s, soorten=soorten, formaten=RAPPORTFORMATEN,
                  gemeenten=[(c, gemeenten[c]) for c in _gemeenten(opslag, s)])


@router.get("/rapporten/download")
def rapport_download(request: Request, opslag: Verbinding, s: Ingelogd,
                     soort: Annotated[str, Query(pattern="^(maand|kwartaal|jaar)$")],
                     periode: str, formaat: Annotated[str, Query(pattern="^(html|pdf|xlsx)$")],
                     gemeente: str | None = None) -> Response:
    try:
        p = ontleed_periode(periode)
    except ValueError:
        raise HTTPException(400, f"'{periode}' is geen periode") from None
    if soort == "maand" and (not gemeente or p.soort != "maand"):
        raise HTTPException(400, "een maandrapportage is er per gemeente en per maand")
    if soort != "maand":
        gemeente = None
    if gemeente and gemeente not in namen(opslag, "gemeente"):
        raise HTTPException(400, f"gemeente {gemeente} hoort niet bij deze regio")
    with opslag.momentopname():
        try:
            r = bouw(Meter(opslag, bereik_van(opslag, s)), soort, p, gemeente)
        except BuitenBereik as e:
            raise HTTPException(403, str(e)) from None
    with tempfile.TemporaryDirectory() as tmp:
        pad = Path(tmp) / f"{r.naam}.{formaat}"
        if formaat == "xlsx":
            xlsx(r, pad)
        elif formaat == "pdf":
            pdf(html(r), pad)
        else:
            pad.write_text(html(r), encoding="utf-8")
        inhoud_ = pad.read_bytes()
    gebruikers.log(opslag, s.gebruiker.naam, "rapport", pad.name, adres(request))
    soorten = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    return Response(inhoud_, media_type=soorten[formaat],
                    headers={"Content-Disposition": f'attachment; filename="{pad.name}"'})


# --- control ----------------------------------------------------------------

@router.get("/signalen", response_class=HTMLResponse)
def signalen(request: Request, opslag: Verbinding, s: Ingelogd, regel: str | None = None) -> HTMLResponse:
    vereist(s, "controle")
    t = opslag.tabel("signaal")
    telling = t.group_by("regel").aggregate(aantal=t.count(), bedrag=t.bedrag_cent.sum()).order_by("regel").execute()
    gekozen = t.filter(t.regel == regel) if regel else t
    lijst = gekozen.order_by(["regel", "bron"]).limit(500).execute()
    return pagina(request, opslag, "signalen.html.j2", s, telling=telling, lijst=lijst, regel=regel,
                  totaal=gekozen.count().execute())


