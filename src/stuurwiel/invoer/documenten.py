"""Policy documents as text, for the check of a definitions list (`stuurwiel begrippen controleer`):
TXT and Markdown by line, PDF by page (pypdf), DOCX by paragraph, tables included (python-docx).

Reading is bounded: a document larger than MAX_BYTES, a PDF of more than MAX_PAGINAS pages or a DOCX
that unpacks to more than MAX_BYTES is refused, as is one that cannot be read faithfully: a broken or
encrypted PDF, a DOCX that is no Word document (or is protected with a password, which makes it an
OLE file, not a zip), a text that is neither UTF-8 nor Windows-1252. Each refusal is a Documentfout
with a Dutch message naming the file; no library's traceback reaches the user.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGINAS = 2000
SOORTEN = {".txt": "regel", ".md": "regel", ".markdown": "regel", ".pdf": "pagina", ".docx": "alinea"}
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of an OLE file: an old .doc or an encrypted .docx


class Documentfout(ValueError):
    """A document that cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Document:
    naam: str
    eenheid: str  # what a place in it is: regel, pagina or alinea
    delen: tuple[tuple[int, str], ...]  # (number of the line, page or paragraph, its text)


def lees(pad: Path) -> Document:
    """The text of a document by line, page or paragraph; raises Documentfout."""
    eenheid = SOORTEN.get(pad.suffix.lower())
    if eenheid is None:
        raise Documentfout(f"{pad.name}: onbekende soort document '{pad.suffix}' (kies .txt, .md, .pdf of .docx)")
    try:
        grootte = pad.stat().st_size
    except OSError as e:
        raise Documentfout(f"{pad}: kan het document niet lezen ({e.strerror})") from None
    if grootte > MAX_BYTES:
        raise Documentfout(f"{pad.name}: groter dan {MAX_BYTES // 1024 // 1024} MB")
    lezer = {"regel": _tekst, "pagina": _pdf, "alinea": _docx}[eenheid]
    return Document(pad.name, eenheid, tuple(lezer(pad)))


def _tekst(pad: Path) -> list[tuple[int, str]]:
    inhoud = pad.read_bytes()
    if b"\x00" in inhoud:
        raise Documentfout(f"{pad.name}: geen tekstbestand (het bevat NUL-tekens)")
    for codering in ("utf-8-sig", "cp1252"):
        try:
            tekst = inhoud.decode(codering)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Documentfout(f"{pad.name}: geen UTF-8- of Windows-1252-tekst")
    return list(enumerate(tekst.splitlines(), start=1))


def _pdf(pad: Path) -> list[tuple[int, str]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        lezer = PdfReader(pad)
        if lezer.is_encrypted and not lezer.decrypt(""):  # many PDFs are locked only against editing
            raise FileNotDecryptedError
        if len(lezer.pages) > MAX_PAGINAS:
            raise Documentfout(f"{pad.name}: meer dan {MAX_PAGINAS} pagina's")
        return [(i, pagina.extract_text() or "") for i, pagina in enumerate(lezer.pages, start=1)]
    except (FileNotDecryptedError, DependencyError):
        raise Documentfout(f"{pad.name}: de PDF is versleuteld (met een wachtwoord beveiligd); sla hem "
                           "onbeveiligd op en probeer het opnieuw") from None
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, OSError, zlib.error,
            RecursionError) as e:
        if isinstance(e, Documentfout):
            raise
        raise Documentfout(f"{pad.name}: geen leesbare PDF (het bestand is beschadigd of geen PDF)") from None


def _docx(pad: Path) -> list[tuple[int, str]]:
    from docx import Document as Worddocument
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from lxml.etree import LxmlError

    with pad.open("rb") as f:
        if f.read(len(OLE)) == OLE:
            raise Documentfout(f"{pad.name}: versleuteld (met een wachtwoord beveiligd) of een oud Word-bestand "
                               "(.doc); sla het onbeveiligd op als .docx")
    try:
        with zipfile.ZipFile(pad) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_BYTES:
                raise Documentfout(f"{pad.name}: uitgepakt groter dan {MAX_BYTES // 1024 // 1024} MB")
        alineas = []
        for deel in Worddocument(str(pad)).iter_inner_content():
            if isinstance(deel, Table):
                cellen = {id(cel._tc): cel for rij in deel.rows for cel in rij.cells}  # a merged cell once
                alineas += [p.text for cel in cellen.values() for p in cel.paragraphs]
            else:
                alineas.append(deel.text)
    except (zipfile.BadZipFile, OpcError, LxmlError, KeyError, ValueError, OSError) as e:
        if isinstance(e, Documentfout):
            raise
        raise Documentfout(f"{pad.name}: geen leesbaar Word-document (.docx): het bestand is beschadigd of "
                           "geen .docx") from None
    return list(enumerate(alineas, start=1))
