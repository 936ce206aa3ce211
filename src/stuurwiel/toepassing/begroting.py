"""The annual budget forecast per municipality ("realistisch begroten") and its back-test, as
answers: from a series file (the CBS Iv3 file or the region's own) or from the store."""

from __future__ import annotations

import pandas as pd

from stuurwiel.analyses.prognose.begroting import GeenPrognose, Prognose, voorspel
from stuurwiel.analyses.prognose.begrotingstoets import Toets, toets, toetsjaren
from stuurwiel.analyses.prognose.jaarreeks import reeks_uit_opslag
from stuurwiel.begrippen.notatie import getal, procent, procentverschil
from stuurwiel.begrippen.tabel import Kolom, Tabel, uit_frame
from stuurwiel.invoer.reeks import Reeks, lees_reeks
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag

MAX_NAMEN = 12


def _periode(jaren: list[int]) -> str:
    return str(jaren[0]) if len(jaren) == 1 else f"{jaren[0]}–{jaren[-1]}"


def _reeks(opslag: Opslag | None, vraag: Vraag, doeljaar: int) -> Reeks:
    if vraag.bron is not None:
        return lees_reeks(vraag.bron)
    return reeks_uit_opslag(opslag, doeljaar)


def begroting(opslag: Opslag | None, vraag: Vraag) -> Tabel:
    """Per municipality the spending forecast for the target year (the question's period)."""
    doeljaar = vraag.periode.begin.year
    try:
        r = _reeks(opslag, vraag, doeljaar)
        return _prognosetabel(r, voorspel(r, doeljaar))
    except GeenPrognose as e:
        raise GeenAntwoord(str(e)) from None


def begrotingstoets(opslag: Opslag | None, vraag: Vraag) -> Tabel:
    """How well the method would have forecast the years asked for, against own budgets and naive growth."""
    jaren = [p.begin.year for p in vraag.perioden]
    try:
        return _toetstabel(_reeks(opslag, vraag, jaren[-1]), jaren)
    except GeenPrognose as e:
        raise GeenAntwoord(str(e)) from None


def _namen(r: Reeks, codes) -> str:
    codes = list(codes)
    meer = f" en nog {len(codes) - MAX_NAMEN}" if len(codes) > MAX_NAMEN else ""
    return ", ".join(r.namen.get(c, c) for c in codes[:MAX_NAMEN]) + meer


def _prognosetabel(r: Reeks, p: Prognose) -> Tabel:
    t = p.tabel
    kolommen = [Kolom("gemeentecode", "code", "code"), Kolom("gemeentenaam", "gemeente")]
    kolommen += [Kolom(k, k.removeprefix("gerealiseerd_"), "euro") for k in t.columns if k.startswith("gerealiseerd_")]
    kolommen += [Kolom("begroting", f"begroting {p.doeljaar}", "euro"),
                 Kolom("prognose", f"prognose {p.doeljaar}", "euro"),
                 Kolom("laag", "80%: laag", "euro"), Kolom("hoog", "hoog", "euro"),
                 Kolom("t_o_v_begroting_pct", "t.o.v. begroting", "procentverschil"), Kolom("grondslag", "grondslag")]
    uitleg = (f"gerealiseerd en begroot in euro's; de uitkomst valt naar verwachting 8 van de 10 keer tussen laag en "
              f"hoog; t.o.v. begroting: de prognose tegenover de eigen begroting {p.doeljaar}")
    return uit_frame(f"Begrotingsprognose {p.doeljaar} per gemeente ({r.bron})", kolommen, t, uitleg=uitleg,
                     opmerkingen=[f"Gelezen: {r.bron} — {r.eenheid}.", *r.opmerkingen, _methode(p), _terugtoets(r, p),
                                  *_bijzonder(r, p)])


