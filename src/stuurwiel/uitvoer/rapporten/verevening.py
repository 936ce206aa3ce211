"""The board report on settlement between municipalities (`stuurwiel rapport verevening`) and the blocks
of the dashboard's Verevening page: the settlement after year end and the advance on the budgets, under
the region's rules, every variant side by side, per segment, and the subregions' cost and budget. The
figures are the application's answers (`toepassing.verevening`) and the catalogue's; this only lays
them out."""

from __future__ import annotations

from dataclasses import replace

from stuurwiel.begrippen.periode import jaar
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel
from stuurwiel.toepassing.meter import Maatkolom, Rij, maattabel
from stuurwiel.toepassing.verevening import Keuze
from stuurwiel.uitvoer.rapporten import grafieken
from stuurwiel.uitvoer.rapporten.blokken import antwoorden, kerncijfer
from stuurwiel.uitvoer.rapporten.context import Context
from stuurwiel.uitvoer.rapporten.model import Kerncijfer, Onderdeel, Sectie


def kern(ctx: Context) -> list[Kerncijfer]:
    p = ctx.periode
    return [kerncijfer(ctx, "kosten", p), kerncijfer(ctx, "budget", p), kerncijfer(ctx, "budgetrealisatie", p)]


def secties(ctx: Context) -> list[Sectie]:
    j = (jaar(ctx.periode.eind.year),)
    nacalculatie = antwoorden(ctx, "verevening", perioden=j, per=(), verevening=Keuze())
    voorschot = antwoorden(ctx, "verevening", perioden=j, per=(), verevening=Keuze(grondslag="voorschot"))
    naast = antwoorden(ctx, "verevening", perioden=j, per=(), verevening=Keuze(vergelijk=True))
    segmenten = [replace(o, ingeklapt=True) for o in antwoorden(ctx, "verevening", perioden=j, per=("segment",),
                                                                  verevening=Keuze())]
    return [s for s in [
        Sectie("Nacalculatie: wie betaalt wat van de werkelijke kosten", [met_staven(ctx, o) for o in nacalculatie]),
        Sectie("Voorschot: wie betaalt wat van de begroting", [met_staven(ctx, o) for o in voorschot]),
        Sectie("De varianten naast elkaar", [smal(o, "gemeente", "eigen_kosten_cent", "verschil_regio_cent",
                                                 "verschil_subregio_cent", "verschil_verzekering_cent")
                                              for o in naast]),
        Sectie("Per segment", segmenten),
        Sectie("Subregio's", [subregios(ctx)]),
    ] if s.onderdelen]


def met_staven(ctx: Context, o: Onderdeel) -> Onderdeel:
    """A settlement with a chart of what solidarity moves per municipality (its difference column)."""
    t = o.tabel
    naam, verschil = t.index("gemeente"), t.index("verschil_cent")
    rijen = [[Cel(r[naam].waarde), r[verschil]] for r in t.rijen if r[t.index("gemeentecode")].waarde]
    staaf = Tabel(t.titel, [Kolom("gemeente", "gemeente"), t.kolommen[verschil]], rijen)
    grafiek = grafieken.staven(staaf, ctx.verborgen)
    if grafiek is not None:
        grafiek.beschrijving += " Rechts van nul draagt een gemeente bij aan andere, links ontvangt zij."
    return replace(o, grafiek=grafiek)


def smal(o: Onderdeel, *kolommen: str) -> Onderdeel:
    """The block with only these columns of its table, so it fits an A4 page (`stuurwiel verevening
    --vergelijk` gives every column)."""
    t = o.tabel
    plek = [t.index(k) for k in kolommen]
    return replace(o, tabel=replace(t, kolommen=[t.kolommen[i] for i in plek],
                                    rijen=[[r[i] for i in plek] for r in t.rijen]))


def subregios(ctx: Context) -> Onderdeel:
    """Cost, budget and cost per young person per subregion, from the catalogue."""
    p = ctx.periode
    rijen = [Rij(s, {"subregio": s}) for s in sorted(ctx.meter.namen("subregio"))] + [Rij("Regio", {})]
    t = maattabel(ctx.meter, f"Kosten en budget per subregio, {p.label}", "subregio", rijen, [
        Maatkolom("kosten", "kosten", p), Maatkolom("budget", "budget", p),
        Maatkolom("per jeugdige", "kosten_per_jeugdige", p)])
    return ctx.onderdeel(t.titel, "Gedeclareerde kosten naar maand van levering, het budget en de kosten per "
                         "jeugdige van 0-17 jaar, per subregio van de regio.", t,
                         grafieken.staven(t, ctx.verborgen, (0, 1), referentie_label="Regio"))
