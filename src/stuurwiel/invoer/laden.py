"""Loading a batch of exchange files: read, validate, pseudonymise, store all-or-nothing.

The work happens in a private in-memory DuckDB (the staging area) whatever the store's
engine: files become text tables, are normalised (Excel's lost leading zeros come back),
checked column by column and row by row, checked against the region (municipalities,
product catalogue, providers), and only when nothing is wrong turned into canonical rows.
A BSN never leaves the staging area: it is replaced by its keyed pseudonym first.
"""

from __future__ import annotations

import datetime as dt
import getpass
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from stuurwiel.config.codelijsten import codelijst
from stuurwiel.invoer.bestanden import Bronbestand, Onleesbaar, expand, file_hash, stage
from stuurwiel.invoer.ijw.archief import is_archief
from stuurwiel.invoer.ijw.lading import Berichtenlezer
from stuurwiel.invoer.uitwisseling import SOORTEN, Kolom, Soort, soort_van_bestandsnaam, soort_van_kolommen
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN
from stuurwiel.privacy.bsn import elfproef_sql
from stuurwiel.privacy.sleutel import Sleutel

VOORBEELDEN_PER_FOUT = 20
Voortgang = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Probleem:
    bron: str
    kolom: str | None
    waarde: str | None
    reden: str
    element: str | None = None  # the element path, for a row read from an iJw message

    def __str__(self) -> str:
        parts = [self.bron]
        if self.element:
            parts.append(f"element {self.element}")
        if self.kolom:
            parts.append(f"kolom {self.kolom}")
        if self.waarde is not None:
            parts.append(f"waarde '{self.waarde}'")
        return ", ".join(parts) + f": {self.reden}"


class Afgewezen(Exception):
    """The batch is rejected; nothing of it was stored."""

    def __init__(self, problemen: list[Probleem]):
        super().__init__(f"{len(problemen)} problemen")
        self.problemen = problemen


@dataclass
class Referentie:
    """What validation needs to know of the store: the region and what was loaded before."""
    regio: str
    gemeenten: set[str]
    segmenten: set[str]
    producten: dict[str, str]  # productcode -> productcategorie
    aanbieders: set[str]
    hashes: set[str]
    maten: set[str] = field(default_factory=set)  # the catalogue's measure names (toelichtingen)

    @classmethod
    def uit_store(cls, opslag: Opslag) -> Referentie:
        def col(sql: str) -> list:
            return [r[0] for r in opslag.rijen(sql)]

        return cls(
            regio=(col("SELECT naam FROM regio") or ["?"])[0],
            gemeenten=set(col("SELECT gemeentecode FROM gemeente")),
            segmenten=set(col("SELECT segmentcode FROM segment")),
            producten=dict(opslag.rijen("SELECT productcode, productcategorie FROM product")),
            aanbieders=set(col("SELECT DISTINCT agb_code FROM aanbieder")),
            hashes=set(col("SELECT hash FROM bronbestand")),
        )


@dataclass
class Lading:
    """A batch read and validated, ready to be written: canonical rows per table."""
    bestanden: list[Bronbestand]
    overgeslagen: list[str]
    rijen: dict[str, pa.Table] = field(default_factory=dict)
    waarschuwingen: list[str] = field(default_factory=list)
    berichten: dict[str, int] = field(default_factory=dict)  # iJw messages per message code

    @property
    def regels(self) -> int:
        return sum(b.regels for b in self.bestanden)


@dataclass
class Resultaat:
    batch_id: int | None
    lading: Lading
    nieuw: dict[str, int]


# --- column kinds: normalising, checking, typing -----------------------------------------

DATUM = "coalesce(try_strptime({c}, '%Y-%m-%d'), try_strptime({c}, '%d-%m-%Y'))"


def _padded_width(codes: list[str]) -> int | None:
    widths = {len(c) for c in codes}
    return widths.pop() if len(widths) == 1 and all(c.isdigit() for c in codes) else None


def _lpad(c: str, width: int) -> str:
    return f"CASE WHEN regexp_full_match({c}, '[0-9]{{1,{width - 1}}}') THEN lpad({c}, {width}, '0') ELSE {c} END"


