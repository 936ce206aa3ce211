"""The metric catalogue: every measure declared once, with its definition, and one way to ask
for it.

A `Maat` names a measure (a stable snake_case Dutch identifier), says what it means, in which
unit, by which dimensions it may be split, and how private it is; its computation is an Ibis
expression (maten/volume.py, geld.py, toegang.py, landschap.py, uitkomsten.py,
beschikbaarheid.py), so it runs on every engine.

`meet` is the one entry point for every consumer (CLI, reports, later the dashboard and API):
measure name, periods, dimensions, selection, and the disclosure rules of the audience. It returns
a plain table: `periode`, the dimension columns, `waarde`, `basis` (the people a ratio rests on;
only without suppression), `onderdrukt` and, for a suppressed figure, its `reden`
(privacy/onthulling.py). docs/maten.md is generated from this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from stuurwiel.begrippen.notatie import BEREIK
from stuurwiel.begrippen.periode import Periode
from stuurwiel.begrippen.selectie import DIMENSIES, GEBIEDEN, Selectie, dimensiekolommen
from stuurwiel.config.regio import Privacy
from stuurwiel.maten import beschikbaarheid, doelgroepen, geld, landschap, toegang, uitkomsten, volume
from stuurwiel.maten.beschikbaarheid import WACHTTIJDNORM_DAGEN
from stuurwiel.maten.landschap import TOP_PROCENT
from stuurwiel.maten.maat import DECLARATIES, EENHEDEN, GROEPEN, Berekening, Maat
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import VOLLEDIG, Bereik
from stuurwiel.privacy.onthulling import (
    AFGELEID,
    KLASSEN,
    OPENBAAR,
    PERSONEN,
    TELLINGEN,
    aanvullend,
    andere_gemeente,
    onderdruk,
)

ALLE = tuple(DIMENSIES)


def _m(naam: str, label: str, groep: str, eenheid: str, privacy: str, dimensies: tuple[str, ...],
       definitie: str, bereken: Berekening, verplicht: tuple[str, ...] = (), declaraties: str = "",
       telling: str = "") -> Maat:
    if "gemeente" in dimensies and "subregio" not in dimensies:  # a subregion wherever a municipality
        dimensies = tuple(d for d in DIMENSIES if d in (*dimensies, "subregio"))
    return Maat(naam, label, groep, eenheid, privacy, dimensies, " ".join(definitie.split()), bereken, verplicht,
                nul_als_leeg=eenheid == "aantal" or naam == "kosten", declaraties=declaraties, telling=telling)


TRAJECT = ("Een traject is een ononderbroken reeks toewijzingen voor dezelfde jeugdige, aanbieder en product; "
           "een onderbreking van hoogstens 31 dagen telt niet als einde. Gemeente en verwijzer zijn die van de "
           "eerste toewijzing, het segment is dat van het product op de begindatum.")

MATEN: tuple[Maat, ...] = (
    # --- volume ---------------------------------------------------------------------------
    _m("jeugdigen_in_zorg", "Jeugdigen in zorg", "volume", "aantal", PERSONEN, ALLE, """
       Het aantal verschillende jeugdigen met ten minste één actuele toewijzing die in de periode loopt:
       ingangsdatum op of vóór de laatste dag van de periode, en geen einddatum of een einddatum op of na
       de eerste dag. Een jeugdige telt één keer per periode, hoeveel producten of aanbieders hij ook heeft;
       per indeling telt hij één keer in elke groep waarin hij zorg heeft, zodat de groepen samen meer
       kunnen zijn dan het totaal. Segment: dat van het product op de eerste dag dat de toewijzing in de
       periode loopt.""", volume.jeugdigen_in_zorg),
    _m("jeugdigen_per_1000", "Jeugdigen in zorg per 1.000 jeugdigen", "volume", "per_1000", AFGELEID, ALLE, """
       Jeugdigen in zorg per 1.000 inwoners van 0 tot en met 17 jaar van de gemeente (of van het gekozen
       gebied) in het jaar waarin de periode begint. Per segment, aanbieder, product of verwijzer is de noemer
       de hele jeugdbevolking van het gebied.""", volume.jeugdigen_per_1000, telling="teller"),
    _m("nieuwe_trajecten", "Nieuwe trajecten", "volume", "aantal", PERSONEN, ALLE,
       "Het aantal trajecten dat in de periode begon. " + TRAJECT, volume.nieuwe_trajecten),
    _m("beeindigde_trajecten", "Beëindigde trajecten", "volume", "aantal", PERSONEN, ALLE,
       "Het aantal trajecten waarvan de laatste toewijzing in de periode eindigde; een traject zonder "
       "einddatum loopt nog. " + TRAJECT, volume.beeindigde_trajecten),
    _m("trajectduur_mediaan", "Trajectduur (mediaan)", "volume", "dagen", AFGELEID, ALLE,
       "De mediaan van de duur in dagen (einddatum min begindatum plus 1) van de trajecten die in de "
       "periode eindigden. " + TRAJECT, volume.trajectduur_mediaan),
    _m("trajectduur_p90", "Trajectduur (90e percentiel)", "volume", "dagen", AFGELEID, ALLE,
       "Het 90e percentiel (lineair geïnterpoleerd) van de duur in dagen van de trajecten die in de periode "
       "eindigden: 1 op de 10 trajecten duurde langer. " + TRAJECT, volume.trajectduur_p90),
    _m("jeugdigen_0_17", "Jeugdigen 0-17 jaar", "volume", "aantal", OPENBAAR, ("gemeente",), """
       Het aantal inwoners van 0 tot en met 17 jaar in het jaar waarin de periode begint: uit regio.yaml of
       anders de CBS-schatting die Stuurwiel meelevert (de bron staat per gemeente en jaar in de tabel
       jeugdbevolking).""", volume.jeugdigen_0_17),
    _m("inwoners", "Inwoners", "volume", "aantal", OPENBAAR, ("gemeente",), """
       Het aantal inwoners (alle leeftijden) in het jaar waarin de periode begint, met dezelfde bron als
       jeugdigen_0_17.""", volume.inwoners),
    # --- geld -----------------------------------------------------------------------------
    _m("kosten", "Kosten gedeclareerd", "geld", "eurocent", OPENBAAR, ALLE, """
       Het gedeclareerde bedrag: debetregels min creditregels, zonder afgewezen regels, toegerekend aan de
       maand waarin de zorg geleverd is (de maand van periode_begin), niet aan de maand van declareren.
       Recente maanden zijn onvolledig, want aanbieders declareren weken tot maanden na levering. Segment:
       dat van het product in de leveringsmaand; verwijzer: die van de toewijzing waarop gedeclareerd
       is.""", geld.kosten, declaraties="kosten"),
    _m("kosten_per_client", "Kosten per cliënt (jeugdige in zorg)", "geld", "eurocent", AFGELEID, ALLE, """
       kosten gedeeld door jeugdigen_in_zorg, over dezelfde periode en indeling: wat een jeugdige in zorg
       gemiddeld kost.""", geld.kosten_per_client, declaraties="evenredig", telling="noemer"),
    _m("kosten_per_jeugdige", "Kosten per jeugdige (0-17 jaar, in zorg of niet)", "geld", "eurocent", OPENBAAR,
       ALLE, """
       kosten gedeeld door jeugdigen_0_17: per jeugdige die in het gebied woont, niet alleen wie zorg
       krijgt.""", geld.kosten_per_jeugdige, declaraties="evenredig"),
    _m("kosten_per_inwoner", "Kosten per inwoner", "geld", "eurocent", OPENBAAR, ALLE, """
       kosten gedeeld door inwoners (alle leeftijden): de last van de jeugdhulp per inwoner van het
       gebied.""", geld.kosten_per_inwoner, declaraties="evenredig"),
    _m("budget", "Budget", "geld", "eurocent", OPENBAAR, ("gemeente", "segment"), """
       Het jaarbudget uit de budgetten naar rato van de periode: elke maand draagt een twaalfde van het
       budget van zijn jaar. Per segment tellen de segmentbudgetten; zonder segment telt het totaalbudget
       van de gemeente (een regel zonder segment) of, als dat er niet is, de som van haar
       segmentbudgetten.""", geld.budget),
    _m("budgetrealisatie", "Budgetrealisatie", "geld", "procent", OPENBAAR, ("gemeente", "segment"), """
       kosten als percentage van budget, over dezelfde periode en indeling. In een lopend jaar ligt de
       realisatie te laag zolang de laatste maanden nog niet volledig gedeclareerd zijn.""",
       geld.budgetrealisatie, declaraties="evenredig"),
    _m("verzilvering", "Verzilvering", "geld", "procent", AFGELEID, ("gemeente", "segment", "aanbieder", "product"),
       """Het gedeclareerde volume als percentage van het toegewezen volume, voor toewijzingen met een omvang
       per dag, per week of per maand (niet: totaal binnen de geldigheidsduur, of een budget). Toegewezen
       per maand: volume maal de dagen dat de toewijzing in die maand loopt (per dag), gedeeld door 7 (per
       week) of gedeeld door het aantal dagen van de maand (per maand). Gedeclareerd: het netto geleverde
       volume (debet min credit, zonder afgewezen regels) op die toewijzing in die leveringsmaand, in de
       eenheid van de toewijzing.""", geld.verzilvering, declaraties="onvolledig"),
    # --- toegang --------------------------------------------------------------------------
    _m("verwijzermix", "Verwijzers", "toegang", "procent", AFGELEID, ALLE, """
       Het aandeel van de nieuwe trajecten in de periode per soort verwijzer (iJw TypeVerwijzer van de
       eerste toewijzing: gemeente/lokaal team, huisarts, jeugdarts, gecertificeerde instelling, medisch
       specialist, geen verwijzer, rechter), binnen elke groep van de andere indelingen, zodat elke groep
       optelt tot 100. Trajecten zonder verwijzer vormen de groep 'onbekend'. Berust op het aantal nieuwe
       trajecten van de groep.""", toegang.verwijzermix, verplicht=("verwijzer",), telling="beide"),
    _m("aanmeldingen_lokaal_team", "Aanmeldingen lokaal team", "toegang", "aantal", PERSONEN, ("gemeente",), """
       Het aantal aanmeldingen bij het lokale team met een aanmelddatum in de periode.""",
       toegang.aanmeldingen_lokaal_team),
    _m("doorverwezen_lokaal_team", "Doorverwezen door lokaal team", "toegang", "procent", AFGELEID, ("gemeente",),
       """Van de aanmeldingen bij het lokale team in de periode die een uitkomst hebben (niet meer 'lopend'):
       het percentage dat is doorverwezen naar toegewezen jeugdhulp. De rest is lokaal geholpen of had geen
       hulp nodig.""", toegang.doorverwezen_lokaal_team, telling="beide"),
    _m("aanmeldingen_huisarts_specialist", "Aanmeldingen via huisarts of medisch specialist", "toegang", "aantal",
       PERSONEN, ("gemeente",), """
       Het aantal aanmeldingen bij het lokale team met een aanmelddatum in de periode waarvan de herkomst
       huisarts of medisch_specialist is (de kolom herkomst van het bestand aanmeldingen). Aanmeldingen zonder
       herkomst tellen niet mee: vergelijk alleen perioden waarin de herkomst is vastgelegd.""",
       toegang.aanmeldingen_huisarts_specialist),
    _m("aanmeldingen_veilig_thuis", "Aanmeldingen via Veilig Thuis", "toegang", "aantal", PERSONEN, ("gemeente",), """
       Het aantal aanmeldingen bij het lokale team met een aanmelddatum in de periode die Veilig Thuis (na triage)
       overdroeg: herkomst veilig_thuis.""", toegang.aanmeldingen_veilig_thuis),
    # --- landschap ------------------------------------------------------------------------
    _m("aanbieders", "Aanbieders", "landschap", "aantal", OPENBAAR,
       ("gemeente", "segment", "verwijzer", "product"), """
       Het aantal verschillende aanbieders (AGB-code) met ten minste één toewijzing die in de periode
       loopt.""", landschap.aanbieders),
    _m("nieuwe_aanbieders", "Nieuwe aanbieders", "landschap", "aantal", OPENBAAR, ("gemeente", "segment"), """
       Het aantal aanbieders waarvan de eerste toewijzing in de gegevens (binnen de groep, bijvoorbeeld het
       segment of de gemeente) in de periode begon. In het eerste jaar van de gegevens is bijna iedere
       aanbieder nieuw.""", landschap.nieuwe_aanbieders),
    _m("kostenaandeel_top20", f"Kostenaandeel top {TOP_PROCENT} % aanbieders", "landschap", "procent", OPENBAAR,
       ("gemeente", "segment"), f"""
       Het deel van de kosten in de periode dat gedragen wordt door de {TOP_PROCENT} % aanbieders met de
       hoogste kosten van de groep, naar boven afgerond (van 12 aanbieders de grootste 3). Alleen aanbieders
       met netto kosten boven nul tellen mee; bij gelijke kosten beslist de AGB-code.""",
       landschap.kostenaandeel_top20, declaraties="onvolledig"),
    _m("systeemspelers", "Systeemspelers", "landschap", "procent", OPENBAAR, ("aanbieder", "gemeente", "segment"),
       f"""Welke aanbieders de top {TOP_PROCENT} % van kostenaandeel_top20 vormen (de 'systeemspelers'),
       elk met zijn aandeel in de kosten van de groep.""", landschap.systeemspelers,
       verplicht=("aanbieder",), declaraties="onvolledig"),
    _m("hhi", "Concentratie (HHI)", "landschap", "index", OPENBAAR, ("gemeente", "segment"), """
       De Herfindahl-Hirschmanindex van de kostenaandelen van de aanbieders in de periode: de som van de
       kwadraten van hun aandelen in procenten, van bijna 0 (veel kleine aanbieders) tot 10.000 (één
       aanbieder); boven 2.500 heet een markt sterk geconcentreerd.""", landschap.hhi, declaraties="onvolledig"),
    # --- uitkomsten -----------------------------------------------------------------------
    _m("uitval", "Uitval", "uitkomsten", "procent", AFGELEID, ("gemeente", "segment", "aanbieder", "product"), """
       Van de zorgperioden (JW305/JW307) die in de periode eindigden met een reden beëindiging: het
       percentage dat voortijdig eindigde volgens de redenen in de regioconfiguratie (voortijdig_beeindigd;
       standaard 32, eenzijdig door de cliënt, en 33, eenzijdig door de aanbieder; 34 en 35 kunnen erbij).
       Segment: dat van het product op de einddatum.""", uitkomsten.uitval, telling="beide"),
    _m("doelrealisatie", "Doelrealisatie", "uitkomsten", "procent", AFGELEID, ("gemeente", "segment", "aanbieder"),
       """Van de door aanbieders gemelde uitkomsten van trajecten die in de periode eindigden en een
       doelrealisatie hebben: het percentage waarin de doelen volledig behaald zijn (gedeeltelijk telt niet
       mee). Segment: dat van het product van de toewijzing op de einddatum.""", uitkomsten.doelrealisatie,
       telling="beide"),
    _m("tevredenheid", "Tevredenheid", "uitkomsten", "cijfer", AFGELEID, ("gemeente", "segment", "aanbieder"), """
       Het gemiddelde rapportcijfer (1-10) voor tevredenheid in de gemelde uitkomsten van trajecten die in de
       periode eindigden.""", uitkomsten.tevredenheid),
    # --- beschikbaarheid ------------------------------------------------------------------
    _m("wachtenden", "Wachtenden", "beschikbaarheid", "aantal", PERSONEN, ("aanbieder", "segment", "product"), """
       Het aantal wachtenden volgens de laatste wachtlijstmelding in de periode van elke aanbieder en
       product. Segment: dat van het product op de peildatum.""", beschikbaarheid.wachtenden),
    _m("gemiddelde_wachttijd", "Gemiddelde wachttijd", "beschikbaarheid", "dagen", OPENBAAR,
       ("aanbieder", "segment", "product"), """
       De gemiddelde wachttijd in dagen volgens de laatste wachtlijstmelding in de periode van elke aanbieder
       en product, gewogen naar het aantal wachtenden.""", beschikbaarheid.gemiddelde_wachttijd),
    _m("aanbieders_boven_wachttijdnorm", "Aanbieders boven de wachttijdnorm", "beschikbaarheid", "aantal",
       OPENBAAR, ("segment", "product"), f"""
       Het aantal aanbieders met ten minste één product waarvan de gemiddelde wachttijd in de laatste
       melding van de periode langer is dan vier maanden ({WACHTTIJDNORM_DAGEN} dagen): zij zijn de regio een
       herstelplan verschuldigd.""", beschikbaarheid.aanbieders_boven_wachttijdnorm),
    _m("wachttijd_boven_norm", "Wachttijd boven de norm", "beschikbaarheid", "dagen", OPENBAAR,
       ("aanbieder", "segment", "product"), f"""
       Welke aanbieders dat zijn: per aanbieder de langste gemiddelde wachttijd (dagen) van zijn producten
       boven de norm van {WACHTTIJDNORM_DAGEN} dagen.""", beschikbaarheid.wachttijd_boven_norm,
       verplicht=("aanbieder",)),
    # --- doelgroepen ----------------------------------------------------------------------
    _m("jeugdigen_18_plus", "Jeugdigen van 18 jaar en ouder in zorg", "doelgroepen", "aantal", PERSONEN, ALLE, """
       Het aantal verschillende jeugdigen dat op de laatste dag van de periode (het meetmoment: kies maanden of
       kwartalen om op meer momenten in het jaar te meten) een lopende toewijzing heeft en dan 18 jaar of
       ouder is. De leeftijd volgt uit de geboortemaand: wie in die maand jarig is, telt vanaf de eerste dag
       ervan.""", doelgroepen.jeugdigen_18_plus),
    _m("jeugdigen_16_plus", "Jeugdigen van 16 jaar en ouder in zorg", "doelgroepen", "aantal", PERSONEN, ALLE, """
       Als jeugdigen_18_plus, voor wie op de laatste dag van de periode 16 jaar of ouder is.""",
       doelgroepen.jeugdigen_16_plus),
    _m("transitieplan_16_plus", "16+ met een transitieplan", "doelgroepen", "procent", AFGELEID, ALLE, """
       Van de jeugdigen_16_plus: het percentage voor wie op of vóór de laatste dag van de periode een plan
       voor de overgang naar hulp voor volwassenen is vastgelegd (het bestand transitieplannen, bij een van
       hun toewijzingen). Berust op het aantal jeugdigen van 16 jaar en ouder in zorg.""",
       doelgroepen.transitieplan_16_plus, telling="beide"),
    _m("crises", "Crisistrajecten", "doelgroepen", "aantal", PERSONEN, ALLE, """
       Het aantal trajecten in de iJw-productcategorie 46 (jeugdhulp crisis) dat in de periode begon. """ + TRAJECT,
       doelgroepen.crises),
    _m("crisisduur_mediaan", "Duur crisistrajecten (mediaan)", "doelgroepen", "dagen", AFGELEID, ALLE, """
       De mediaan van de duur in dagen van de crisistrajecten (productcategorie 46) die in de periode
       eindigden.""", doelgroepen.crisisduur_mediaan),
    _m("maatregelen", "Jeugdbeschermings- en jeugdreclasseringsmaatregelen", "doelgroepen", "aantal", PERSONEN,
       ALLE, """
       Het aantal trajecten in de iJw-productcategorieën 47 (jeugdreclassering) en 48 (jeugdbescherming) dat
       in de periode begon: de uitvoering van een (rechterlijke) maatregel door een gecertificeerde
       instelling. """ + TRAJECT, doelgroepen.maatregelen),
    _m("maatregelduur_mediaan", "Duur maatregelen (mediaan)", "doelgroepen", "dagen", AFGELEID, ALLE, """
       De mediaan van de duur in dagen van de trajecten jeugdbescherming en jeugdreclassering (productcategorie
       47 en 48) die in de periode eindigden.""", doelgroepen.maatregelduur_mediaan),
)
CATALOGUS: dict[str, Maat] = {m.naam: m for m in MATEN}


def maat(naam: str) -> Maat:
    try:
        return CATALOGUS[naam]
    except KeyError:
        raise ValueError(f"onbekende maat '{naam}' (zie `stuurwiel maten`)") from None


Volledig = Callable[[tuple[str, ...], Selectie], pd.DataFrame]  # (per, selectie) -> `meet_volledig`'s frame


def meet(opslag: Opslag, naam: str, perioden: Sequence[Periode], per: Sequence[str] = (),
         selectie: Selectie = Selectie(), bereik: Bereik = VOLLEDIG) -> pd.DataFrame:
    """One measure for some periods, split by `per`, within `selectie`, as the audience `bereik` may
    see it: its scope limits the selection (privacy/bereik.py, raises BuitenBereik) and its
    disclosure rules suppress small counts (privacy/onthulling.py). Rows come in the order of
    `perioden`, then by dimension codes."""
    return toon(naam, per, selectie, bereik, lambda p, s: meet_volledig(opslag, naam, perioden, p, s))


def meet_volledig(opslag: Opslag, naam: str, perioden: Sequence[Periode], per: Sequence[str] = (),
                  selectie: Selectie = Selectie()) -> pd.DataFrame:
    """`meet` before any scope or suppression: what the analyst at the store sees, with `basis` (and,
    for a ratio of counts, its `teller` and `noemer`). The dashboard computes this once for everyone
    and shows each audience its part (`toon`)."""
    m = maat(naam)
    m.controleer(per)
    perioden, per = list(perioden), list(per)
    df = m.bereken(opslag, perioden, per, selectie).execute()
    if "basis" not in df.columns:
        df["basis"] = float("nan")
    kolommen = ["periode", *dimensiekolommen(per)]
    if m.nul_als_leeg:
        df = _compleet(opslag, df, kolommen, perioden, per, selectie)
    volgorde = {p.label: i for i, p in enumerate(perioden)}
    df = df.assign(_v=df.periode.map(volgorde)).sort_values(["_v", *kolommen[1:]], na_position="last")
    delen = list(TELLINGEN.get(m.telling, ()))
    return df[[*kolommen, "waarde", "basis", *delen]].reset_index(drop=True)


def toon(naam: str, per: Sequence[str], selectie: Selectie, bereik: Bereik, volledig: Volledig) -> pd.DataFrame:
    """A measure as the audience `bereik` sees it, from its frames before any scope or suppression
    (`volledig`, which may keep them for every audience). The scope is asked first (raises
    BuitenBereik); where it narrows the municipalities (or subregions) of a split by them, the same rows
    are taken from the region's frame; then the disclosure rules, and what comes from one other
    municipality is that municipality's detail."""
    m = maat(naam)
    m.controleer(per)
    per = tuple(per)
    beperkt = bereik.beperk(per, selectie)
    df = volledig(per, selectie)
    for dimensie in GEBIEDEN:  # the scope narrows the municipalities or subregions of a split by them
        codes = beperkt.codes(dimensie)
        if codes != selectie.codes(dimensie):
            df = df[df[DIMENSIES[dimensie]].isin(codes)].reset_index(drop=True)
    uit = onthul(naam, df, bereik.privacy)
    if bereik.eenzijdig(per, selectie) and "gemeente" in m.dimensies:
        uit = _buiten_bereik(uit, volledig((*per, "gemeente"), selectie), per, bereik.gemeenten)
    return uit


