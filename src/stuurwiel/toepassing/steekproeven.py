"""The stored samples as questions (the control role only): every draw with its outcome
(`steekproeven`), one draw's outcome against the tolerances (`steekproefuitkomst`) and its lines with
their findings (`steekproefbevindingen`)."""

from __future__ import annotations

from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing import trekkingen
from stuurwiel.toepassing.verwerking import Uitkomst, bevindingen, uitkomst
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

LIJST = [Kolom("trekking_id", "trekking", "code"), Kolom("jaar", "jaar", "code"), Kolom("populatie", "populatie"),
         Kolom("methode", "methode"), Kolom("omvang", "omvang", "aantal"), Kolom("zaad", "zaad", "code"),
         Kolom("populatie_cent", "waarde populatie", "eurocent"), Kolom("getrokken_door", "getrokken door"),
         Kolom("getrokken_op", "getrokken op", "datum"), Kolom("fouten", "fouten", "aantal"),
         Kolom("onzekerheden", "onzekerheden", "aantal"), Kolom("conclusie", "conclusie")]
UITKOMST = [Kolom("soort", "soort"), Kolom("aantal", "gevonden", "aantal"),
            Kolom("bedrag_cent", "in de steekproef", "eurocent"),
            Kolom("meest_waarschijnlijk_cent", "meest waarschijnlijk", "eurocent"),
            Kolom("bovengrens_cent", "maximaal", "eurocent"), Kolom("bovengrens_pct", "maximaal (%)", "procent", 2),
            Kolom("tolerantie_pct", "tolerantie (%)", "procent", 2), Kolom("tolerantie_cent", "tolerantie", "eurocent"),
            Kolom("conclusie", "conclusie")]
POSTEN = [Kolom("volgnummer", "volgnummer", "aantal"), Kolom("sleutel", "sleutel", "code"),
          Kolom("bedrag_cent", "bedrag", "eurocent"), Kolom("treffers", "treffers", "aantal"),
          Kolom("oordeel", "oordeel"), Kolom("juist_cent", "juist bedrag", "eurocent"),
          Kolom("verschil_cent", "verschil", "eurocent"), Kolom("toelichting", "toelichting")]


def steekproeven(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Every draw (of the year asked, if any) with its outcome once processed."""
    vraag.bereik.vereis_dossierinzage(trekkingen.WAT)
    jaar = vraag.periode.begin.year if vraag.perioden else None
    rijen = []
    for t in trekkingen.alle(opslag, jaar):
        u = uitkomst(opslag, vraag.bereik, t.trekking_id)
        tellingen = [d.aantal for d in u.delen] if u else [None, None]
        rijen.append([t.trekking_id, str(t.jaar), t.populatiedefinitie.omschrijving(), t.methode, t.omvang,
                      str(t.zaad), t.populatie_cent, t.getrokken_door, t.getrokken_op.date(), *tellingen,
                      u.conclusie if u else "nog niet verwerkt"])
    return tabel("Steekproeven", LIJST, rijen, uitleg="elke trekking met haar populatie en, eenmaal verwerkt, "
                 "de gevonden fouten en onzekerheden en de conclusie")


def steekproefuitkomst(opslag: Opslag, vraag: Vraag) -> Tabel:
    u = uitkomst(opslag, vraag.bereik, _trekking(vraag))
    if u is None:
        raise Vraagfout(f"trekking {vraag.trekking} heeft nog geen bevindingen: verwerk eerst de ingevulde werkmap "
                        "(stuurwiel steekproef verwerk)")
    return uitkomsttabel(u)


def uitkomsttabel(u: Uitkomst) -> Tabel:
    t = u.trekking
    rijen = []
    for d in u.delen:
        geld = t.methode == "mus"
        e = d.evaluatie
        rijen.append([d.soort, d.aantal, d.bedrag_cent,
                      round(e.meest_waarschijnlijk * t.populatie_cent) if geld else None,
                      e.bedrag(t.populatie_cent, e.bovengrens) if geld else None, d.bovengrens_pct, d.tolerantie_pct,
                      round(d.tolerantie_pct / 100 * t.populatie_cent) if geld else None,
                      "binnen de tolerantie" if d.binnen else "boven de tolerantie"])
    zekerheid = 100 - t.risico_pct
    methode = ("Stringer-grens met Poisson-factoren (AICPA)" if t.methode == "mus"
               else "bovengrens van het afwijkingspercentage (binomiaal, AICPA)")
    return tabel(f"Uitkomst van steekproef {t.trekking_id}", UITKOMST, rijen,
                 uitleg=f"{t.populatiedefinitie.omschrijving()}; met {zekerheid:g} % zekerheid ({methode}). "
                        f"Conclusie: {u.conclusie}.")


def steekproefbevindingen(opslag: Opslag, vraag: Vraag) -> Tabel:
    t = trekkingen.vereis(opslag, vraag.bereik, _trekking(vraag))
    rijen = [[v, s, b, n, o, j, (b - j) if o == "fout" else None, tl]
             for v, s, b, n, o, j, tl, _, _ in bevindingen(opslag, t.trekking_id)]
    return tabel(f"Bevindingen van steekproef {t.trekking_id}", POSTEN, rijen,
                 uitleg="per getrokken post het oordeel van de dossiercontrole; verschil = bedrag − juist bedrag")


def _trekking(vraag: Vraag) -> str:
    if not vraag.trekking:
        raise Vraagfout("welke trekking? geef haar id (stuurwiel steekproef toon)")
    return vraag.trekking
