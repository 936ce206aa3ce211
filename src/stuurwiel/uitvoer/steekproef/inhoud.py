"""What the two reports hold, asked on the one path (`toepassing.vragen.beantwoord`): a processed
sample's outcome and findings, and the control-audit plan with last year's results."""

from __future__ import annotations

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import jaar as jaarperiode
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing import verwerking
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord
from stuurwiel.uitvoer.steekproef.verslag import Verslag


def steekproefverslag(opslag: Opslag, bereik: Bereik, trekking_id: str) -> Verslag:
    u = verwerking.uitkomst(opslag, bereik, trekking_id)
    if u is None:
        raise Vraagfout(f"trekking {trekking_id} heeft nog geen bevindingen")
    t = u.trekking
    vraag = Vraag("steekproefuitkomst", trekking=trekking_id, bereik=bereik)
    tabellen = [beantwoord(opslag, vraag), beantwoord(opslag, vraag.met(onderwerp="steekproefbevindingen"))]
    alineas = [
        f"Populatie: {t.populatiedefinitie.omschrijving()} — {notatie.aantal(t.populatie_aantal, 'post', 'posten')}, "
        f"{notatie.euro(t.populatie_cent)}; vingerafdruk {t.vingerafdruk}.",
        f"Trekking {t.trekking_id}: {t.methode}, {t.omvang} posten, zaad {t.zaad}, risico "
        f"{notatie.getal(t.risico_pct, 1)} %; getrokken door {t.getrokken_door} op "
        f"{notatie.datum(t.getrokken_op.date())}. Dezelfde populatie, methode, omvang en zaad geven dezelfde posten "
        "(stuurwiel steekproef trek).",
        f"Bevindingen verwerkt door {u.verwerkt_door} op {notatie.datum(u.verwerkt_op.date())}. Toleranties: fouten "
        f"{_tolerantie(u, 'fouten')} %, onzekerheden {_tolerantie(u, 'onzekerheden')} %.",
    ]
    return Verslag("Steekproef", t.trekking_id, opslag.regio().naam, tabellen, alineas, u.conclusie, u.binnen)


def _tolerantie(u: verwerking.Uitkomst, soort: str) -> str:
    return notatie.getal(next(d.tolerantie_pct for d in u.delen if d.soort == soort), 2)


def auditplanverslag(opslag: Opslag, bereik: Bereik, jaar: int) -> Verslag:
    vraag = Vraag("auditplan", perioden=(jaarperiode(jaar),), bereik=bereik)
    tabellen = [beantwoord(opslag, vraag), beantwoord(opslag, vraag.met(onderwerp="auditpopulaties"))]
    vorig = Vraag("steekproeven", perioden=(jaarperiode(jaar - 1),), bereik=bereik)
    resultaten = beantwoord(opslag, vorig)
    resultaten.titel = f"Resultaten van de steekproeven over {jaar - 1}"
    tabellen.append(resultaten)
    alineas = [
        "Het controle-auditplan zegt per populatie hoe groot en hoe veel waard zij is, hoe hoog het risico op fouten "
        "is (inherent en na de eigen beheersing), welke zekerheid de controle daarom moet geven, de materialiteit, "
        "de steekproef die dat vraagt en wie haar wanneer uitvoert.",
        "Een steekproef wordt getrokken met stuurwiel steekproef trek (of op de pagina Steekproeven), in een "
        "werkmap ingevuld en met stuurwiel steekproef verwerk vastgelegd en beoordeeld.",
    ]
    if not resultaten.rijen:
        alineas.append(f"Over {jaar - 1} zijn geen steekproeven vastgelegd.")
    stand = opslag.stand()
    if stand is not None and stand.year == jaar:
        alineas.append(f"De gegevens van {jaar} lopen tot {notatie.datum(stand)}: de populaties groeien nog.")
    return Verslag("Controle-auditplan", str(jaar), opslag.regio().naam, tabellen, alineas, liggend=True)


