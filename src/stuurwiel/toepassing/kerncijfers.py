"""The key figures of a period (`stuurwiel kerncijfers`): young people in care, per 1,000, new and
ended trajectories, cost and cost per client, per value of one dimension with the total below."""

from __future__ import annotations

import pandas as pd

from stuurwiel.begrippen.notatie import BEREIK
from stuurwiel.begrippen.selectie import DIMENSIES
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel, uit_frame
from stuurwiel.maten import kern
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.vraag import Vraag, Vraagfout

WAARDEN = [
    Kolom("jeugdigen_in_zorg", "in zorg", "aantal"),
    Kolom("per_1000_jeugdigen", "per 1.000", "per_1000"),
    Kolom("nieuwe_trajecten", "nieuw", "aantal"),
    Kolom("beeindigde_trajecten", "beëindigd", "aantal"),
    Kolom("kosten_cent", "kosten", "eurocent"),
    Kolom("kosten_per_client_cent", "per cliënt in zorg", "eurocent"),
]
UITLEG = ("in zorg: jeugdigen met een toewijzing in de periode; per 1.000 jeugdigen van 0-17 jaar; nieuw/beëindigd: "
          "trajecten; kosten: gedeclareerd, naar maand van levering; per cliënt: kosten gedeeld door jeugdigen in zorg")


def kerncijfers(opslag: Opslag, vraag: Vraag) -> Tabel:
    if len(vraag.per) > 1:
        raise Vraagfout("kerncijfers kunnen per één indeling")
    perioden, per = list(vraag.perioden), list(vraag.per)
    df = kern.kerncijfers(opslag, perioden, [], vraag.selectie, vraag.bereik)
    kolommen = [Kolom("periode", None), *WAARDEN]
    if per:
        dimensie, code = per[0], DIMENSIES[per[0]]
        totaal = df.assign(**{code: None, "naam": "Totaal"})
        df = kern.kerncijfers(opslag, perioden, per, vraag.selectie, vraag.bereik)
        lijst = namen(opslag, dimensie)
        df = pd.concat([df.assign(naam=[naam(lijst, c) for c in df[code]]), totaal], ignore_index=True)
        kolommen = [Kolom("periode", None), Kolom(code, "code", "code"), Kolom("naam", dimensie), *WAARDEN]
    gemeenten = vraag.selectie.gemeenten
    wie = f"gemeente {', '.join(gemeenten)}" if gemeenten else "de regio"
    for k in WAARDEN:
        df[k.naam] = [Cel(None, k.eenheid, True, reden=r if r == BEREIK else "") if o else w
                      for w, o, r in zip(df[k.naam], df[f"onderdrukt_{k.naam}"], df[f"reden_{k.naam}"], strict=True)]
    return uit_frame(f"Kerncijfers {', '.join(p.label for p in perioden)}, {wie}", kolommen, df, uitleg=UITLEG,
                     verborgen=vraag.bereik.verborgen)
