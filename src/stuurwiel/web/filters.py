"""The filters of a view are its URL: period, municipality, segment, product, provider and referrer
as query parameters, so a view can be bookmarked and shared (and opens in the viewer's own scope).
Here they become the one question object, and back; and what each filter offers is gathered."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from starlette.datastructures import QueryParams

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import jaar, maand, ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import controleer
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rechten import bereik_van

FILTERS = ("gemeente", "segment", "product", "aanbieder", "verwijzer")


def vraag_van(request: Request, opslag: Opslag, s: Sessie, soort_periode: str) -> Vraag:
    """The question in the URL, asked by the user of the session."""
    return vraag_uit(request.query_params, opslag, bereik_van(opslag, s), soort_periode)


def vraag_uit(q: QueryParams, opslag: Opslag, bereik: Bereik, soort_periode: str) -> Vraag:
    """The question of these query parameters in this scope (none: what a first visit asks). Without a
    period: the year (or month) of the latest data; a view of a month always asks about one municipality."""
    tot = opslag.stand() or dt.date.today()
    try:
        periode = ontleed_periode(q["periode"]) if q.get("periode") else (
            maand(tot.year, tot.month) if soort_periode == "maand" else jaar(tot.year))
    except ValueError:
        raise HTTPException(400, f"'{q.get('periode')}' is geen periode (JJJJ, JJJJ-Qn of JJJJ-MM)") from None
    if soort_periode == "maand" and periode.soort != "maand":
        periode = maand(periode.eind.year, periode.eind.month)
    waarden = {f: [w for w in q.getlist(f) if w] or None for f in FILTERS}
    if soort_periode == "maand" and not waarden["gemeente"]:
        waarden["gemeente"] = gemeenten_van(opslag, bereik)[0]
    try:
        return controleer(opslag, Vraag("pagina", (periode,), selectie=Selectie.van(**waarden), bereik=bereik))
    except Vraagfout as e:
        raise HTTPException(400, str(e)) from None


def query(vraag: Vraag, **anders: str | None) -> str:
    """The URL's query string of a question (for the export links of its tables, and drill-down links)."""
    waarden = {"periode": vraag.periode.label, **{f: list(vraag.selectie.codes(f)) for f in FILTERS}, **anders}
    return urlencode({k: v for k, v in waarden.items() if v}, doseq=True)


def gemeenten_van(opslag: Opslag, bereik: Bereik) -> list[str]:
    """The municipalities an audience may open in detail."""
    return sorted(bereik.gemeenten or namen(opslag, "gemeente"))


def maanden(jaren: list[int]) -> list[tuple[str, str]]:
    return [(f"{j}-{m:02d}", f"{notatie.MAANDEN[m - 1]} {j}") for j in jaren for m in range(12, 0, -1)]


def buraps(jaren: list[int], stand: dt.date | None) -> list[tuple[str, str]]:
    """The months of the buraps (after four and after eight months, docs/burap.md) the data reach, the newest
    first; a report about a month takes its end (or the latest claim date) as peildatum."""
    return [(f"{j}-{m:02d}", f"{n}e burap {j} (t/m {notatie.MAANDEN[m - 1]})") for j in reversed(jaren)
            for n, m in ((2, 8), (1, 4)) if stand is not None and dt.date(j, m, 1) <= stand]


def kwartalen(jaren: list[int]) -> list[tuple[str, str]]:
    return [(f"{j}-Q{q}", f"{q}e kwartaal {j}") for j in jaren for q in range(4, 0, -1)]


def opties(opslag: Opslag, vraag: Vraag, soort_periode: str, meerdere: bool = False) -> dict:
    """What the filters offer: periods with data, the municipalities the user may open (or, side by
    side, every municipality: their totals are for everyone), and the segments, products, providers
    and referrers by name; and what is chosen now."""
    jaren = opslag.gegevensjaren()
    perioden = maanden(jaren) if soort_periode == "maand" else [(str(j), str(j)) for j in jaren] + kwartalen(jaren)
    gemeenten = namen(opslag, "gemeente")
    keuzes = {"gemeente": sorted(gemeenten.items(), key=lambda x: x[1]) if meerdere else
              [(c, gemeenten[c]) for c in gemeenten_van(opslag, vraag.bereik)]}
    for d in FILTERS[1:]:
        keuzes[d] = sorted(namen(opslag, d).items(), key=lambda x: x[1])
    gekozen = {f: vraag.selectie.codes(f) for f in FILTERS}
    return {"perioden": perioden, "keuzes": keuzes, "gekozen": gekozen}
