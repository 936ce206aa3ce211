"""The control role's page Steekproeven: the control-audit plan of a year (populations, risks,
materiality, planned samples, last year's results) and the whole cycle of a sample — draw it (the
workbook comes back as a download), upload the filled-in workbook, read the outcome, download the
report — by the same code as `stuurwiel steekproef` and `stuurwiel auditplan`. Every other role is
refused by the scope (`Bereik.vereis_dossierinzage`); every draw and every processed file goes to the
audit log."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from stuurwiel.analyses.steekproef.populatie import SOORTEN, Definitie
from stuurwiel.analyses.steekproef.trekking import METHODEN
from stuurwiel.begrippen.periode import jaar as jaarperiode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.invoer import steekproefwerkmap
from stuurwiel.invoer.problemen import Afgewezen
from stuurwiel.maten.namen import namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import BuitenBereik
from stuurwiel.toepassing import trekkingen, verwerking
from stuurwiel.toepassing.vraag import Vraag, Vraagfout
from stuurwiel.toepassing.vragen import beantwoord, controleer, herkende_selectie
from stuurwiel.uitvoer.rapporten import FORMATEN
from stuurwiel.uitvoer.steekproef import inhoud, verslag
from stuurwiel.uitvoer.steekproef.werkmap import werkmap
from stuurwiel.uitvoer.weergave import html as tabellen
from stuurwiel.web import gebruikers
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rechten import bereik_van
from stuurwiel.web.verzoek import Ingelogd, Verbinding, adres, controleer_csrf
from stuurwiel.web.weergave import pagina

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Form()]
XLSX = FORMATEN["xlsx"]


def _fouten(functie):
    """A question outside the scope is 403, one that cannot be answered 400."""
    try:
        return functie()
    except BuitenBereik as e:
        raise HTTPException(403, str(e)) from None
    except Vraagfout as e:
        raise HTTPException(400, str(e)) from None


def _pagina(request: Request, opslag: Opslag, s: Sessie, jaar: int | None, status: int = 200, **uitslag):
    bereik = bereik_van(opslag, s)
    jaren = opslag.gegevensjaren()
    jaar = jaar or (jaren[0] if jaren else None)

    def plan():
        if jaar is None:
            return [beantwoord(opslag, Vraag("steekproeven", bereik=bereik))]
        controleer(opslag, Vraag("auditplan", perioden=(jaarperiode(jaar),)))
        return inhoud.auditplanverslag(opslag, bereik, jaar).tabellen + [
            beantwoord(opslag, Vraag("steekproeven", bereik=bereik))]

    with opslag.momentopname():
        delen = _fouten(plan)
        verwerkt = {t.trekking_id for t in trekkingen.alle(opslag) if verwerking.bevindingen(opslag, t.trekking_id)}
    return pagina(request, opslag, "steekproeven.html.j2", s, status, jaar=jaar, jaren=jaren, delen=delen,
                  verwerkt=verwerkt, soorten=SOORTEN, methoden=METHODEN, tabel=tabellen.tabel,
                  segmenten=namen(opslag, "segment"), gemeenten=namen(opslag, "gemeente"), **uitslag)


@router.get("/steekproeven", response_class=HTMLResponse)
def steekproeven(request: Request, opslag: Verbinding, s: Ingelogd, jaar: int | None = None) -> HTMLResponse:
    return _pagina(request, opslag, s, jaar)


@router.post("/steekproeven/trek")
def trek(request: Request, opslag: Verbinding, s: Ingelogd, jaar: Annotated[int, Form()],
         populatie: Annotated[str, Form()], methode: Annotated[str, Form()], omvang: Annotated[int, Form()],
         zaad: Annotated[int, Form()], segment: Annotated[str, Form()] = "", gemeente: Annotated[str, Form()] = "",
         csrf_token: Token = "") -> Response:
    controleer_csrf(s, csrf_token)
    bereik = bereik_van(opslag, s)

    def trek_():
        bereik.vereis_dossierinzage(trekkingen.WAT)
        selectie = herkende_selectie(opslag, Selectie.van(gemeente=gemeente or None, segment=segment or None))
        try:
            definitie = Definitie(populatie, jaar, selectie.segmenten, selectie.gemeenten)
        except ValueError as e:
            raise Vraagfout(str(e)) from None
        with request.app.state.opslag.schrijven(opslag) as schrijver:
            t, regels, _ = trekkingen.trek(schrijver, bereik, definitie, methode, omvang, zaad, s.gebruiker.naam)
        return t, werkmap(t, regels, namen(opslag, "aanbieder"))

    try:
        t, bestand = _fouten(trek_)
    except HTTPException as e:
        if e.status_code == 403:
            raise
        return _pagina(request, opslag, s, jaar, 400, fout=e.detail)
    gebruikers.log(opslag, s.gebruiker.naam, "steekproef getrokken", f"{t.trekking_id}: {t.omschrijving}",
                   adres(request))
    return Response(bestand, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="steekproef-{t.trekking_id}.xlsx"'})


@router.post("/steekproeven/verwerk", response_class=HTMLResponse)
def verwerk(request: Request, opslag: Verbinding, s: Ingelogd, bestand: Annotated[UploadFile, File()],
            csrf_token: Token = "") -> HTMLResponse:
    controleer_csrf(s, csrf_token)
    bereik = bereik_van(opslag, s)
    _fouten(lambda: bereik.vereis_dossierinzage(trekkingen.WAT))
    naam = Path(bestand.filename or "steekproef.xlsx").name
    with tempfile.TemporaryDirectory(prefix="stuurwiel-steekproef-") as tmp:
        pad = Path(tmp) / naam
        pad.write_bytes(bestand.file.read())
        try:
            ingevuld = steekproefwerkmap.lees(pad)
            with request.app.state.opslag.schrijven(opslag) as schrijver:
                u = _fouten(lambda: verwerking.verwerk(schrijver, bereik, ingevuld, naam, s.gebruiker.naam))
        except Afgewezen as e:
            gebruikers.log(opslag, s.gebruiker.naam, "steekproef afgewezen", naam, adres(request))
            return _pagina(request, opslag, s, None, 422,
                           afgewezen=[str(p) for p in e.problemen[:500]], aantal=len(e.problemen), bestand=naam)
    gebruikers.log(opslag, s.gebruiker.naam, "steekproef verwerkt", f"{u.trekking.trekking_id}: {u.conclusie}",
                   adres(request))
    uitkomst = beantwoord(opslag, Vraag("steekproefuitkomst", trekking=u.trekking.trekking_id, bereik=bereik))
    return _pagina(request, opslag, s, u.trekking.jaar, uitkomst=uitkomst, conclusie=u.conclusie, binnen=u.binnen)


@router.get("/steekproeven/{trekking_id}/werkmap.xlsx")
def werkmap_opnieuw(request: Request, opslag: Verbinding, s: Ingelogd, trekking_id: str) -> Response:
    bereik = bereik_van(opslag, s)

    def maak():
        t = trekkingen.vereis(opslag, bereik, trekking_id)
        return werkmap(t, trekkingen.werkmapregels(opslag, t), namen(opslag, "aanbieder"))

    bestand = _fouten(maak)
    gebruikers.log(opslag, s.gebruiker.naam, "steekproef werkmap", trekking_id, adres(request))
    return Response(bestand, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="steekproef-{trekking_id}.xlsx"'})


@router.get("/steekproeven/{trekking_id}/verslag.{formaat}")
def verslag_downloaden(request: Request, opslag: Verbinding, s: Ingelogd, trekking_id: str, formaat: str) -> Response:
    v = _fouten(lambda: inhoud.steekproefverslag(opslag, bereik_van(opslag, s), trekking_id))
    return _download(request, opslag, s, v, formaat)


@router.get("/auditplan/{jaar}.{formaat}")
def auditplan_downloaden(request: Request, opslag: Verbinding, s: Ingelogd, jaar: int, formaat: str) -> Response:
    def maak():
        controleer(opslag, Vraag("auditplan", perioden=(jaarperiode(jaar),)))
        return inhoud.auditplanverslag(opslag, bereik_van(opslag, s), jaar)

    return _download(request, opslag, s, _fouten(maak), formaat)


def _download(request: Request, opslag: Opslag, s: Sessie, v: verslag.Verslag, formaat: str) -> Response:
    if formaat not in ("pdf", "xlsx"):
        raise HTTPException(404, "een verslag is er als pdf of xlsx")
    bestand = f"{v.bestandsnaam}.{formaat}"
    gebruikers.log(opslag, s.gebruiker.naam, "steekproefverslag", bestand, adres(request))
    inhoud_ = verslag.pdf(v) if formaat == "pdf" else verslag.xlsx(v)
    return Response(inhoud_, media_type=FORMATEN[formaat],
                    headers={"Content-Disposition": f'attachment; filename="{bestand}"'})
