"""What every signal rule shares: the rule itself, the row of the signal table it yields, the claims
it reads, and the Dutch text of months and amounts in its description."""

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


# --- the description's text ---------------------------------------------------------------------

def maandnummer(datum: ibis.Value) -> ibis.Value:
    """Months since year 0, so that a window over months is a range of whole numbers."""
    return datum.year().cast("int64") * 12 + datum.month().cast("int64") - 1


def maanddatum(nummer: ibis.Value) -> ibis.Value:
    return ibis.date((nummer // 12).cast("int32"), (nummer % 12 + 1).cast("int32"), 1)


def maandtekst(nummer: ibis.Value) -> ibis.Value:
    """2024-03"""
    return (nummer // 12).cast("string") + "-" + (nummer % 12 + 1).cast("string").lpad(2, "0")


def euro(cent: ibis.Value) -> ibis.Value:
    """€ 1.234: whole euros with a dot between thousands."""
    e = (cent / 100).round().cast("int64")
    drie = [(e // 1000 ** k % 1000).cast("string").lpad(3, "0") for k in (0, 1)]
    tekst = ibis.cases((e >= 1_000_000, (e // 1_000_000).cast("string") + "." + drie[1] + "." + drie[0]),
                       (e >= 1000, (e // 1000).cast("string") + "." + drie[0]), else_=e.cast("string"))
    return "€ " + tekst


def procent(deel: ibis.Value) -> ibis.Value:
    return (deel * 100).round().cast("int64").cast("string") + " %"
