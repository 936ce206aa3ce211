"""The goals and where they stand (`stuurwiel doelen`, the Doelen page, the quarterly *Samen Sturen*
table per segment and the annual report's goal section).

Every goal's value is its measure asked from the catalogue (`toepassing.meter.gemeten`, which is
`maten.catalogus.meet` kept per state of the data) over the goal's period and filters, in the scope of
whoever asks; a relative target (`basisjaar`, `verandering_pct`) is the same measure over the same
period of the base year, changed by that percentage. Status:

- groen: the target is met (at or above it for `omhoog`, at or below it for `omlaag`);
- oranje: not met, but within `doelen.marge_pct` percent of the target (regio.yaml);
- rood: further off;
- onbekend: no figure (suppressed for this audience, or no data for the period yet).

A municipal account sees the goals of its own municipalities and the regional ones.
"""

from __future__ import annotations

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import Periode, kwartaal, vorig_jaar
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel, ontbreekt
from stuurwiel.config.doelen import Doel
from stuurwiel.maten.catalogus import maat
from stuurwiel.maten.toelichting import toelichtingen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing.doelregister import geldend, periode
from stuurwiel.toepassing.meter import gemeten
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag

BETEKENIS = {"groen": "gehaald", "oranje": "bijna gehaald", "rood": "niet gehaald", "onbekend": "geen cijfer"}
TEKEN = {"groen": "✔", "oranje": "●", "rood": "✖", "onbekend": "?"}  # the page's sign beside the colour
KWARTALEN = 4  # the trend: the last quarters up to the goal's period
KOLOMMEN = [
    # for people the columns an A4 page holds; the rest for machines (and the Doelen page)
    Kolom("code", "doel", "code"), Kolom("titel", "titel"), Kolom("prioriteit", None),
    Kolom("soort", None), Kolom("eigenaar", None), Kolom("gemeentecode", None, "code"),
    Kolom("segmentcode", None, "code"), Kolom("periode", None), Kolom("maat", None, "code"),
    Kolom("richting", None), Kolom("waarde", "waarde", "getal"), Kolom("streefwaarde", "streefwaarde", "getal", 1),
    Kolom("status", "status"), Kolom("betekenis", "stand"), Kolom("trend", "trend"),
    Kolom("toelichting", "toelichting"), Kolom("probleem", None), Kolom("interventie", None),
]


def doelen(opslag: Opslag, vraag: Vraag) -> Tabel:
    versie = geldend(opslag)
    if versie is None:
        raise GeenAntwoord("er zijn nog geen doelen vastgelegd: `stuurwiel doelen laad doelen.yaml`")
    gekozen = [d for d in versie.register.doelen if _zichtbaar(d, vraag)]
    if not gekozen:
        raise GeenAntwoord("geen doelen voor deze keuze")
    marge = opslag.regio().doelen.marge_pct
    tot = opslag.gegevensbereik()  # (first, last day) of the data, or None
    notities = toelichtingen(opslag, sorted({periode(d).label for d in gekozen}))
    rijen = [_rij(opslag, d, vraag.bereik, marge, tot, notities) for d in gekozen]
    jaren = sorted({p.eind.year for p in vraag.perioden})
    segment = f", segment {', '.join(vraag.selectie.segmenten)}" if vraag.selectie.segmenten else ""
    titel = f"Doelen {', '.join(map(str, jaren))}{segment}" if jaren else f"Doelen{segment}"
    return Tabel(titel, KOLOMMEN, rijen, uitleg=_uitleg(marge), verborgen=vraag.bereik.verborgen,
                 opmerkingen=[f"doelenregister versie {versie.versie}, vastgelegd door {versie.door} op "
                              f"{notatie.datum(versie.vastgelegd_op.date())}"])


def _uitleg(marge: float) -> str:
    return (f"waarde: de maat uit de catalogus over de periode van het doel; status groen: streefwaarde gehaald, "
            f"oranje: binnen {notatie.getal(marge, 1 if marge % 1 else 0)} % ervan, rood: verder ervan af, "
            f"onbekend: geen cijfer; trend: de laatste {KWARTALEN} kwartalen.")


def _zichtbaar(d: Doel, vraag: Vraag) -> bool:
    """In the question's years and segments, and a goal of the region or of a municipality the asker sees."""
    jaren = {p.eind.year for p in vraag.perioden}
    gemeenten, segmenten = vraag.selectie.gemeenten, vraag.selectie.segmenten
    eigen = vraag.bereik.gemeenten
    return ((not jaren or periode(d).eind.year in jaren) and (not segmenten or d.segment in segmenten)
            and (d.gemeente is None or ((eigen is None or d.gemeente in eigen)
                                        and (not gemeenten or d.gemeente in gemeenten))))


def _selectie(d: Doel) -> Selectie:
    return Selectie.van(**{k: v for k, v in d.selectie.items() if v is not None})


def _sleutels(d: Doel) -> tuple[tuple[str, str | None], ...]:
    return tuple((k, v) for k, v in d.selectie.items() if v is not None)


