"""The blocks reports and dashboard pages are made of: a key figure with its one-line reading,
and tables of catalogue figures with their charts, every figure asked through the `Meter`."""

from __future__ import annotations

from dataclasses import replace

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import Periode, jaar, maand, ontleed_periode, vorig_jaar
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel
from stuurwiel.maten.catalogus import maat
from stuurwiel.toepassing.doelen import segmenten_met_doelen
from stuurwiel.toepassing.meter import Maatkolom, Rij, maattabel
from stuurwiel.toepassing.vraag import GeenAntwoord
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.rapporten import grafieken
from stuurwiel.uitvoer.rapporten.context import REGIO, Context
from stuurwiel.uitvoer.rapporten.lezing import lees, lees_aangevuld
from stuurwiel.uitvoer.rapporten.model import TEGEN_REGIO, Kerncijfer, Onderdeel

# --- answers of the application ------------------------------------------------------------

def antwoorden(ctx: Context, *onderwerpen: str, **anders) -> list[Onderdeel]:
    """The application's answers to the question of the context (forecasts, ceilings, what needs
    attention) as blocks, without its periods unless `anders` gives them (and what else it changes in
    the question); one without an answer in these data (no claims, no ceilings) is left out."""
    uit = []
    for onderwerp in onderwerpen:
        try:
            t = beantwoord(ctx.meter.opslag, ctx.vraag.met(onderwerp=onderwerp, **{"perioden": (), **anders}))
        except GeenAntwoord:
            continue
        uit.append(Onderdeel(t.titel, " ".join([t.uitleg, *t.opmerkingen]).strip(), t))
    return uit


def prognose(ctx: Context) -> list[Onderdeel]:
    """The year-end forecast of the report's scope, for a report about the year the data run in."""
    stand = ctx.herkomst.stand
    return antwoorden(ctx, "prognose") if stand is not None and ctx.periode.eind.year == stand.year else []


def normenkader(ctx: Context, *per: str) -> list[Onderdeel]:
    """The normenkader in the year of the report or page: per product the allocations before and after the
    year's norm, and the share within the norm per `per`."""
    j = (jaar(ctx.periode.eind.year),)
    return [*antwoorden(ctx, "normevaluatie", perioden=j),
            *(o for d in per for o in antwoorden(ctx, "normen", perioden=j, per=(d,)))]


def doelen(ctx: Context, per_segment: bool = False) -> list[Onderdeel]:
    """The goals of the year of the report or page with their status; `per_segment`: one table per segment
    with goals, the quarterly *Samen Sturen* tables."""
    j = ctx.periode.eind.year
    if not per_segment:
        return antwoorden(ctx, "doelen", perioden=(jaar(j),))
    return [o for s in segmenten_met_doelen(ctx.meter.opslag, j)
            for o in antwoorden(ctx, "doelen", perioden=(jaar(j),), selectie=ctx.vraag.selectie.met(segment=s))]


# --- key figures ------------------------------------------------------------------------------

def kerncijfer(ctx: Context, naam_maat: str, periode: Periode, regio: bool = False) -> Kerncijfer:
    m, meter = maat(naam_maat), ctx.meter
    cel = meter.cel(naam_maat, periode, ctx.sleutels)
    vorige = vorig_jaar(periode)
    vergelijkingen = [(notatie.periode(vorige), meter.cel(naam_maat, vorige, ctx.sleutels))]
    if regio and ctx.gemeente:
        vergelijkingen.append((TEGEN_REGIO, meter.cel(naam_maat, periode, {})))
    label = m.label + (" dit jaar tot nu" if periode.soort == "reeks" else "")
    if m.declaraties and cel.waarde is not None and ctx.onvolledig(periode):
        lezing = lees_aangevuld(ctx.verwachting.cel(cel), notatie.periode(periode),
                                [(wat, ctx.verwachting.cel(c)) for wat, c in vergelijkingen])
    else:
        lezing = lees(label, cel, notatie.periode(periode), vergelijkingen)
    return Kerncijfer(label, cel, vergelijkingen, lezing, ctx.toelichting({naam_maat}, {ctx.gemeente}))


# --- blocks -----------------------------------------------------------------------------------

def grootste_eerst(t: Tabel) -> Tabel:
    """A list with the largest value of its first column of figures on top."""
    t.rijen.sort(key=lambda r: -(r[1].waarde if r[1].waarde is not None else float("-inf")))
    return t


