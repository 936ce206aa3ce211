"""The business-rule signals (`stuurwiel signalen`, the control role's page): per rule counted with
their amount, and the lines that break a rule. Purpose limitation: only for case-level rights."""

from __future__ import annotations

import re

from stuurwiel.analyses.signalen import REGELS
from stuurwiel.begrippen.tabel import Kolom, Tabel, uit_frame
from stuurwiel.invoer.ijw.regels import REGELS as IJW_REGELS
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

OFFICIELE_CODE = re.compile(r"(TR|CD|CS|OP|UP|IV)[0-9]{3}")
IJW = [Kolom("ijw_regel", "iJw-regel"), Kolom("retourcode", "retourcode")]
TELLING = [Kolom("regel", "regel"), *IJW, Kolom("titel", "omschrijving"), Kolom("aantal", "aantal", "aantal"),
           Kolom("bedrag_cent", "bedrag", "eurocent")]
LIJST = [Kolom("regel", "regel"), *IJW, Kolom("sleutel", "sleutel"), Kolom("bron", "bron"),
         Kolom("gemeentecode", "gemeente", "code"), Kolom("agb_code", "aanbieder", "code"),
         Kolom("omschrijving", "omschrijving"), Kolom("periode", None, "datum"),
         Kolom("bedrag_cent", None, "eurocent")]


def signalen(opslag: Opslag, vraag: Vraag) -> Tabel:
    """Per rule: how many lines break it, and their amount."""
    vraag.bereik.vereis_dossierinzage("signalen")
    t = opslag.tabel("signaal")
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
    """The lines that break the rule asked for (every rule when none is)."""
    vraag.bereik.vereis_dossierinzage("signalen")
    t = opslag.tabel("signaal")
    regel = vraag.regel
    if regel is None:
        titel = "Signalen: alle regels"
    elif regel in REGELS:
        t, titel = t.filter(t.regel == regel), f"Signalen: {REGELS[regel].titel}"
    elif OFFICIELE_CODE.fullmatch(regel):
        t, titel = t.filter((", " + t.ijw_regel + ",").contains(f", {regel},")), f"Signalen: iJw-regel {regel}"
    else:
        raise Vraagfout(f"onbekende regel '{regel}' (kies uit {', '.join(REGELS)}, of een officiële iJw-code "
                        "zoals TR101 of CS003)")
    return uit_frame(titel, LIJST, t.order_by(["regel", "bron"]).execute())
