"""What the monthly, quarterly and annual reports show: the five key figures with a one-line
reading, then sections of tables and charts, every figure asked from the metric catalogue.

- maand (per municipality): the municipality this month and this year to date, against the
  same period last year and against the region;
- kwartaal (the region, for the "Samen Sturen" tables): the quarter against the same quarter
  last year, per municipality, segment and provider, with the outcome indicators;
- jaar (the region): five years of trend, then the year against the previous one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from stuurwiel.begrippen.periode import Periode, jaar, jaar_tot_en_met, maand, maanden_van, vorig_jaar
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.catalogus import CATALOGUS, maat
from stuurwiel.maten.herkomst import Herkomst, herkomst
from stuurwiel.maten.toelichting import toelichtingen
from stuurwiel.privacy.onthulling import verborgen
from stuurwiel.uitvoer import notatie
from stuurwiel.uitvoer.rapporten import grafieken
from stuurwiel.uitvoer.rapporten.lezing import lees
from stuurwiel.uitvoer.rapporten.meter import Kolom, Meter, Rij, tabel
from stuurwiel.uitvoer.rapporten.model import (
    Kerncijfer,
    Onderdeel,
    Rapport,
    Sectie,
    Tabel,
    Toelichting,
)

ONVOLLEDIG_MAANDEN = 3  # claims arrive weeks to months late: the last three months are incomplete
REGIO = "Regio"
SOORTEN = {"maand": "Maandrapportage", "kwartaal": "Kwartaalrapportage", "jaar": "Jaarrapportage"}


@dataclass
class Context:
    meter: Meter
    periode: Periode
    gemeente: str | None
    herkomst: Herkomst
    toelichtingen: pd.DataFrame

    def __post_init__(self) -> None:
        """A report or page about one municipality is its detail: only within the audience's scope."""
        if self.gemeente:
            self.meter.bereik.beperk((), Selectie(gemeenten=(self.gemeente,)))

    @property
    def scope(self) -> dict[str, str | None]:
        return {"gemeente": self.gemeente} if self.gemeente else {}

    @property
    def scope_naam(self) -> str:
        return self.meter.naam("gemeente", self.gemeente) if self.gemeente else "de regio"

    @property
    def verborgen(self) -> str:
        return verborgen(self.meter.privacy) if self.meter.privacy else ""

    @property
    def vj(self) -> Periode:
        return vorig_jaar(self.periode)

    @property
    def ytd(self) -> Periode:
        return jaar_tot_en_met(self.periode)

    @property
    def eerste_onvolledige_maand(self) -> dt.date | None:
        stand = self.herkomst.stand
        if stand is None:
            return None
        m = stand.year * 12 + stand.month - 1 - (ONVOLLEDIG_MAANDEN - 1)
        return dt.date(m // 12, m % 12 + 1, 1)

    def onvolledig(self, p: Periode) -> bool:
        grens = self.eerste_onvolledige_maand
        return grens is not None and p.eind >= grens

    def rijen_gemeenten(self) -> list[Rij]:
        """Every municipality of the region, by name."""
        return sorted((Rij(n, {"gemeente": c}) for c, n in self.meter.namen("gemeente").items()), key=lambda r: r.label)

    def rijen(self, dimensie: str, naam_maat: str, perioden: list[Periode]) -> list[Rij]:
        codes = self.meter.codes(naam_maat, perioden, dimensie, self.scope)
        return [Rij(self.meter.naam(dimensie, c), {**self.scope, dimensie: c}) for c in codes]

    def totaal(self) -> list[Rij]:
        """The scope's own total, and the region's beside a municipality's."""
        return [Rij(self.scope_naam, self.scope), Rij(REGIO, {})] if self.gemeente else [Rij(REGIO, {})]

    def toelichting(self, maten: set[str], gemeenten: set[str | None]) -> list[Toelichting]:
        """The annotations for the report's period on these measures and municipalities (in a
        municipality's report only its own and the region's)."""
        toegestaan = {self.gemeente, None} if self.gemeente else None
        out = []
        for r in self.toelichtingen.itertuples(index=False):
            g = None if pd.isna(r.gemeentecode) else r.gemeentecode
            if r.maat in maten and g in gemeenten and (toegestaan is None or g in toegestaan):
                wie = self.meter.naam("gemeente", g) if g else "regio"
                out.append(Toelichting(maat(r.maat).label, wie, r.tekst, None if pd.isna(r.auteur) else r.auteur))
        return out

    def onderdeel(self, titel: str, uitleg: str, t: Tabel, grafiek=None) -> Onderdeel:
        gemeenten = {dict(c.sleutels).get("gemeente") for c in t.cellen}
        return Onderdeel(titel, uitleg, t, grafiek, self.toelichting({c.maat for c in t.cellen}, gemeenten))


# --- key figures ------------------------------------------------------------------------------

def kerncijfer(ctx: Context, naam_maat: str, periode: Periode, regio: bool = False) -> Kerncijfer:
    m, meter = maat(naam_maat), ctx.meter
    cel = meter.cel(naam_maat, periode, ctx.scope)
    vorige = vorig_jaar(periode)
    vergelijkingen = [(notatie.periode(vorige), meter.cel(naam_maat, vorige, ctx.scope))]
    if regio and ctx.gemeente:
        vergelijkingen.append(("de regio", meter.cel(naam_maat, periode, {})))
    label = m.label + (" dit jaar tot nu" if periode.soort == "reeks" else "")
    lezing = lees(label, cel, notatie.periode(periode), vergelijkingen)
    return Kerncijfer(label, cel, vergelijkingen, lezing, ctx.toelichting({naam_maat}, {ctx.gemeente}))


# --- blocks -----------------------------------------------------------------------------------

def grootste_eerst(t: Tabel) -> Tabel:
    """A list with the largest value of its first column on top."""
    t.rijen.sort(key=lambda r: -(r[1].waarde if r[1] is not None and r[1].waarde is not None else float("-inf")))
    return t


def trend(ctx: Context, naam_maat: str, titel: str) -> Onderdeel:
    """Per month: this year up to the report period against the whole of last year."""
    j = ctx.periode.eind.year
    rijen = [Rij(notatie.MAANDEN_KORT[m - 1], ctx.scope, maand(j, m)) for m in range(1, 13)]
    t = tabel(ctx.meter, titel, "maand", rijen, [
        Kolom(str(j), naam_maat, lambda r: r.periode if r.periode.eind <= ctx.periode.eind else None),
        Kolom(str(j - 1), naam_maat, lambda r: vorig_jaar(r.periode))])
    onvolledig = {r.label for r in rijen if ctx.onvolledig(r.periode) and r.periode.eind <= ctx.periode.eind}
    uitleg = f"Per maand, {j} tegen {j - 1}" + ("; de grijze maanden zijn nog niet compleet." if onvolledig else ".")
    return ctx.onderdeel(titel, uitleg, t, grafieken.lijnen(t, onvolledig, ctx.verborgen))


def per_gemeente_staaf(ctx: Context, naam_maat: str, periode: Periode, titel: str) -> Onderdeel:
    """Every municipality in the period and the same period last year, the region as a line."""
    rijen = [*ctx.rijen_gemeenten(), Rij(REGIO, {})]
    t = tabel(ctx.meter, titel, "gemeente", rijen, [
        Kolom(notatie.periode(periode), naam_maat, periode), Kolom(notatie.periode(vorig_jaar(periode)), naam_maat,
                                                                    vorig_jaar(periode))])
    regio = t.rijen[-1][1]
    nadruk = ctx.scope_naam if ctx.gemeente else None
    grafiek = grafieken.staven(t, ctx.verborgen, (0,), nadruk=nadruk, referentie=regio)
    uitleg = f"{notatie.periode(periode).capitalize()}; de stippellijn is de regio" + (
        f", {ctx.scope_naam} is blauw." if ctx.gemeente else ".")
    return ctx.onderdeel(titel, uitleg, t, grafiek)


def kerntabel_gemeenten(ctx: Context) -> Onderdeel:
    p = ctx.periode
    t = tabel(ctx.meter, "Kerncijfers per gemeente", "gemeente", [*ctx.rijen_gemeenten(), Rij(REGIO, {})], [
        Kolom(f"jeugdigen in zorg {notatie.periode(p)}", "jeugdigen_in_zorg", p),
        Kolom(f"jeugdigen in zorg {notatie.periode(ctx.vj)}", "jeugdigen_in_zorg", ctx.vj),
        Kolom("per 1.000 jeugdigen", "jeugdigen_per_1000", p),
        Kolom("nieuwe trajecten", "nieuwe_trajecten", p),
        Kolom("kosten", "kosten", p),
        Kolom("kosten per jeugdige", "kosten_per_jeugdige", p),
    ])
    return ctx.onderdeel("Kerncijfers per gemeente", f"{notatie.periode(p).capitalize()}, met de regio als "
                         "laatste regel.", t)


def kosten_segmenten(ctx: Context) -> Onderdeel:
    ytd, ytd_vj = ctx.ytd, vorig_jaar(ctx.ytd)
    rijen = ctx.rijen("segment", "kosten", [ytd, ytd_vj]) + ctx.totaal()[:1]
    t = tabel(ctx.meter, "Kosten en budget per segment", "segment", rijen, [
        Kolom(f"kosten {notatie.periode(ytd)}", "kosten", ytd),
        Kolom(f"kosten {notatie.periode(ytd_vj)}", "kosten", ytd_vj),
        Kolom("budget naar rato", "budget", ytd),
        Kolom("budgetrealisatie", "budgetrealisatie", ytd),
    ])
    grafiek = grafieken.staven(Tabel(t.titel, t.kopjes, t.eenheden, t.rijen[:-1]), ctx.verborgen, (0, 2))
    return ctx.onderdeel("Kosten en budget per segment", f"{notatie.periode(ytd).capitalize()} tegen het budget "
                         "naar rato van de maanden, en tegen dezelfde maanden vorig jaar.", t, grafiek)


def budget_gemeenten(ctx: Context) -> Onderdeel:
    ytd = ctx.ytd
    t = tabel(ctx.meter, "Budgetrealisatie per gemeente", "gemeente", [*ctx.rijen_gemeenten(), Rij(REGIO, {})], [
        Kolom("budgetrealisatie", "budgetrealisatie", ytd),
        Kolom(f"budgetrealisatie {notatie.periode(vorig_jaar(ytd))}", "budgetrealisatie", vorig_jaar(ytd)),
        Kolom("kosten", "kosten", ytd),
        Kolom("budget naar rato", "budget", ytd),
    ])
    grafiek = grafieken.staven(t, ctx.verborgen, (0,), referentie=t.rijen[-1][1])
    return ctx.onderdeel("Budgetrealisatie per gemeente", f"Kosten {notatie.periode(ytd)} als percentage van het "
                         "budget naar rato; boven 100% is overschrijding.", t, grafiek)


def verzilvering_segmenten(ctx: Context) -> Onderdeel:
    p = ctx.periode
    rijen = ctx.rijen("segment", "verzilvering", [p, ctx.vj]) + ctx.totaal()
    t = tabel(ctx.meter, "Verzilvering per segment", "segment", rijen, [
        Kolom(f"verzilvering {notatie.periode(p)}", "verzilvering", p),
        Kolom(f"verzilvering {notatie.periode(ctx.vj)}", "verzilvering", ctx.vj)])
    return ctx.onderdeel("Verzilvering", "Gedeclareerd volume als percentage van het toegewezen volume.", t)


def verwijzers(ctx: Context, periode: Periode) -> Onderdeel:
    codes = ctx.meter.codes("verwijzermix", [periode], "verwijzer", {})
    rijen = [Rij(ctx.meter.naam("verwijzer", c), {**ctx.scope, "verwijzer": c}) for c in codes]
    vj = vorig_jaar(periode)
    kolommen = [Kolom(ctx.scope_naam, "verwijzermix", periode), Kolom(REGIO, "verwijzermix", periode,
                                                                      zonder=("gemeente",))] if ctx.gemeente else [
        Kolom(notatie.periode(periode), "verwijzermix", periode), Kolom(notatie.periode(vj), "verwijzermix", vj)]
    t = tabel(ctx.meter, "Verwijzers", "verwijzer", rijen, kolommen)
    return ctx.onderdeel("Wie verwijst", f"Aandeel van de nieuwe trajecten per verwijzer, "
                         f"{notatie.periode(periode)}.", t, grafieken.staven(t, ctx.verborgen, (0, 1)))


def lokaal_team(ctx: Context, periode: Periode) -> Onderdeel:
    vj = vorig_jaar(periode)
    rijen = ctx.totaal() if ctx.gemeente else [*ctx.rijen_gemeenten(), Rij(REGIO, {})]
    t = tabel(ctx.meter, "Lokaal team", "gemeente", rijen, [
        Kolom(f"aanmeldingen {notatie.periode(periode)}", "aanmeldingen_lokaal_team", periode),
        Kolom(f"aanmeldingen {notatie.periode(vj)}", "aanmeldingen_lokaal_team", vj),
        Kolom("doorverwezen", "doorverwezen_lokaal_team", periode),
        Kolom(f"doorverwezen {notatie.periode(vj)}", "doorverwezen_lokaal_team", vj)])
    return ctx.onderdeel("Lokaal team", "Aanmeldingen bij het lokale team en het deel dat is doorverwezen naar "
                         "toegewezen jeugdhulp.", t)


def systeemspelers(ctx: Context, periode: Periode) -> Onderdeel:
    rijen = ctx.rijen("aanbieder", "systeemspelers", [periode])
    t = grootste_eerst(tabel(ctx.meter, "Systeemspelers", "aanbieder", rijen, [
        Kolom("aandeel in de kosten", "systeemspelers", periode), Kolom("kosten", "kosten", periode)]))
    return ctx.onderdeel("Systeemspelers", f"De 20% aanbieders met de hoogste kosten van {ctx.scope_naam} in "
                         f"{notatie.periode(periode)}, met hun aandeel in die kosten.", t)


def concentratie(ctx: Context, periode: Periode) -> Onderdeel:
    rijen = ctx.totaal() if ctx.gemeente else [*ctx.rijen_gemeenten(), Rij(REGIO, {})]
    t = tabel(ctx.meter, "Concentratie", "gemeente", rijen, [
        Kolom("aanbieders", "aanbieders", periode),
        Kolom("nieuwe aanbieders", "nieuwe_aanbieders", periode),
        Kolom("kostenaandeel top 20%", "kostenaandeel_top20", periode),
        Kolom("HHI", "hhi", periode)])
    return ctx.onderdeel("Aanbieders en concentratie", f"{notatie.periode(periode).capitalize()}: hoeveel "
                         "aanbieders, hoeveel nieuw, en hoe geconcentreerd de kosten zijn (HHI boven 2.500: sterk).",
                         t)


def aanbieders_segmenten(ctx: Context, periode: Periode) -> Onderdeel:
    vj = vorig_jaar(periode)
    rijen = ctx.rijen("segment", "aanbieders", [periode, vj]) + ctx.totaal()[:1]
    t = tabel(ctx.meter, "Aanbieders per segment", "segment", rijen, [
        Kolom(f"aanbieders {notatie.periode(periode)}", "aanbieders", periode),
        Kolom(f"aanbieders {notatie.periode(vj)}", "aanbieders", vj),
        Kolom("nieuwe aanbieders", "nieuwe_aanbieders", periode)])
    grafiek = grafieken.staven(Tabel(t.titel, t.kopjes, t.eenheden, t.rijen[:-1]), ctx.verborgen, (0, 1))
    return ctx.onderdeel("Aanbieders per segment", "Aanbieders met ten minste één lopende toewijzing.", t, grafiek)


UITKOMSTEN = [("uitval", "uitval"), ("doelrealisatie", "doelen volledig behaald"), ("tevredenheid", "tevredenheid")]


def uitkomsten(ctx: Context, periode: Periode, dimensie: str | None) -> Onderdeel:
    """The outcome indicators per segment or provider (or for the scope), with the region as benchmark."""
    if dimensie:
        rijen = ctx.rijen(dimensie, "uitval", [periode]) + ctx.totaal()
    else:
        rijen = ctx.totaal()
    kolommen = [Kolom(label, naam_maat, periode) for naam_maat, label in UITKOMSTEN]
    kolommen.insert(1, Kolom(f"uitval {notatie.periode(vorig_jaar(periode))}", "uitval", vorig_jaar(periode)))
    titel = f"Uitkomsten per {dimensie}" if dimensie else "Uitkomsten"
    t = tabel(ctx.meter, titel, dimensie or "gemeente", rijen, kolommen)
    grafiek = None
    if dimensie == "segment":
        grafiek = grafieken.staven(Tabel(t.titel, t.kopjes, t.eenheden, t.rijen[:-1]), ctx.verborgen, (0,),
                                   referentie=t.rijen[-1][1])
    return ctx.onderdeel(titel, f"{notatie.periode(periode).capitalize()}: uitval (voortijdig beëindigde zorg), "
                         "doelrealisatie en tevredenheid; de regio is de maatstaf.", t, grafiek)


def trajectduur(ctx: Context, periode: Periode) -> Onderdeel:
    rijen = ctx.rijen("segment", "beeindigde_trajecten", [periode]) + ctx.totaal()[:1]
    t = tabel(ctx.meter, "Trajecten per segment", "segment", rijen, [
        Kolom("nieuwe trajecten", "nieuwe_trajecten", periode),
        Kolom("beëindigde trajecten", "beeindigde_trajecten", periode),
        Kolom("duur mediaan", "trajectduur_mediaan", periode),
        Kolom("duur 90e percentiel", "trajectduur_p90", periode)])
    return ctx.onderdeel("Trajecten en hun duur", "Duur in dagen van de trajecten die in de periode eindigden.", t)


def wachttijden(ctx: Context, periode: Periode) -> list[Onderdeel]:
    segmenten = ctx.meter.codes("aanbieders_boven_wachttijdnorm", [periode], "segment", {})
    t = tabel(ctx.meter, "Aanbieders boven de wachttijdnorm", "segment",
              [Rij(ctx.meter.naam("segment", c), {"segment": c}) for c in segmenten] + [Rij(REGIO, {})],
              [Kolom("aanbieders boven de norm", "aanbieders_boven_wachttijdnorm", periode),
               Kolom("wachtenden", "wachtenden", periode)])
    lijst = []
    for s in segmenten:
        for a in ctx.meter.codes("wachttijd_boven_norm", [periode], "aanbieder", {"segment": s}):
            lijst.append(Rij(f"{ctx.meter.naam('aanbieder', a)} ({ctx.meter.naam('segment', s)})",
                             {"segment": s, "aanbieder": a}))
    namen = grootste_eerst(tabel(ctx.meter, "Herstelplan verschuldigd", "aanbieder (segment)", lijst, [
        Kolom("gemiddelde wachttijd (dagen)", "wachttijd_boven_norm", periode),
        Kolom("wachtenden", "wachtenden", periode)]))
    uitleg = (f"Volgens de laatste wachtlijstmelding in {notatie.periode(periode)}; boven de norm is een gemiddelde "
              "wachttijd van meer dan vier maanden. Wachtlijsten gelden voor de hele regio.")
    return [ctx.onderdeel("Wachttijden per segment", uitleg, t),
            ctx.onderdeel("Aanbieders die een herstelplan verschuldigd zijn", "Per aanbieder de langste gemiddelde "
                          "wachttijd van zijn producten boven de norm.", namen)]


def vijf_jaar(ctx: Context) -> list[Onderdeel]:
    j = ctx.periode.begin.year
    rijen = [Rij(str(y), {}, jaar(y)) for y in range(j - 4, j + 1)]
    onvolledig = {r.label for r in rijen if ctx.onvolledig(r.periode)}
    zorg = tabel(ctx.meter, "Jeugdigen in zorg per jaar", "jaar", rijen, [
        Kolom("jeugdigen in zorg", "jeugdigen_in_zorg", lambda r: r.periode),
        Kolom("per 1.000 jeugdigen", "jeugdigen_per_1000", lambda r: r.periode),
        Kolom("nieuwe trajecten", "nieuwe_trajecten", lambda r: r.periode)])
    geld = tabel(ctx.meter, "Kosten per jaar", "jaar", rijen, [
        Kolom("kosten", "kosten", lambda r: r.periode),
        Kolom("kosten per jeugdige", "kosten_per_jeugdige", lambda r: r.periode),
        Kolom("budgetrealisatie", "budgetrealisatie", lambda r: r.periode)])
    laatste = "; het laatste jaar is nog niet compleet." if onvolledig else "."
    return [ctx.onderdeel(zorg.titel, "Vijf jaar, per kalenderjaar.", zorg,
                          grafieken.jaren(zorg, 0, ctx.verborgen, onvolledig)),
            ctx.onderdeel(geld.titel, "Gedeclareerd, per jaar van levering" + laatste, geld,
                          grafieken.jaren(geld, 0, ctx.verborgen, onvolledig))]


def segmenten_jaar(ctx: Context) -> Onderdeel:
    p, vj = ctx.periode, ctx.vj
    rijen = ctx.rijen("segment", "kosten", [p, vj]) + ctx.totaal()[:1]
    t = tabel(ctx.meter, "Jeugdigen en kosten per segment", "segment", rijen, [
        Kolom(f"jeugdigen {notatie.periode(p)}", "jeugdigen_in_zorg", p),
        Kolom(f"jeugdigen {notatie.periode(vj)}", "jeugdigen_in_zorg", vj),
        Kolom(f"kosten {notatie.periode(p)}", "kosten", p),
        Kolom(f"kosten {notatie.periode(vj)}", "kosten", vj),
        Kolom("budgetrealisatie", "budgetrealisatie", p)])
    return ctx.onderdeel("Segmenten", f"{notatie.periode(p)} tegen {notatie.periode(vj)}; de uitkomsten per "
                         "segment staan verderop.", t)


# --- the reports ------------------------------------------------------------------------------

def _maand(ctx: Context) -> tuple[list[Kerncijfer], list[Sectie]]:
    p, ytd = ctx.periode, ctx.ytd
    kern = [kerncijfer(ctx, "jeugdigen_in_zorg", p), kerncijfer(ctx, "jeugdigen_per_1000", p, regio=True),
            kerncijfer(ctx, "nieuwe_trajecten", p), kerncijfer(ctx, "kosten", ytd),
            kerncijfer(ctx, "budgetrealisatie", ytd, regio=True)]
    secties = [
        Sectie("Jeugdigen in zorg", [trend(ctx, "jeugdigen_in_zorg", "Jeugdigen in zorg per maand"),
                                     per_gemeente_staaf(ctx, "jeugdigen_per_1000", p, "Jeugdigen in zorg per 1.000 "
                                                        "jeugdigen")]),
        Sectie("Kosten en budget", [trend(ctx, "kosten", "Kosten per maand"), kosten_segmenten(ctx)]),
        Sectie("Toegang", [verwijzers(ctx, ytd), lokaal_team(ctx, ytd)]),
        Sectie("Aanbieders", [systeemspelers(ctx, ytd), concentratie(ctx, ytd)]),
        Sectie("Uitkomsten", [uitkomsten(ctx, ytd, None)]),
        Sectie("Wachttijden in de regio", wachttijden(ctx, p)),
    ]
    return kern, secties


def _kwartaal_of_jaar(ctx: Context) -> tuple[list[Kerncijfer], list[Sectie]]:
    p, ytd = ctx.periode, ctx.ytd
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
                                                                          "Jeugdigen in zorg per 1.000 jeugdigen")]),
        Sectie("Kosten en budget", [budget_gemeenten(ctx), kosten_segmenten(ctx), verzilvering_segmenten(ctx)]),
        Sectie("Toegang", [verwijzers(ctx, p), lokaal_team(ctx, p)]),
        Sectie("Aanbiederslandschap", [aanbieders_segmenten(ctx, p), concentratie(ctx, p), systeemspelers(ctx, p)]),
        Sectie("Uitkomsten", [uitkomsten(ctx, p, "segment"), uitkomsten(ctx, p, "aanbieder"), trajectduur(ctx, p)]),
        Sectie("Beschikbaarheid", wachttijden(ctx, p)),
    ]
    return kern, secties


