"""The staging area: a private in-memory DuckDB in which one batch is read and checked.

Whatever the store's engine, files become text tables (one per file, `_bestand`, `_regel` and
`_pad` naming where each row came from), are normalised per kind (Excel's lost leading zeros
come back), checked column by column (invoer/kolomsoorten.py) and row by row, and checked
against the region (municipalities, product catalogue, providers). What passes is typed, in a
table typed_<kind> that invoer/canoniek.py turns into the store's rows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa

from stuurwiel.invoer import bsnwacht
from stuurwiel.invoer.bestanden import Bronbestand, Onleesbaar, bestanden_in, bestandshash, lees_in
from stuurwiel.invoer.bsnwacht import Vervanging
from stuurwiel.invoer.ijw.archief import is_archief
from stuurwiel.invoer.ijw.lading import Berichtenlezer, Markering, met_code
from stuurwiel.invoer.kolomsoorten import genormaliseerd, getoond, getypeerd, kolomcontroles, sql_lijst
from stuurwiel.invoer.problemen import Probleem
from stuurwiel.invoer.referentie import Referentie
from stuurwiel.invoer.uitwisseling import SOORTEN, Kolom, Soort, soort_van_bestandsnaam, soort_van_kolommen
from stuurwiel.privacy.bsn import bevat_bsn, zonder_bsn

VOORBEELDEN_PER_FOUT = 20
Voortgang = Callable[[str, int, int], None]
Controles = list[tuple[str, Kolom, str]]  # (predicate true for a bad row, its column, reason)


class Tussenopslag:
    """Reads a batch (`lees`) and checks it (`controleer`); `problemen` lists what is wrong."""

    def __init__(self, ref: Referentie, voortgang: Voortgang | None = None, xsd: Path | None = None,
                 alleen: str | None = None, vervanging: Vervanging | None = None):
        self._werkmap = tempfile.TemporaryDirectory(prefix="stuurwiel-staging-")
        # a batch larger than memory spills to disk; line numbers travel as a column, so order is free
        self.db = duckdb.connect(config={"temp_directory": self._werkmap.name, "preserve_insertion_order": False})
        self.ref = ref
        self.voortgang = voortgang or (lambda *a: None)
        self.xsd = xsd  # a folder of official iJw XSDs the user supplied
        self.alleen = alleen  # the only kind of file this batch may hold, if any
        self.vervanging = vervanging  # a BSN where none belongs: its stand-in; None: the batch is refused
        self.problemen: list[Probleem] = []
        self.waarschuwingen: list[str] = []
        self.soorten: dict[str, list[str]] = {}  # kind -> staged tables
        self.bestanden: list[Bronbestand] = []  # read now: files, archives and the messages in them
        self.overgeslagen: list[str] = []  # loaded before
        self.berichten: dict[str, int] = {}  # iJw messages per message code
        self.markeringen: list[Markering] = []  # iJw rules broken by messages that are stored all the same

    def sluit(self) -> None:
        self.db.close()
        self._werkmap.cleanup()

    # --- reading ---------------------------------------------------------------------------
    def lees(self, paden: list[Path]) -> None:
        gevonden = bestanden_in(paden)
        bekend = set(self.ref.hashes)  # files and messages loaded before, or earlier in this batch
        berichten, archieven = Berichtenlezer(bekend, self.xsd), []
        for i, pad in enumerate(gevonden):
            self.voortgang("lezen", i, len(gevonden))
            if not pad.exists():
                self.problemen.append(Probleem(str(pad), None, None, "bestand bestaat niet"))
                continue
            if is_archief(pad):
                if self.alleen:
                    self.problemen.append(Probleem(pad.name, None, None, self._niet_hier("iJw-berichten")))
                else:
                    archieven.append(pad)
                continue
            bestand = Bronbestand(pad, pad.name, bestandshash(pad))
            if bestand.hash in bekend:
                self.overgeslagen.append(pad.name)
                continue
            bekend.add(bestand.hash)
            self.waarschuwingen += self._lees_bestand_in(bestand, f"f{i}")
            self.bestanden.append(bestand)
        self.voortgang("lezen", len(gevonden), len(gevonden))
        if archieven:
            berichten.lees(archieven, lambda gedaan, totaal: self.voortgang("iJw-berichten", gedaan, totaal))
        self._neem_berichten_op(berichten)
        self._bestandsnamen_zonder_bsn()

    def _bestandsnamen_zonder_bsn(self) -> None:
        """A file's name is stored (the batch's files, every row's source): one with a BSN refuses the
        batch, or gets the BSN's stand-in (the rows' `_bestand` follow in `controleer`)."""
        for bestand in self.bestanden:
            if not bevat_bsn(bestand.naam):
                continue
            if self.vervanging:
                bestand.naam = zonder_bsn(bestand.naam, self.vervanging)
            else:
                self.problemen.append(Probleem(zonder_bsn(bestand.naam), None, None,
                                               "de bestandsnaam bevat een BSN (9 cijfers, 11-proef); geef het bestand "
                                               "een naam zonder BSN"))

    def _neem_berichten_op(self, berichten: Berichtenlezer) -> None:
        """The rows of all iJw messages, one staged table per kind."""
        self.problemen += [Probleem(f"{m.naam}:{m.regelnummer}" if m.regelnummer else m.naam, None, m.waarde,
                                    m.reden, m.element) for m in berichten.meldingen]
        self.markeringen = berichten.gemarkeerd
        self.waarschuwingen += _gemarkeerd(berichten.gemarkeerd)
        for naam, delen in berichten.tabellen.items():
            tabel = f"ijw_{naam}"
            self.db.register("_ijw_arrow", pa.concat_tables(delen))
            self.db.execute(f"CREATE TEMP TABLE {tabel} AS SELECT * FROM _ijw_arrow")
            self.db.unregister("_ijw_arrow")
            self.soorten.setdefault(naam, []).append(tabel)
        self.bestanden += berichten.bestanden
        self.overgeslagen += berichten.overgeslagen
        self.berichten = dict(sorted(berichten.per_soort.items()))

    def _lees_bestand_in(self, bestand: Bronbestand, tabel: str) -> list[str]:
        """Stage one exchange file as `tabel`; the warnings it gives."""
        try:
            kolommen = lees_in(self.db, bestand, tabel, self.ref.grenzen)
        except Onleesbaar as e:
            self.problemen.append(Probleem(bestand.naam, None, None, str(e)))
            return []
        soort = soort_van_bestandsnaam(bestand.pad.stem) or soort_van_kolommen(kolommen)
        if soort is None:
            self.problemen.append(Probleem(bestand.naam, None, None,
                                           "onbekend soort bestand: noem het naar zijn soort "
                                           f"({', '.join(SOORTEN)}) of geef het de kolommen daarvan"))
            return []
        ontbrekend = [k for k in soort.verplichte_kolommen if k not in kolommen]
        if ontbrekend:
            self.problemen.append(Probleem(bestand.naam, ", ".join(ontbrekend), None,
                                           f"verplichte kolom(men) ontbreken voor {soort.naam}"))
            return []
        if self.alleen and soort.naam != self.alleen:
            self.problemen.append(Probleem(bestand.naam, None, None, self._niet_hier(f"een {soort.naam}-bestand")))
            return []
        bestand.soort = soort.naam
        bestand.regels = int(self.db.execute(f"SELECT count(*) FROM {tabel}").fetchone()[0])
        if not bestand.regels:
            self.problemen.append(Probleem(bestand.naam, None, None, "het bestand heeft alleen een kopregel en geen "
                                           "gegevens; laat het weg als er niets te laden is"))
            return []
        self.soorten.setdefault(soort.naam, []).append(tabel)
        bekend = {k.naam for k in soort.kolommen}
        extra = [c for c in kolommen if c not in bekend]
        return [f"{bestand.naam}: kolom(men) {', '.join(extra)} genegeerd"] if extra else []

    def _niet_hier(self, wat: str) -> str:
        return f"dit is {wat}, geen {self.alleen}bestand; laad het met `stuurwiel laad`"

    # --- checking --------------------------------------------------------------------------
    def controleer(self) -> None:
        """Every value, then every row against its kind's rules and the region; the values that
        pass are typed (typed_<kind>)."""
        for i, (naam, tabellen) in enumerate(self.soorten.items()):
            self.voortgang("controleren", i, 2 * len(self.soorten))
            soort = SOORTEN[naam]
            self._normaliseer(soort, tabellen)
            if self.vervanging:
                bsnwacht.vervang(self.db, f"norm_{naam}", [*bsnwacht.tekstkolommen(soort), "_bestand"], self.vervanging)
            self._pas_toe(f"norm_{naam}", [(fout, k, reden) for k in soort.kolommen
                                           for fout, reden in kolomcontroles(k, self.ref)])
            self.db.execute(f"CREATE TEMP TABLE typed_{naam} AS SELECT "
                            f"{', '.join(getypeerd(k) for k in soort.kolommen)}, _bestand, _regel, _pad "
                            f"FROM norm_{naam}")
            self.db.execute(f"DROP TABLE norm_{naam}")
        self._nieuwe_aanbieders()
        for i, naam in enumerate(self.soorten, start=len(self.soorten)):
            self.voortgang("controleren", i, 2 * len(self.soorten))
            soort = SOORTEN[naam]
            self._pas_toe(f"typed_{naam}", [(r.fout, soort.kolom(r.kolom), r.reden) for r in soort.rijregels]
                          + self._referentiecontroles(soort))

    def _normaliseer(self, soort: Soort, tabellen: list[str]) -> None:
        """One table norm_<kind> of all files of a kind, in the kind's columns (missing ones empty)."""
        delen = []
        for t in tabellen:
            aanwezig = {r[0] for r in self.db.execute(f"DESCRIBE {t}").fetchall()}
            kolommen = [genormaliseerd(k) if k.naam in aanwezig else "CAST(NULL AS VARCHAR)" for k in soort.kolommen]
            selectie = ", ".join(f'{expressie} AS "{k.naam}"' for expressie, k in zip(kolommen, soort.kolommen))
            delen.append(f"SELECT {selectie}, _bestand, _regel, _pad FROM {t}")
        self.db.execute(f"CREATE TEMP TABLE norm_{soort.naam} AS " + " UNION ALL ".join(delen))
        for t in tabellen:
            self.db.execute(f"DROP TABLE {t}")

    def _pas_toe(self, tabel: str, controles: Controles) -> None:
        """Count every check's failures in one scan; fetch examples only for those that fail."""
        if not controles:
            return
        aantallen = self.db.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE coalesce({fout}, false))"
                                                          for fout, _, _ in controles) + f" FROM {tabel}").fetchone()
        for (fout, k, reden), n in zip(controles, aantallen):
            if n:
                self._meld_voorbeelden(tabel, fout, k, reden, n)

    def _meld_voorbeelden(self, tabel: str, fout: str, k: Kolom, reden: str, n: int) -> None:
        """The first rows that fail a check, and how many more do."""
        rijen = self.db.execute(f'SELECT _bestand, _regel, _pad, CAST("{k.naam}" AS VARCHAR) FROM {tabel} '
                                f"WHERE coalesce({fout}, false) ORDER BY _bestand, _regel "
                                f"LIMIT {VOORBEELDEN_PER_FOUT}").fetchall()
        for bestand, regelnummer, pad, waarde in rijen:
            self.problemen.append(Probleem(f"{zonder_bsn(bestand)}:{regelnummer}", k.naam, getoond(k, waarde), reden,
                                           pad))
        if n > len(rijen):
            self.problemen.append(Probleem(zonder_bsn(rijen[0][0]), k.naam, None,
                                           f"en nog {n - len(rijen)} regels: {reden}"))

    def _bekende_aanbieders(self) -> set[str]:
        """Providers in the store or in this batch's providers file."""
        bekend = set(self.ref.aanbieders)
        if "aanbieders" in self.soorten:
            bekend |= {r[0] for r in self.db.execute("SELECT agb_code FROM typed_aanbieders").fetchall()}
        return bekend

    def _nieuwe_aanbieders(self) -> None:
        """A provider named in an iJw message is a real party to the exchange: one that is not
        known yet is added without a name (a later providers file gives it one)."""
        bekend = self._bekende_aanbieders()
        bronnen = [f"SELECT agb_code, _bestand, _regel FROM typed_{naam} WHERE _pad IS NOT NULL"
                   for naam in self.soorten if "agb_code" in {k.naam for k in SOORTEN[naam].kolommen}]
        if not bronnen:
            return
        nieuw = self.db.execute(
            f"SELECT agb_code, min(_bestand) AS _bestand FROM ({' UNION ALL '.join(bronnen)}) "
            f"WHERE regexp_full_match(agb_code, '[0-9]{{8}}') AND agb_code NOT IN ({sql_lijst(bekend)}) "
            "GROUP BY agb_code ORDER BY agb_code").fetchall()
        if not nieuw:
            return
        if "aanbieders" not in self.soorten:
            self.db.execute("CREATE TEMP TABLE typed_aanbieders AS SELECT "
                            + ", ".join(f"CAST(NULL AS VARCHAR) AS {k.naam}" for k in SOORTEN["aanbieders"].kolommen)
                            + ", CAST(NULL AS VARCHAR) AS _bestand, CAST(NULL AS BIGINT) AS _regel, "
                            "CAST(NULL AS VARCHAR) AS _pad WHERE false")
            self.soorten["aanbieders"] = []
        self.db.executemany("INSERT INTO typed_aanbieders (agb_code, naam, _bestand, _regel, _pad) "
                            "VALUES (?, ?, ?, 1, '/Bericht/Header')",
                            [(agb, f"Aanbieder {agb}", bestand) for agb, bestand in nieuw])
        codes = ", ".join(agb for agb, _ in nieuw[:10]) + (" …" if len(nieuw) > 10 else "")
        self.waarschuwingen.append(f"{len(nieuw)} aanbieder(s) uit iJw-berichten waren onbekend en zijn zonder naam "
                                   f"toegevoegd ({codes}); laad een aanbiedersbestand voor naam en contractvorm")

    def _referentiecontroles(self, soort: Soort) -> Controles:
        """The region's products and the known providers."""
        namen = {k.naam for k in soort.kolommen}
        uit = []
        if "productcode" in namen:
            producten = self.ref.producten
            uit.append((f"productcode NOT IN ({sql_lijst(producten)})", soort.kolom("productcode"),
                        f"productcode staat niet in de productcatalogus van regio {self.ref.regio}"))
            gevallen = " ".join(f"WHEN '{code}' THEN '{categorie}'" for code, categorie in producten.items())
            if gevallen:
                uit.append((f"productcategorie <> CASE productcode {gevallen} END", soort.kolom("productcategorie"),
                            "productcategorie past niet bij de productcode volgens de productcatalogus"))
        if "agb_code" in namen and soort.naam != "aanbieders":
            uit.append((f"agb_code NOT IN ({sql_lijst(self._bekende_aanbieders())})", soort.kolom("agb_code"),
                        "aanbieder onbekend: laad eerst de aanbieders of lever ze in deze lading mee"))
        return uit


def _gemarkeerd(markeringen: list[Markering]) -> list[str]:
    """The warnings for iJw rules broken by messages that are stored and flagged, the first ones in full."""
    regels = [f"{m.bron}, {m.bevinding.pad}: {met_code(m.bevinding)}: {m.bevinding.melding} "
              "(opgeslagen en gemarkeerd als signaal)" for m in markeringen[:VOORBEELDEN_PER_FOUT]]
    if len(markeringen) > VOORBEELDEN_PER_FOUT:
        regels.append(f"en nog {len(markeringen) - VOORBEELDEN_PER_FOUT} breuken van iJw-regels, opgeslagen en "
                      "gemarkeerd: `stuurwiel signalen --regel berichtregel`")
    return regels