def zonder_laatste(t: Tabel) -> Tabel:
    """The table without its last row (the region's total beside a chart of its parts)."""
    return replace(t, rijen=t.rijen[:-1])


def trend(ctx: Context, naam_maat: str, titel: str) -> Onderdeel:
    """Per month: this year up to the report period against the whole of last year."""
    j = ctx.periode.eind.year
    rijen = [Rij(notatie.MAANDEN_KORT[m - 1], ctx.sleutels, maand(j, m)) for m in range(1, 13)]
    t = maattabel(ctx.meter, titel, "maand", rijen, [
        Maatkolom(str(j), naam_maat, lambda r: r.periode if r.periode.eind <= ctx.periode.eind else None),
        Maatkolom(str(j - 1), naam_maat, lambda r: vorig_jaar(r.periode))])
    onvolledig = {r.label for r in rijen if ctx.onvolledig(r.periode) and r.periode.eind <= ctx.periode.eind}
    uitleg = f"Per maand, {j} tegen {j - 1}" + ("; de grijze maanden zijn nog niet compleet" if onvolledig else "")
    if onvolledig and maat(naam_maat).declaraties:
        t = met_verwachting(ctx, t, 1, f"verwacht {j}", achteraan=True)
        uitleg += f": verwacht {j} is wat ze kosten als alle declaraties binnen zijn"
    return ctx.onderdeel(titel, uitleg + ".", t, grafieken.lijnen(t, onvolledig, ctx.verborgen))


def met_verwachting(ctx: Context, t: Tabel, k: int, kop: str, achteraan: bool = False) -> Tabel:
    """The table with a column beside column `k` (a measure of cost): its figures of periods whose
    claims are not yet complete as they will be once every claim is in (toepassing.aanvulling);
    empty for complete periods and where the completion cannot say."""
    eenheid = t.kolommen[k].eenheid
    cellen = [ctx.verwachting.cel(r[k]) if r[k].periode and ctx.onvolledig(ontleed_periode(r[k].periode))
              else Cel(None, eenheid) for r in t.rijen]
    plaats = len(t.kolommen) if achteraan else k + 1
    return replace(t, kolommen=[*t.kolommen[:plaats], Kolom(kop, kop, eenheid), *t.kolommen[plaats:]],
                   rijen=[[*r[:plaats], c, *r[plaats:]] for r, c in zip(t.rijen, cellen, strict=True)])


def _verwacht_uitleg(ctx: Context, periode: Periode) -> str:
    """The end of a block's explanation: what 'verwacht' means, where the period is not yet complete."""
    if not ctx.onvolledig(periode):
        return "."
    return (f"; de declaraties over {notatie.periode(periode)} zijn nog niet compleet: 'verwacht' is het cijfer "
            "zodra alle declaraties binnen zijn.")


def _getoond(t: Tabel, naam: str) -> str:
    """The column a chart shows for `naam`: its completed figures where the table has them."""
    verwacht = f"{t.kolommen[t.index(naam)].kop} verwacht"
    return verwacht if any(k.naam == verwacht for k in t.kolommen) else naam


def met_verwachtingen(ctx: Context, t: Tabel, perioden: dict[str, Periode]) -> Tabel:
    """`met_verwachting` beside every column named in `perioden` whose period is not yet complete."""
    for naam, periode in perioden.items():
        if ctx.onvolledig(periode):
            k = t.index(naam)
            t = met_verwachting(ctx, t, k, f"{t.kolommen[k].kop} verwacht")
    return t


def per_gemeente_staaf(ctx: Context, naam_maat: str, periode: Periode, titel: str) -> Onderdeel:
    """Every municipality in the period and the same period last year, the region as a line."""
    rijen = [*ctx.rijen_gemeenten(), Rij(REGIO, {})]
    vj = vorig_jaar(periode)
    t = maattabel(ctx.meter, titel, "gemeente", rijen, [
        Maatkolom(notatie.periode(periode), naam_maat, periode), Maatkolom(notatie.periode(vj), naam_maat, vj)])
    regio = t.rijen[-1][1]
    nadruk = ctx.wie if ctx.gemeente else None
    grafiek = grafieken.staven(t, ctx.verborgen, (0,), nadruk=nadruk, referentie=regio)
    uitleg = f"{notatie.periode(periode).capitalize()}; de stippellijn is de regio" + (
        f", {ctx.wie} is blauw." if ctx.gemeente else ".")
    return ctx.onderdeel(titel, uitleg, t, grafiek)


