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
TYPEN: dict[str, tuple[str, str, pa.DataType]] = {
    "text": ("VARCHAR", "TEXT", pa.string()),
    "int": ("INTEGER", "INTEGER", pa.int32()),
    "bigint": ("BIGINT", "BIGINT", pa.int64()),
    "double": ("DOUBLE", "DOUBLE PRECISION", pa.float64()),
    "bool": ("BOOLEAN", "BOOLEAN", pa.bool_()),
    "date": ("DATE", "DATE", pa.date32()),
    "timestamp": ("TIMESTAMP", "TIMESTAMP", pa.timestamp("us")),
}

BRONKOLOMMEN = (("batch_id", "bigint"), ("bron", "text"), ("rij_sleutel", "text"))


@dataclass(frozen=True)
class Tabeldefinitie:
    naam: str
    kolommen: tuple[tuple[str, str], ...]
    omschrijving: str
    feit: bool = True  # fact tables carry provenance and are appended by loads
    sleutel: tuple[str, ...] = ()  # natural key: the newest version per key is the current one

    @property
    def alle_kolommen(self) -> tuple[tuple[str, str], ...]:
        return self.kolommen + BRONKOLOMMEN if self.feit else self.kolommen

    @property
    def kolomnamen(self) -> list[str]:
        return [k for k, _ in self.alle_kolommen]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(k, TYPEN[t][2]) for k, t in self.alle_kolommen])

    def ddl(self, dialect: str) -> list[str]:
        i = 0 if dialect == "duckdb" else 1
        kolommen = ",\n  ".join(f"{k} {TYPEN[t][i]}" for k, t in self.alle_kolommen)
        opdrachten = [f"CREATE TABLE IF NOT EXISTS {self.naam} (\n  {kolommen}\n)"]
        # a store made by an earlier release gets the columns added since
        opdrachten += [f"ALTER TABLE {self.naam} ADD COLUMN IF NOT EXISTS {k} {TYPEN[t][i]}"
                       for k, t in self.alle_kolommen]
        # PostgreSQL needs the unique index for ON CONFLICT; DuckDB anti-joins on rij_sleutel
        # instead of keeping an in-memory ART index over every fact row.
        if self.feit and dialect == "postgres":
            opdrachten.append(f"CREATE UNIQUE INDEX IF NOT EXISTS {self.naam}_rij ON {self.naam} (rij_sleutel)")
        return opdrachten


def definitie(naam: str, omschrijving: str, kolommen: str, *, feit: bool = True, sleutel: str = "") -> Tabeldefinitie:
    """A table from its columns written as `naam:type naam:type …`."""
    return Tabeldefinitie(naam, tuple(tuple(deel.split(":")) for deel in kolommen.split()),  # type: ignore[misc]
                          omschrijving, feit, tuple(sleutel.split()))


