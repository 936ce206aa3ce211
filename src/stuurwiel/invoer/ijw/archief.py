"""Reading iJw messages safely: single `.xml` files and `.zip` archives of them.

An iJw message is small and never has a DTD, so a DTD or an entity declaration is refused
before the parser sees the file (billion laughs, external entities), the parser itself never
resolves entities nor touches the network, and a message larger than `MAX_BYTES` (or a zip
member that claims or inflates to more) is refused without being read whole.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from stuurwiel.invoer.grens import DTD

MAX_BYTES = 20 * 1024 * 1024
MAX_LEDEN = 1_000_000  # messages in one archive
ARCHIEF_EXTENSIES = (".xml", ".zip")

# The local file header: its flags at offset 6, the lengths of the name and the extra field at 26 and 28.
_KOP = struct.Struct("<6xH18xHH")
_VERSLEUTELD = 0x1 | 0x20 | 0x40  # encrypted, compressed patched data, strong encryption
_MARGE = 1024  # compressed bytes the direct reader takes beyond MAX_BYTES; a larger member is left to zipfile

_ONTLEDER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                            huge_tree=False, remove_blank_text=False)


class Onveilig(ValueError):
    """The message cannot be read (safely); the text is for the user, `regelnummer` the line if known."""

    def __init__(self, tekst: str, regelnummer: int | None = None):
        super().__init__(tekst)
        self.regelnummer = regelnummer


@dataclass(frozen=True)
class Bericht:
    naam: str  # file name, or archive/member for a message in a zip
    data: bytes

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def is_archief(pad: Path) -> bool:
    return pad.suffix.lower() in ARCHIEF_EXTENSIES


def leden(pad: Path) -> list[str] | str:
    """The names of the messages in a file (archive/member for a zip), or why it cannot be read."""
    if pad.suffix.lower() != ".zip":
        return [pad.name]
    try:
        with zipfile.ZipFile(pad) as z:
            namen = [f"{pad.name}/{i.filename}" for i in z.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as e:
        return f"geen geldig zip-archief ({e})"
    if len(namen) > MAX_LEDEN:
        return f"meer dan {MAX_LEDEN:,} bestanden in één archief".replace(",", ".")
    return sorted(namen)


def berichten(pad: Path, alleen: set[str] | None = None) -> Iterator[Bericht | tuple[str, str]]:
    """The messages in a file: a Bericht each, or (name, problem) for one that cannot be read;
    `alleen`: only the messages with these names."""
    if pad.suffix.lower() == ".zip":
        yield from _uit_zip(pad, alleen)
        return
    try:
        if pad.stat().st_size > MAX_BYTES:
            yield pad.name, _te_groot()
            return
        yield Bericht(pad.name, pad.read_bytes())
    except OSError as e:
        yield pad.name, f"kan het bestand niet lezen ({e.strerror})"


def _uit_zip(pad: Path, alleen: set[str] | None) -> Iterator[Bericht | tuple[str, str]]:
    try:
        z = zipfile.ZipFile(pad)
    except (zipfile.BadZipFile, OSError) as e:
        yield pad.name, f"geen geldig zip-archief ({e})"
        return
    with z:
        for info in sorted((i for i in z.infolist() if not i.is_dir()), key=lambda i: i.filename):
            naam = f"{pad.name}/{info.filename}"
            if alleen is not None and naam not in alleen:
                continue
            if not info.filename.lower().endswith(".xml"):
                yield naam, "geen iJw-bericht (.xml) in het archief"
                continue
            if info.file_size > MAX_BYTES:
                yield naam, _te_groot()
                continue
            try:
                data = _lees(z, info)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error) as e:  # RuntimeError: encrypted
                yield naam, f"kan het bestand in het archief niet lezen ({e})"
                continue
            yield (naam, _te_groot()) if len(data) > MAX_BYTES else Bericht(naam, data)


def _lees(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes (at most MAX_BYTES + 1); raises as zipfile does when it cannot be read."""
    data = _lees_direct(z.fp, info)
    if data is None:
        with z.open(info) as f:
            data = f.read(MAX_BYTES + 1)
    return data


def _lees_direct(fp, info: zipfile.ZipInfo) -> bytes | None:
    """A plain member (stored or deflated, not encrypted) read straight from the archive, or None to leave
    it to zipfile: for a small message, zipfile's own reader costs as much as parsing it. Only bytes that
    zipfile would return as well come back: the local header, the sizes and the CRC all agree."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & _VERSLEUTELD \
            or info.compress_size > MAX_BYTES + _MARGE:
        return None
    try:
        fp.seek(info.header_offset)
        kop = fp.read(_KOP.size)
        if len(kop) != _KOP.size or kop[:4] != b"PK\x03\x04":
            return None
        vlaggen, naamlengte, extralengte = _KOP.unpack(kop)
        naam = fp.read(naamlengte + extralengte)[:naamlengte]
        if naam.decode("utf-8" if vlaggen & 0x800 else "cp437") != info.orig_filename:
            return None
        einde = getattr(info, "_end_offset", None)  # where newer zipfiles refuse overlapping members (zip bombs)
        if einde is not None and fp.tell() + info.compress_size > einde:
            return None
        ruw = fp.read(info.compress_size)
        data = ruw if info.compress_type == zipfile.ZIP_STORED else \
            zlib.decompressobj(-zlib.MAX_WBITS).decompress(ruw, MAX_BYTES + 1)
    except (OSError, UnicodeDecodeError, zlib.error):
        return None
    klopt = len(ruw) == info.compress_size and len(data) == info.file_size and zlib.crc32(data) == info.CRC
    return data if klopt else None


def _te_groot() -> str:
    grens = f"{MAX_BYTES // 1_048_576} MB" if MAX_BYTES >= 1_048_576 else f"{MAX_BYTES // 1024} kB"
    return f"groter dan {grens}; een iJw-bericht is veel kleiner"


def ontleed(bericht: Bericht) -> etree._Element:
    """Parse one message with the safe parser; raises Onveilig with a line number when it cannot."""
    if b"!" in bericht.data and DTD.search(bericht.data):  # a quick scan first: most messages have no "!"
        raise Onveilig("bevat een DTD of entiteitdeclaratie (<!DOCTYPE>/<!ENTITY>); "
                       "iJw-berichten hebben die niet en Stuurwiel leest ze niet")
    try:
        hoofdelement = etree.fromstring(bericht.data, _ONTLEDER)
    except etree.XMLSyntaxError as e:
        raise Onveilig(f"geen geldige XML ({e.msg})", e.lineno or None) from None
    if hoofdelement.getroottree().docinfo.doctype:
        raise Onveilig("bevat een DTD; iJw-berichten hebben die niet")
    return hoofdelement