def kerntabel_gemeenten(ctx: Context) -> Onderdeel:
    return _kerntabel(ctx, "gemeente", ctx.rijen_gemeenten())


def kerntabel_subregios(ctx: Context) -> list[Onderdeel]:
    """The same key figures per subregion, for a region that has more than one."""
    subregios = sorted(ctx.meter.namen("subregio"))
    return [_kerntabel(ctx, "subregio", [Rij(s, {"subregio": s}) for s in subregios])] if len(subregios) > 1 else []


def _kerntabel(ctx: Context, dimensie: str, rijen: list[Rij]) -> Onderdeel:
    p, titel = ctx.periode, f"Kerncijfers per {dimensie}"
    t = maattabel(ctx.meter, titel, dimensie, [*rijen, Rij(REGIO, {})], [
        Maatkolom(f"jeugdigen in zorg {notatie.periode(p)}", "jeugdigen_in_zorg", p),
        Maatkolom(f"jeugdigen in zorg {notatie.periode(ctx.vj)}", "jeugdigen_in_zorg", ctx.vj),
        Maatkolom("per 1.000 jeugdigen", "jeugdigen_per_1000", p),
        Maatkolom("nieuwe trajecten", "nieuwe_trajecten", p),
        Maatkolom("kosten", "kosten", p),
        Maatkolom("kosten per jeugdige 0-17", "kosten_per_jeugdige", p),
    ])
    t = met_verwachtingen(ctx, t, {"kosten": p})
    return ctx.onderdeel(titel, f"{notatie.periode(p).capitalize()}, met de regio als laatste regel"
                         + _verwacht_uitleg(ctx, p), t)


def kosten_segmenten(ctx: Context) -> Onderdeel:
    jtn, jtn_vj = ctx.jaar_tot_nu, vorig_jaar(ctx.jaar_tot_nu)
    rijen = ctx.rijen("segment", "kosten", [jtn, jtn_vj]) + ctx.totaal()[:1]
    kosten = f"kosten {notatie.periode(jtn)}"
    t = maattabel(ctx.meter, "Kosten en budget per segment", "segment", rijen, [
        Maatkolom(kosten, "kosten", jtn),
        Maatkolom(f"kosten {notatie.periode(jtn_vj)}", "kosten", jtn_vj),
        Maatkolom("budget naar rato", "budget", jtn),
        Maatkolom("budgetrealisatie", "budgetrealisatie", jtn),
    ])
    t = met_verwachtingen(ctx, t, {kosten: jtn, "budgetrealisatie": jtn})
    getoond = (t.index(_getoond(t, kosten)) - 1, t.index("budget naar rato") - 1)
    grafiek = grafieken.staven(zonder_laatste(t), ctx.verborgen, getoond)
    return ctx.onderdeel("Kosten en budget per segment", f"{notatie.periode(jtn).capitalize()} tegen het budget "
                         "naar rato van de maanden, en tegen dezelfde maanden vorig jaar"
                         + _verwacht_uitleg(ctx, jtn), t, grafiek)


def budget_gemeenten(ctx: Context) -> Onderdeel:
    jtn = ctx.jaar_tot_nu
    t = maattabel(ctx.meter, "Budgetrealisatie per gemeente", "gemeente", [*ctx.rijen_gemeenten(), Rij(REGIO, {})], [
        Maatkolom("budgetrealisatie", "budgetrealisatie", jtn),
        Maatkolom(f"budgetrealisatie {notatie.periode(vorig_jaar(jtn))}", "budgetrealisatie", vorig_jaar(jtn)),
        Maatkolom("kosten", "kosten", jtn),
        Maatkolom("budget naar rato", "budget", jtn),
    ])
    t = met_verwachtingen(ctx, t, {"budgetrealisatie": jtn, "kosten": jtn})
    k = t.index(_getoond(t, "budgetrealisatie"))
    grafiek = grafieken.staven(t, ctx.verborgen, (k - 1,), referentie=t.rijen[-1][k])
    return ctx.onderdeel("Budgetrealisatie per gemeente", f"Kosten {notatie.periode(jtn)} als percentage van het "
                         "budget naar rato; boven 100% is overschrijding" + _verwacht_uitleg(ctx, jtn), t, grafiek)