TABELLEN: dict[str, Tabeldefinitie] = {t.naam: t for t in [
    # reference tables, written from the region configuration by `stuurwiel init`
    definitie("regio", "De regioconfiguratie zoals ingelezen.",
              "code:text naam:text configuratie:text geladen_op:timestamp", feit=False),
    definitie("gemeente", "Gemeenten van de regio.", "gemeentecode:text naam:text subregio:text", feit=False),
    definitie("jeugdbevolking", "Jeugdigen 0-17 en inwoners per gemeente en jaar, met bron.",
              "gemeentecode:text jaar:int jeugdigen_0_17:bigint inwoners:bigint bron:text", feit=False),
    definitie("segment", "Segmenten met hun geldigheid.",
              "segmentcode:text naam:text geldig_van:date geldig_tot:date opgegaan_in:text", feit=False),
    definitie("product", "Regionale productcatalogus op de iJw-productcategorieën.",
              "productcode:text productcategorie:text naam:text eenheid:text", feit=False),
    definitie("norm", "Normenkader per product en jaar: maximale duur (maanden) en intensiteit (volume in de eenheid "
              "per frequentie), het jaar waarin de norm inging, en of afwijken een verklarende analyse vraagt.",
              "productcode:text jaar:int vanaf:int max_duur_maanden:int max_volume:double eenheid:text "
              "frequentie:text verklarende_analyse:bool", feit=False),
    definitie("product_segment", "Segment van een product door de tijd.",
              "productcode:text segmentcode:text geldig_van:date geldig_tot:date", feit=False),
    definitie("tarief", "Tarief per product en jaar (eurocent per eenheid).",
              "productcode:text jaar:int tarief_cent:bigint", feit=False),
    definitie("lastenpost", "De posten van de begroting die niet uit declaraties komen (regio.yaml: begroting).",
              "postcode:text naam:text basis:bool", feit=False),
    # loads
    definitie("batch", "Elke lading: bron, aantallen, wie en wanneer.",
              "batch_id:bigint soort:text gebruiker:text geladen_op:timestamp bestanden:int "
              "regels:bigint nieuw:bigint", feit=False),
    definitie("bronbestand", "Elk geladen bestand met zijn inhoudshash.",
              "batch_id:bigint naam:text hash:text soort:text regels:bigint", feit=False),
    definitie("berichtbevinding", "iJw-regels (TR, CD, CS) die een geladen bericht breekt: het bericht is "
              "opgeslagen en de breuk is een signaal (regel berichtregel). Een BSN in de melding is gemaskeerd.",
              "regel:text retourcode:text berichtsoort:text pad:text melding:text gemeentecode:text "
              "agb_code:text bron:text batch_id:bigint", feit=False),
    definitie("signaal", "Gegevens die een bedrijfsregel schenden: opgeslagen en gemarkeerd, met de officiële "
              "iJw-regels die de regel toetst en hun retourcodes.",
              "regel:text ijw_regel:text retourcode:text omschrijving:text tabel:text sleutel:text bron:text "
              "batch_id:bigint gemeentecode:text agb_code:text periode:date bedrag_cent:bigint", feit=False),
    definitie("signaalopvolging", "De opvolging van signalen: elke wijziging van status, eigenaar of notitie (wie, "
              "wanneer, van welke status naar welke), onder de identiteit van het signaal, zodat ze het opnieuw "
              "berekenen van de signalen na een lading overleeft; de nieuwste regel per signaal is zijn stand.",
              "signaal_id:text volgnummer:bigint tijdstip:timestamp door:text vorige_status:text status:text "
              "eigenaar:text notitie:text bedrag_cent:bigint regel:text omschrijving:text", feit=False),
    # facts
    definitie("aanbieder", "Zorgaanbieders.", "agb_code:text naam:text contractvorm:text", sleutel="agb_code"),
    definitie("aanbieder_plafond", "Budgetplafond per aanbieder en jaar.",
              "agb_code:text jaar:int plafond_cent:bigint", sleutel="agb_code jaar"),
    definitie("client", "Jeugdigen onder pseudoniem: geboortemaand en geslacht.",
              "client_id:text geboortemaand:date geslacht:text", sleutel="client_id"),
    definitie("toewijzing", "Toewijzingen (JW301), met elke wijziging als nieuwe versie.",
              "toewijzingnummer:text client_id:text gemeentecode:text agb_code:text productcategorie:text "
              "productcode:text verwijzer_type:text verwijzer_naam:text toewijzingsdatum:date "
              "ingangsdatum:date einddatum:date volume:bigint eenheid:text frequentie:text "
              "budget_cent:bigint reden_wijziging:text referentie_aanbieder:text", sleutel="toewijzingnummer"),
    definitie("zorgperiode", "Start en stop van zorg (JW305/JW307) met reden beëindiging.",
              "toewijzingnummer:text client_id:text gemeentecode:text agb_code:text productcategorie:text "
              "productcode:text begindatum:date einddatum:date reden_beeindiging:text status_aanlevering:text "
              "meldingsdatum:date", sleutel="toewijzingnummer begindatum"),
    definitie("verzoek", "Verzoeken om toewijzing of wijziging (JW315/JW317), per gevraagd product.",
              "referentie_aanbieder:text soort:text client_id:text gemeentecode:text agb_code:text "
              "toewijzingnummer:text productcategorie:text productcode:text verwijzer_type:text verwijzer_naam:text "
              "ingangsdatum:date einddatum:date volume:bigint eenheid:text frequentie:text "
              "budget_cent:bigint reden_verzoek:text verzoekdatum:date"),
    definitie("verzoek_antwoord", "Antwoorden op verzoeken (JW319): afgewezen of in onderzoek, met de reden.",
              "referentie_aanbieder:text gemeentecode:text agb_code:text antwoord:text reden_afwijzing:text "
              "antwoorddatum:date", sleutel="agb_code referentie_aanbieder"),
    definitie("declaratieregel", "Declaratieregels (JW323), debet en credit; hun status staat in declaratie_status.",
              "referentienummer:text vorig_referentienummer:text toewijzingnummer:text client_id:text "
              "gemeentecode:text agb_code:text productcategorie:text productcode:text periode_begin:date "
              "periode_eind:date geleverd_volume:bigint eenheid:text tarief_cent:bigint bedrag_cent:bigint "
              "debet_credit:text declaratiedatum:date declaratienummer:text"),
    definitie("declaratie_status", "Status van een declaratieregel (ingediend, toegekend, afgewezen) met "
              "retourcodes (JW325); een definitieve status gaat voor 'ingediend'.",
              "agb_code:text referentienummer:text status:text retourcodes:text statusdatum:date",
              sleutel="agb_code referentienummer"),
    definitie("declaratie_antwoord", "Antwoorden op declaraties (JW325): ingediend en toegekend bedrag (credit "
              "negatief); de regels van een beantwoorde declaratie zonder eigen status zijn toegekend.",
              "declaratienummer:text gemeentecode:text agb_code:text antwoorddatum:date ingediend_cent:bigint "
              "toegekend_cent:bigint", sleutel="agb_code declaratienummer"),
    definitie("retourcode", "Afkeuringen uit iJw-retourberichten: elke retourcode anders dan 0200.",
              "berichtsoort:text gemeentecode:text agb_code:text identificatie_retour:text meldingsdatum:date "
              "onderwerp:text sleutel:text retourcode:text"),
    definitie("wachtlijst", "Wachtlijst per aanbieder en product op een peildatum.",
              "peildatum:date agb_code:text productcategorie:text productcode:text wachtenden:int "
              "gemiddelde_wachttijd_dagen:int langste_wachttijd_dagen:int",
              sleutel="peildatum agb_code productcode"),
    definitie("uitkomst", "Uitkomst per beëindigd traject: doelrealisatie en tevredenheid.",
              "toewijzingnummer:text client_id:text gemeentecode:text agb_code:text einddatum:date "
              "doelrealisatie:text tevredenheid:int", sleutel="toewijzingnummer"),
    definitie("aanmelding", "Aanmeldingen bij het lokale team en hun uitkomst.",
              "aanmeldingnummer:text client_id:text gemeentecode:text aanmelddatum:date uitkomst:text "
              "toewijzingnummer:text herkomst:text", sleutel="aanmeldingnummer"),
    definitie("transitieplan", "Het 16+-plan voor de overgang naar hulp voor volwassenen, per toewijzing.",
              "toewijzingnummer:text datum:date", sleutel="toewijzingnummer"),
    definitie("budget", "Budget per gemeente, jaar en segment (leeg segment: totaal) of lastenpost.",
              "gemeentecode:text jaar:int segmentcode:text budget_cent:bigint postcode:text",
              sleutel="gemeentecode jaar segmentcode postcode"),
    definitie("lasten", "Kosten die niet uit declaraties komen, per gemeente, lastenpost en maand.",
              "gemeentecode:text postcode:text jaar:int maand:int bedrag_cent:bigint",
              sleutel="gemeentecode postcode jaar maand"),
    # audit samples: the draw, its lines, and the findings of the file check (the control role only)
    definitie("steekproef", "Elke trekking: populatie met vingerafdruk, methode, omvang, zaad, planning, wie en "
              "wanneer; genoeg om de trekking te herhalen.",
              "trekking_id:text jaar:int populatie:text definitie:text vingerafdruk:text populatie_aantal:bigint "
              "populatie_cent:bigint methode:text omvang:int zaad:bigint risico_pct:double tolerantie_pct:double "
              "verwacht_pct:double materialiteit_cent:bigint getrokken_door:text getrokken_op:timestamp",
              feit=False),
    definitie("steekproefpost", "De getrokken posten van een trekking (sleutel, bedrag, treffers).",
              "trekking_id:text volgnummer:int sleutel:text bedrag_cent:bigint treffers:int", feit=False),
    definitie("steekproefbevinding", "Het oordeel per getrokken post (goed, fout, onzeker), het juiste bedrag en "
              "de toelichting, met wie het verwerkte en wanneer.",
              "trekking_id:text volgnummer:int sleutel:text oordeel:text juist_cent:bigint toelichting:text "
              "verwerkt_door:text verwerkt_op:timestamp", feit=False),
    definitie("onderbouwing", "Onderbouwingen (verklarende analyses) van een toewijzing boven de norm: wie, wanneer, "
              "welke soort en een korte samenvatting zonder persoonsgegevens.",
              "toewijzingnummer:text datum:date auteur:text soort:text samenvatting:text",
              sleutel="toewijzingnummer datum soort"),
    definitie("beleidscyclus", "Elke versie van de beleidscyclus (cyclus.yaml, de negen stappen per thema): het "
              "bestand zoals geladen, zijn hash, wie het laadde en wanneer; de nieuwste versie geldt.",
              "versie:int bestand:text hash:text inhoud:text geladen_door:text geladen_op:timestamp", feit=False),
    definitie("doelenregister", "Elke versie van de doelen (doelen.yaml): het volledige register als YAML, met wie "
              "het vastlegde, wanneer en hoe; de hoogste versie geldt.",
              "versie:int inhoud:text door:text vastgelegd_op:timestamp bron:text", feit=False),
    definitie("toelichting", "Het verhaal achter de cijfers: tekst bij een maat, gemeente (leeg: de regio) en "
              "periode.", "maat:text gemeentecode:text periode:text tekst:text auteur:text",
              sleutel="maat gemeentecode periode"),
]}

# The current picture of every versioned fact table (see opslag/feiten.py), rebuilt after each load.
ACTUEEL: dict[str, Tabeldefinitie] = {
    t.naam: Tabeldefinitie(f"{t.naam}_actueel", t.alle_kolommen, f"Actueel: {t.omschrijving}", feit=False)
    for t in TABELLEN.values() if t.sleutel
}
TABELLEN.update({t.naam: t for t in ACTUEEL.values()})
