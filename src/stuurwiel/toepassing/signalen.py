"""The business-rule signals (`stuurwiel signalen`, the control role's worklist): per rule counted with
their amount, the lines that break a rule with their follow-up (toepassing/opvolging.py), and the
history of one signal. Purpose limitation: only for case-level rights.

Every answer takes the same selection: rule (or official iJw code), follow-up status, municipality,
provider and period; the lines also an order and one page of them."""

from __future__ import annotations

import math
import re

import ibis
import pandas as pd

from stuurwiel.analyses.signalen import REGELS
from stuurwiel.begrippen.opvolging import STATUSSEN
from stuurwiel.begrippen.tabel import Kolom, Tabel, uit_frame
from stuurwiel.invoer.ijw.regels import REGELS as IJW_REGELS
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing import opvolging
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

OFFICIELE_CODE = re.compile(r"(TR|CD|CS|OP|UP|IV)[0-9]{3}")
IJW = [Kolom("ijw_regel", "iJw-regel"), Kolom("retourcode", "retourcode")]
TELLING = [Kolom("regel", "regel"), *IJW, Kolom("titel", "omschrijving"), Kolom("aantal", "aantal", "aantal"),
           Kolom("bedrag_cent", "bedrag", "eurocent")]
LIJST = [Kolom("signaal_id", "id", "code"), Kolom("status", "status"), Kolom("eigenaar", "eigenaar"),
         Kolom("regel", "regel"), Kolom("gemeentecode", "gemeente", "code"), Kolom("agb_code", "aanbieder", "code"),
         Kolom("periode", "periode", "datum"), Kolom("bedrag_cent", "bedrag", "eurocent"),
         Kolom("teruggevorderd_cent", "teruggevorderd", "eurocent"), Kolom("omschrijving", "omschrijving"),
         Kolom("sleutel", "sleutel"), Kolom("bron", "bron"), *IJW, Kolom("notitie", "notitie")]
GESCHIEDENIS = [Kolom("tijdstip", "wanneer"), Kolom("door", "wie"), Kolom("vorige_status", "van"),
                Kolom("status", "naar"), Kolom("eigenaar", "eigenaar"),
                Kolom("bedrag_cent", "teruggevorderd", "eurocent"), Kolom("notitie", "notitie")]
# how the lines can be ordered: word -> (what it reads as, the columns; "-": descending); ties by rule and source
VOLGORDEN = {
    "regel": ("regel", ["regel"]),
    "bedrag": ("bedrag, hoogste eerst", ["-bedrag_cent"]),
    "periode": ("periode, nieuwste eerst", ["-periode"]),
    "status": ("status", ["status"]),
    "gemeente": ("gemeente", ["gemeentecode"]),
    "aanbieder": ("aanbieder", ["agb_code"]),
}
PER_BLADZIJDE = 50  # lines on one page of the worklist