def verzilvering_segmenten(ctx: Context) -> Onderdeel:
    p = ctx.periode
    rijen = ctx.rijen("segment", "verzilvering", [p, ctx.vj]) + ctx.totaal()
    t = maattabel(ctx.meter, "Verzilvering per segment", "segment", rijen, [
        Maatkolom(f"verzilvering {notatie.periode(p)}", "verzilvering", p),
        Maatkolom(f"verzilvering {notatie.periode(ctx.vj)}", "verzilvering", ctx.vj)])
    uitleg = "Gedeclareerd volume als percentage van het toegewezen volume."
    if ctx.onvolledig(p):
        uitleg += (f" De declaraties over {notatie.periode(p)} zijn nog niet compleet, dus de verzilvering ligt nog "
                   f"te laag en is nog niet te vergelijken met {notatie.periode(ctx.vj)}.")
    return ctx.onderdeel("Verzilvering", uitleg, t)


def verwijzers(ctx: Context, periode: Periode) -> Onderdeel:
    codes = ctx.meter.codes("verwijzermix", [periode], "verwijzer", {})
    rijen = [Rij(ctx.meter.naam("verwijzer", c), {**ctx.sleutels, "verwijzer": c}) for c in codes]
    vj = vorig_jaar(periode)
    if ctx.gemeente:
        kolommen = [Maatkolom(ctx.wie, "verwijzermix", periode),
                    Maatkolom(REGIO, "verwijzermix", periode, zonder=("gemeente",))]
    else:
        kolommen = [Maatkolom(notatie.periode(periode), "verwijzermix", periode),
                    Maatkolom(notatie.periode(vj), "verwijzermix", vj)]
    t = maattabel(ctx.meter, "Verwijzers", "verwijzer", rijen, kolommen)
    return ctx.onderdeel("Wie verwijst", f"Aandeel van de nieuwe trajecten per verwijzer, "
                         f"{notatie.periode(periode)}.", t, grafieken.staven(t, ctx.verborgen, (0, 1)))


def lokaal_team(ctx: Context, periode: Periode) -> Onderdeel:
    vj = vorig_jaar(periode)
    rijen = ctx.totaal() if ctx.gemeente else [*ctx.rijen_gemeenten(), Rij(REGIO, {})]
    t = maattabel(ctx.meter, "Lokaal team", "gemeente", rijen, [
        Maatkolom(f"aanmeldingen {notatie.periode(periode)}", "aanmeldingen_lokaal_team", periode),
        Maatkolom(f"aanmeldingen {notatie.periode(vj)}", "aanmeldingen_lokaal_team", vj),
        Maatkolom("doorverwezen", "doorverwezen_lokaal_team", periode),
        Maatkolom(f"doorverwezen {notatie.periode(vj)}", "doorverwezen_lokaal_team", vj)])
    return ctx.onderdeel("Lokaal team", "Aanmeldingen bij het lokale team en het deel dat is doorverwezen naar "
                         "toegewezen jeugdhulp.", t)


def systeemspelers(ctx: Context, periode: Periode) -> Onderdeel:
    rijen = ctx.rijen("aanbieder", "systeemspelers", [periode])
    t = grootste_eerst(maattabel(ctx.meter, "Systeemspelers", "aanbieder", rijen, [
        Maatkolom("aandeel in de kosten", "systeemspelers", periode), Maatkolom("kosten", "kosten", periode)]))
    return ctx.onderdeel("Systeemspelers", f"De 20% aanbieders met de hoogste kosten van {ctx.wie} in "
                         f"{notatie.periode(periode)}, met hun aandeel in die kosten.", t)


def concentratie(ctx: Context, periode: Periode) -> Onderdeel:
    rijen = ctx.totaal() if ctx.gemeente else [*ctx.rijen_gemeenten(), Rij(REGIO, {})]
    t = maattabel(ctx.meter, "Concentratie", "gemeente", rijen, [
        Maatkolom("aanbieders", "aanbieders", periode),
        Maatkolom("nieuwe aanbieders", "nieuwe_aanbieders", periode),
        Maatkolom("kostenaandeel top 20%", "kostenaandeel_top20", periode),
        Maatkolom("HHI", "hhi", periode)])
    return ctx.onderdeel("Aanbieders en concentratie", f"{notatie.periode(periode).capitalize()}: hoeveel "
                         "aanbieders, hoeveel nieuw, en hoe geconcentreerd de kosten zijn (HHI boven 2.500: sterk).",
                         t)