def normalise(k: Kolom) -> str:
    c = f"NULLIF(trim(\"{k.naam}\"), '')"
    width = {"gemeente": 4, "agb": 8, "bsn": 9}.get(k.soort)
    if k.soort.startswith("code:"):
        width = _padded_width(list(codelijst(k.soort[5:])))
    if width and width > 1:
        return _lpad(c, width)
    if k.soort.startswith("keuze:"):
        return f"lower({c})"
    if k.soort == "periode":
        return f"upper({c})"
    return c


def checks(k: Kolom, ref: Referentie) -> list[tuple[str, str]]:
    """(predicate true for a bad value, reason) for one column of the normalised table."""
    c = f'"{k.naam}"'
    value_checks = [(f"{c} IS NOT NULL AND ({pred})", reden) for pred, reden in _value_checks(k, ref)]
    return ([(f"{c} IS NULL", "verplicht veld is leeg")] if k.verplicht else []) + value_checks


def _value_checks(k: Kolom, ref: Referentie) -> list[tuple[str, str]]:
    c, out = f'"{k.naam}"', []
    if k.max_lengte:
        out.append((f"length({c}) > {k.max_lengte}", f"langer dan {k.max_lengte} tekens"))
    s = k.soort
    if s in ("geheel", "bedrag"):
        wat = "bedrag in eurocent (geheel getal, 0 of meer)" if s == "bedrag" else "geheel getal (0 of meer)"
        out.append((f"NOT regexp_full_match({c}, '[0-9]{{1,15}}')", f"geen {wat}"))
    elif s == "jaar":
        out.append((f"NOT regexp_full_match({c}, '(19|20|21)[0-9]{{2}}')", "geen jaartal (JJJJ)"))
    elif s == "datum":
        out.append((f"{DATUM.format(c=c)} IS NULL OR year({DATUM.format(c=c)}) NOT BETWEEN 1900 AND 2199",
                    "geen bestaande datum (JJJJ-MM-DD)"))
    elif s == "bsn":
        out.append((f"NOT {elfproef_sql(c)}", "BSN voldoet niet aan de 11-proef"))
    elif s == "gemeente":
        out.append((f"NOT regexp_full_match({c}, '[0-9]{{4}}')", "geen gemeentecode (4 cijfers)"))
        out.append((f"regexp_full_match({c}, '[0-9]{{4}}') AND {c} NOT IN ({_in(ref.gemeenten)})",
                    f"gemeente hoort niet bij regio {ref.regio}"))
    elif s == "agb":
        out.append((f"NOT regexp_full_match({c}, '[0-9]{{8}}')", "geen AGB-code (8 cijfers)"))
    elif s == "segment":
        out.append((f"{c} NOT IN ({_in(ref.segmenten)})", f"geen segment van regio {ref.regio}"))
    elif s == "maat":
        out.append((f"{c} NOT IN ({_in(ref.maten)})", "geen maat uit de catalogus (zie `stuurwiel maten`)"))
    elif s == "periode":
        out.append((f"NOT regexp_full_match({c}, '[0-9]{{4}}(-Q[1-4]|-(0[1-9]|1[0-2]))?')",
                    "geen periode (JJJJ, JJJJ-Qn of JJJJ-MM)"))
    elif s.startswith("code:"):
        lijst = codelijst(s[5:])
        out.append((f"{c} NOT IN ({_in(lijst)})", f"staat niet in de iJw-codelijst {s[5:]}"))
    elif s.startswith("keuze:"):
        woorden = s[6:].split("|")
        out.append((f"{c} NOT IN ({_in(woorden)})", f"moet een van {', '.join(woorden)} zijn"))
    return out


def typed(k: Kolom) -> str:
    c = f'"{k.naam}"'
    if k.soort in ("geheel", "bedrag"):
        return f"TRY_CAST({c} AS BIGINT) AS {c}"
    if k.soort == "jaar":
        return f"TRY_CAST({c} AS INTEGER) AS {c}"
    if k.soort == "datum":
        return f"CAST({DATUM.format(c=c)} AS DATE) AS {c}"
    return c


def _in(values) -> str:
    """The inside of `x IN (…)`; for no values a list that holds nothing (NULL would make `NOT IN` unknown)."""
    values = sorted(values)
    if not values:
        return "SELECT NULL WHERE false"
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _shown(k: Kolom, value: str | None) -> str | None:
    if value is None:
        return None
    return "******" + value[-3:] if k.soort == "bsn" and len(value) > 3 else value


