"""The late claims, as an answer: per service month what has been claimed so far, what the month
is expected to cost once every claim is in (`analyses.prognose.aanvulling`), and the share of it
that is in. A month counts as complete once `VOLLEDIG` of its expected cost has been claimed;
the reports and pages grey out the months that are not, and say how much is still to come.

The completion is computed once per state of the data, at the latest claim date, and every
answer sums it over the municipalities and segments of the question, in the asker's scope.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from stuurwiel.analyses.prognose.aanvulling import aanvulling as aanvulling_
from stuurwiel.analyses.prognose.gegevens import Gegevens
from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import Periode, maanden_van, ontleed_periode
from stuurwiel.begrippen.selectie import dimensiekolommen
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel, tabel
from stuurwiel.maten.catalogus import maat
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout

VOLLEDIG = 0.95  # a month is complete once this share of its expected cost has been claimed
PER = ("gemeente", "segment")  # the dimensions the completion is estimated by

KOLOMMEN = [
    Kolom("maand", "maand"), Kolom("gedeclareerd", "gedeclareerd tot nu toe", "eurocent"),
    Kolom("verwacht", "verwacht", "eurocent"), Kolom("aandeel", "binnen", "fractie"),
    Kolom("compleet", "compleet", "ja_nee"),
]

_AANVULLINGEN = Voorraad(4)
_GEGEVENS = Voorraad(2)


def gegevens(opslag: Opslag, peildatum: dt.date) -> Gegevens:
    """The forecasts' frame of the claims on `peildatum`, without trajectories, kept per state of the
    data: the year-end forecast (which adds its trajectories) and the completion of late claims at the
    latest claim date read the same one. A monthly report needs only the completion."""
    return _GEGEVENS.haal((opslag.toestand(), peildatum), lambda: Gegevens.haal(opslag, peildatum, trajecten=False))


def per_maand(opslag: Opslag) -> pd.DataFrame:
    """The completion per municipality, segment and month, kept per state of the data."""
    stand = opslag.stand()
    if stand is None:
        raise GeenAntwoord("er zijn nog geen declaraties geladen")
    return _AANVULLINGEN.haal((opslag.toestand(), stand), lambda: aanvulling_(gegevens(opslag, stand)))


def bedragen(opslag: Opslag, vraag: Vraag) -> pd.DataFrame:
    """Claimed and expected cost per month (the first of it) and per dimension of `vraag.per`
    (gemeente, segment: their code columns), within the question's selection and scope."""
    if vraag.selectie.aanbieders or vraag.selectie.producten or vraag.selectie.verwijzers:
        raise Vraagfout("de late declaraties worden geschat per gemeente en segment, niet per aanbieder, product "
                        "of verwijzer")
    niet = [d for d in vraag.per if d not in PER]
    if niet:
        raise Vraagfout(f"de late declaraties zijn er per gemeente en segment, niet per {', '.join(niet)}")
    zicht = vraag.bereik.beperk(vraag.per, vraag.selectie)
    df = per_maand(opslag)
    if zicht.gemeenten:
        df = df[df.gemeentecode.isin(zicht.gemeenten)]
    if zicht.segmenten:
        df = df[df.segmentcode.isin(zicht.segmenten)]
    if vraag.perioden:
        df = df[df.maand.isin({m.begin for p in vraag.perioden for m in maanden_van(p)})]
    return df.groupby([*dimensiekolommen(vraag.per), "maand"], sort=True, as_index=False)[
        ["gedeclareerd", "verwacht"]].sum()


def aanvulling(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per month of the periods asked (all months with claims when none are): claimed, expected and
    the share that is in, for the region or the municipalities and segments asked, or per
    municipality and/or segment (`per`)."""
    df = bedragen(opslag, vraag)
    aandeel = (df.gedeclareerd / df.verwacht).where(df.verwacht > 0, 1.0)  # nothing expected: complete
    codes = dimensiekolommen(vraag.per)
    lijsten = {d: namen(opslag, d) for d in vraag.per}
    rijen = [[*(r[k] for k in codes), *(naam(lijsten[d], r[k]) for d, k in zip(vraag.per, codes, strict=True)),
              f"{r.maand.year}-{r.maand.month:02d}", int(r.gedeclareerd), round(r.verwacht), float(a),
              bool(a >= VOLLEDIG)] for (_, r), a in zip(df.iterrows(), aandeel, strict=True)]
    kolommen = [*(Kolom(k, None, "code") for k in codes), *(Kolom(d, d) for d in vraag.per), *KOLOMMEN]
    zicht = vraag.selectie.gemeenten
    wie = " en ".join(vraag.per) if vraag.per else (f"gemeente {', '.join(zicht)}" if zicht else "de regio")
    return tabel(f"Late declaraties per maand, {'per ' if vraag.per else ''}{wie}", kolommen, rijen,
                 uitleg="verwacht: wat de maand gaat kosten als alle declaraties binnen zijn (chain-ladder, voor de "
                        "jongste maanden met de seizoensreeks als voorkennis); binnen: het deel dat al gedeclareerd "
                        f"is; compleet vanaf {notatie.waarde(VOLLEDIG, 'fractie')}")


class Verwachting:
    """Catalogue figures as they will be once every claim is in, for one question's audience and
    selection: a cost is the expected cost of its months, a measure proportional to cost (per
    client, budget use) is scaled by expected over claimed, any other figure built on claims has no
    completed value. The completion is asked per municipality and segment as the figure is split."""

    def __init__(self, opslag: Opslag, vraag: Vraag):
        self.opslag, self.vraag = opslag, vraag.met(onderwerp="aanvulling", perioden=())
        self._tabellen: dict[tuple[str, ...], pd.DataFrame | None] = {}

    def _tabel(self, per: tuple[str, ...]) -> pd.DataFrame | None:
        if per not in self._tabellen:
            try:
                self._tabellen[per] = bedragen(self.opslag, self.vraag.met(per=per))
            except (GeenAntwoord, Vraagfout, BuitenBereik):
                self._tabellen[per] = None
        return self._tabellen[per]

    def bedragen(self, periode: Periode, sleutels: dict[str, str | None]) -> tuple[float, float] | None:
        """(claimed, expected) over the months of `periode` for the dimension values `sleutels`; None
        when the completion cannot say (another dimension, outside the scope, no claims loaded)."""
        if any(d not in PER for d in sleutels):
            return None
        per = tuple(d for d in PER if d in sleutels)
        df = self._tabel(per)
        if df is None:
            return None
        binnen = df.maand.isin({m.begin for m in maanden_van(periode)})
        for d, k in zip(per, dimensiekolommen(per), strict=True):
            binnen &= df[k] == sleutels[d]
        return float(df.gedeclareerd[binnen].sum()), float(df.verwacht[binnen].sum())

    def cel(self, cel: Cel) -> Cel:
        """The completed value of a catalogue figure (empty when it has none)."""
        m = maat(cel.maat) if cel.maat else None
        leeg = Cel(None, cel.eenheid)
        if m is None or m.declaraties not in ("kosten", "evenredig") or cel.waarde is None or cel.onderdrukt:
            return leeg
        b = self.bedragen(ontleed_periode(cel.periode), dict(cel.sleutels))
        if b is None:
            return leeg
        gedeclareerd, verwacht = b
        if m.declaraties == "kosten":
            waarde = verwacht
        elif gedeclareerd > 0:
            waarde = cel.waarde * verwacht / gedeclareerd
        else:
            return leeg
        return Cel(round(waarde) if cel.eenheid == "eurocent" else waarde, cel.eenheid, periode=cel.periode,
                   sleutels=cel.sleutels)