def aanbieders_segmenten(ctx: Context, periode: Periode) -> Onderdeel:
    vj = vorig_jaar(periode)
    rijen = ctx.rijen("segment", "aanbieders", [periode, vj]) + ctx.totaal()[:1]
    t = maattabel(ctx.meter, "Aanbieders per segment", "segment", rijen, [
        Maatkolom(f"aanbieders {notatie.periode(periode)}", "aanbieders", periode),
        Maatkolom(f"aanbieders {notatie.periode(vj)}", "aanbieders", vj),
        Maatkolom("nieuwe aanbieders", "nieuwe_aanbieders", periode)])
    grafiek = grafieken.staven(zonder_laatste(t), ctx.verborgen, (0, 1))
    return ctx.onderdeel("Aanbieders per segment", "Aanbieders met ten minste één lopende toewijzing.", t, grafiek)


UITKOMSTEN = [("uitval", "uitval"), ("doelrealisatie", "doelen volledig behaald"), ("tevredenheid", "tevredenheid")]


def uitkomsten(ctx: Context, periode: Periode, dimensie: str | None) -> Onderdeel:
    """The outcome indicators per segment or provider (or for the scope), with the region as benchmark."""
    if dimensie:
        rijen = ctx.rijen(dimensie, "uitval", [periode]) + ctx.totaal()
    else:
        rijen = ctx.totaal()
    kolommen = [Maatkolom(label, naam_maat, periode) for naam_maat, label in UITKOMSTEN]
    kolommen.insert(1, Maatkolom(f"uitval {notatie.periode(vorig_jaar(periode))}", "uitval", vorig_jaar(periode)))
    titel = f"Uitkomsten per {dimensie}" if dimensie else "Uitkomsten"
    t = maattabel(ctx.meter, titel, dimensie or "gemeente", rijen, kolommen)
    grafiek = None
    if dimensie == "segment":
        grafiek = grafieken.staven(zonder_laatste(t), ctx.verborgen, (0,),
                                   referentie=t.rijen[-1][1])
    return ctx.onderdeel(titel, f"{notatie.periode(periode).capitalize()}: uitval (voortijdig beëindigde zorg), "
                         "doelrealisatie en tevredenheid; de regio is de maatstaf.", t, grafiek)


def uitkomsten_aanbieders(ctx: Context, periode: Periode) -> list[Onderdeel]:
    """The outcomes per provider: those with enough clients to show a figure first, then the rest
    (every figure suppressed or unknown) as a second block, folded away on a page."""
    alles = uitkomsten(ctx, periode, "aanbieder")
    t = alles.tabel

    def getoond(rij: list[Cel]) -> bool:
        return rij[0].waarde in (REGIO, ctx.wie) or any(c.waarde is not None and not c.onderdrukt for c in rij[1:])
    genoeg = [r for r in t.rijen if getoond(r)]
    rest = [r for r in t.rijen if not getoond(r)]
    delen = [replace(alles, tabel=replace(t, rijen=genoeg))]
    if rest:
        titel = f"Aanbieders met te weinig cliënten voor uitkomsten ({len(rest)})"
        delen.append(Onderdeel(titel, "Bij deze aanbieders eindigden te weinig trajecten om uitval, "
                               "doelrealisatie of tevredenheid te tonen.", replace(t, titel=titel, rijen=rest),
                               ingeklapt=True))
    return delen


def trajectduur(ctx: Context, periode: Periode) -> Onderdeel:
    rijen = ctx.rijen("segment", "beeindigde_trajecten", [periode]) + ctx.totaal()[:1]
    t = maattabel(ctx.meter, "Trajecten per segment", "segment", rijen, [
        Maatkolom("nieuwe trajecten", "nieuwe_trajecten", periode),
        Maatkolom("beëindigde trajecten", "beeindigde_trajecten", periode),
        Maatkolom("duur mediaan", "trajectduur_mediaan", periode),
        Maatkolom("duur 90e percentiel", "trajectduur_p90", periode)])
    return ctx.onderdeel("Trajecten en hun duur", "Duur in dagen van de trajecten die in de periode eindigden.", t)


