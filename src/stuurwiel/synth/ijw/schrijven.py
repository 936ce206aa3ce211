"""Writing the messages of a region: every municipality in a process of its own, its messages in
<gemeentecode>/<JJJJ-MM>.zip by the month of their Dagtekening.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from collections import Counter, defaultdict, namedtuple
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from xml.sax.saxutils import escape

import pyarrow as pa
import pyarrow.compute as pc

from stuurwiel.invoer.uitwisseling import SOORTEN
from stuurwiel.synth.archief import tijdloos_lid
from stuurwiel.synth.ijw.berichten import Bericht, Gemeente, declaraties, toewijzingen, zorgperioden

ALS_BERICHT = ("toewijzingen", "zorgperioden", "declaraties")  # the kinds that formaat ijw writes as messages
MAX_NUMMER = 999_999_999  # LDT_Nummer
MAX_BEDRAG = 99_999_999  # LDT_Bedrag, LDT_Budget and LDT_Volume
BEGRENSD = {"toewijzingen": ("volume", "budget_cent"),
            "declaraties": ("geleverd_volume", "tarief_cent", "bedrag_cent")}
RIJ = {naam: namedtuple(naam, [k.naam for k in SOORTEN[naam].kolommen]) for naam in ALS_BERICHT}


def schrijf(map_: Path, tabellen: dict[str, pa.Table], *, seed: int, peildatum: dt.date) -> tuple[Counter[str], int]:
    """Write the messages of toewijzingen, zorgperioden and declaraties under map_ (emptied first):
    (messages per type, archives). Municipalities are written side by side in new processes, so a
    script that calls this needs the `if __name__ == "__main__":` guard."""
    for naam, tabel in tabellen.items():
        _controleer(naam, tabel)
    if map_.exists():
        shutil.rmtree(map_)
    codes = set().union(*(pc.unique(t["gemeentecode"]).to_pylist() for t in tabellen.values()))
    taken = [(map_ / code, code, seed, peildatum.isoformat(),
              {naam: t.filter(pc.equal(t["gemeentecode"], code)) for naam, t in tabellen.items()})
             for code in codes]
    taken.sort(key=lambda taak: -sum(t.num_rows for t in taak[4].values()))  # the largest first: even load
    berichten: Counter[str] = Counter()
    archieven = 0
    # Municipalities are independent (their own folder and numbers): one process per core. Spawned,
    # not forked: the parent has threads (Arrow's, the progress bar's).
    processen = max(1, min(os.cpu_count() or 1, len(taken)))
    with ProcessPoolExecutor(processen, mp_context=get_context("spawn")) as pool:
        for aantal, zips in pool.map(_gemeente, taken):
            berichten.update(aantal)
            archieven += zips
    return Counter(dict(sorted(berichten.items()))), archieven


def _gemeente(taak: tuple) -> tuple[Counter[str], int]:
    map_, code, seed, peildatum, tabellen = taak
    g = Gemeente(code, seed, peildatum)
    rijen = {naam: _rijen(naam, tabel) for naam, tabel in tabellen.items()}
    toewijzingen(g, rijen["toewijzingen"])
    zorgperioden(g, rijen["zorgperioden"], rijen["toewijzingen"])
    declaraties(g, rijen["declaraties"])
    return g.aantal, _archiveer(map_, g.berichten)


def _rijen(naam: str, tabel: pa.Table) -> list:
    """The rows as text (dates JJJJ-MM-DD, empty None), free text escaped for XML."""
    soort = SOORTEN[naam]
    kolommen = []
    for k in RIJ[naam]._fields:
        waarden = pc.cast(tabel[k], pa.string()).to_pylist()
        if soort.kolom(k).soort == "tekst":
            waarden = [w if w is None else escape(w) for w in waarden]
        kolommen.append(waarden)
    return list(map(RIJ[naam]._make, zip(*kolommen, strict=True)))


def _controleer(naam: str, tabel: pa.Table) -> None:
    """What iJw cannot carry: a toewijzingnummer that is no whole number up to 999999999, an
    amount, volume or budget above 99999999."""
    nummer = tabel["toewijzingnummer"]
    fout = pc.invert(pc.match_substring_regex(nummer, r"^(0|[1-9][0-9]{0,8})$"))
    if pc.any(fout).as_py():
        raise ValueError(f"{naam}: toewijzingnummer '{nummer.filter(fout)[0]}' past niet in iJw: een "
                         f"toewijzingnummer is een geheel getal van 0 tot en met {MAX_NUMMER}")
    for kolom in BEGRENSD.get(naam, ()):
        hoogste = pc.max(tabel[kolom]).as_py()
        if hoogste is not None and hoogste > MAX_BEDRAG:
            raise ValueError(f"{naam}: {kolom} {hoogste} past niet in iJw (hoogstens {MAX_BEDRAG})")


def _archiveer(map_: Path, berichten: list[Bericht]) -> int:
    """One zip per month of Dagtekening, members sorted by name, no timestamps."""
    per_maand: dict[str, list[Bericht]] = defaultdict(list)
    for b in berichten:
        per_maand[b.dagtekening[:7]].append(b)
    map_.mkdir(parents=True, exist_ok=True)
    for maand, lijst in per_maand.items():
        with zipfile.ZipFile(map_ / f"{maand}.zip", "w", zipfile.ZIP_DEFLATED) as z:
            for b in sorted(lijst, key=lambda b: b.naam):
                z.writestr(tijdloos_lid(b.naam), b.tekst().encode("utf-8"))
    return len(per_maand)
