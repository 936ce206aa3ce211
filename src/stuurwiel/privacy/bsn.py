"""The BSN 11-proef (elfproef): 9 digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - d9 = 0 (mod 11)."""

from __future__ import annotations

import re
from collections.abc import Callable

# nine digits, also written with dots or spaces between them (123.456.782, 1234 56 782)
NEGEN_CIJFERS = re.compile(r"(?<![0-9])[0-9](?:[ .]*[0-9]){8}(?![0-9])")

GEWICHTEN = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_geldig_bsn(bsn: str) -> bool:
    if len(bsn) != 9 or not bsn.isdigit() or bsn == "000000000":
        return False
    return sum(w * int(d) for w, d in zip(GEWICHTEN, bsn)) % 11 == 0


def zonder_bsn(tekst: str, vervanging: Callable[[str], str] | None = None) -> str:
    """The text with every 9-digit number that passes the 11-proef masked (or replaced by
    `vervanging(bsn)`, a pseudonym), for a text quoting values of a message (a repeated BSN, say) that
    is kept in the store, or a value shown in a message. Another number that happens to pass the
    11-proef is masked too: a BSN must never be stored as is."""
    def vervangen(m: re.Match) -> str:
        cijfers = re.sub(r"[ .]", "", m.group())
        if not is_geldig_bsn(cijfers):
            return m.group()
        return vervanging(cijfers) if vervanging else "*********"

    return NEGEN_CIJFERS.sub(vervangen, tekst)


def bevat_bsn(tekst: str) -> bool:
    """Python's twin of `bevat_bsn_sql`, for the few values that are not rows (a file's name)."""
    getallen = re.findall(r"[0-9]+", tekst) + re.findall(r"[0-9]+", re.sub(r"[ .]", "", tekst))
    return any(is_geldig_bsn(g) for g in getallen)


def elfproef_sql(kolom: str) -> str:
    """A SQL predicate (DuckDB) that is true when `kolom` is a 9-digit string passing the 11-proef."""
    termen = " + ".join(f"{w} * TRY_CAST(substr({kolom}, {i + 1}, 1) AS INTEGER)" for i, w in enumerate(GEWICHTEN))
    return (f"coalesce(regexp_full_match({kolom}, '[0-9]{{9}}') AND {kolom} <> '000000000' "
            f"AND (({termen}) % 11 + 11) % 11 = 0, false)")


def bevat_bsn_sql(kolom: str) -> str:
    """A SQL predicate (DuckDB) that is true when the text `kolom` holds a number of 9 digits that passes
    the 11-proef, also when written with dots or spaces (123.456.782, 1234 56 782)."""
    getallen = (f"list_concat(regexp_extract_all({kolom}, '[0-9]+'), "
                f"regexp_extract_all(regexp_replace({kolom}, '[ .]', '', 'g'), '[0-9]+'))")
    # The lists and the lambda are slow; CASE evaluates them only for a value that can hold a BSN
    # (a run of exactly nine digits, with or without dots and spaces), which most values cannot.
    return (f"CASE WHEN {_negen_cijfers_sql(kolom)} "
            f"THEN coalesce(len(list_filter({getallen}, lambda x: {elfproef_sql('x')})) > 0, false) ELSE false END")


def _negen_cijfers_sql(kolom: str) -> str:
    """True when the text holds nine digits bounded by what is no digit, or by what is no digit, dot or
    space once dots and spaces are left out: what `bevat_bsn_sql`'s two lists need to find a BSN."""
    return (f"coalesce(length({kolom}) >= 9 AND (regexp_matches({kolom}, '(^|[^0-9])[0-9]{{9}}($|[^0-9])') OR "
            f"regexp_matches({kolom}, '(^|[^0-9 .])[ .]*([0-9][ .]*){{9}}($|[^0-9 .])')), false)")


def maak_bsn(begin: int) -> str:
    """The valid BSN whose first eight digits are `begin` (10_000_000 <= begin < 100_000_000), or ''
    when no ninth digit makes the 11-proef hold. Used by the synthetic region."""
    cijfers = f"{begin:08d}"
    rest = sum(w * int(c) for w, c in zip(GEWICHTEN, cijfers)) % 11
    return cijfers + str(rest) if rest < 10 else ""