def wachttijden(ctx: Context, periode: Periode) -> list[Onderdeel]:
    segmenten = ctx.meter.codes("aanbieders_boven_wachttijdnorm", [periode], "segment", {})
    t = maattabel(ctx.meter, "Aanbieders boven de wachttijdnorm", "segment",
              [Rij(ctx.meter.naam("segment", c), {"segment": c}) for c in segmenten] + [Rij(REGIO, {})],
              [Maatkolom("aanbieders boven de norm", "aanbieders_boven_wachttijdnorm", periode),
               Maatkolom("wachtenden", "wachtenden", periode)])
    lijst = []
    for s in segmenten:
        for a in ctx.meter.codes("wachttijd_boven_norm", [periode], "aanbieder", {"segment": s}):
            lijst.append(Rij(f"{ctx.meter.naam('aanbieder', a)} ({ctx.meter.naam('segment', s)})",
                             {"segment": s, "aanbieder": a}))
    namen = grootste_eerst(maattabel(ctx.meter, "Herstelplan verschuldigd", "aanbieder (segment)", lijst, [
        Maatkolom("gemiddelde wachttijd (dagen)", "wachttijd_boven_norm", periode),
        Maatkolom("wachtenden", "wachtenden", periode)]))
    uitleg = (f"Volgens de laatste wachtlijstmelding in {notatie.periode(periode)}; boven de norm is een gemiddelde "
              "wachttijd van meer dan vier maanden. Wachtlijsten gelden voor de hele regio.")
    return [ctx.onderdeel("Wachttijden per segment", uitleg, t),
            ctx.onderdeel("Aanbieders die een herstelplan verschuldigd zijn", "Per aanbieder de langste gemiddelde "
                          "wachttijd van zijn producten boven de norm.", namen)]


def vijf_jaar(ctx: Context) -> list[Onderdeel]:
    j = ctx.periode.begin.year
    rijen = [Rij(str(y), {}, jaar(y)) for y in range(j - 4, j + 1)]
    onvolledig = {r.label for r in rijen if ctx.onvolledig(r.periode)}
    zorg = maattabel(ctx.meter, "Jeugdigen in zorg per jaar", "jaar", rijen, [
        Maatkolom("jeugdigen in zorg", "jeugdigen_in_zorg", lambda r: r.periode),
        Maatkolom("per 1.000 jeugdigen", "jeugdigen_per_1000", lambda r: r.periode),
        Maatkolom("nieuwe trajecten", "nieuwe_trajecten", lambda r: r.periode)])
    geld = maattabel(ctx.meter, "Kosten per jaar", "jaar", rijen, [
        Maatkolom("kosten", "kosten", lambda r: r.periode),
        Maatkolom("kosten per jeugdige 0-17", "kosten_per_jeugdige", lambda r: r.periode),
        Maatkolom("budgetrealisatie", "budgetrealisatie", lambda r: r.periode)])
    if onvolledig:
        for naam in ("kosten", "budgetrealisatie"):
            geld = met_verwachting(ctx, geld, geld.index(naam), f"{naam} verwacht")
    laatste = ("; het laatste jaar is nog niet compleet: 'verwacht' is het cijfer zodra alle declaraties binnen zijn."
               if onvolledig else ".")
    return [ctx.onderdeel(zorg.titel, "Vijf jaar, per kalenderjaar.", zorg,
                          grafieken.jaren(zorg, 0, ctx.verborgen, onvolledig)),
            ctx.onderdeel(geld.titel, "Gedeclareerd, per jaar van levering" + laatste, geld,
                          grafieken.jaren(geld, 0, ctx.verborgen, onvolledig))]


def segmenten_jaar(ctx: Context) -> Onderdeel:
    p, vj = ctx.periode, ctx.vj
    rijen = ctx.rijen("segment", "kosten", [p, vj]) + ctx.totaal()[:1]
    t = maattabel(ctx.meter, "Jeugdigen en kosten per segment", "segment", rijen, [
        Maatkolom(f"jeugdigen {notatie.periode(p)}", "jeugdigen_in_zorg", p),
        Maatkolom(f"jeugdigen {notatie.periode(vj)}", "jeugdigen_in_zorg", vj),
        Maatkolom(f"kosten {notatie.periode(p)}", "kosten", p),
        Maatkolom(f"kosten {notatie.periode(vj)}", "kosten", vj),
        Maatkolom("budgetrealisatie", "budgetrealisatie", p)])
    t = met_verwachtingen(ctx, t, {f"kosten {notatie.periode(p)}": p, "budgetrealisatie": p})
    return ctx.onderdeel("Segmenten", f"{notatie.periode(p)} tegen {notatie.periode(vj)}; de uitkomsten per "
                         "segment staan verderop" + _verwacht_uitleg(ctx, p), t)