def signalen(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per rule: how many lines of the selection break it, and their amount (every rule, whatever rule is asked)."""
    t, _ = _selectie(opslag, vraag.met(regel=None))
    df = (t.group_by(["regel", "ijw_regel", "retourcode"]).aggregate(aantal=t.count(), bedrag_cent=t.bedrag_cent.sum())
          .order_by(["regel", "ijw_regel"]).execute())
    df["titel"] = [_titel(r, code) for r, code in zip(df.regel, df.ijw_regel, strict=True)]
    return uit_frame("Signalen", TELLING, df,
                     uitleg="per regel: hoeveel regels de bedrijfsregel schenden, en hun bedrag (credit negatief)")


def _titel(regel: str, ijw_regel: str | None) -> str:
    """What a rule checks; for a message's breach, what the official rule it broke checks."""
    if regel == "berichtregel" and ijw_regel in IJW_REGELS:
        return f"iJw-bericht: {IJW_REGELS[ijw_regel].wat}"
    return REGELS[regel].titel if regel in REGELS else regel


def signaalregels(opslag: Opslag, vraag: Vraag) -> Tabel:
    """The lines of the selection, in the order asked for; with `bladzijde`, one page of them."""
    t, titel = _selectie(opslag, vraag)
    t = t.order_by(_volgorde(vraag.volgorde))
    totaal, vanaf = None, 0
    if vraag.bladzijde is not None:
        totaal = int(t.count().execute())
        laatste = max(1, math.ceil(totaal / PER_BLADZIJDE))
        vanaf = (min(max(vraag.bladzijde, 1), laatste) - 1) * PER_BLADZIJDE
        t = t.limit(PER_BLADZIJDE, offset=vanaf)
    df = t.execute()
    df["periode"] = pd.to_datetime(df.periode).dt.date  # a month, as a date (not a timestamp)
    df = df.astype({"bedrag_cent": "Int64", "teruggevorderd_cent": "Int64"})  # cents, also beside a missing one
    tabel = uit_frame(titel, LIJST, df, uitleg="id: waarmee u het signaal opvolgt (stuurwiel signalen zet "
                      "ID --status …); status, eigenaar en notitie: hoe het signaal is opgevolgd")
    tabel.totaal, tabel.vanaf = totaal, vanaf
    return tabel


def _volgorde(volgorde: str | None) -> list:
    if volgorde is not None and volgorde not in VOLGORDEN:
        raise Vraagfout(f"onbekende volgorde '{volgorde}' (kies uit {', '.join(VOLGORDEN)})")
    kolommen = list(dict.fromkeys([*VOLGORDEN[volgorde or "regel"][1], "regel", "bron", "signaal_id"]))
    return [ibis.desc(k[1:], nulls_first=False) if k.startswith("-") else ibis.asc(k, nulls_first=False)
            for k in kolommen]


def _selectie(opslag: Opslag, vraag: Vraag) -> tuple[ibis.Table, str]:
    """The signals that hold now, with their follow-up, within the question's selection; and its title."""
    vraag.bereik.vereis_dossierinzage("signalen")
    t = opvolging.met_stand(opslag)
    t, titel = _regel(t, vraag.regel)
    onbekend = [s for s in vraag.status if s not in STATUSSEN]
    if onbekend:
        raise Vraagfout(f"onbekende status '{onbekend[0]}' (kies uit {', '.join(STATUSSEN)})")
    if vraag.status:
        t = t.filter(t.status.isin(list(vraag.status)))
    t = vraag.selectie.pas_toe(t)
    if vraag.perioden:
        t = t.filter(ibis.or_(*[t.periode.between(p.begin, p.eind) for p in vraag.perioden]))
    if vraag.signaal is not None:
        t = t.filter(t.signaal_id == opvolging.herken_id(vraag.signaal))
    return t, titel


def _regel(t: ibis.Table, regel: str | None) -> tuple[ibis.Table, str]:
    if regel is None:
        return t, "Signalen: alle regels"
    if regel in REGELS:
        return t.filter(t.regel == regel), f"Signalen: {REGELS[regel].titel}"
    if OFFICIELE_CODE.fullmatch(regel):
        return t.filter((", " + t.ijw_regel + ",").contains(f", {regel},")), f"Signalen: iJw-regel {regel}"
    raise Vraagfout(f"onbekende regel '{regel}' (kies uit {', '.join(REGELS)}, of een officiële iJw-code "
                    "zoals TR101 of CS003)")


def signaalgeschiedenis(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Every change of one signal (`vraag.signaal`), oldest first; also of a signal that no longer holds."""
    vraag.bereik.vereis_dossierinzage("signalen")
    if not vraag.signaal:
        raise Vraagfout("geef het id van een signaal")
    signaal = opvolging.herken_id(vraag.signaal)
    nu = opvolging.met_stand(opslag)
    nu = nu.filter(nu.signaal_id == signaal).select("regel", "omschrijving", "status").limit(1).execute()
    df = opvolging.geschiedenis(opslag, signaal).execute()
    if nu.empty and df.empty:
        raise Vraagfout(f"onbekend signaal '{vraag.signaal.strip()}'")
    regel, omschrijving, status = (nu.iloc[0] if not nu.empty else df.iloc[-1])[["regel", "omschrijving", "status"]]
    df["tijdstip"] = [t.strftime("%d-%m-%Y %H:%M:%S") for t in df.tijdstip]
    df = df.astype({"bedrag_cent": "Int64"})
    stand = f"geldt nog, status {status}" if not nu.empty else f"geldt niet meer sinds een latere lading; de " \
                                                                f"laatste status was {status}"
    return uit_frame(f"Signaal {signaal}: {_titel(regel, None)}", GESCHIEDENIS, df,
                     uitleg=f"{omschrijving}. Het signaal {stand}."
                            + ("" if not df.empty else " Het is nog niet opgevolgd."))