def _methode(p: Prognose) -> str:
    tekst = (f"Methode: elke gemeente begint bij haar laatst gerealiseerde bedrag en groeit met de groei die alle "
             f"gemeenten in de reeks delen, de mediane groei van {p.laatste_jaar}: {procent(p.groei * 100)} per jaar. ")
    if p.gewogen:
        w1, w2 = (procent(w * 100, 0) for w in p.gewichten)
        tekst += (f"De eigen begroting telt mee met gewichten die uit de jaren vóór {p.doeljaar} geschat zijn "
                  f"over alle gemeenten samen (mediaanregressie, {getal(p.leerrijen)} waarnemingen): {w1} van "
                  f"hoeveel de begroting {p.doeljaar} verhoudingsgewijs hoger ligt dan het laatst gerealiseerde "
                  f"bedrag, en {w2} van hoeveel de gemeente in {p.laatste_jaar} verhoudingsgewijs meer uitgaf dan "
                  "begroot. ")
    else:
        tekst += (f"Voor het wegen van de eigen begroting zijn te weinig eerdere jaren ({getal(p.leerrijen)} "
                  "waarnemingen): alleen de gedeelde groei telt. ")
    tekst += ("Het 80%-interval komt uit de fouten die dezelfde rekenregel in eerdere jaren maakte, breder voor "
              "kleinere gemeenten en verder vooruit, plus de onzekerheid van de gedeelde groei. Ontbreekt een recent "
              "jaar, dan loopt het laatste bedrag door met de gedeelde groei; zonder enig gerealiseerd jaar geldt de "
              "eigen begroting maal de mediane verhouding werkelijk/begroot.")
    if p.kalibratie is not None:
        k = p.kalibratie
        tekst += (f" Gekalibreerd op de eigen fouten van dezelfde rekenregel in {_periode(list(k.jaren))} "
                  f"({getal(k.gevallen)} uitkomsten, elk voorspeld zonder dat jaar te kennen): het 80%-interval "
                  "komt uit het 10e en 90e percentiel van die fouten; de prognose zelf schuift niet mee, want of "
                  "de rekenregel te hoog of te laag zat, wisselde per periode.")
    else:
        tekst += (" Niet gekalibreerd: er is nog geen eerder jaar dat even ver vooruit en zonder dat jaar te kennen "
                  "voorspeld kon worden.")
    if p.leerhorizon < p.horizon:
        tekst += (f" Voor {p.horizon} jaar vooruit zijn te weinig jaren: gewichten en spreiding zijn geschat op "
                  f"{p.leerhorizon} jaar vooruit en opgeschaald.")
    if not p.groeifout_bekend:
        tekst += (" De onzekerheid van de gedeelde groei is nog niet te schatten (te weinig jaren): het interval "
                  "is daardoor te smal.")
    return tekst


def _terugtoets(r: Reeks, p: Prognose) -> str:
    jaren = toetsjaren(r, p.horizon, p.laatste_jaar)
    t = toets(r, jaren, p.horizon) if jaren else None
    if t is None or t.tabel.empty:
        return "Terugtoets: nog niet mogelijk, te weinig gerealiseerde jaren."
    tot = t.tabel.iloc[-1]
    return (f"Terugtoets {_periode(jaren)} (elk jaar voorspeld zoals deze prognose, uit de jaren ervoor; "
            f"{getal(tot.n)} uitkomsten): mediane afwijking {procent(tot.mediane_fout)} (eigen begrotingen "
            f"{procent(tot.begroting_mediane_fout)}, naïeve groei {procent(tot.naief_mediane_fout)}), mediane "
            f"scheefheid {procentverschil(tot.scheefheid)} (positief: te hoog), {procent(tot.dekking, 0)} binnen het "
            "80%-interval.")


