"""The report as an A4 PDF: the HTML page laid out by WeasyPrint with its print styles (page
numbers, and the data-as-of date and sources in the footer of every page)."""

from __future__ import annotations


def pdf(html_tekst: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html_tekst).write_pdf()
