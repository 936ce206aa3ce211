"""What every signal rule shares: the rule itself, the row of the signal table it yields and the
claims it reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis

from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag

# The retourcode of each technical rule named below (iJw 3.2, regels/technische-regels).
RETOURCODES = {
    "TR019": "9019", "TR307": "9307", "TR308": "9308", "TR314": "8021", "TR321": "9321", "TR323": "8017",
    "TR338": "9338", "TR355": "9355", "TR382": "9069", "TR384": "9384", "TR389": "9389", "TR390": "9390",
    "TR418": "0611",
}
GEEN_EINDE = ibis.date(9999, 12, 31)


@dataclass(frozen=True)
class Regel:
    code: str
    titel: str
    query: Callable[[Opslag], ibis.Table]
    ijw: tuple[str, ...] = ()  # the official iJw rules it checks; none: a regional rule

    @property
    def retourcodes(self) -> tuple[str, ...]:
        return tuple(RETOURCODES[c] for c in self.ijw if c in RETOURCODES)


def kolom(naam: str):
    return ibis._[naam]


def declaraties(opslag: Opslag) -> ibis.Table:
    d = feiten.declaratieregels(opslag)
    return d.filter(d.status != "afgewezen")


def declaraties_met_toewijzing(opslag: Opslag) -> ibis.Table:
    d = declaraties(opslag)
    a = feiten.toewijzingen(opslag).select(
        "toewijzingnummer", a_client=kolom("client_id"), a_begin=kolom("ingangsdatum"), a_eind=kolom("einddatum"),
        a_volume=kolom("volume"), a_eenheid=kolom("eenheid"), a_frequentie=kolom("frequentie"))
    j = d.join(a, d.toewijzingnummer == a.toewijzingnummer)
    return j.drop("toewijzingnummer_right") if "toewijzingnummer_right" in j.columns else j


def netto(t: ibis.Table) -> ibis.Value:
    """A claim line's amount, a credit negative."""
    return ibis.ifelse(t.debet_credit == "C", -t.bedrag_cent, t.bedrag_cent)


def signaal(t: ibis.Table, regel: str, omschrijving: ibis.Value, tabel: str, sleutel: ibis.Value,
            periode: ibis.Value | None = None, bedrag: ibis.Value | None = None,
            ijw: tuple[ibis.Value, ibis.Value] | None = None) -> ibis.Table:
    """The rows of the signal table; `t` has bron, batch_id, gemeentecode and agb_code."""
    return t.select(
        regel=ibis.literal(regel),
        ijw_regel=ijw[0] if ijw else ibis.null("string"),
        retourcode=ijw[1] if ijw else ibis.null("string"),
        omschrijving=omschrijving,
        tabel=ibis.literal(tabel),
        sleutel=sleutel.cast("string"),
        bron=t.bron,
        batch_id=t.batch_id,
        gemeentecode=t.gemeentecode,
        agb_code=t.agb_code,
        periode=periode if periode is not None else ibis.null("date"),
        bedrag_cent=bedrag if bedrag is not None else ibis.null("int64"),
    )


def declaratiesignaal(t: ibis.Table, regel: str, tekst: ibis.Value) -> ibis.Table:
    return signaal(t, regel, tekst, "declaratieregel", t.referentienummer,
                   t.periode_begin.truncate("M").cast("date"), netto(t))
