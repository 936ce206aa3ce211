"""The column kinds of the exchange files (listed in invoer/uitwisseling.py), as DuckDB SQL over
the staging tables: per kind how a value is normalised, which checks it must pass and how it is
typed.

Each kind is one small object in a registry; the two kinds with a parameter, `code:Lijst` and
`keuze:a|b`, are built from it. A check is a predicate that is true for a bad value, with the
Dutch reason the user reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from stuurwiel.begrippen.waarden import DATUMNOTATIES
from stuurwiel.config.codelijsten import codelijst
from stuurwiel.invoer.referentie import Referentie
from stuurwiel.invoer.uitwisseling import Kolom
from stuurwiel.privacy.bsn import bevat_bsn_sql, elfproef_sql, zonder_bsn

DATUM = "coalesce(" + ", ".join(f"try_strptime({{c}}, '{n}')" for n in DATUMNOTATIES) + ")"


@dataclass(frozen=True)
class Controle:
    """`fout(c, ref)` is true for a bad value of the column expression `c`; `reden` is what the
    user reads ({regio}: the region's name)."""
    fout: Callable[[str, Referentie], str]
    reden: str


def _zelf(c: str) -> str:
    return c


@dataclass(frozen=True)
class Kolomsoort:
    naam: str
    controles: tuple[Controle, ...] = ()
    normaliseer: Callable[[str], str] = _zelf  # the trimmed text (NULL when empty) in its normal form
    omzetting: Callable[[str], str] | None = None  # the typed value; None: it stays text
    toon: Callable[[str], str] = _zelf  # how a value is shown in a message (a BSN is never shown whole)

    def controle_sql(self, c: str, ref: Referentie) -> list[tuple[str, str]]:
        """(predicate, reason) per check of the column expression `c`."""
        return [(k.fout(c, ref), k.reden.format(regio=ref.regio)) for k in self.controles]

    def getypeerd(self, c: str) -> str:
        return c if self.omzetting is None else f"{self.omzetting(c)} AS {c}"

    def getoond(self, waarde: str) -> str:
        return self.toon(waarde)


def sql_lijst(waarden: Iterable[str]) -> str:
    """The inside of `x IN (…)`; for no values a list that holds nothing (NULL would make `NOT IN` unknown)."""
    waarden = sorted(waarden)
    if not waarden:
        return "SELECT NULL WHERE false"
    return ", ".join("'" + v.replace("'", "''") + "'" for v in waarden)


def _patroon(patroon: str, reden: str) -> Controle:
    return Controle(lambda c, _: f"NOT regexp_full_match({c}, '{patroon}')", reden)


def _buiten(waarden: Callable[[Referentie], Iterable[str]], reden: str) -> Controle:
    return Controle(lambda c, ref: f"{c} NOT IN ({sql_lijst(waarden(ref))})", reden)


def _aangevuld(breedte: int) -> Callable[[str], str]:
    """The leading zeros Excel dropped, back: '505' -> '0505'."""
    return lambda c: (f"CASE WHEN regexp_full_match({c}, '[0-9]{{1,{breedte - 1}}}') "
                      f"THEN lpad({c}, {breedte}, '0') ELSE {c} END")


def _als(sql_type: str) -> Callable[[str], str]:
    return lambda c: f"TRY_CAST({c} AS {sql_type})"


def _laatste_drie(waarde: str) -> str:
    return "******" + waarde[-3:] if len(waarde) > 3 else waarde


def _zonder_cijfers(waarde: str) -> str:
    """Free text in a message with every digit masked: a BSN in it must not be repeated."""
    return re.sub(r"[0-9]", "*", waarde)


def _geen_datum(c: str, _: Referentie) -> str:
    datum = DATUM.format(c=c)
    return f"{datum} IS NULL OR year({datum}) NOT BETWEEN 1900 AND 2199"


GEEN_BSN = ("in deze kolom hoort geen BSN; haal het weg, of laat de regio het vervangen door een pseudoniem "
            "(privacy.bsn_elders: pseudonimiseren in regio.yaml)")

KOLOMSOORTEN: dict[str, Kolomsoort] = {s.naam: s for s in [
    Kolomsoort("tekst", (Controle(lambda c, _: bevat_bsn_sql(c), "bevat een BSN (9 cijfers, 11-proef): " + GEEN_BSN),),
               toon=zonder_bsn),
    Kolomsoort("geheel", (_patroon("[0-9]{1,15}", "geen geheel getal (0 of meer)"),), omzetting=_als("BIGINT")),
    Kolomsoort("bedrag", (_patroon("[0-9]{1,15}", "geen bedrag in eurocent (geheel getal, 0 of meer)"),),
               omzetting=_als("BIGINT")),
    Kolomsoort("jaar", (_patroon("(19|20|21)[0-9]{2}", "geen jaartal (JJJJ)"),), omzetting=_als("INTEGER")),
    Kolomsoort("datum", (Controle(_geen_datum, "geen bestaande datum (JJJJ-MM-DD)"),),
               omzetting=lambda c: f"CAST({DATUM.format(c=c)} AS DATE)"),
    Kolomsoort("bsn", (Controle(lambda c, _: f"NOT {elfproef_sql(c)}", "BSN voldoet niet aan de 11-proef"),),
               normaliseer=_aangevuld(9), toon=_laatste_drie),
    Kolomsoort("vrijetekst", (Controle(lambda c, _: bevat_bsn_sql(c), "bevat een getal dat een BSN kan zijn (9 "
                                       "cijfers, 11-proef): vrije tekst bevat geen persoonsgegevens"),),
               toon=_zonder_cijfers),
    Kolomsoort("gemeente", (
        _patroon("[0-9]{4}", "geen gemeentecode (4 cijfers)"),
        Controle(lambda c, ref: f"regexp_full_match({c}, '[0-9]{{4}}') AND {c} NOT IN ({sql_lijst(ref.gemeenten)})",
                 "gemeente hoort niet bij regio {regio}"),
    ), normaliseer=_aangevuld(4)),
    Kolomsoort("agb", (_patroon("[0-9]{8}", "geen AGB-code (8 cijfers)"),), normaliseer=_aangevuld(8)),
    Kolomsoort("segment", (_buiten(lambda ref: ref.segmenten, "geen segment van regio {regio}"),)),
    Kolomsoort("lastenpost", (_buiten(lambda ref: ref.lastenposten, "geen lastenpost van regio {regio} (regio.yaml: "
                                                                   "begroting.posten)"),),
               normaliseer=lambda c: f"lower({c})"),
    Kolomsoort("maat", (_buiten(lambda ref: ref.maten, "geen maat uit de catalogus (zie `stuurwiel maten`)"),)),
    Kolomsoort("periode", (_patroon("[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?", "geen periode (JJJJ, JJJJ-Qn of JJJJ-MM)"),),
               normaliseer=lambda c: f"upper({c})"),
]}


def _code(naam: str, lijst: str) -> Kolomsoort:
    """`code:Lijst`: a code from an iJw code list; codes of one length get their leading zeros back."""
    codes = sorted(codelijst(lijst))
    breedte = len(codes[0]) if len({len(c) for c in codes}) == 1 and all(c.isdigit() for c in codes) else 1
    return Kolomsoort(naam, (_buiten(lambda _: codes, f"staat niet in de iJw-codelijst {lijst}"),),
                      normaliseer=_aangevuld(breedte) if breedte > 1 else _zelf)


def _keuze(naam: str, woorden: str) -> Kolomsoort:
    """`keuze:a|b`: one of the listed words, in any case."""
    lijst = woorden.split("|")
    return Kolomsoort(naam, (_buiten(lambda _: lijst, f"moet een van {', '.join(lijst)} zijn"),),
                      normaliseer=lambda c: f"lower({c})")


MET_PARAMETER: dict[str, Callable[[str, str], Kolomsoort]] = {"code": _code, "keuze": _keuze}


@cache
def kolomsoort(naam: str) -> Kolomsoort:
    """The kind `naam` (`datum`, `code:Geslacht`, `keuze:ja|nee` …)."""
    basis, _, parameter = naam.partition(":")
    return MET_PARAMETER[basis](naam, parameter) if parameter else KOLOMSOORTEN[naam]


# --- a column of a kind -------------------------------------------------------------------------

def genormaliseerd(k: Kolom) -> str:
    return kolomsoort(k.soort).normaliseer(f"NULLIF(trim(\"{k.naam}\"), '')")


def kolomcontroles(k: Kolom, ref: Referentie) -> list[tuple[str, str]]:
    """(predicate true for a bad value, reason) for one column of the normalised table."""
    c = f'"{k.naam}"'
    lengte = [(f"length({c}) > {k.max_lengte}", f"langer dan {k.max_lengte} tekens")] if k.max_lengte else []
    soort = kolomsoort(k.soort).controle_sql(c, ref)
    waarde = [(f"{c} IS NOT NULL AND ({fout})", reden) for fout, reden in lengte + soort]
    return ([(f"{c} IS NULL", "verplicht veld is leeg")] if k.verplicht else []) + waarde


def getypeerd(k: Kolom) -> str:
    return kolomsoort(k.soort).getypeerd(f'"{k.naam}"')


def getoond(k: Kolom, waarde: str | None) -> str | None:
    return None if waarde is None else kolomsoort(k.soort).getoond(waarde)
