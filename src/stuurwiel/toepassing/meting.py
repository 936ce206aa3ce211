"""One measure of the catalogue, for some periods and split by dimensions (`stuurwiel meet`, the
API), in the scope of whoever asks: every figure with its provenance. A suppressed figure is empty,
with `onderdrukt` and its `reden`: "klein" (too few people) or "buiten_bereik" (another
municipality's detail, privacy/onthulling.py)."""

from __future__ import annotations

from stuurwiel.begrippen.notatie import BEREIK
from stuurwiel.begrippen.selectie import DIMENSIES
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel, ontbreekt
from stuurwiel.maten.catalogus import maat
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.meter import gemeten
from stuurwiel.toepassing.vraag import Vraag, Vraagfout


def _waarde(w):
    return None if ontbreekt(w) else w


def meting(opslag: Opslag, vraag: Vraag) -> Tabel:
    try:
        m = maat(vraag.maat or "")
        m.controleer(vraag.per)
    except ValueError as e:
        raise Vraagfout(str(e)) from None
    if not vraag.perioden:
        raise Vraagfout("geef een jaar of een periode")
    df = gemeten(opslag, m.naam, list(vraag.perioden), vraag.per, vraag.selectie, vraag.bereik)
    kolommen = [Kolom("periode", "periode")]
    for d in vraag.per:
        kolommen += [Kolom(DIMENSIES[d], d, "code"), Kolom(f"{d}_naam", "naam")]
    kolommen.append(Kolom("waarde", m.label.lower(), m.eenheid))
    metbasis = "basis" in df.columns
    kolommen += [Kolom("basis", None, "getal")] * metbasis + [Kolom("onderdrukt", None, "ja_nee"),
                                                               Kolom("reden", None)]
    lijsten = {d: namen(opslag, d) for d in vraag.per}
    rijen = []
    for r in df.to_dict(orient="records"):
        sleutels = tuple((d, _waarde(r[DIMENSIES[d]])) for d in vraag.per)
        waarde = None if _waarde(r["waarde"]) is None else float(r["waarde"])
        rij = [Cel(r["periode"])]
        for d, code in sleutels:
            rij += [Cel(code, "code"), Cel(naam(lijsten[d], code))]
        reden = _waarde(r["reden"])
        rij.append(Cel(waarde, m.eenheid, bool(r["onderdrukt"]), m.naam, r["periode"], sleutels,
                       reden if reden == BEREIK else ""))
        if metbasis:
            rij.append(Cel(_waarde(r["basis"]), "getal"))
        rij += [Cel(bool(r["onderdrukt"]), "ja_nee"), Cel(reden)]
        rijen.append(rij)
    return Tabel(m.label, kolommen, rijen, verborgen=vraag.bereik.verborgen)

