"""The check of a definitions list against policy documents (`stuurwiel begrippen controleer`): the
list from the question's file (`Vraag.bron`), or else the catalogue's own definitions; the documents
from `Vraag.documenten`. Reads no store: the documents and the list are the whole question."""

from __future__ import annotations

import datetime as dt

from stuurwiel.analyses.begrippenlijst import controleer, uit_catalogus
from stuurwiel.begrippen.notatie import aantal
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.invoer.begrippenlijst import Lijstfout, lees_lijst
from stuurwiel.invoer.documenten import Documentfout, lees
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

MAX_DOCUMENTEN = 200

KOLOMMEN = [Kolom("soort", "soort"), Kolom("term", "term"), Kolom("begrip", "in plaats van"),
            Kolom("document", "document"), Kolom("aantal", "aantal", "aantal"), Kolom("plekken", "plekken"),
            Kolom("toelichting", "toelichting")]


def begrippencontrole(_opslag, vraag: Vraag) -> Tabel:
    if not vraag.documenten:
        raise Vraagfout("geef een of meer documenten om te controleren (TXT, Markdown, PDF of DOCX)")
    if len(vraag.documenten) > MAX_DOCUMENTEN:
        raise Vraagfout(f"hoogstens {MAX_DOCUMENTEN} documenten tegelijk, niet {len(vraag.documenten)}")
    peildatum = vraag.peildatum or dt.date.today()
    try:
        lijst = lees_lijst(vraag.bron) if vraag.bron is not None else uit_catalogus(peildatum)
        documenten = [lees(p) for p in vraag.documenten]
    except (Lijstfout, Documentfout) as e:
        raise Vraagfout(str(e)) from None
    bevindingen = controleer(lijst, documenten, peildatum)
    herkomst = vraag.bron.name if vraag.bron is not None else "de definities van de maatcatalogus"
    return tabel("Begrippencontrole", KOLOMMEN,
                 [[b.soort, b.term, b.begrip, b.document, b.aantal or None, b.plekken, b.toelichting]
                  for b in bevindingen],
                 uitleg="Plekken: de regels (TXT, Markdown), pagina's (PDF) of alinea's (DOCX) waar de term staat.",
                 opmerkingen=[f"Lijst: {herkomst} ({aantal(len(lijst.begrippen), 'begrip', 'begrippen')}); "
                              f"documenten: {', '.join(d.naam for d in documenten)}; beoordeling getoetst op "
                              f"{peildatum:%Y-%m-%d}."])