def onthul(naam: str, df: pd.DataFrame, privacy: Privacy | None) -> pd.DataFrame:
    """A measure's frame from `meet_volledig` as an audience with these disclosure rules sees it
    (None: case-level rights, nothing suppressed)."""
    m = maat(naam)
    if privacy:
        return onderdruk(df, m.privacy, privacy, m.telling)
    return df.drop(columns=["teller", "noemer"], errors="ignore").assign(onderdrukt=False, reden=None)


def _buiten_bereik(df: pd.DataFrame, herkomst: pd.DataFrame, per: tuple[str, ...],
                   eigen: frozenset[str]) -> pd.DataFrame:
    """Hide the figures that come, outside `eigen`, from one other municipality (`herkomst`: the same
    measure split by municipality too), and the cells that would give them back."""
    bijdrage = herkomst.waarde.notna() & ((herkomst.waarde != 0) | (herkomst.basis > 0))
    sleutels = ["periode", *dimensiekolommen(list(per))]
    andere = andere_gemeente(df, herkomst[bijdrage], sleutels, eigen)
    if not andere.any():
        return df
    verborgen = aanvullend(df, andere, sleutels[1:])
    uit = df.copy()
    uit["waarde"] = uit.waarde.where(~verborgen)
    uit.loc[verborgen, "reden"] = BEREIK
    uit["onderdrukt"] = uit.onderdrukt | verborgen
    return uit


