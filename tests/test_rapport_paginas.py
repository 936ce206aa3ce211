"""The reports' print styles never leave a page with only a section's heading: a part whose table is
taller than what is left below its heading goes on over the page (the blank page in the monthly PDF)."""

from __future__ import annotations

import subprocess

import pytest
from markupsafe import escape

from stuurwiel.uitvoer.rapporten.html import css as _css
from stuurwiel.uitvoer.rapporten.pdf import pdf

pytestmark = pytest.mark.unit
VOET = "Stuurwiel · voet van elke pagina"


def _pagina(vulregels: int) -> str:
    """A report page as the template builds it: a section filled with `vulregels` lines, then a section
    whose one part holds a table of about a page."""
    vulling = "".join(f"<p>Regel {i} van de eerste sectie.</p>" for i in range(vulregels))
    rijen = "".join(f"<tr><th scope='row'>Aanbieder {i}</th><td class='getal'>€ {i}.000</td></tr>" for i in range(38))
    return (f"<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><style>{escape(_css())}</style></head>"
            f"<body><div class='voet'>{VOET}</div><main>"
            f"<section class='sectie'><h2>Eerste sectie</h2>{vulling}</section>"
            "<section class='sectie'><h2>Aanbieders</h2><figure class='onderdeel'><h3>Systeemspelers</h3>"
            "<p class='uitleg'>De aanbieders met de hoogste kosten.</p>"
            f"<table><thead><tr><th>aanbieder</th><th>kosten</th></tr></thead><tbody>{rijen}</tbody></table>"
            "</figure></section></main></body></html>")


def _paginateksten(pdf_bytes: bytes) -> list[str]:
    uit = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    return uit.stdout.decode("utf-8").split("\f")[:-1]


@pytest.mark.parametrize("vulregels", range(0, 48, 3))
def test_no_page_holds_only_a_heading_whatever_comes_before_it(vulregels):
    paginas = _paginateksten(pdf(_pagina(vulregels)))
    for nummer, tekst in enumerate(paginas, start=1):
        inhoud = " ".join(tekst.replace(VOET, "").replace(f"pagina {nummer} van {len(paginas)}", "").split())
        assert inhoud not in ("", "Eerste sectie", "Aanbieders"), (vulregels, nummer, inhoud)
    assert "Aanbieder 37" in paginas[-1]
