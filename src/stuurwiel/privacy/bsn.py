"""The BSN 11-proef (elfproef): 9 digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - d9 = 0 (mod 11)."""

from __future__ import annotations

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(bsn: str) -> bool:
    if len(bsn) != 9 or not bsn.isdigit() or bsn == "000000000":
        return False
    return sum(w * int(d) for w, d in zip(WEIGHTS, bsn)) % 11 == 0


def elfproef_sql(col: str) -> str:
    """A SQL predicate (DuckDB) that is true when `col` is a 9-digit string passing the 11-proef."""
    terms = " + ".join(f"{w} * TRY_CAST(substr({col}, {i + 1}, 1) AS INTEGER)" for i, w in enumerate(WEIGHTS))
    return (f"coalesce(regexp_full_match({col}, '[0-9]{{9}}') AND {col} <> '000000000' "
            f"AND (({terms}) % 11 + 11) % 11 = 0, false)")


def make_bsn(stem: int) -> str:
    """The valid BSN whose first eight digits are `stem` (10_000_000 <= stem < 100_000_000), or ''
    when no ninth digit makes the 11-proef hold. Used by the synthetic region."""
    digits = f"{stem:08d}"
    partial = sum(w * int(d) for w, d in zip(WEIGHTS, digits)) % 11
    return digits + str(partial) if partial < 10 else ""
