"""The follow-up of signals: a status, an owner and notes for every signal, with every change kept.

Signals are recomputed from scratch after every load (analyses/signalen), so what a controller
records cannot live on a signal's row. It is kept under the signal's identity (`signaal_id`): a short
id derived from the columns that name the same breach again when the rules run after a later load.
A signal that still holds keeps its status; one that no longer holds leaves the worklist, and its
history stays. Every change is a row of `signaalopvolging` (who, when, from which status to which,
owner, note, amount recovered); a signal's state is its newest row, its note the newest it was given.

The id is a contract with what is stored: deriving it otherwise orphans every recorded status, so a
test pins it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import ibis
import pyarrow as pa
from ibis import _

from stuurwiel.begrippen.opvolging import NIEUW, STATUSSEN, TERUGGEVORDERD
from stuurwiel.begrippen.waarden import lees_getal
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN

ID_LENGTE = 12  # hex digits of an md5: among a million signals two share an id with a chance of 1 in 500
SCHEIDING = "|"
MAX_NOTITIE = 2000  # characters
MAX_EIGENAAR = 100


class Opvolgfout(ValueError):
    """A change of a signal's follow-up that cannot be made; the message is for the user. Nothing is stored."""


@ibis.udf.scalar.builtin
def md5(tekst: str) -> str:
    """md5(text) as hex digits: the same function, so the same id, in DuckDB and PostgreSQL."""


def _tekst(w: ibis.Value) -> ibis.StringValue:
    if w.type().is_date():
        w = w.strftime("%Y-%m-%d")  # the same text on both engines, whatever PostgreSQL's DateStyle
    return w.cast("string").fill_null("")  # a regular expression without a match: '' in DuckDB, NULL in PostgreSQL


def _samen(delen: Iterable[ibis.Value]) -> ibis.StringValue:
    tekst = None
    for deel in delen:
        tekst = _tekst(deel) if tekst is None else tekst + SCHEIDING + _tekst(deel)
    return tekst


def _lijn(t: ibis.Table) -> list[ibis.Value]:
    """A rule that flags stored lines names a breach by the line: its provider, key and source (file and
    line), which a later load never changes (loads only append)."""
    return [t.agb_code, t.sleutel, t.bron]


# The rules that aggregate lines, or read the current picture of versioned facts, name a breach by its group.
IDENTITEIT: dict[str, Callable[[ibis.Table], list[ibis.Value]]] = {
    # per allocation and service month; the group's newest source and reference move with every new line
    "boven_volume": lambda t: [t.omschrijving.re_extract(r"\(toewijzing (.+)\)$", 1), t.periode],
    # a pair of allocations, the other one named in the text; the source is that of the newest version
    "overlappend_verblijf": lambda t: [t.sleutel, t.omschrijving],
    # a care period: its allocation and the month it began; the source is its newest start or stop
    "zorg_zonder_toewijzing": lambda t: [t.sleutel, t.periode],
    "stop_zonder_start": lambda t: [t.sleutel, t.omschrijving],  # the text names the day it began
    # a request: provider and reference; the text says whether and when it was answered, which changes
    "verzoek_niet_tijdig_beantwoord": lambda t: [t.agb_code, t.sleutel],
    "onderzoek_niet_tijdig_besloten": lambda t: [t.agb_code, t.sleutel],
    # a message's breach: the official rule, element path, file and finding
    "berichtregel": lambda t: [t.ijw_regel, t.sleutel, t.bron, t.omschrijving],
    # a provider's pattern in a product (category): its window moves as claims come in
    "opdrijven": lambda t: [t.agb_code, t.sleutel],
    "duurder_product": lambda t: [t.agb_code, t.sleutel],
    # an allocation in a stack from a month on; an allocation never claimed
    "stapelen": lambda t: [t.sleutel, t.periode],
    "niet_verzilverd": lambda t: [t.sleutel],
}


def signaal_id(t: ibis.Table) -> ibis.StringValue:
    """The identity of every signal in `t` (the table `signaal`): the first ID_LENGTE hex digits of the md5
    of `regel|tabel|what names the breach` (IDENTITEIT, else the line)."""
    naam = ibis.cases(*[(t.regel == regel, _samen(delen(t))) for regel, delen in IDENTITEIT.items()],
                      else_=_samen(_lijn(t)))
    return md5(_samen([t.regel, t.tabel]) + SCHEIDING + naam).substr(0, ID_LENGTE)


def _nieuwste(h: ibis.Table) -> ibis.Table:
    nummer = ibis.row_number().over(group_by="signaal_id", order_by=[ibis.desc("volgnummer"), ibis.desc("tijdstip")])
    return h.mutate(_n=nummer).filter(_["_n"] == 0).drop("_n")


def stand(opslag: Opslag) -> ibis.Table:
    """Per signal that was ever changed: its status, owner and amount recovered (its newest change) and
    its newest note."""
    h = opslag.tabel("signaalopvolging")
    laatste = _nieuwste(h).select("signaal_id", "status", "eigenaar", teruggevorderd_cent=_.bedrag_cent)
    notities = _nieuwste(h.filter(h.notitie.notnull())).select(n_id=_.signaal_id, notitie=_.notitie)
    j = laatste.left_join(notities, laatste.signaal_id == notities.n_id)
    return j.select("signaal_id", "status", "eigenaar", "teruggevorderd_cent", "notitie")


def met_stand(opslag: Opslag) -> ibis.Table:
    """The signals that hold now, each with its id and follow-up (never changed: status nieuw)."""
    t = opslag.tabel("signaal")
    t = t.mutate(signaal_id=signaal_id(t))
    s = stand(opslag).rename(s_id="signaal_id", s_status="status")
    j = t.left_join(s, t.signaal_id == s.s_id)
    return j.mutate(status=j.s_status.fill_null(NIEUW)).drop("s_id", "s_status")


