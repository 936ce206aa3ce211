"""The late claims, as an answer: per service month what has been claimed so far, what the month
is expected to cost once every claim is in (`analyses.prognose.aanvulling`), and the share of it
that is in. A month counts as complete once `VOLLEDIG` of its expected cost has been claimed;
the reports and pages grey out the months that are not, and say how much is still to come.

The completion is computed once per state of the data, at the latest claim date, and every
answer sums it over the municipalities and segments of the question, in the asker's scope.
"""

from __future__ import annotations

import pandas as pd

from stuurwiel.analyses.prognose.aanvulling import aanvulling as aanvulling_
from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import maanden_van
from stuurwiel.begrippen.tabel import Kolom, Tabel, tabel
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout

VOLLEDIG = 0.95  # a month is complete once this share of its expected cost has been claimed

KOLOMMEN = [
    Kolom("maand", "maand"), Kolom("gedeclareerd", "gedeclareerd tot nu toe", "eurocent"),
    Kolom("verwacht", "verwacht", "eurocent"), Kolom("aandeel", "binnen", "fractie"),
    Kolom("compleet", "compleet", "ja_nee"),
]

_AANVULLINGEN = Voorraad(4)


def per_maand(opslag: Opslag) -> pd.DataFrame:
    """The completion per municipality, segment and month, kept per state of the data."""
    stand = opslag.stand()
    if stand is None:
        raise GeenAntwoord("er zijn nog geen declaraties geladen")
    return _AANVULLINGEN.haal((opslag.toestand(), stand),
                              lambda: aanvulling_(Gegevens.haal(opslag, stand, trajecten=False)))


def aanvulling(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per month of the periods asked (all months with claims when none are): claimed, expected and
    the share that is in, for the municipalities and segments asked (the region when none are)."""
    if vraag.selectie.aanbieders or vraag.selectie.producten or vraag.selectie.verwijzers:
        raise Vraagfout("de late declaraties worden geschat per gemeente en segment, niet per aanbieder, product "
                        "of verwijzer")
    zicht = vraag.bereik.beperk((), vraag.selectie)
    df = per_maand(opslag)
    if zicht.gemeenten:
        df = df[df.gemeentecode.isin(zicht.gemeenten)]
    if zicht.segmenten:
        df = df[df.segmentcode.isin(zicht.segmenten)]
    per = df.groupby("maand", sort=True)[["gedeclareerd", "verwacht"]].sum()
    if vraag.perioden:
        gevraagd = {m.begin for p in vraag.perioden for m in maanden_van(p)}
        per = per[per.index.isin(gevraagd)]
    aandeel = (per.gedeclareerd / per.verwacht).where(per.verwacht > 0, 1.0)  # nothing expected: complete
    rijen = [(f"{m.year}-{m.month:02d}", int(r.gedeclareerd), round(r.verwacht), float(a), bool(a >= VOLLEDIG))
             for (m, r), a in zip(per.iterrows(), aandeel, strict=True)]
    wie = f"gemeente {', '.join(zicht.gemeenten)}" if zicht.gemeenten else "de regio"
    return tabel(f"Late declaraties per maand, {wie}", KOLOMMEN, rijen,
                 uitleg="verwacht: wat de maand gaat kosten als alle declaraties binnen zijn (chain-ladder, voor de "
                        "jongste maanden met de seizoensreeks als voorkennis); binnen: het deel dat al gedeclareerd "
                        f"is; compleet vanaf {notatie.waarde(VOLLEDIG, 'fractie')}")

