"""The canonical tables, defined once for every engine.

Money is integer cents, dates are dates. Fact tables carry three columns of provenance:
`batch_id` (the load), `bron` (file and line, or file and element path) and `rij_sleutel`
(a keyed hash of the row's content and its occurrence in the source, which makes a reload
of the same rows a no-op while keeping genuine duplicates inside one file).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# logical type -> (DuckDB, PostgreSQL, Arrow)
TYPES: dict[str, tuple[str, str, pa.DataType]] = {
    "text": ("VARCHAR", "TEXT", pa.string()),
    "int": ("INTEGER", "INTEGER", pa.int32()),
    "bigint": ("BIGINT", "BIGINT", pa.int64()),
    "double": ("DOUBLE", "DOUBLE PRECISION", pa.float64()),
    "date": ("DATE", "DATE", pa.date32()),
    "timestamp": ("TIMESTAMP", "TIMESTAMP", pa.timestamp("us")),
}

PROVENANCE = (("batch_id", "bigint"), ("bron", "text"), ("rij_sleutel", "text"))


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]
    description: str
    fact: bool = True  # fact tables carry provenance and are appended by loads
    key: tuple[str, ...] = ()  # natural key: the newest version per key is the current one

    @property
    def all_columns(self) -> tuple[tuple[str, str], ...]:
        return self.columns + PROVENANCE if self.fact else self.columns

    @property
    def column_names(self) -> list[str]:
        return [c for c, _ in self.all_columns]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c, TYPES[t][2]) for c, t in self.all_columns])

    def ddl(self, dialect: str) -> list[str]:
        col = 0 if dialect == "duckdb" else 1
        cols = ",\n  ".join(f"{c} {TYPES[t][col]}" for c, t in self.all_columns)
        stmts = [f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"]
        # a store made by an earlier release gets the columns added since
        stmts += [f"ALTER TABLE {self.name} ADD COLUMN IF NOT EXISTS {c} {TYPES[t][col]}" for c, t in self.all_columns]
        # PostgreSQL needs the unique index for ON CONFLICT; DuckDB anti-joins on rij_sleutel
        # instead of keeping an in-memory ART index over every fact row.
        if self.fact and dialect == "postgres":
            stmts.append(f"CREATE UNIQUE INDEX IF NOT EXISTS {self.name}_rij ON {self.name} (rij_sleutel)")
        return stmts


def _t(name: str, description: str, columns: str, *, fact: bool = True, key: str = "") -> Table:
    cols = tuple(tuple(part.split(":")) for part in columns.split())
    return Table(name, cols, description, fact, tuple(key.split()))  # type: ignore[arg-type]


TABLES: dict[str, Table] = {t.name: t for t in [
    # reference tables, written from the region configuration by `stuurwiel init`
    _t("regio", "De regioconfiguratie zoals ingelezen.",
       "code:text naam:text configuratie:text geladen_op:timestamp", fact=False),
    _t("gemeente", "Gemeenten van de regio.", "gemeentecode:text naam:text subregio:text", fact=False),
    _t("jeugdbevolking", "Jeugdigen 0-17 en inwoners per gemeente en jaar, met bron.",
       "gemeentecode:text jaar:int jeugdigen_0_17:bigint inwoners:bigint bron:text", fact=False),
    _t("segment", "Segmenten met hun geldigheid.",
       "segmentcode:text naam:text geldig_van:date geldig_tot:date opgegaan_in:text", fact=False),
    _t("product", "Regionale productcatalogus op de iJw-productcategorieën.",
       "productcode:text productcategorie:text naam:text eenheid:text "
       "norm_max_duur_maanden:int norm_max_volume_per_maand:double", fact=False),
    _t("product_segment", "Segment van een product door de tijd.",
       "productcode:text segmentcode:text geldig_van:date geldig_tot:date", fact=False),
    _t("tarief", "Tarief per product en jaar (eurocent per eenheid).",
       "productcode:text jaar:int tarief_cent:bigint", fact=False),
    # the dashboard's accounts, sessions and audit log (web/gebruikers.py)
    _t("gebruiker", "Accounts van het dashboard: rol, gemeenten (bij rol gemeente) en argon2id-hash.",
       "naam:text wachtwoord_hash:text rol:text gemeenten:text aangemaakt:timestamp gewijzigd:timestamp", fact=False),
    _t("sessie", "Ingelogde sessies: de hash van het sessietoken, het CSRF-token en wanneer ze verlopen.",
       "token_hash:text naam:text csrf:text aangemaakt:timestamp verloopt:timestamp", fact=False),
    _t("inlogpoging", "Inlogpogingen, voor het afremmen van raden.",
       "naam:text adres:text tijdstip:timestamp gelukt:int", fact=False),
    _t("auditlog", "Wie deed wanneer wat: inloggen, uitloggen, exporteren, laden, accounts.",
       "tijdstip:timestamp naam:text actie:text details:text adres:text", fact=False),
    # loads
    _t("batch", "Elke lading: bron, aantallen, wie en wanneer.",
       "batch_id:bigint soort:text gebruiker:text geladen_op:timestamp bestanden:int "
       "regels:bigint nieuw:bigint", fact=False),
    _t("bronbestand", "Elk geladen bestand met zijn inhoudshash.",
       "batch_id:bigint naam:text hash:text soort:text regels:bigint", fact=False),
    _t("signaal", "Gegevens die een bedrijfsregel schenden: opgeslagen en gemarkeerd.",
       "regel:text omschrijving:text tabel:text sleutel:text bron:text batch_id:bigint "
       "gemeentecode:text agb_code:text periode:date bedrag_cent:bigint", fact=False),
    # facts
    _t("aanbieder", "Zorgaanbieders.", "agb_code:text naam:text contractvorm:text", key="agb_code"),
    _t("aanbieder_plafond", "Budgetplafond per aanbieder en jaar.",
       "agb_code:text jaar:int plafond_cent:bigint", key="agb_code jaar"),
    _t("client", "Jeugdigen onder pseudoniem: geboortemaand en geslacht.",
       "client_id:text geboortemaand:date geslacht:text", key="client_id"),
    _t("toewijzing", "Toewijzingen (JW301), met elke wijziging als nieuwe versie.",
       "toewijzingnummer:text client_id:text gemeentecode:text agb_code:text productcategorie:text "
       "productcode:text verwijzer_type:text verwijzer_naam:text toewijzingsdatum:date "
       "ingangsdatum:date einddatum:date volume:bigint eenheid:text frequentie:text "
       "budget_cent:bigint reden_wijziging:text referentie_aanbieder:text", key="toewijzingnummer"),
    _t("zorgperiode", "Start en stop van zorg (JW305/JW307) met reden beëindiging.",
       "toewijzingnummer:text client_id:text gemeentecode:text agb_code:text productcategorie:text "
       "productcode:text begindatum:date einddatum:date reden_beeindiging:text status_aanlevering:text "
       "meldingsdatum:date", key="toewijzingnummer begindatum"),
    _t("verzoek", "Verzoeken om toewijzing of wijziging (JW315/JW317), per gevraagd product.",
       "referentie_aanbieder:text soort:text client_id:text gemeentecode:text agb_code:text "
       "toewijzingnummer:text productcategorie:text productcode:text verwijzer_type:text verwijzer_naam:text "
       "ingangsdatum:date einddatum:date volume:bigint eenheid:text frequentie:text "
       "budget_cent:bigint reden_verzoek:text verzoekdatum:date"),
    _t("verzoek_antwoord", "Antwoorden op verzoeken (JW319): afgewezen of in onderzoek, met de reden.",
       "referentie_aanbieder:text gemeentecode:text agb_code:text antwoord:text reden_afwijzing:text "
       "antwoorddatum:date", key="agb_code referentie_aanbieder"),
    _t("declaratieregel", "Declaratieregels (JW323), debet en credit; hun status staat in declaratie_status.",
       "referentienummer:text vorig_referentienummer:text toewijzingnummer:text client_id:text "
       "gemeentecode:text agb_code:text productcategorie:text productcode:text periode_begin:date "
       "periode_eind:date geleverd_volume:bigint eenheid:text tarief_cent:bigint bedrag_cent:bigint "
       "debet_credit:text declaratiedatum:date declaratienummer:text"),
    _t("declaratie_status", "Status van een declaratieregel (ingediend, toegekend, afgewezen) met "
       "retourcodes (JW325); een definitieve status gaat voor 'ingediend'.",
       "agb_code:text referentienummer:text status:text retourcodes:text statusdatum:date",
       key="agb_code referentienummer"),
    _t("declaratie_antwoord", "Antwoorden op declaraties (JW325): ingediend en toegekend bedrag (credit negatief); "
       "de regels van een beantwoorde declaratie zonder eigen status zijn toegekend.",
       "declaratienummer:text gemeentecode:text agb_code:text antwoorddatum:date ingediend_cent:bigint "
       "toegekend_cent:bigint", key="agb_code declaratienummer"),
    _t("retourcode", "Afkeuringen uit iJw-retourberichten: elke retourcode anders dan 0200.",
       "berichtsoort:text gemeentecode:text agb_code:text identificatie_retour:text meldingsdatum:date "
       "onderwerp:text sleutel:text retourcode:text"),
    _t("wachtlijst", "Wachtlijst per aanbieder en product op een peildatum.",
       "peildatum:date agb_code:text productcategorie:text productcode:text wachtenden:int "
       "gemiddelde_wachttijd_dagen:int langste_wachttijd_dagen:int",
       key="peildatum agb_code productcode"),
    _t("uitkomst", "Uitkomst per beëindigd traject: doelrealisatie en tevredenheid.",
       "toewijzingnummer:text client_id:text gemeentecode:text agb_code:text einddatum:date "
       "doelrealisatie:text tevredenheid:int", key="toewijzingnummer"),
    _t("aanmelding", "Aanmeldingen bij het lokale team en hun uitkomst.",
       "aanmeldingnummer:text client_id:text gemeentecode:text aanmelddatum:date uitkomst:text "
       "toewijzingnummer:text", key="aanmeldingnummer"),
    _t("budget", "Budget per gemeente, jaar en segment (leeg segment: totaal).",
       "gemeentecode:text jaar:int segmentcode:text budget_cent:bigint", key="gemeentecode jaar segmentcode"),
    _t("toelichting", "Het verhaal achter de cijfers: tekst bij een maat, gemeente (leeg: de regio) en periode.",
       "maat:text gemeentecode:text periode:text tekst:text auteur:text", key="maat gemeentecode periode"),
]}

# The current picture of every versioned fact table (see opslag/feiten.py), rebuilt after each load.
ACTUEEL: dict[str, Table] = {
    t.name: Table(f"{t.name}_actueel", t.all_columns, f"Actueel: {t.description}", fact=False)
    for t in TABLES.values() if t.key
}
TABLES.update({t.name: t for t in ACTUEEL.values()})

FACT_TABLES = [t for t in TABLES.values() if t.fact]
REFERENCE_TABLES = ["regio", "gemeente", "jeugdbevolking", "segment", "product", "product_segment", "tarief"]