def bouw(meter: Meter, soort: str, periode: Periode, gemeente: str | None = None) -> Rapport:
    """Build a report: `maand` for a municipality, `kwartaal` and `jaar` for the region."""
    jaren = list(range(periode.begin.year - (4 if soort == "jaar" else 1), periode.eind.year + 1))
    ctx = Context(meter, periode, gemeente, herkomst(meter.opslag, jaren),
                  toelichtingen(meter.opslag, [periode.label]))
    kern, secties = (_maand if soort == "maand" else _kwartaal_of_jaar)(ctx)
    onderwerp = ctx.scope_naam if gemeente else f"regio {ctx.herkomst.regio}"
    naam = f"{soort}rapportage-{gemeente + '-' if gemeente else ''}{periode.label}"
    return Rapport(
        soort=soort, titel=f"{SOORTEN[soort]} jeugdhulp {onderwerp}",
        ondertitel=notatie.periode(periode).capitalize(), naam=naam, periode=periode, gemeente=gemeente,
        herkomst=ctx.herkomst, kerncijfers=kern, secties=secties,
        maten=[m for m in CATALOGUS.values() if m.naam in _getoond(kern, secties)],
        privacy=meter.privacy, waarschuwing=waarschuwing(ctx), gemaakt_op=dt.datetime.now().replace(microsecond=0))


def _getoond(kern: list[Kerncijfer], secties: list[Sectie]) -> set[str]:
    return {k.cel.maat for k in kern} | {m for s in secties for o in s.onderdelen for m in o.maten}


def waarschuwing(ctx: Context) -> str:
    stand, grens = ctx.herkomst.stand, ctx.eerste_onvolledige_maand
    if stand is None:
        return "Er zijn nog geen declaraties geladen."
    laatste = maanden_van(Periode(grens, stand, ""))
    reeks = f"{notatie.periode(laatste[0])} t/m {notatie.periode(laatste[-1])}"
    tekst = (f"Gegevens tot en met {notatie.datum(stand)} (de laatste declaratiedatum). Aanbieders declareren weken "
             f"tot maanden na de levering, dus de kosten over {reeks} zijn nog niet compleet")
    return tekst + (": dat geldt ook voor deze rapportage." if ctx.onvolledig(ctx.periode) else ".")
