"""Zip archives whose bytes depend on their content only: every member has the same fixed time."""

from __future__ import annotations

import zipfile

VAST_TIJDSTIP = (2000, 1, 1, 0, 0, 0)


def tijdloos_lid(naam: str) -> zipfile.ZipInfo:
    """A deflated member `naam` dated VAST_TIJDSTIP."""
    lid = zipfile.ZipInfo(naam, VAST_TIJDSTIP)
    lid.compress_type = zipfile.ZIP_DEFLATED
    return lid