def _bijzonder(r: Reeks, p: Prognose) -> list[str]:
    regels = []
    gat = p.tabel[p.tabel.grondslag.str.startswith("historie t/m")]
    if len(gat):
        regels.append(f"Zonder gerealiseerd {p.laatste_jaar}, doorgetrokken met de gedeelde groei: "
                      f"{_namen(r, gat.gemeentecode)}.")
    kort = p.tabel[p.tabel.grondslag.str.startswith("alleen begroting")]
    if len(kort):
        regels.append(f"Te weinig historie (alleen de eigen begroting): {_namen(r, kort.gemeentecode)}.")
    if p.niet_voorspeld:
        regels.append(f"Geen prognose (geen gerealiseerd {p.laatste_jaar} en geen begroting {p.doeljaar}; opgeheven of "
                      f"samengevoegd?): {len(p.niet_voorspeld)} gemeentecodes, o.a. {_namen(r, p.niet_voorspeld)}.")
    if p.opvallend:
        sprongen = ", ".join(f"{r.namen.get(c, c)} ({procentverschil(v * 100)})" for c, v in p.opvallend[:MAX_NAMEN])
        regels.append(f"Opvallende sprong in {p.laatste_jaar} (meer dan drie robuuste standaardafwijkingen; controleer "
                      f"de opgave): {sprongen}.")
    return regels


TOETS_KOLOMMEN = [
    Kolom("achterstand", "variant", "aantal"), Kolom("jaar", "jaar"), Kolom("n", "n", "aantal"),
    Kolom("mediane_fout", "fout", "procent"), Kolom("scheefheid", "scheef", "procentverschil"),
    Kolom("dekking", "in 80%", "procent"), Kolom("oud_mediane_fout", "oud", "procent"),
    Kolom("oud_scheefheid", "scheef", "procentverschil"), Kolom("oud_dekking", "in 80%", "procent"),
    Kolom("begroting_mediane_fout", "begr.", "procent"),
    Kolom("begroting_scheefheid", "scheef", "procentverschil"), Kolom("naief_mediane_fout", "naïef", "procent"),
    Kolom("naief_scheefheid", "scheef", "procentverschil"),
]
TOETS_UITLEG = ("fout: mediane absolute afwijking van de werkelijkheid; scheef: mediane afwijking met teken (positief: "
                "te hoog); in 80%: aandeel uitkomsten binnen het 80%-interval; oud: dezelfde rekenregel zonder de "
                "kalibratie op eigen eerdere fouten; begr.: de eigen primaire begroting; "
                "naïef: het laatste jaar maal de mediane groei; op de gemeenten met alle drie")
VARIANTEN = {2: "bij het begroten: gerealiseerd t/m twee jaar ervoor (de jaarrekening van het jaar ervoor komt pas "
                "in juli daarna bij CBS)",
             1: "na de jaarrekening: gerealiseerd t/m het jaar ervoor"}


def _toetstabel(r: Reeks, jaren: list[int]) -> Tabel:
    toetsen = [toets(r, jaren, achterstand) for achterstand in VARIANTEN]
    alles = pd.concat([t.tabel.assign(achterstand=t.achterstand) for t in toetsen if not t.tabel.empty],
                      ignore_index=True)
    varianten = "; ".join(f"variant {a}: {uitleg}" for a, uitleg in VARIANTEN.items())
    return uit_frame(f"Terugtoets {_periode(jaren)} ({r.bron})", TOETS_KOLOMMEN, alles,
                     uitleg=f"{TOETS_UITLEG}. {varianten}",
                     opmerkingen=[*(o for t in toetsen for o in _toets_opmerkingen(t)),
                                  f"Gelezen: {r.bron} — {r.eenheid}.", *r.opmerkingen,
                                  "Naïef: het laatste gerealiseerde bedrag maal (1 + de mediane groei van alle "
                                  "gemeenten in dat jaar), per jaar tot het doeljaar. Eigen begroting: de primaire "
                                  "begroting van het doeljaar."])


def _toets_opmerkingen(t: Toets) -> list[str]:
    regels = []
    if t.overgeslagen:
        regels.append(f"Niet te toetsen (te weinig eerdere jaren): {', '.join(map(str, t.overgeslagen))}.")
    if t.buiten_vergelijking or t.zonder_prognose:
        regels.append(f"Buiten de vergelijking: {t.buiten_vergelijking} uitkomsten met een prognose maar zonder "
                      f"eigen begroting of naïeve prognose, {t.zonder_prognose} zonder prognose (geen historie, geen "
                      "begroting).")
    return regels
