"""The business-rule signals (`stuurwiel signalen`, the control role's page): per rule counted with
their amount, and the lines that break a rule. Purpose limitation: only for case-level rights."""

from __future__ import annotations

from stuurwiel.analyses.signalen import REGELS
from stuurwiel.begrippen.tabel import Kolom, Tabel, uit_frame
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

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
    df = _met_ijw(t.group_by("regel").aggregate(aantal=t.count(), bedrag_cent=t.bedrag_cent.sum())
                  .order_by("regel").execute())
    df["titel"] = [REGELS[r].titel if r in REGELS else r for r in df.regel]
    return uit_frame("Signalen", TELLING, df,
                     uitleg="per regel: hoeveel regels de bedrijfsregel schenden, en hun bedrag (credit negatief)")


def signaalregels(opslag: Opslag, vraag: Vraag) -> Tabel:
    """The lines that break the rule asked for (every rule when none is)."""
    vraag.bereik.vereis_dossierinzage("signalen")
    t = opslag.tabel("signaal")
    if vraag.regel is not None:
        if vraag.regel not in REGELS:
            raise Vraagfout(f"onbekende regel '{vraag.regel}' (kies uit {', '.join(REGELS)})")
        t = t.filter(t.regel == vraag.regel)
    titel = f"Signalen: {REGELS[vraag.regel].titel}" if vraag.regel else "Signalen: alle regels"
    return uit_frame(titel, LIJST, _met_ijw(t.order_by(["regel", "bron"]).execute()))


def _met_ijw(df):
    """The official iJw rules each signal's rule checks, and their retourcodes."""
    regels = [REGELS.get(r) for r in df.regel]
    df["ijw_regel"] = [", ".join(r.ijw) if r else "" for r in regels]
    df["retourcode"] = [", ".join(r.retourcodes) if r else "" for r in regels]
    return df