def zonder_rij(naam: str, privacy: Privacy | None = None) -> tuple[float | None, bool]:
    """What a combination without a row means (waarde, onderdrukt): zero for counts and cost (a true
    zero, shown to every audience); unknown for the rest."""
    m = maat(naam)
    if not m.nul_als_leeg:
        return None, False
    if privacy is None:
        return 0, False
    rij = onderdruk(pd.DataFrame({"waarde": [0], "basis": [float("nan")]}), m.privacy, privacy).iloc[0]
    return (None if pd.isna(rij.waarde) else rij.waarde), bool(rij.onderdrukt)


def _compleet(opslag: Opslag, df: pd.DataFrame, kolommen: list[str], perioden: list[Periode], per: list[str],
              selectie: Selectie) -> pd.DataFrame:
    """Zero rows for measures where no row means none: every period, for every combination of
    dimension values seen in any of them (and every municipality or subregion when split by that only)."""
    if not per:
        combinaties = pd.DataFrame(index=[0])
    elif per == ["gemeente"] or per == ["subregio"]:
        rijen = opslag.rijen("SELECT gemeentecode, subregio FROM gemeente ORDER BY gemeentecode")
        binnen = [r for r in rijen if (not selectie.gemeenten or r[0] in selectie.gemeenten)
                  and (not selectie.subregios or r[1] in selectie.subregios)]
        i = 1 if per == ["subregio"] else 0
        combinaties = pd.DataFrame({dimensiekolommen(per)[0]: list(dict.fromkeys(r[i] for r in binnen))})
    else:
        combinaties = df[kolommen[1:]].drop_duplicates()
    rooster = pd.DataFrame({"periode": [p.label for p in perioden]}).merge(combinaties, how="cross")
    uit = rooster.merge(df, on=kolommen, how="left")
    uit["waarde"] = uit.waarde.fillna(0).astype("int64")
    return uit


def als_markdown() -> str:
    """The catalogue as docs/maten.md (generated by scripts/docs.py)."""
    uit = ["| maat | naam | eenheid | indelingen | privacy |", "|---|---|---|---|---|"]
    uit += [f"| [`{m.naam}`](#{m.naam}) | {m.label} | {m.eenheid} | {', '.join(m.dimensies) or '–'} | {m.privacy} |"
            for m in MATEN]
    for groep, titel in GROEPEN.items():
        uit += ["", f"## {titel}"]
        for m in (m for m in MATEN if m.groep == groep):
            verplicht = f" (verplicht: {', '.join(m.verplicht)})" if m.verplicht else ""
            uit += ["", f"### {m.naam}", "", f"**{m.label}.** {m.definitie}", "",
                    f"- eenheid: {EENHEDEN[m.eenheid]}",
                    f"- indelingen: {', '.join(m.dimensies) or 'geen'}{verplicht}",
                    f"- privacy: `{m.privacy}`, {KLASSEN[m.privacy]}"]
            if m.declaraties:
                uit.append(f"- late declaraties: {DECLARATIES[m.declaraties]}")
    return "\n".join(uit)