# --- canonical rows ------------------------------------------------------------------------

# (target table, source kind, SELECT list over typed_<kind> t joined with pseudoniem p on bsn)
CANONIEK: list[tuple[str, str, str]] = [
    ("aanbieder", "aanbieders", "t.agb_code, t.naam, t.contractvorm"),
    ("aanbieder_plafond", "plafonds", "t.agb_code, t.jaar, t.plafond_cent"),
    ("client", "toewijzingen", "p.client_id, CAST(date_trunc('month', t.geboortedatum) AS DATE) AS geboortemaand, "
                               "t.geslacht"),
    ("toewijzing", "toewijzingen", "t.toewijzingnummer, p.client_id, t.gemeentecode, t.agb_code, "
                                   "t.productcategorie, t.productcode, t.verwijzer_type, t.verwijzer_naam, "
                                   "t.toewijzingsdatum, t.ingangsdatum, t.einddatum, t.volume, t.eenheid, "
                                   "t.frequentie, t.budget_cent, t.reden_wijziging, t.referentie_aanbieder"),
    ("declaratieregel", "declaraties", "t.referentienummer, t.vorig_referentienummer, t.toewijzingnummer, "
                                       "p.client_id, t.gemeentecode, t.agb_code, t.productcategorie, "
                                       "t.productcode, t.periode_begin, t.periode_eind, t.geleverd_volume, "
                                       "t.eenheid, t.tarief_cent, t.bedrag_cent, t.debet_credit, "
                                       "t.declaratiedatum, t.declaratienummer"),
    ("declaratie_status", "declaraties", "t.agb_code, t.referentienummer, t.status, "
                                         "CAST(NULL AS VARCHAR) AS retourcodes, t.declaratiedatum AS statusdatum"),
    ("declaratie_status", "declaratiestatussen", "t.agb_code, t.referentienummer, t.status, t.retourcodes, "
                                                 "t.statusdatum"),
    ("declaratie_antwoord", "declaratieantwoorden",
     "t.declaratienummer, t.gemeentecode, t.agb_code, t.antwoorddatum, "
     "CASE t.ingediend_debet_credit WHEN 'C' THEN -t.ingediend_cent ELSE t.ingediend_cent END AS ingediend_cent, "
     "CASE t.toegekend_debet_credit WHEN 'C' THEN -t.toegekend_cent ELSE t.toegekend_cent END AS toegekend_cent"),
    ("zorgperiode", "zorgperioden", "t.toewijzingnummer, p.client_id, t.gemeentecode, t.agb_code, "
                                    "t.productcategorie, t.productcode, t.begindatum, t.einddatum, "
                                    "t.reden_beeindiging, t.status_aanlevering, t.meldingsdatum"),
    ("verzoek", "verzoeken", "t.referentie_aanbieder, t.soort, p.client_id, t.gemeentecode, t.agb_code, "
                             "t.toewijzingnummer, t.productcategorie, t.productcode, t.verwijzer_type, "
                             "t.verwijzer_naam, t.ingangsdatum, t.einddatum, t.volume, t.eenheid, t.frequentie, "
                             "t.budget_cent, t.reden_verzoek, t.verzoekdatum"),
    ("verzoek_antwoord", "verzoekantwoorden", "t.referentie_aanbieder, t.gemeentecode, t.agb_code, t.antwoord, "
                                              "t.reden_afwijzing, t.antwoorddatum"),
    ("retourcode", "retourcodes", "t.berichtsoort, t.gemeentecode, t.agb_code, t.identificatie_retour, "
                                  "t.meldingsdatum, t.onderwerp, t.sleutel, t.retourcode"),
    ("wachtlijst", "wachtlijsten", "t.peildatum, t.agb_code, t.productcategorie, t.productcode, t.wachtenden, "
                                   "t.gemiddelde_wachttijd_dagen, t.langste_wachttijd_dagen"),
    ("uitkomst", "uitkomsten", "t.toewijzingnummer, p.client_id, t.gemeentecode, t.agb_code, t.einddatum, "
                               "t.doelrealisatie, t.tevredenheid"),
    ("aanmelding", "aanmeldingen", "t.aanmeldingnummer, p.client_id, t.gemeentecode, t.aanmelddatum, "
                                   "t.uitkomst, t.toewijzingnummer"),
    ("budget", "budgetten", "t.gemeentecode, t.jaar, t.segmentcode, t.budget_cent"),
    ("toelichting", "toelichtingen", "t.maat, t.gemeentecode, t.periode, t.tekst, t.auteur"),
]
# Tables whose rows are a property of an entity, not an event: identical rows collapse.
DISTINCT = {"client"}


