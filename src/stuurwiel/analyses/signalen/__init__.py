"""Business-rule signals: well-formed data that breaks a rule is stored, and flagged here.

Each rule is an Ibis query over the current facts that yields rows of the signal table: the line
rules (`regels.py`) one per offending line, naming the rule and the source line; the pattern rules
one per provider × product whose figures move beyond its history and its peers (`patronen.py`) or
per allocation that is stacked or never claimed (`toewijzingen.py`), each explaining its evidence.
`vernieuw` recomputes them all after every load (in the load's transaction), so an allocation that
arrives after its claims clears the signal.
"""

from __future__ import annotations

import ibis
import pyarrow as pa

from stuurwiel.analyses.signalen import patronen, regels, toewijzingen
from stuurwiel.analyses.signalen.basis import RETOURCODES, Regel
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN

__all__ = ["REGELS", "RETOURCODES", "Regel", "bereken", "per_lading", "vernieuw"]

REGELS: dict[str, Regel] = {r.code: r for r in [
    Regel("zonder_toewijzing", "Declaratie zonder toewijzing", regels.zonder_toewijzing, ("TR338", "OP276")),
    Regel("op_verwijderde_toewijzing", "Declaratie op een verwijderde toewijzing", regels.op_verwijderde_toewijzing,
          ("TR384", "OP276")),
    Regel("buiten_toewijzing", "Declaratie buiten de toewijzingsperiode", regels.buiten_toewijzing,
          ("TR307", "TR308", "OP368")),
    Regel("na_zorgeinde", "Declaratie na het einde van de zorg (JW307), binnen de toewijzing", regels.na_zorgeinde),
    Regel("boven_volume", "Meer gedeclareerd dan toegewezen", regels.boven_volume, ("TR321",)),
    Regel("dubbel_referentienummer", "Dubbel referentienummer", regels.dubbel_referentienummer, ("TR314", "OP283")),
    Regel("dubbele_declaratie", "Dubbel gedeclareerde levering", regels.dubbele_declaratie, ("TR389",)),
    Regel("bedrag_afwijkend", "Bedrag ≠ volume × tarief", regels.bedrag_afwijkend),
    Regel("tarief_afwijkend", "Tarief wijkt af van contracttarief", regels.tarief_afwijkend, ("TR418",)),
    Regel("credit_zonder_voorganger", "Creditregel zonder oorspronkelijke regel", regels.credit_zonder_voorganger,
          ("TR323", "OP360")),
    Regel("dubbele_credit", "Regel meer dan eens gecrediteerd", regels.dubbele_credit, ("TR390", "OP360")),
    Regel("leeftijd_18_plus", "Jeugdhulp aan een jeugdige van 18 jaar of ouder", regels.leeftijd_18_plus),
    Regel("overlappend_verblijf", "Overlappend verblijf (stapeling)", regels.overlappend_verblijf),
    Regel("zorg_zonder_toewijzing", "Start of stop van zorg zonder toewijzing", regels.zorg_zonder_toewijzing,
          ("TR019",)),
    Regel("stop_zonder_start", "Stop van zorg zonder start", regels.stop_zonder_start, ("TR382", "OP072", "OP377")),
    Regel("verzoek_niet_tijdig_beantwoord", "Verzoek niet binnen 5 werkdagen beantwoord",
          regels.verzoek_niet_tijdig_beantwoord, ("OP274", "OP346")),
    Regel("onderzoek_niet_tijdig_besloten", "Verzoek in onderzoek niet binnen 8 weken besloten",
          regels.onderzoek_niet_tijdig_besloten, ("OP274", "OP346")),
    Regel("antwoord_zonder_verzoek", "Antwoord op een verzoek dat niet ontvangen is", regels.antwoord_zonder_verzoek,
          ("TR355",)),
    Regel("berichtregel", "iJw-bericht breekt een officiële regel (TR, CD, CS)", regels.berichtregel),
    Regel("stapelen", "Meer producten tegelijk voor één jeugdige bij één aanbieder (stapeling)",
          toewijzingen.stapelen),
    Regel("niet_verzilverd", "Toewijzing waarop veel langer dan gewoonlijk niets gedeclareerd is",
          toewijzingen.niet_verzilverd),
    Regel("opdrijven", "Kosten per cliëntmaand stijgen ver boven eigen historie en andere aanbieders",
          patronen.opdrijven),
    Regel("duurder_product", "Verschuiving naar duurdere producten in een categorie (upcoding)",
          patronen.duurder_product),
]}


def bereken(opslag: Opslag) -> pa.Table:
    schema = TABELLEN["signaal"].arrow_schema()
    delen = [_met_ijw(r.query(opslag), r).to_pyarrow().cast(schema) for r in REGELS.values()]
    return pa.concat_tables(delen)


def _met_ijw(t: ibis.Table, r: Regel) -> ibis.Table:
    """A rule's signals with the official rules it checks, unless each signal names its own."""
    codes = {"ijw_regel": ", ".join(r.ijw), "retourcode": ", ".join(r.retourcodes)}
    return t.mutate(**{kolom: t[kolom].fill_null(waarde) for kolom, waarde in codes.items() if waarde})


def per_lading(opslag: Opslag, batch_id: int) -> dict[str, int]:
    """How many signals the rows of one load raise, per rule (a message's breach: per official code)."""
    t = opslag.tabel("signaal")
    t = t.filter(t.batch_id == batch_id)
    naam = ibis.ifelse(t.regel == "berichtregel", t.regel + " " + t.ijw_regel, t.regel)
    t = t.group_by(naam=naam).aggregate(n=t.count()).order_by("naam").to_pyarrow()
    return dict(zip(t["naam"].to_pylist(), t["n"].to_pylist(), strict=True))


def vernieuw(opslag: Opslag) -> int:
    """Recompute every signal; returns how many there are."""
    rijen = bereken(opslag)
    opslag.vervang("signaal", rijen)
    return rijen.num_rows