def geschiedenis(opslag: Opslag, signaal: str) -> ibis.Table:
    """Every change of one signal, oldest first."""
    h = opslag.tabel("signaalopvolging")
    return h.filter(h.signaal_id == signaal).order_by(["volgnummer", "tijdstip"])


def herken_id(tekst: str) -> str:
    """An id as people type it: spaces around it and capitals do not matter."""
    return tekst.strip().lower()


# --- changing ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Wijziging:
    signalen: tuple[str, ...]
    status: str
    door: str
    eigenaar: str | None = None  # None: the owner stays who it was
    notitie: str | None = None
    bedrag_cent: int | None = None  # recovered (status teruggevorderd only)


def wijziging(signalen: Iterable[str], status: str, door: str, eigenaar: str | None = None,
              notitie: str | None = None, bedrag: str | None = None) -> Wijziging:
    """A change as people give it: ids in any case, texts with spaces around them, an amount in euros as
    written (1234,56 or 1.234,56); raises Opvolgfout for one that cannot be made."""
    ids = tuple(dict.fromkeys(herken_id(s) for s in signalen if s.strip()))
    status = status.strip()
    eigenaar, notitie, bedrag = ((w or "").strip() or None for w in (eigenaar, notitie, bedrag))
    if not ids:
        raise Opvolgfout("kies een of meer signalen (met hun id)")
    if status not in STATUSSEN:
        raise Opvolgfout(f"onbekende status '{status}' (kies uit {', '.join(STATUSSEN)})")
    if status == TERUGGEVORDERD and bedrag is None:
        raise Opvolgfout("bij de status teruggevorderd hoort het teruggevorderde bedrag (in euro)")
    if status != TERUGGEVORDERD and bedrag is not None:
        raise Opvolgfout(f"een bedrag hoort alleen bij de status teruggevorderd, niet bij '{status}'")
    if notitie is not None and len(notitie) > MAX_NOTITIE:
        raise Opvolgfout(f"een notitie is hoogstens {MAX_NOTITIE} tekens (deze heeft er {len(notitie)})")
    if eigenaar is not None and len(eigenaar) > MAX_EIGENAAR:
        raise Opvolgfout(f"de naam van een eigenaar is hoogstens {MAX_EIGENAAR} tekens")
    return Wijziging(ids, status, door, eigenaar, notitie, None if bedrag is None else lees_bedrag(bedrag))


def lees_bedrag(tekst: str) -> int:
    """An amount in euros as people write it, in eurocent; more than zero, to the cent."""
    try:
        euro = lees_getal(tekst)
    except ValueError:
        euro = math.nan
    if not math.isfinite(euro):
        raise Opvolgfout(f"'{tekst}' is geen bedrag in euro (schrijf het als 1234,56)")
    cent = round(euro * 100)
    if abs(euro * 100 - cent) > 1e-6:
        raise Opvolgfout(f"'{tekst}' heeft meer dan twee decimalen; schrijf euro's als 1234,56 of 1.234,56")
    if cent <= 0:
        raise Opvolgfout(f"een teruggevorderd bedrag is meer dan nul, niet '{tekst}'")
    return cent


def controleer(opslag: Opslag, w: Wijziging) -> dict[str, tuple[str, str]]:
    """Per id of the change, the rule and description of the signal; raises Opvolgfout when one does not
    hold now (unknown, or cleared by a later load: its history stays, but it cannot change any more)."""
    t = met_stand(opslag)
    rijen = t.filter(t.signaal_id.isin(list(w.signalen))).select("signaal_id", "regel", "omschrijving").execute()
    bekend = {i: (r, o) for i, r, o in rijen.itertuples(index=False)}
    ontbrekend = [i for i in w.signalen if i not in bekend]
    if ontbrekend:
        h = opslag.tabel("signaalopvolging")
        vroeger = set(h.filter(h.signaal_id.isin(ontbrekend)).signaal_id.execute())
        raise Opvolgfout("; ".join(f"signaal {i} geldt niet meer sinds een latere lading (zijn geschiedenis "
                                   "blijft te zien)" if i in vroeger else f"onbekend signaal '{i}'"
                                   for i in ontbrekend))
    return bekend


def zet(opslag: Opslag, w: Wijziging) -> int:
    """Record the change for every signal it names, all or nothing; returns how many."""
    with opslag.transactie():
        bekend = controleer(opslag, w)
        s = stand(opslag)
        vorig = {i: (st, e) for i, st, e in s.filter(s.signaal_id.isin(list(w.signalen)))
                 .select("signaal_id", "status", "eigenaar").execute().itertuples(index=False)}
        volgnummer = opslag.rijen("SELECT coalesce(max(volgnummer), 0) FROM signaalopvolging")[0][0]
        nu = dt.datetime.now()
        rijen = [{"signaal_id": i, "volgnummer": volgnummer + n, "tijdstip": nu, "door": w.door,
                  "vorige_status": vorig.get(i, (NIEUW, None))[0], "status": w.status,
                  "eigenaar": w.eigenaar if w.eigenaar is not None else vorig.get(i, (None, None))[1],
                  "notitie": w.notitie, "bedrag_cent": w.bedrag_cent, "regel": bekend[i][0],
                  "omschrijving": bekend[i][1]} for n, i in enumerate(w.signalen, start=1)]
        opslag.voeg_toe("signaalopvolging", pa.Table.from_pylist(rijen, TABELLEN["signaalopvolging"].arrow_schema()))
    return len(rijen)
