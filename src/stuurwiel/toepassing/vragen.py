"""The one path: every question, whatever adapter asks it, is checked and answered here.

`ONDERWERPEN` names what can be asked, each with the function that answers it; a new capability
adds an entry (and its answer module), never its own filtering, scoping or rendering. The answer
is one `Tabel`, for the adapter to render in the form the question asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import maand, reeks
from stuurwiel.begrippen.selectie import VELDEN, Selectie
from stuurwiel.begrippen.tabel import Tabel
from stuurwiel.begrippen.waarden import herken_code
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing import (
    aanvulling,
    auditplan,
    begrippenlijst,
    begroting,
    burap,
    catalogus,
    cyclus,
    doelen,
    kerncijfers,
    meting,
    normen,
    prognose,
    signalen,
    steekproef,
    steekproeven,
    toelichtingen,
    verevening,
)
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import Vraag, Vraagfout


@dataclass(frozen=True)
class Onderwerp:
    naam: str
    omschrijving: str
    beantwoord: Callable[[Opslag | None, Vraag], Tabel]
    opslag: bool = True  # whether the answer needs the store (the catalogue and a series file do not)
    vooruit: bool = False  # whether its periods may lie after the data (a forecast of a later year)
    binnen_gegevens: bool = True  # whether its periods must lie within the data (not the year of recorded samples)


ONDERWERPEN: dict[str, Onderwerp] = {o.naam: o for o in [
    Onderwerp("meting", "één maat uit de catalogus", meting.meting),
    Onderwerp("kerncijfers", "de kerncijfers van een periode", kerncijfers.kerncijfers),
    Onderwerp("maten", "de maten van de catalogus", catalogus.maten, opslag=False),
    Onderwerp("prognose", "de jaarprognose (burap)", prognose.jaarprognose),
    Onderwerp("prognosemaanden", "de maanden van het jaar: gedeclareerd en verwacht", prognose.maanden),
    Onderwerp("aanvulling", "de late declaraties: per maand gedeclareerd, verwacht en het deel dat binnen is",
              aanvulling.aanvulling),
    Onderwerp("plafonds", "wanneer aanbieders hun budgetplafond bereiken", prognose.plafonds),
    Onderwerp("aandacht", "wat aandacht vraagt: budgetten en plafonds", prognose.aandacht),
    Onderwerp("begrotingsrealisatie", "de hele begroting per post: budget, gerealiseerd en prognose",
              burap.begrotingsrealisatie),
    Onderwerp("begrotingswijziging", "het voorstel tot begrotingswijziging per gemeente (burap)",
              burap.begrotingswijziging),
    Onderwerp("afwijkingen", "de afwijkingen van de begroting die ertoe doen, verklaard", burap.afwijkingen),
    Onderwerp("risicos", "de risico's voor de begroting (burap)", burap.risicos),
    Onderwerp("terugtoets", "de terugtoets van de jaarprognose", prognose.terugtoets),
    Onderwerp("begroting", "de begrotingsprognose per gemeente", begroting.begroting, vooruit=True),
    Onderwerp("begrotingstoets", "de terugtoets van de begrotingsprognose", begroting.begrotingstoets),
    Onderwerp("signalen", "de signalen per bedrijfsregel", signalen.signalen),
    Onderwerp("signaalregels", "de regels die een bedrijfsregel schenden, met hun opvolging", signalen.signaalregels),
    Onderwerp("signaalgeschiedenis", "elke wijziging van de opvolging van één signaal", signalen.signaalgeschiedenis),
    Onderwerp("toelichtingen", "het verhaal achter de cijfers", toelichtingen.toelichtingen),
    Onderwerp("steekproefomvang", "de omvang van een steekproef", steekproef.steekproefomvang, opslag=False),
    Onderwerp("steekproeftabel", "de tabel van steekproefomvangen", steekproef.steekproeftabel, opslag=False),
    Onderwerp("steekproefevaluatie", "de evaluatie van een steekproef", steekproef.steekproefevaluatie,
              opslag=False),
    Onderwerp("steekproeven", "de vastgelegde steekproeven en hun uitkomst", steekproeven.steekproeven,
              binnen_gegevens=False),
    Onderwerp("steekproefuitkomst", "de uitkomst van een steekproef", steekproeven.steekproefuitkomst),
    Onderwerp("steekproefbevindingen", "de bevindingen per getrokken post", steekproeven.steekproefbevindingen),
    Onderwerp("auditplan", "het controle-auditplan: risico, materialiteit en steekproeven", auditplan.auditplan,
              vooruit=True),
    Onderwerp("auditpopulaties", "de populaties van het auditplan", auditplan.auditpopulaties, vooruit=True),
    Onderwerp("normen", "de toewijzingen boven hun norm, of per groep het aandeel binnen de norm", normen.normen),
    Onderwerp("normevaluatie", "het normenkader per product: de toewijzingen voor en na de norm",
              normen.normevaluatie),
    Onderwerp("cyclus", "de beleidscyclus per thema: waar het staat, wat achterstallig is, de volgende evaluatie",
              cyclus.cyclus, binnen_gegevens=False),
    Onderwerp("cyclusstappen", "de negen stappen van de beleidscyclus per thema, met hun artefact",
              cyclus.cyclusstappen, binnen_gegevens=False),
    Onderwerp("begrippencontrole", "een begrippenlijst getoetst aan beleidsdocumenten",
              begrippenlijst.begrippencontrole, opslag=False),
    Onderwerp("cyclusversies", "de geladen versies van de beleidscyclus", cyclus.cyclusversies,
              binnen_gegevens=False),
    Onderwerp("doelen", "de doelen en hun stand: waarde, streefwaarde, status, trend", doelen.doelen),
    Onderwerp("verevening", "de verevening tussen gemeenten: wie betaalt wat van de pot", verevening.verevening),
]}


def beantwoord(opslag: Opslag | None, vraag: Vraag) -> Tabel:
    """The answer to a question, in the scope of whoever asks. Raises Vraagfout for a question that
    cannot be answered as asked, BuitenBereik for one outside the scope."""
    onderwerp = ONDERWERPEN.get(vraag.onderwerp)
    if onderwerp is None:
        raise Vraagfout(f"onbekend onderwerp '{vraag.onderwerp}' (kies uit {', '.join(ONDERWERPEN)})")
    if onderwerp.opslag and vraag.bron is None:
        vraag = controleer(opslag, vraag)
    return onderwerp.beantwoord(opslag, vraag)


def controleer(opslag: Opslag, vraag: Vraag) -> Vraag:
    """The question as this store understands it: every code named as the store names it (505 and
    Dordrecht are 0505), and its periods and peildatum within the data. Raises Vraagfout with what
    is wrong, so no adapter answers a question about data that are not there with zeros."""
    vraag = vraag.met(selectie=herkende_selectie(opslag, vraag.selectie))
    controleer_perioden(opslag, vraag)
    return vraag


def herkende_selectie(opslag: Opslag, selectie: Selectie) -> Selectie:
    """The selection with every code, code without leading zeros or name replaced by its code;
    raises Vraagfout for what this region does not have."""
    herkend: dict[str, tuple[str, ...]] = {}
    for dimensie in VELDEN:
        codes = selectie.codes(dimensie)
        if codes:
            lijst = namen(opslag, dimensie)
            gevonden = {c: herken_code(c, lijst) for c in codes}
            onbekend = sorted(c for c, code in gevonden.items() if code is None)
            if onbekend:
                raise Vraagfout(f"{dimensie} {', '.join(onbekend)} hoort niet bij deze regio")
            herkend[dimensie] = tuple(dict.fromkeys(gevonden.values()))
    return selectie.met(**herkend) if herkend else selectie


def controleer_selectie(opslag: Opslag, vraag: Vraag) -> None:
    """Every municipality, segment, product, provider and referrer asked for exists in this region."""
    herkende_selectie(opslag, vraag.selectie)


_BEREIKEN = Voorraad(8)  # the data's range per state of the store: every page asks


def controleer_perioden(opslag: Opslag, vraag: Vraag) -> None:
    """Every period asked for holds data, and the peildatum lies within the years of the data. A store
    without data yet is not refused: its pages show the empty region, its answers say what they miss."""
    onderwerp = ONDERWERPEN.get(vraag.onderwerp)
    if (not vraag.perioden and vraag.peildatum is None) or (onderwerp is not None and not onderwerp.binnen_gegevens):
        return
    bereik = _BEREIKEN.haal(opslag.toestand(), opslag.gegevensbereik)
    if bereik is None:
        return
    van, tot = bereik
    vooruit = onderwerp is not None and onderwerp.vooruit
    for p in vraag.perioden:
        if p.eind < van or (p.begin > tot and not vooruit):
            raise Vraagfout(f"geen gegevens voor {notatie.periode(p)}; {gegevens_lopen(van, tot)}")
    d = vraag.peildatum
    if d is not None and (d < van or d.year > tot.year):
        raise Vraagfout(f"geen gegevens op peildatum {notatie.datum(d)}; {gegevens_lopen(van, tot)}")


def gegevens_lopen(van: dt.date, tot: dt.date) -> str:
    """'de gegevens lopen van januari 2021 t/m augustus 2025'."""
    perioden = reeks(maand(van.year, van.month), maand(tot.year, tot.month))
    if perioden.soort == "maand":
        return f"de gegevens gaan alleen over {notatie.periode(perioden)}"
    return f"de gegevens lopen van {notatie.periode(perioden)}"