class Staging:
    """The in-memory DuckDB in which one batch is read, checked and made canonical."""

    def __init__(self, ref: Referentie, voortgang: Voortgang | None = None, xsd: Path | None = None,
                 alleen: str | None = None):
        self._tmp = tempfile.TemporaryDirectory(prefix="stuurwiel-staging-")
        # a batch larger than memory spills to disk; line numbers travel as a column, so order is free
        self.con = duckdb.connect(config={"temp_directory": self._tmp.name, "preserve_insertion_order": False})
        self.ref = ref
        self.voortgang = voortgang or (lambda *a: None)
        self.xsd = xsd  # a folder of official iJw XSDs the user supplied
        self.alleen = alleen  # the only kind of file this batch may hold, if any
        self.problemen: list[Probleem] = []
        self.waarschuwingen: list[str] = []
        self.soorten: dict[str, list[str]] = {}  # kind -> staged tables

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()

    # reading
    def lees(self, paden: list[Path]) -> Lading:
        bestanden, overgeslagen = [], []
        files = expand(paden)
        bekend = set(self.ref.hashes)  # files and messages loaded before, or earlier in this batch
        berichten, archieven = Berichtenlezer(bekend, self.xsd), []
        for i, pad in enumerate(files):
            self.voortgang("lezen", i, len(files))
            if not pad.exists():
                self.problemen.append(Probleem(str(pad), None, None, "bestand bestaat niet"))
                continue
            if is_archief(pad):
                if self.alleen:
                    self.problemen.append(Probleem(pad.name, None, None, self._niet_hier("iJw-berichten")))
                else:
                    archieven.append(pad)
                continue
            bestand = Bronbestand(pad, pad.name, file_hash(pad))
            if bestand.hash in bekend:
                overgeslagen.append(pad.name)
                continue
            bekend.add(bestand.hash)
            self.waarschuwingen += self._stage_file(bestand, f"f{i}")
            bestanden.append(bestand)
        self.voortgang("lezen", len(files), len(files))
        if archieven:
            berichten.lees(archieven, lambda gedaan, totaal: self.voortgang("iJw-berichten", gedaan, totaal))
        self._stage_berichten(berichten)
        return Lading(bestanden + berichten.bestanden, overgeslagen + berichten.overgeslagen,
                      berichten=dict(sorted(berichten.per_soort.items())))

    def _stage_berichten(self, berichten: Berichtenlezer) -> None:
        """The rows of all iJw messages, one staged table per kind."""
        self.problemen += [Probleem(f"{m.naam}:{m.regel}" if m.regel else m.naam, None, m.waarde, m.reden, m.element)
                           for m in berichten.meldingen]
        for naam, delen in berichten.tabellen.items():
            staged = f"ijw_{naam}"
            self.con.register("_ijw_arrow", pa.concat_tables(delen))
            self.con.execute(f"CREATE TEMP TABLE {staged} AS SELECT * FROM _ijw_arrow")
            self.con.unregister("_ijw_arrow")
            self.soorten.setdefault(naam, []).append(staged)

    def _stage_file(self, bestand: Bronbestand, tabel: str) -> list[str]:
        try:
            cols = stage(self.con, bestand, tabel)
        except Onleesbaar as e:
            self.problemen.append(Probleem(bestand.naam, None, None, str(e)))
            return []
        soort = soort_van_bestandsnaam(bestand.pad.stem) or soort_van_kolommen(cols)
        if soort is None:
            self.problemen.append(Probleem(bestand.naam, None, None,
                                           "onbekend soort bestand: noem het naar zijn soort "
                                           f"({', '.join(SOORTEN)}) of geef het de kolommen daarvan"))
            return []
        missing = [k for k in soort.verplichte_kolommen if k not in cols]
        if missing:
            self.problemen.append(Probleem(bestand.naam, ", ".join(missing), None,
                                           f"verplichte kolom(men) ontbreken voor {soort.naam}"))
            return []
        if self.alleen and soort.naam != self.alleen:
            self.problemen.append(Probleem(bestand.naam, None, None, self._niet_hier(f"een {soort.naam}-bestand")))
            return []
        bestand.soort = soort.naam
        bestand.regels = int(self.con.execute(f"SELECT count(*) FROM {tabel}").fetchone()[0])
        self.soorten.setdefault(soort.naam, []).append(tabel)
        known = {k.naam for k in soort.kolommen}
        extra = [c for c in cols if c not in known]
        return [f"{bestand.naam}: kolom(men) {', '.join(extra)} genegeerd"] if extra else []

    def _niet_hier(self, wat: str) -> str:
        return f"dit is {wat}, geen {self.alleen}bestand; laad het met `stuurwiel laad`"

    # checking
    def controleer(self) -> None:
        for i, (naam, tabellen) in enumerate(self.soorten.items()):
            self.voortgang("controleren", i, 2 * len(self.soorten))
            soort = SOORTEN[naam]
            self._normalise(soort, tabellen)
            self._collect_all(f"norm_{naam}", [(pred, k, reden) for k in soort.kolommen
                                               for pred, reden in checks(k, self.ref)])
            self.con.execute(f"CREATE TEMP TABLE typed_{naam} AS SELECT "
                             f"{', '.join(typed(k) for k in soort.kolommen)}, _bestand, _regel, _pad FROM norm_{naam}")
            self.con.execute(f"DROP TABLE norm_{naam}")
        self._nieuwe_aanbieders()
        for i, naam in enumerate(self.soorten, start=len(self.soorten)):
            self.voortgang("controleren", i, 2 * len(self.soorten))
            soort = SOORTEN[naam]
            self._collect_all(f"typed_{naam}", [(r.fout, soort.kolom(r.kolom), r.reden) for r in soort.rijregels]
                              + self._reference_checks(soort))

    def _normalise(self, soort: Soort, tabellen: list[str]) -> None:
        parts = []
        for t in tabellen:
            have = {r[0] for r in self.con.execute(f"DESCRIBE {t}").fetchall()}
            cols = [normalise(k) if k.naam in have else "CAST(NULL AS VARCHAR)" for k in soort.kolommen]
            select = ", ".join(f'{expr} AS "{k.naam}"' for expr, k in zip(cols, soort.kolommen))
            parts.append(f"SELECT {select}, _bestand, _regel, _pad FROM {t}")
        self.con.execute(f"CREATE TEMP TABLE norm_{soort.naam} AS " + " UNION ALL ".join(parts))
        for t in tabellen:
            self.con.execute(f"DROP TABLE {t}")

    def _collect_all(self, tabel: str, checks: list[tuple[str, Kolom, str]]) -> None:
        """Count every check's failures in one scan; fetch examples only for those that fail."""
        if not checks:
            return
        counts = self.con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE coalesce({pred}, false))"
                                                        for pred, _, _ in checks) + f" FROM {tabel}").fetchone()
        for (pred, k, reden), n in zip(checks, counts):
            if n:
                self._examples(tabel, pred, k, reden, n)

    def _examples(self, tabel: str, pred: str, k: Kolom, reden: str, n: int) -> None:
        rows = self.con.execute(f'SELECT _bestand, _regel, _pad, CAST("{k.naam}" AS VARCHAR) FROM {tabel} '
                                f"WHERE coalesce({pred}, false) ORDER BY _bestand, _regel "
                                f"LIMIT {VOORBEELDEN_PER_FOUT}").fetchall()
        for bestand, regel, pad, waarde in rows:
            self.problemen.append(Probleem(f"{bestand}:{regel}", k.naam, _shown(k, waarde), reden, pad))
        if n > len(rows):
            self.problemen.append(Probleem(rows[0][0], k.naam, None, f"en nog {n - len(rows)} regels: {reden}"))

    def _nieuwe_aanbieders(self) -> None:
        """A provider named in an iJw message is a real party to the exchange: one that is not
        known yet is added without a name (a later providers file gives it one)."""
        bekend = set(self.ref.aanbieders)
        if "aanbieders" in self.soorten:
            bekend |= {r[0] for r in self.con.execute("SELECT agb_code FROM typed_aanbieders").fetchall()}
        bronnen = [f"SELECT agb_code, _bestand, _regel FROM typed_{naam} WHERE _pad IS NOT NULL"
                   for naam in self.soorten if "agb_code" in {k.naam for k in SOORTEN[naam].kolommen}]
        if not bronnen:
            return
        nieuw = self.con.execute(
            f"SELECT agb_code, min(_bestand) AS _bestand FROM ({' UNION ALL '.join(bronnen)}) "
            f"WHERE regexp_full_match(agb_code, '[0-9]{{8}}') AND agb_code NOT IN ({_in(bekend)}) "
            "GROUP BY agb_code ORDER BY agb_code").fetchall()
        if not nieuw:
            return
        if "aanbieders" not in self.soorten:
            self.con.execute("CREATE TEMP TABLE typed_aanbieders AS SELECT "
                             + ", ".join(f"CAST(NULL AS VARCHAR) AS {k.naam}" for k in SOORTEN["aanbieders"].kolommen)
                             + ", CAST(NULL AS VARCHAR) AS _bestand, CAST(NULL AS BIGINT) AS _regel, "
                             "CAST(NULL AS VARCHAR) AS _pad WHERE false")
            self.soorten["aanbieders"] = []
        self.con.executemany("INSERT INTO typed_aanbieders (agb_code, naam, _bestand, _regel, _pad) "
                             "VALUES (?, ?, ?, 1, '/Bericht/Header')",
                             [(agb, f"Aanbieder {agb}", bestand) for agb, bestand in nieuw])
        codes = ", ".join(agb for agb, _ in nieuw[:10]) + (" …" if len(nieuw) > 10 else "")
        self.waarschuwingen.append(f"{len(nieuw)} aanbieder(s) uit iJw-berichten waren onbekend en zijn zonder naam "
                                   f"toegevoegd ({codes}); laad een aanbiedersbestand voor naam en contractvorm")

    def _reference_checks(self, soort: Soort) -> list[tuple[str, Kolom, str]]:
        names = {k.naam for k in soort.kolommen}
        out = []
        if "productcode" in names:
            producten = self.ref.producten
            out.append((f"productcode NOT IN ({_in(producten)})", soort.kolom("productcode"),
                        f"productcode staat niet in de productcatalogus van regio {self.ref.regio}"))
            categorie = " ".join(f"WHEN '{code}' THEN '{cat}'" for code, cat in producten.items())
            if categorie:
                out.append((f"productcategorie <> CASE productcode {categorie} END", soort.kolom("productcategorie"),
                            "productcategorie past niet bij de productcode volgens de productcatalogus"))
        if "agb_code" in names and soort.naam != "aanbieders":
            known = set(self.ref.aanbieders)
            if "aanbieders" in self.soorten:
                known |= {r[0] for r in self.con.execute("SELECT agb_code FROM typed_aanbieders").fetchall()}
            out.append((f"agb_code NOT IN ({_in(known)})", soort.kolom("agb_code"),
                        "aanbieder onbekend: laad eerst de aanbieders of lever ze in deze lading mee"))
        return out

    # canonical rows
    def canoniek(self, sleutel: Sleutel) -> dict[str, pa.Table]:
        self._pseudonymise(sleutel)
        out: dict[str, pa.Table] = {}
        for tabel, soort, select in CANONIEK:
            if soort in self.soorten:
                rows = self._rows(tabel, soort, select)
                out[tabel] = pa.concat_tables([out[tabel], rows]) if tabel in out else rows
        return out

    def _pseudonymise(self, sleutel: Sleutel) -> None:
        bsns: set[str] = set()
        for soort in self.soorten:
            if "bsn" in {k.naam for k in SOORTEN[soort].kolommen}:
                bsns |= {r[0] for r in self.con.execute(f"SELECT DISTINCT bsn FROM typed_{soort}").fetchall()}
        mapping = pa.table({"bsn": pa.array(list(bsns), pa.string()),
                            "client_id": pa.array([sleutel.pseudoniem(b) for b in bsns], pa.string())})
        self.con.register("_pseudo_arrow", mapping)
        self.con.execute("CREATE TEMP TABLE pseudoniem AS SELECT * FROM _pseudo_arrow")
        self.con.unregister("_pseudo_arrow")

    def _rows(self, tabel: str, soort: str, select: str) -> pa.Table:
        has_bsn = "bsn" in {k.naam for k in SOORTEN[soort].kolommen}
        join = " JOIN pseudoniem p ON p.bsn = t.bsn" if has_bsn else ""
        content = [c for c, _ in TABELLEN[tabel].kolommen]
        fingerprint = "md5(concat_ws('|', " + ", ".join(
            [f"'{tabel}'"] + [f"coalesce(CAST({c} AS VARCHAR), '')" for c in content]) + "))"
        cols = ", ".join(content)
        if tabel in DISTINCT:
            sql = (f"WITH r AS (SELECT {select}, t._bestand || ':' || t._regel AS bron FROM typed_{soort} t{join}) "
                   f"SELECT {cols}, CAST(0 AS BIGINT) AS batch_id, min(bron) AS bron, "
                   f"{fingerprint} || '.1' AS rij_sleutel FROM r GROUP BY ALL")
        else:
            sql = (f"WITH r AS (SELECT {select}, t._bestand, t._regel FROM typed_{soort} t{join}), "
                   f"h AS (SELECT *, {fingerprint} AS _h FROM r) "
                   f"SELECT {cols}, CAST(0 AS BIGINT) AS batch_id, _bestand || ':' || _regel AS bron, "
                   f"_h || '.' || row_number() OVER (PARTITION BY _h ORDER BY _bestand, _regel) AS rij_sleutel "
                   f"FROM h ORDER BY _bestand, _regel")
        return self.con.execute(sql).to_arrow_table()


