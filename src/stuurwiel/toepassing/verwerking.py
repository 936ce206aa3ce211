"""The findings of a file check: a filled-in workbook checked against its stored draw and stored
(all or nothing), and the sample's outcome judged against the region's tolerances.

Monetary unit samples: every sampling unit (a line drawn twice counts twice) carries the taint of
its line; errors (fout: |bedrag − juist| / bedrag) and uncertainties (onzeker: the whole line, taint
1) are evaluated apart with the Stringer bound and judged against `regio.yaml`'s tolerances (1 % and
3 % of the population unless the region says otherwise). Random samples: the errors and the
uncertainties counted, each upper limit against the draw's tolerable rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stuurwiel.analyses.steekproef import evaluatie
from stuurwiel.analyses.steekproef.grenzen import omhoog
from stuurwiel.begrippen import notatie
from stuurwiel.invoer.problemen import Afgewezen, Probleem
from stuurwiel.invoer.steekproefwerkmap import Ingevuld
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing import trekkingen
from stuurwiel.toepassing.trekkingen import Trekking


@dataclass(frozen=True)
class Deeluitkomst:
    soort: str  # fouten | onzekerheden
    aantal: int  # lines with this judgement
    bedrag_cent: int  # their misstatement in the sample
    evaluatie: evaluatie.Attribuutevaluatie | evaluatie.Musevaluatie
    tolerantie_pct: float

    @property
    def bovengrens_pct(self) -> float:
        e = self.evaluatie
        return e.bovengrens_pct if isinstance(e, evaluatie.Attribuutevaluatie) else omhoog(100 * e.bovengrens, 2)

    @property
    def binnen(self) -> bool:
        return self.evaluatie.bovengrens <= self.tolerantie_pct / 100


@dataclass(frozen=True)
class Uitkomst:
    trekking: Trekking
    delen: tuple[Deeluitkomst, ...]
    verwerkt_door: str
    verwerkt_op: dt.datetime

    @property
    def binnen(self) -> bool:
        return all(d.binnen for d in self.delen)

    @property
    def conclusie(self) -> str:
        if self.binnen:
            return "binnen de tolerantie: fouten en onzekerheden"
        boven = " en ".join(d.soort for d in self.delen if not d.binnen)
        return f"boven de tolerantie: {boven}"


def verwerk(opslag: Opslag, bereik: Bereik, ingevuld: Ingevuld, bestand: str, wie: str) -> Uitkomst:
    """Check the findings against the stored draw, then store them (replacing earlier ones of this draw).
    Raises Afgewezen with every difference; nothing is stored then."""
    bereik.vereis_dossierinzage(trekkingen.WAT)
    t = trekkingen.lees(opslag, ingevuld.trekking_id)
    if t is None:
        raise Afgewezen([Probleem(bestand, None, ingevuld.trekking_id, "onbekende trekking: deze werkmap hoort niet "
                                  "bij deze database, of de trekking is nooit vastgelegd")])
    problemen = _verschillen(t, trekkingen.posten(opslag, t.trekking_id), ingevuld, bestand)
    if problemen:
        raise Afgewezen(problemen)
    _bewaar(opslag, t, ingevuld, wie)
    return uitkomst(opslag, bereik, t.trekking_id)


def _verschillen(t: Trekking, posten: list[tuple[int, str, int, int]], ingevuld: Ingevuld,
                 bestand: str) -> list[Probleem]:
    problemen = []
    if ingevuld.vingerafdruk != t.vingerafdruk:
        problemen.append(Probleem(bestand, None, None, "de identificatie van de trekking is gewijzigd"))
    verwacht = {v: (s, b) for v, s, b, _ in posten}
    gezien = set()
    for b in ingevuld.bevindingen:
        bron = f"{bestand}, regel {b.regelnummer}"
        if b.volgnummer not in verwacht or b.volgnummer in gezien:
            problemen.append(Probleem(bron, "volgnummer", str(b.volgnummer), "hoort niet (of twee keer) bij de "
                                      f"trekking {t.trekking_id}"))
            continue
        gezien.add(b.volgnummer)
        sleutel, bedrag = verwacht[b.volgnummer]
        if b.sleutel != sleutel:
            problemen.append(Probleem(bron, "sleutel", b.sleutel, f"gewijzigd; in de trekking: {sleutel}"))
        if b.bedrag_cent != bedrag:
            problemen.append(Probleem(bron, "bedrag", notatie.getal(b.bedrag_cent / 100, 2),
                                      f"gewijzigd; in de trekking: {notatie.getal(bedrag / 100, 2)}"))
    for v in sorted(set(verwacht) - gezien):
        problemen.append(Probleem(bestand, "volgnummer", str(v), f"ontbreekt (sleutel {verwacht[v][0]})"))
    return problemen


def _bewaar(opslag: Opslag, t: Trekking, ingevuld: Ingevuld, wie: str) -> None:
    import pyarrow as pa

    nu = dt.datetime.now().replace(microsecond=0)
    rijen = [{"trekking_id": t.trekking_id, "volgnummer": b.volgnummer, "sleutel": b.sleutel, "oordeel": b.oordeel,
              "juist_cent": b.juist_cent, "toelichting": b.toelichting, "verwerkt_door": wie, "verwerkt_op": nu}
             for b in ingevuld.bevindingen]
    with opslag.transactie():
        opslag.voer_uit("DELETE FROM steekproefbevinding WHERE trekking_id = %s", [t.trekking_id])
        opslag.voeg_toe("steekproefbevinding", pa.Table.from_pylist(rijen))


def bevindingen(opslag: Opslag, trekking_id: str) -> list[tuple]:
    """(volgnummer, sleutel, bedrag_cent, treffers, oordeel, juist_cent, toelichting, verwerkt_door,
    verwerkt_op) per drawn line that has a finding."""
    return opslag.rijen(
        "SELECT p.volgnummer, p.sleutel, p.bedrag_cent, p.treffers, b.oordeel, b.juist_cent, b.toelichting, "
        "b.verwerkt_door, b.verwerkt_op FROM steekproefpost p JOIN steekproefbevinding b "
        "ON b.trekking_id = p.trekking_id AND b.volgnummer = p.volgnummer WHERE p.trekking_id = %s "
        "ORDER BY p.volgnummer", [trekking_id])


def uitkomst(opslag: Opslag, bereik: Bereik, trekking_id: str) -> Uitkomst | None:
    """The outcome of a processed draw (None before its findings are processed)."""
    t = trekkingen.vereis(opslag, bereik, trekking_id)
    rijen = bevindingen(opslag, trekking_id)
    if not rijen:
        return None
    instelling = opslag.regio().steekproef
    delen = []
    for soort, oordeel, tolerantie in (("fouten", "fout", instelling.fouten_pct),
                                       ("onzekerheden", "onzeker", instelling.onzekerheden_pct)):
        geraakt = [r for r in rijen if r[4] == oordeel]
        bedrag = sum(abs(r[2] - (r[5] or 0)) if oordeel == "fout" else r[2] for r in geraakt)
        if t.methode == "mus":
            taints = [evaluatie.taint(r[2], r[5]) if oordeel == "fout" else 1.0 for r in geraakt for _ in range(r[3])]
            e = evaluatie.mus([x for x in taints if x > 0], t.omvang, t.risico_pct / 100)
        else:
            e = evaluatie.attribuut(t.omvang, len(geraakt), t.risico_pct / 100, t.tolerantie_pct / 100)
            tolerantie = t.tolerantie_pct
        delen.append(Deeluitkomst(soort, len(geraakt), bedrag, e, tolerantie))
    return Uitkomst(t, tuple(delen), rijen[0][7], rijen[0][8])
