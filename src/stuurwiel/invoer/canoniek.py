"""The canonical rows of a checked batch: the typed staging tables turned into the store's
tables, with a keyed pseudonym instead of every BSN, the source of each row (file:line) and
its row key (a hash of its content plus its occurrence in the batch)."""

from __future__ import annotations

from collections.abc import Collection

import duckdb
import pyarrow as pa

from stuurwiel.invoer.uitwisseling import SOORTEN
from stuurwiel.opslag.schema import TABELLEN
from stuurwiel.privacy.sleutel import Sleutel

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
                                   "t.uitkomst, t.toewijzingnummer, t.herkomst"),
    ("transitieplan", "transitieplannen", "t.toewijzingnummer, t.datum"),
    ("budget", "budgetten", "t.gemeentecode, t.jaar, t.segmentcode, t.budget_cent, t.postcode"),
    ("lasten", "lasten", "t.gemeentecode, t.postcode, t.jaar, t.maand, t.bedrag_cent"),
    ("toelichting", "toelichtingen", "t.maat, t.gemeentecode, t.periode, t.tekst, t.auteur"),
    ("onderbouwing", "onderbouwingen", "t.toewijzingnummer, t.datum, t.auteur, t.soort, t.samenvatting"),
]
# Tables whose rows are a property of an entity, not an event: identical rows collapse.
EIGENSCHAPPEN = {"client"}


def canonieke_rijen(db: duckdb.DuckDBPyConnection, soorten: Collection[str], sleutel: Sleutel) -> dict[str, pa.Table]:
    """The store's rows per table from the typed tables (typed_<kind>) of these kinds."""
    _pseudonimiseer(db, soorten, sleutel)
    uit: dict[str, pa.Table] = {}
    for tabel, soort, selectie in CANONIEK:
        if soort in soorten:
            rijen = _rijen(db, tabel, soort, selectie)
            uit[tabel] = pa.concat_tables([uit[tabel], rijen]) if tabel in uit else rijen
    return uit


def _heeft_bsn(soort: str) -> bool:
    return "bsn" in {k.naam for k in SOORTEN[soort].kolommen}


def _pseudonimiseer(db: duckdb.DuckDBPyConnection, soorten: Collection[str], sleutel: Sleutel) -> None:
    """The table pseudoniem: every BSN of the batch with its keyed pseudonym."""
    bsns: set[str] = set()
    for soort in soorten:
        if _heeft_bsn(soort):
            bsns |= {r[0] for r in db.execute(f"SELECT DISTINCT bsn FROM typed_{soort}").fetchall()}
    paren = pa.table({"bsn": pa.array(list(bsns), pa.string()),
                      "client_id": pa.array([sleutel.pseudoniem(b) for b in bsns], pa.string())})
    db.register("_pseudo_arrow", paren)
    db.execute("CREATE TEMP TABLE pseudoniem AS SELECT * FROM _pseudo_arrow")
    db.unregister("_pseudo_arrow")


def _rijen(db: duckdb.DuckDBPyConnection, tabel: str, soort: str, selectie: str) -> pa.Table:
    koppeling = " JOIN pseudoniem p ON p.bsn = t.bsn" if _heeft_bsn(soort) else ""
    inhoud = [c for c, _ in TABELLEN[tabel].kolommen]
    vingerafdruk = "md5(concat_ws('|', " + ", ".join(
        [f"'{tabel}'"] + [f"coalesce(CAST({c} AS VARCHAR), '')" for c in inhoud]) + "))"
    kolommen = ", ".join(inhoud)
    if tabel in EIGENSCHAPPEN:
        sql = (f"WITH r AS (SELECT {selectie}, t._bestand || ':' || t._regel AS bron FROM typed_{soort} t{koppeling}) "
               f"SELECT {kolommen}, CAST(0 AS BIGINT) AS batch_id, min(bron) AS bron, "
               f"{vingerafdruk} || '.1' AS rij_sleutel FROM r GROUP BY ALL")
    else:
        sql = (f"WITH r AS (SELECT {selectie}, t._bestand, t._regel FROM typed_{soort} t{koppeling}), "
               f"h AS (SELECT *, {vingerafdruk} AS _h FROM r) "
               f"SELECT {kolommen}, CAST(0 AS BIGINT) AS batch_id, _bestand || ':' || _regel AS bron, "
               f"_h || '.' || row_number() OVER (PARTITION BY _h ORDER BY _bestand, _regel) AS rij_sleutel "
               f"FROM h ORDER BY _bestand, _regel")
    return db.execute(sql).to_arrow_table()

