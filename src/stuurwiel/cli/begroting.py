"""`stuurwiel begroting`: the annual budget forecast per municipality, and its back-test."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from stuurwiel.analyses.prognose.begroting import (
    GeenPrognose,
    Prognose,
    Reeks,
    ReeksFout,
    Toets,
    lees_reeks,
    reeks_uit_store,
    toets,
    toetsjaren,
    voorspel,
)
from stuurwiel.cli.app import DbOptie, afgekeurd, app, console, fout, stop
from stuurwiel.cli.cijfers import FormaatOptie, controleer_formaat
from stuurwiel.cli.opmaak import toon
from stuurwiel.opslag.database import Opslag, OpslagFout
from stuurwiel.toepassing import vereis_ingericht
from stuurwiel.uitvoer.notatie import euro_kort, getal, procent

MAX_NAMEN = 12


def _euro(x: float) -> str:
    return euro_kort(x * 100)


def _pct(x: float) -> str:
    return procent(x) if pd.isna(x) or x <= 0 else "+" + procent(x)


def _periode(jaren: list[int]) -> str:
    return str(jaren[0]) if len(jaren) == 1 else f"{jaren[0]}–{jaren[-1]}"


def _jaren(tekst: str) -> list[int]:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", tekst)
    if not m or int(m[2] or m[1]) < int(m[1]):
        raise stop(f"--toets verwacht een jaar of een reeks jaren, bijvoorbeeld 2019-2022 (niet '{tekst}')")
    return list(range(int(m[1]), int(m[2] or m[1]) + 1))


@app.command()
def begroting(
    doeljaar: Annotated[int | None, typer.Option("--doeljaar", help="het jaar waarvoor begroot wordt")] = None,
    reeks: Annotated[Path | None, typer.Option(
        "--reeks", help="CSV met gemeentecode, jaar, soort (begroting of jaarrekening) en bedrag in euro's, of het "
                        "CBS Iv3-bestand (jeugd_kern_keur, duizenden euro's); zonder: de database")] = None,
    toetsjaren_: Annotated[str | None, typer.Option(
        "--toets", help="terugtoets over deze jaren, bijvoorbeeld 2019-2022")] = None,
    formaat: FormaatOptie = "tabel",
    db: DbOptie = None,
) -> None:
    """Realistisch begroten: per gemeente een prognose van de uitgaven in het doeljaar met een 80%-interval,
    uit de jaarreeksen van alle gemeenten samen, naast de eigen begroting. Met --toets: hoe goed dat eerder ging."""
    controleer_formaat(formaat)
    if (doeljaar is None) == (toetsjaren_ is None):
        raise stop("geef --doeljaar (een prognose) of --toets (een terugtoets), niet allebei of geen van beide")
    jaren = _jaren(toetsjaren_) if toetsjaren_ else []
    try:
        r = _lees(reeks, db, doeljaar or jaren[-1])
        if jaren:
            _toon_toetsen(r, jaren, formaat)
        else:
            _toon_prognose(r, voorspel(r, doeljaar), formaat)
    except ReeksFout as e:
        raise afgekeurd(e.problemen, f"de reeks is niet te gebruiken: {len(e.problemen)} problemen") from None
    except (GeenPrognose, OpslagFout) as e:
        raise stop(str(e)) from None


def _lees(pad: Path | None, db: str | None, doeljaar: int) -> Reeks:
    if pad is not None:
        return lees_reeks(pad)
    with Opslag.open(db, alleen_lezen=True) as opslag:
        vereis_ingericht(opslag)
        return reeks_uit_store(opslag, doeljaar)


def _zeg(formaat: str, *regels: str) -> None:
    """Notes beside the table: on stdout under a table, on stderr beside CSV or JSON."""
    for regel in regels:
        (console if formaat == "tabel" else fout).print(regel, highlight=False, markup=False, soft_wrap=True)


def _namen(r: Reeks, codes) -> str:
    codes = list(codes)
    meer = f" en nog {len(codes) - MAX_NAMEN}" if len(codes) > MAX_NAMEN else ""
    return ", ".join(r.namen.get(c, c) for c in codes[:MAX_NAMEN]) + meer


def _toon_prognose(r: Reeks, p: Prognose, formaat: str) -> None:
    t = p.tabel
    kolommen = {"gemeentecode": ("code", None), "gemeentenaam": ("gemeente", None)}
    kolommen |= {k: (k.removeprefix("gerealiseerd_"), _euro) for k in t.columns if k.startswith("gerealiseerd_")}
    kolommen |= {"begroting": (f"begroting {p.doeljaar}", _euro), "prognose": (f"prognose {p.doeljaar}", _euro),
                 "laag": ("80%: laag", _euro), "hoog": ("hoog", _euro),
                 "t_o_v_begroting_pct": ("t.o.v. begroting", _pct), "grondslag": ("grondslag", None)}
    uitleg = (f"gerealiseerd en begroot in euro's; de uitkomst valt naar verwachting 8 van de 10 keer tussen laag en "
              f"hoog; t.o.v. begroting: de prognose tegenover de eigen begroting {p.doeljaar}")
    toon(t, formaat, f"Begrotingsprognose {p.doeljaar} per gemeente ({r.bron})", kolommen, uitleg)
    _zeg(formaat, f"Gelezen: {r.bron} — {r.eenheid}.", *r.opmerkingen, _methode(p), _terugtoets(r, p),
         *_bijzonder(r, p))


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
            f"scheefheid {_pct(tot.scheefheid)} (positief: te hoog), {procent(tot.dekking, 0)} binnen het "
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
        sprongen = ", ".join(f"{r.namen.get(c, c)} ({_pct(v * 100)})" for c, v in p.opvallend[:MAX_NAMEN])
        regels.append(f"Opvallende sprong in {p.laatste_jaar} (meer dan drie robuuste standaardafwijkingen; controleer "
                      f"de opgave): {sprongen}.")
    return regels


TOETS_KOLOMMEN = {
    "jaar": ("jaar", None), "n": ("n", getal),
    "mediane_fout": ("fout", procent), "scheefheid": ("scheef", _pct), "dekking": ("in 80%", procent),
    "begroting_mediane_fout": ("begr.", procent), "begroting_scheefheid": ("scheef", _pct),
    "naief_mediane_fout": ("naïef", procent), "naief_scheefheid": ("scheef", _pct),
}
TOETS_UITLEG = ("fout: mediane absolute afwijking van de werkelijkheid; scheef: mediane afwijking met teken (positief: "
                "te hoog); in 80%: aandeel uitkomsten binnen het 80%-interval; begr.: de eigen primaire begroting; "
                "naïef: het laatste jaar maal de mediane groei; op de gemeenten met alle drie")
VARIANTEN = {1: "elk jaar voorspeld uit alle gerealiseerde jaren ervoor",
             2: "najaarsvariant: gerealiseerd t/m twee jaar ervoor, wat een gemeente weet als ze begroot"}


def _toon_toetsen(r: Reeks, jaren: list[int], formaat: str) -> None:
    toetsen = [toets(r, jaren, achterstand) for achterstand in VARIANTEN]
    if formaat != "tabel":
        alles = pd.concat([t.tabel.assign(achterstand=t.achterstand) for t in toetsen], ignore_index=True)
        toon(alles, formaat, "", {})
    for t in toetsen:
        if formaat == "tabel" and not t.tabel.empty:
            toon(t.tabel, formaat, f"Terugtoets {_periode(jaren)}, {VARIANTEN[t.achterstand]} ({r.bron})",
                 TOETS_KOLOMMEN, TOETS_UITLEG)
        _zeg(formaat, *_toets_opmerkingen(t))
    _zeg(formaat, f"Gelezen: {r.bron} — {r.eenheid}.", *r.opmerkingen,
         "Naïef: het laatste gerealiseerde bedrag maal (1 + de mediane groei van alle gemeenten in dat jaar), per "
         "jaar tot het doeljaar. Eigen begroting: de primaire begroting van het doeljaar.")


def _toets_opmerkingen(t: Toets) -> list[str]:
    regels = []
    if t.overgeslagen:
        regels.append(f"Niet te toetsen (te weinig eerdere jaren): {', '.join(map(str, t.overgeslagen))}.")
    if t.buiten_vergelijking or t.zonder_prognose:
        regels.append(f"Buiten de vergelijking: {t.buiten_vergelijking} uitkomsten met een prognose maar zonder "
                      f"eigen begroting of naïeve prognose, {t.zonder_prognose} zonder prognose (geen historie, geen "
                      "begroting).")
    return regels
