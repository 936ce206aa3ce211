"""Writing the exchange files (CSV, Parquet, XLSX or iJw messages), the ground truth and the region config.

Every file has exactly the columns of its kind in invoer.uitwisseling, in that order. As iJw
messages (synth/ijw/) the allocations, care periods and claims go into ijw/ and the other kinds
are CSV. Output is byte-for-byte reproducible: no timestamps end up in any file.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePath

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

from stuurwiel.config.regio import Regio
from stuurwiel.invoer.uitwisseling import SOORTEN
from stuurwiel.synth import ijw
from stuurwiel.synth.archief import tijdloos_lid

EXCEL_MAX_RIJEN = 1_048_575  # rows below the header
FORMATEN = ("csv", "parquet", "xlsx", "ijw")


def _type(soort: str) -> pa.DataType:
    if soort in ("geheel", "bedrag", "jaar"):
        return pa.int64()
    if soort == "datum":
        return pa.date32()
    return pa.string()


def schema(naam: str) -> pa.Schema:
    return pa.schema([(k.naam, _type(k.soort)) for k in SOORTEN[naam].kolommen])


def conform(naam: str, tabel: pa.Table) -> pa.Table:
    """The table in the columns of its kind, in order; optional columns it lacks are written empty."""
    s = schema(naam)
    ontbrekend = [k for k in SOORTEN[naam].kolommen if k.naam not in tabel.column_names]
    if set(tabel.column_names) - set(s.names) or any(k.verplicht for k in ontbrekend):
        raise ValueError(f"{naam}: kolommen {tabel.column_names} wijken af van {s.names}")
    for k in ontbrekend:
        tabel = tabel.append_column(k.naam, pa.nulls(tabel.num_rows, s.field(k.naam).type))
    return tabel.select(s.names).cast(s)


class Schrijver:
    """Writes each kind with `schrijf`, then `sluit`. As iJw messages, `seed` draws what the tables
    do not say and no answer is dated after the `peildatum`."""

    def __init__(self, uit: Path, formaat: str, *, seed: int = 1, peildatum: dt.date = dt.date.max):
        if formaat not in FORMATEN:
            raise ValueError(f"onbekend formaat '{formaat}' (kies uit {', '.join(FORMATEN)})")
        self.uit, self.formaat, self.seed, self.peildatum = uit, formaat, seed, peildatum
        self.uit.mkdir(parents=True, exist_ok=True)
        self.paden: dict[str, Path] = {}
        self.rijen: dict[str, int] = {}
        self.csv_vanwege_excel: list[str] = []
        self._berichttabellen: dict[str, pa.Table] = {}
        self.berichten: Counter[str] = Counter()  # iJw messages per type
        self.archieven = 0

    def schrijf(self, naam: str, tabellen: pa.Table | Iterable[pa.Table]) -> None:
        delen = [tabellen] if isinstance(tabellen, pa.Table) else tabellen
        if self.formaat == "ijw" and naam in ijw.ALS_BERICHT:
            tabel = pa.concat_tables([schema(naam).empty_table(), *(conform(naam, d) for d in delen)])
            self._berichttabellen[naam], self.rijen[naam] = tabel, tabel.num_rows
            return
        if self.formaat in ("csv", "ijw"):
            pad, n = _csv(self.uit / f"{naam}.csv", naam, delen)
        elif self.formaat == "parquet":
            pad, n = _parquet(self.uit / f"{naam}.parquet", naam, delen)
        else:
            pad, n = self._xlsx_of_csv(naam, delen)
        if not n:  # `laad` refuses a file with only a header: a kind with nothing in it is left out
            pad.unlink()
            return
        self.paden[naam], self.rijen[naam] = pad, n

    def sluit(self) -> None:
        """Write what waits for the other kinds: the iJw messages."""
        if self.formaat != "ijw":
            return
        self.berichten, self.archieven = ijw.schrijf(self.uit / "ijw", self._berichttabellen, seed=self.seed,
                                                     peildatum=self.peildatum)

    def _xlsx_of_csv(self, naam: str, delen: Iterable[pa.Table]) -> tuple[Path, int]:
        """XLSX unless the file has more rows than a worksheet holds; then CSV (streamed on)."""
        buffer: list[pa.Table] = []
        n = 0
        delen = iter(delen)
        for deel in delen:
            buffer.append(conform(naam, deel))
            n += deel.num_rows
            if n > EXCEL_MAX_RIJEN:
                self.csv_vanwege_excel.append(naam)
                return _csv(self.uit / f"{naam}.csv", naam, [*buffer, *delen])
        pad = self.uit / f"{naam}.xlsx"
        _xlsx(pad, pa.concat_tables(buffer) if buffer else schema(naam).empty_table())
        return pad, n


def _csv(pad: Path, naam: str, delen: Iterable[pa.Table]) -> tuple[Path, int]:
    return _stroom(pacsv.CSVWriter(pad, schema(naam)), pad, naam, delen)


def _parquet(pad: Path, naam: str, delen: Iterable[pa.Table]) -> tuple[Path, int]:
    return _stroom(pq.ParquetWriter(pad, schema(naam)), pad, naam, delen)


def _stroom(schrijver, pad: Path, naam: str, delen: Iterable[pa.Table]) -> tuple[Path, int]:
    """Write the parts one after another (a file kind never has to fit in memory); the rows written."""
    n = 0
    with schrijver as w:
        for deel in delen:
            w.write_table(conform(naam, deel))
            n += deel.num_rows
    return pad, n


def _xlsx(pad: Path, tabel: pa.Table) -> None:
    from openpyxl import Workbook

    werkboek = Workbook(write_only=True)
    werkblad = werkboek.create_sheet(pad.stem)
    werkblad.append(tabel.column_names)
    # Dates as text (JJJJ-MM-DD) and codes as text keep their form in Excel.
    tekst = tabel.cast(pa.schema([(f.name, pa.string() if pa.types.is_date(f.type) else f.type)
                                  for f in tabel.schema]))
    for batch in tekst.to_batches(max_chunksize=50_000):
        for rij in zip(*(c.to_pylist() for c in batch.columns), strict=True):
            werkblad.append(rij)
    ruw = pad.with_name(pad.name + ".tmp")
    werkboek.save(ruw)
    try:
        _zonder_tijdstempels(ruw, pad)
    finally:
        ruw.unlink()


def _zonder_tijdstempels(bron: Path, doel: Path) -> None:
    """Copy the zip with a fixed time on every member and in docProps/core.xml."""
    with zipfile.ZipFile(bron) as z, zipfile.ZipFile(doel, "w", zipfile.ZIP_DEFLATED) as n:
        for info in z.infolist():
            vast = tijdloos_lid(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2000-01-01T00:00:00Z", z.read(info))
                n.writestr(vast, data)
                continue
            with z.open(info) as lees, n.open(vast, "w", force_zip64=True) as schrijf:
                shutil.copyfileobj(lees, schrijf, 1 << 20)


def schrijf_grondwaarheid(uit: Path, naam: str, tabel: pa.Table) -> Path:
    map_ = uit / "grondwaarheid"
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / f"{naam}.csv"
    pacsv.write_csv(tabel, pad)
    return pad


class _Yamlschrijver(yaml.SafeDumper):
    """Quotes every string that another YAML reader could take for a number (0482, 54)."""


def _tekst(yamlschrijver: yaml.SafeDumper, waarde: str) -> yaml.Node:
    stijl = "'" if waarde.replace(".", "", 1).isdigit() else None
    return yamlschrijver.represent_scalar("tag:yaml.org,2002:str", waarde, style=stijl)


_Yamlschrijver.add_representer(str, _tekst)
_Yamlschrijver.add_multi_representer(PurePath, lambda yamlschrijver, pad: _tekst(yamlschrijver, str(pad)))


def regio_yaml(regio: Regio, kop: str) -> str:
    """The region as YAML that config.regio.parse_regio reads back to the same region."""
    data = regio.model_dump(mode="python", exclude_defaults=True)
    return kop + yaml.dump(data, Dumper=_Yamlschrijver, allow_unicode=True, sort_keys=False, width=120)
