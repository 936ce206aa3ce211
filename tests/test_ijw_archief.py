"""Reading messages from a zip archive: the direct reader for plain members gives exactly what
zipfile gives, and a member it is not sure of (damaged, encrypted, a header that disagrees) is left
to zipfile, so the same bytes or the same problem come back either way."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from stuurwiel.invoer.ijw import archief

pytestmark = pytest.mark.unit

BERICHT = b'<?xml version="1.0" encoding="UTF-8"?>\n<Bericht>' + b"<Regel>tekst</Regel>" * 200 + b"</Bericht>"


def _archief(pad: Path, schade=None) -> Path:
    with zipfile.ZipFile(pad, "w") as z:
        z.writestr("JW301_a.xml", BERICHT, zipfile.ZIP_DEFLATED)
        z.writestr("JW301_b.xml", BERICHT.replace(b"tekst", b"ander"), zipfile.ZIP_STORED)
        z.writestr("JW301_c.xml", BERICHT, zipfile.ZIP_DEFLATED)
    if schade:
        data = bytearray(pad.read_bytes())
        schade(data)
        pad.write_bytes(bytes(data))
    return pad


def _via_zipfile(pad: Path, monkeypatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(archief, "_lees_direct", lambda fp, info: None)
        return list(archief.berichten(pad))


def _lokale_kop(data: bytearray, naam: bytes) -> int:
    return data.index(naam) - 30  # the local headers come before the central directory


def _beschadig_inhoud(data: bytearray) -> None:
    data[_lokale_kop(data, b"JW301_b.xml") + 30 + len(b"JW301_b.xml") + 5] ^= 0xFF  # the stored member's


def _beschadig_deflate(data: bytearray) -> None:
    begin = _lokale_kop(data, b"JW301_a.xml") + 30 + len(b"JW301_a.xml")
    data[begin:begin + 8] = b"\xff" * 8  # not a deflate stream: zlib says so


def _ander_crc(data: bytearray) -> None:
    data[_lokale_kop(data, b"JW301_a.xml") + 14] ^= 0xFF  # the local CRC, which zipfile ignores
    data[data.rindex(b"JW301_a.xml") - 46 + 16] ^= 0xFF  # the central directory's, which it checks


def _andere_naam(data: bytearray) -> None:
    data[_lokale_kop(data, b"JW301_c.xml") + 30 + 6] = ord("X")


def _versleuteld(data: bytearray) -> None:
    data[_lokale_kop(data, b"JW301_a.xml") + 6] |= 1
    data[data.rindex(b"JW301_a.xml") - 46 + 8] |= 1


@pytest.mark.parametrize("schade", [None, _beschadig_inhoud, _beschadig_deflate, _ander_crc, _andere_naam, _versleuteld])
def test_the_direct_reader_gives_what_zipfile_gives(tmp_path, monkeypatch, schade):
    pad = _archief(tmp_path / "berichten.zip", schade)
    gelezen = list(archief.berichten(pad))
    assert gelezen == _via_zipfile(pad, monkeypatch)
    assert len(gelezen) == 3
    if schade is None:
        assert [b.data for b in gelezen] == [BERICHT, BERICHT.replace(b"tekst", b"ander"), BERICHT]
        with zipfile.ZipFile(pad) as z:
            assert all(archief._lees_direct(z.fp, info) is not None for info in z.infolist())
    else:
        assert any(isinstance(b, tuple) and "kan het bestand in het archief niet lezen" in b[1] for b in gelezen)


def test_a_member_listed_twice_reads_as_zipfile_reads_it(tmp_path, monkeypatch):
    """Two entries for the same bytes (a zip bomb's trick): newer Pythons' zipfile refuses the overlap,
    older ones read both; the direct reader follows whichever zipfile this is."""
    pad = tmp_path / "dubbel.zip"
    with zipfile.ZipFile(pad, "w") as z:
        z.writestr("JW301_a.xml", BERICHT, zipfile.ZIP_DEFLATED)
    data = pad.read_bytes()
    eind = data.rindex(b"PK\x05\x06")
    grootte, begin = struct.unpack("<II", data[eind + 12:eind + 20])
    centraal = data[begin:begin + grootte] * 2
    staart = bytearray(data[eind:])
    struct.pack_into("<HHII", staart, 8, 2, 2, len(centraal), begin)
    pad.write_bytes(data[:begin] + centraal + bytes(staart))
    gelezen = list(archief.berichten(pad))
    assert len(gelezen) == 2 and gelezen == _via_zipfile(pad, monkeypatch)