def meting(opslag: Opslag, d: Doel, perioden: list[Periode], bereik: Bereik) -> list[tuple[float | None, bool]]:
    """(waarde, onderdrukt) of the goal's measure in each period, as this audience sees it."""
    df = gemeten(opslag, d.maat, perioden, (), _selectie(d), bereik)
    per = {r.periode: (None if ontbreekt(r.waarde) else float(r.waarde), bool(r.onderdrukt))
           for r in df.itertuples(index=False)}
    return [per.get(p.label, (None, False)) for p in perioden]


def _binnen(p: Periode, gegevens: tuple | None) -> bool:
    """Whether the data cover (part of) a period."""
    return gegevens is not None and p.begin <= gegevens[1] and p.eind >= gegevens[0]


def streefwaarde(opslag: Opslag, d: Doel, bereik: Bereik, gegevens: tuple | None) -> float | None:
    """The target: as written, or the base year's figure changed by `verandering_pct` (unknown when the data
    do not cover the base period)."""
    if d.streefwaarde is not None:
        return d.streefwaarde
    basis = periode(d)
    for _ in range(basis.begin.year - d.basisjaar):
        basis = vorig_jaar(basis)
    if not _binnen(basis, gegevens):
        return None
    (waarde, _), = meting(opslag, d, [basis], bereik)
    return None if waarde is None else waarde * (1 + d.verandering_pct / 100)


def status(waarde: float | None, doel: float | None, richting: str, marge_pct: float) -> str:
    if waarde is None or doel is None:
        return "onbekend"
    verschil = round(waarde - doel if richting == "omhoog" else doel - waarde, 9)
    if verschil >= 0:
        return "groen"
    return "oranje" if -verschil <= round(abs(doel) * marge_pct / 100, 9) else "rood"


def kwartalen_tot(p: Periode, gegevens: tuple) -> list[Periode]:
    """The last KWARTALEN quarters up to the quarter in which the period ends (or the data end, if sooner),
    leaving out those before the data begin."""
    van, tot = gegevens
    eind = min(p.eind, tot)
    j, q = eind.year, (eind.month - 1) // 3 + 1
    uit = []
    for _ in range(KWARTALEN):
        uit.append(kwartaal(j, q))
        j, q = (j, q - 1) if q > 1 else (j - 1, 4)
    return [k for k in uit[::-1] if k.eind >= van]


def _trend(opslag: Opslag, d: Doel, p: Periode, bereik: Bereik, gegevens) -> str:
    if gegevens is None or p.begin > gegevens[1]:
        return ""
    kwartalen = kwartalen_tot(p, gegevens)
    waarden = meting(opslag, d, kwartalen, bereik)
    eenheid = maat(d.maat).eenheid
    delen = [f"{k.label} {notatie.waarde(w, eenheid, o, bereik.verborgen or '<8')}"
             for k, (w, o) in zip(kwartalen, waarden, strict=True)]
    getallen = [w for w, o in waarden if w is not None and not o]
    richting = ("" if len(getallen) < 2 else "stijgend" if getallen[-1] > getallen[0]
                else "dalend" if getallen[-1] < getallen[0] else "gelijk")
    return " · ".join(delen) + (f" ({richting})" if richting else "")


def _toelichting(d: Doel, p: Periode, notities) -> str:
    """The measure's annotation for the goal's municipality (or the region) and period, then the goal's own."""
    n = notities[(notities.maat == d.maat) & (notities.periode == p.label)]
    n = n[n.gemeentecode == d.gemeente] if d.gemeente else n[n.gemeentecode.isna() | (n.gemeentecode == "")]
    return " ".join([*n.tekst.tolist(), d.toelichting]).strip()


def _rij(opslag: Opslag, d: Doel, bereik: Bereik, marge: float, gegevens, notities) -> list[Cel]:
    p, m = periode(d), maat(d.maat)
    (waarde, onderdrukt), = meting(opslag, d, [p], bereik) if _binnen(p, gegevens) else [(None, False)]
    doel = streefwaarde(opslag, d, bereik, gegevens)
    s = status(None if onderdrukt else waarde, doel, d.richting, marge)
    return [Cel(d.code, "code"), Cel(d.titel), Cel(str(d.prioriteit) if d.prioriteit else None), Cel(d.soort),
            Cel(d.eigenaar), Cel(d.gemeente, "code"), Cel(d.segment, "code"), Cel(p.label), Cel(d.maat, "code"),
            Cel(d.richting), Cel(waarde, m.eenheid, onderdrukt, d.maat, p.label, _sleutels(d)),
            Cel(doel, m.eenheid), Cel(s), Cel(BETEKENIS[s]), Cel(_trend(opslag, d, p, bereik, gegevens)),
            Cel(_toelichting(d, p, notities)), Cel(d.probleem), Cel(d.interventie)]


def segmenten_met_doelen(opslag: Opslag, jaar: int) -> list[str]:
    """The segments with a goal in the year (the quarterly report's Samen Sturen table per segment)."""
    versie = geldend(opslag)
    if versie is None:
        return []
    return sorted({d.segment for d in versie.register.doelen if d.segment and periode(d).eind.year == jaar})