def lees_lading(paden: list[Path], ref: Referentie, sleutel: Sleutel,
                voortgang: Voortgang | None = None, xsd: Path | None = None,
                alleen: str | None = None) -> Lading:
    """Read and validate a batch; raise Afgewezen listing every problem when anything is wrong.
    `xsd`: a folder of official iJw XSDs every message is validated against as well;
    `alleen`: the one kind of file the batch may hold."""
    staging = Staging(ref, voortgang, xsd, alleen)
    try:
        lading = staging.lees(paden)
        staging.controleer()
        lading.waarschuwingen += staging.waarschuwingen
        if staging.problemen:
            raise Afgewezen(staging.problemen)
        if lading.bestanden:
            lading.rijen = staging.canoniek(sleutel)
        return lading
    finally:
        staging.close()


def schrijf_lading(opslag: Opslag, lading: Lading, soort: str = "uitwisseling",
                   gebruiker: str | None = None, voortgang: Voortgang | None = None) -> Resultaat:
    """Write a validated batch in one transaction; rows already stored are skipped."""
    if not lading.bestanden:
        return Resultaat(None, lading, {})
    melden = voortgang or (lambda *a: None)
    with opslag.transactie():
        batch_id = opslag.volgende_batch_id()
        nieuw = {}
        for i, (tabel, rows) in enumerate(lading.rijen.items()):
            melden("opslaan", i, len(lading.rijen))
            nieuw[tabel] = opslag.voeg_toe(tabel, _with_batch(rows, batch_id))
        melden("opslaan", len(lading.rijen), len(lading.rijen))
        opslag.voeg_toe("bronbestand", pa.Table.from_pylist(
            [dict(batch_id=batch_id, naam=b.naam, hash=b.hash, soort=b.soort, regels=b.regels)
             for b in lading.bestanden]))
        opslag.voeg_toe("batch", pa.Table.from_pylist([dict(
            batch_id=batch_id, soort=soort, gebruiker=gebruiker or getpass.getuser(),
            geladen_op=dt.datetime.now().replace(microsecond=0), bestanden=len(lading.bestanden),
            regels=lading.regels, nieuw=sum(nieuw.values()))]))
    return Resultaat(batch_id, lading, nieuw)


def _with_batch(rows: pa.Table, batch_id: int) -> pa.Table:
    i = rows.schema.get_field_index("batch_id")
    return rows.set_column(i, "batch_id", pa.array([batch_id] * rows.num_rows, pa.int64()))
