"""`stuurwiel synth --formaat ijw`: the synthetic region as iJw 3.2 messages that the official XSDs
accept and that keep every official per-message rule, reproducible per seed, and carrying exactly
the rows of the CSV export of the same seed."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest
from lxml import etree

from stuurwiel.config.regio import lees_regio
from stuurwiel.invoer.ijw import controle
from stuurwiel.synth import genereer, ijw, schrijven
from stuurwiel.synth.ijw import berichten as ijw_berichten
from tests.support.omgeving import SHARED

XSD = SHARED / "reference" / "ijw-3.2" / "xsd"
JAREN = range(2024, 2026)
PEILDATUM = dt.date(2025, 12, 31)
SOORTEN = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325")
BASIS = "{http://www.istandaarden.nl/ijw/3_2/basisschema/schema}"
# what only messages carry (the CSV export leaves it empty) and what a load adds
ALLEEN_IN_BERICHTEN = {"referentie_aanbieder", "declaratienummer", "status_aanlevering", "meldingsdatum", "retourcodes"}
VAN_DE_LADING = {"batch_id", "bron", "rij_sleutel"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def ns(soort: str) -> str:
    return f"{{http://www.istandaarden.nl/ijw/3_2/{soort.lower()}/schema}}"


def archief(map_: Path) -> dict[str, list[tuple[Path, str, etree._Element]]]:
    """Every message under map_ per type: (zip, member name, root)."""
    uit: dict[str, list] = {s: [] for s in SOORTEN}
    for pad in sorted(map_.rglob("*.zip")):
        with zipfile.ZipFile(pad) as z:
            for naam in z.namelist():
                uit[naam[:5]].append((pad, naam, etree.fromstring(z.read(naam), PARSER)))
    return uit


def tabel(uit: Path, naam: str) -> pa.Table:
    s = schrijven.schema(naam)
    opties = pacsv.ConvertOptions(column_types=s, strings_can_be_null=True)
    return pacsv.read_csv(uit / f"{naam}.csv", convert_options=opties).select(s.names)


def tekst(el: etree._Element, pad: str) -> str | None:
    gevonden = el.find(pad)
    return None if gevonden is None else gevonden.text


def alle(berichten: list, element: str, soort: str) -> list[etree._Element]:
    return [el for *_, root in berichten for el in root.iter(ns(soort) + element)]


def met_teken(bedrag: etree._Element, naam: str = "Bedrag") -> int:
    return int(tekst(bedrag, BASIS + naam)) * (-1 if tekst(bedrag, f"{BASIS}DebetCredit") == "C" else 1)


def getekend(prestatie: etree._Element, soort: str) -> int:
    return met_teken(prestatie.find(f"{ns(soort)}IngediendBedrag"))


def kolom(t: pa.Table, naam: str) -> list:
    return pc.cast(t[naam], pa.string()).to_pylist()


@pytest.fixture(scope="module")
def zhz():
    return lees_regio("zhz")


@pytest.fixture(scope="module")
def regio(tmp_path_factory, zhz):
    """The same small region as messages and as CSV."""
    uit = tmp_path_factory.mktemp("ijw")
    s = genereer(zhz, JAREN, seed=1, schaal=0.05, uit=uit / "ijw", formaat="ijw")
    genereer(zhz, JAREN, seed=1, schaal=0.05, uit=uit / "csv")
    return uit / "ijw", s, uit / "csv"


@pytest.fixture(scope="module")
def berichten(regio):
    return archief(regio[0] / "ijw")


# --- (a) the official XSDs -------------------------------------------------------------------

def test_every_message_validates_against_the_official_xsds(berichten):
    for soort, lijst in berichten.items():
        schema = etree.XMLSchema(etree.parse(str(XSD / f"{soort}.xsd"), PARSER))
        for pad, naam, root in lijst:
            assert schema.validate(root.getroottree()), f"{pad.name}/{naam}: {schema.error_log.last_error}"


def test_every_message_keeps_the_official_rules(regio):
    """Planted anomalies are breaches over messages (signals) here; in a larger region a planted duplicate
    claim can fall in one message (below)."""
    assert controle.controleer([regio[0] / "ijw"]) == []


# --- (b) reproducible --------------------------------------------------------------------------

def test_same_seed_same_bytes(regio, zhz, tmp_path):
    uit = regio[0]
    genereer(zhz, JAREN, seed=1, schaal=0.05, uit=tmp_path, formaat="ijw")
    zips = sorted(p.relative_to(uit) for p in uit.rglob("*.zip"))
    assert zips and zips == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.zip"))
    for pad in zips:
        assert (uit / pad).read_bytes() == (tmp_path / pad).read_bytes(), pad


def test_the_csv_tables_give_the_same_messages(regio, tmp_path):
    """The writer needs nothing but the exchange tables: the CSV export makes the same archives."""
    uit, _, csv = regio
    tabellen = {naam: tabel(csv, naam) for naam in ijw.ALS_BERICHT}
    ijw.schrijf(tmp_path, tabellen, seed=1, peildatum=PEILDATUM)
    zips = sorted(p.relative_to(uit / "ijw") for p in (uit / "ijw").rglob("*.zip"))
    assert zips == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.zip"))
    for pad in zips:
        assert (uit / "ijw" / pad).read_bytes() == (tmp_path / pad).read_bytes(), pad


# --- (c) the messages carry the tables ----------------------------------------------------------

def test_claims_are_the_lines_of_the_csv(berichten, regio):
    declaraties = tabel(regio[2], "declaraties")
    prestaties = alle(berichten["JW323"], "Prestatie", "JW323")
    assert len(prestaties) == declaraties.num_rows
    p323 = ns("JW323")
    teken = pc.if_else(pc.equal(declaraties["debet_credit"], "C"), -1, 1)
    bedragen = pc.multiply(declaraties["bedrag_cent"], teken).to_pylist()
    assert sum(getekend(p, "JW323") for p in prestaties) == sum(bedragen)
    gelezen = Counter((tekst(p, f"{p323}ProductReferentie/{BASIS}ReferentieNummer"),
                       tekst(p, f"{p323}ToewijzingNummer"), tekst(p, f"{p323}ProductPeriode/{BASIS}Begindatum"),
                       getekend(p, "JW323")) for p in prestaties)
    assert gelezen == Counter(zip(kolom(declaraties, "referentienummer"), kolom(declaraties, "toewijzingnummer"),
                                  kolom(declaraties, "periode_begin"), bedragen, strict=True))
    for *_, root in berichten["JW323"]:
        totaal = met_teken(root.find(f"{p323}Declaratie/{p323}TotaalIngediendBedrag"), "TotaalBedrag")
        assert totaal == sum(getekend(p, "JW323") for p in root.iter(f"{p323}Prestatie"))


def test_answers_list_exactly_the_rejected_lines(berichten, regio):
    declaraties = tabel(regio[2], "declaraties")
    p323, p325 = ns("JW323"), ns("JW325")
    lijnen = alle(berichten["JW325"], "Prestatie", "JW325")
    afgewezen = declaraties.filter(pc.equal(declaraties["status"], "afgewezen"))
    assert Counter(tekst(p, f"{p325}ProductReferentie/{BASIS}ReferentieNummer") for p in lijnen) == \
        Counter(afgewezen["referentienummer"].to_pylist())
    assert {tekst(p, f"{p325}RetourCodes/{p325}RetourCode") for p in lijnen} <= set(ijw_berichten.RETOURCODES_AFGEWEZEN)
    declaratie = {(tekst(root, f"{p323}Header/{p323}BerichtIdentificatie/{BASIS}Identificatie"),
                   tekst(root, f"{p323}Declaratie/{p323}DeclaratieNummer")): root for *_, root in berichten["JW323"]}
    for *_, root in berichten["JW325"]:
        kop, antwoord = root.find(f"{p325}Header"), root.find(f"{p325}DeclaratieAntwoord")
        assert tekst(kop, f"{p325}BerichtIdentificatie/{BASIS}Dagtekening") <= PEILDATUM.isoformat()
        vraag = declaratie.pop((tekst(kop, f"{p325}DeclaratieIdentificatie/{BASIS}Identificatie"),
                                tekst(antwoord, f"{p325}DeclaratieNummer")))
        ingediend = sum(getekend(p, "JW323") for p in vraag.iter(f"{p323}Prestatie"))
        toegekend = ingediend - sum(getekend(p, "JW325") for p in antwoord.iter(f"{p325}Prestatie"))
        assert met_teken(antwoord.find(f"{p325}TotaalToegekendBedrag"), "TotaalBedrag") == toegekend
        codes = [c.text for c in antwoord.findall(f"{p325}RetourCodes/{p325}RetourCode")]
        assert codes == (["0200"] if antwoord.find(f"{p325}Clienten") is not None else ["8001"])
    # the declarations left unanswered are exactly the lines still ingediend
    open_ = sum(1 for root in declaratie.values() for _ in root.iter(f"{p323}Prestatie"))
    assert open_ == pc.sum(pc.equal(declaraties["status"], "ingediend")).as_py() > 0


def test_allocations_care_periods_and_referrers(berichten, regio):
    csv = regio[2]
    toewijzingen, zorgperioden = tabel(csv, "toewijzingen"), tabel(csv, "zorgperioden")
    producten = alle(berichten["JW301"], "ToegewezenProduct", "JW301")
    assert len(producten) == toewijzingen.num_rows
    p301 = ns("JW301")
    assert Counter((tekst(p, f"{p301}ToewijzingNummer"), tekst(p, f"{p301}Toewijzingsdatum"),
                    tekst(p, f"{p301}Einddatum"), tekst(p, f"{p301}RedenWijziging")) for p in producten) == \
        Counter(zip(*(kolom(toewijzingen, k) for k in ("toewijzingnummer", "toewijzingsdatum", "einddatum",
                                                        "reden_wijziging")), strict=True))
    assert len(alle(berichten["JW305"], "StartProduct", "JW305")) == zorgperioden.num_rows
    gestopt = pc.sum(pc.is_valid(zorgperioden["einddatum"])).as_py()
    assert len(alle(berichten["JW307"], "StopProduct", "JW307")) == gestopt
    # the referrer of a first version comes from the request its ReferentieAanbieder names
    p315 = ns("JW315")
    verzoek = {tekst(p, f"{p315}ReferentieAanbieder"): (tekst(p, f"{p315}Verwijzer/{BASIS}Type"),
                                                        tekst(p, f"{p315}Verwijzer/{BASIS}Naam"))
               for p in alle(berichten["JW315"], "AangevraagdProduct", "JW315")}
    referentie = {tekst(p, f"{p301}ToewijzingNummer"): tekst(p, f"{p301}ReferentieAanbieder")
                  for p in producten if tekst(p, f"{p301}RedenWijziging") is None}
    eerste = toewijzingen.filter(pc.is_null(toewijzingen["reden_wijziging"])).to_pylist()
    assert len(referentie) == len(eerste)
    for r in eerste:
        ref = referentie[r["toewijzingnummer"]]
        if r["verwijzer_type"] is None:
            assert ref == f"ONB{r['toewijzingnummer']}"
        else:
            assert verzoek[ref] == (r["verwijzer_type"], r["verwijzer_naam"])


def test_refused_requests_and_extensions(berichten):
    p315, p319, p317 = ns("JW315"), ns("JW319"), ns("JW317")
    verzocht = [tekst(p, f"{p315}ReferentieAanbieder") for p in alle(berichten["JW315"], "AangevraagdProduct", "JW315")]
    geweigerd = {tekst(root, f"{p319}Antwoord/{p319}ReferentieAanbieder") for *_, root in berichten["JW319"]}
    assert geweigerd == {ref for ref in verzocht if ref.startswith("VA")}
    assert 0.01 < len(geweigerd) / len(verzocht) < 0.06
    assert {tekst(root, f"{p319}Antwoord/{p319}RedenAfwijzingVerzoek") for *_, root in berichten["JW319"]} <= set(
        ijw_berichten.REDENEN_AFWIJZING_VERZOEK)
    genoemd = {p.text for p in alle(berichten["JW301"], "ReferentieAanbieder", "JW301")}
    assert not genoemd & geweigerd
    assert {tekst(root, f"{p317}Client/{p317}Verzoek/{p317}ReferentieAanbieder") for *_, root in berichten["JW317"]} \
        <= genoemd


def test_a_municipality_that_allocated_on_its_own_sends_no_request(regio, tmp_path):
    toewijzingen = tabel(regio[2], "toewijzingen")
    eigen = pc.and_(pc.equal(toewijzingen["verwijzer_type"], "01"), pc.is_null(toewijzingen["reden_wijziging"]))
    nummer = toewijzingen.filter(eigen)["toewijzingnummer"][0].as_py()
    naam = pc.if_else(pc.equal(toewijzingen["toewijzingnummer"], nummer), pa.scalar(None, pa.string()),
                      toewijzingen["verwijzer_naam"])
    tabellen = {n: tabel(regio[2], n) for n in ijw.ALS_BERICHT}
    tabellen["toewijzingen"] = toewijzingen.set_column(toewijzingen.column_names.index("verwijzer_naam"),
                                                       "verwijzer_naam", naam)
    ijw.schrijf(tmp_path, tabellen, seed=1, peildatum=PEILDATUM)
    berichten = archief(tmp_path)
    p301 = ns("JW301")
    eerste = [p for p in alle(berichten["JW301"], "ToegewezenProduct", "JW301")
              if tekst(p, f"{p301}ToewijzingNummer") == nummer and tekst(p, f"{p301}RedenWijziging") is None]
    assert len(eerste) == 1 and tekst(eerste[0], f"{p301}ReferentieAanbieder") is None
    assert f"VZ{nummer}" not in {p.text for p in alle(berichten["JW315"], "ReferentieAanbieder", "JW315")}


def test_toewijzingnummers_that_ijw_cannot_carry_are_refused(regio, tmp_path):
    tabellen = {n: tabel(regio[2], n) for n in ijw.ALS_BERICHT}
    t = tabellen["zorgperioden"]
    tabellen["zorgperioden"] = t.set_column(0, "toewijzingnummer", pa.array(["T-1", *kolom(t, "toewijzingnummer")[1:]]))
    with pytest.raises(ValueError, match="toewijzingnummer 'T-1'"):
        ijw.schrijf(tmp_path, tabellen, seed=1, peildatum=PEILDATUM)


# --- (d) every type, in its place ---------------------------------------------------------------

def test_every_message_type_in_its_municipality_and_month(berichten, regio):
    uit, s, _ = regio
    assert all(berichten[soort] for soort in SOORTEN)
    assert s.berichten == {soort: len(lijst) for soort, lijst in berichten.items()}
    assert s.archieven == len(list((uit / "ijw").rglob("*.zip")))
    assert "berichten in" in s.tekst()
    assert {p.name for p in uit.glob("*.csv")} == {"aanbieders.csv", "plafonds.csv", "wachtlijsten.csv",
                                                  "uitkomsten.csv", "aanmeldingen.csv", "budgetten.csv",
                                                  "onderbouwingen.csv", "lasten.csv", "transitieplannen.csv"}
    for pad in uit.glob("*.csv"):
        assert pad.read_bytes() == (regio[2] / pad.name).read_bytes(), pad.name
    for soort, lijst in berichten.items():
        p = ns(soort)
        for pad, naam, root in lijst:
            kop = root.find(f"{p}Header")
            afzender, ontvanger = tekst(kop, f"{p}Afzender"), tekst(kop, f"{p}Ontvanger")
            identificatie = tekst(kop, f"{p}BerichtIdentificatie/{BASIS}Identificatie")
            assert naam == f"{soort}_{afzender}_{ontvanger}_{identificatie}.xml" and len(identificatie) <= 12
            assert pad.parent.name in (afzender, ontvanger) and re.fullmatch(r"\d{4}", pad.parent.name)
            assert pad.stem == tekst(kop, f"{p}BerichtIdentificatie/{BASIS}Dagtekening")[:7]
    for soort, lijst in berichten.items():
        namen = [naam for _, naam, _ in lijst]
        assert len(set(namen)) == len(namen), soort


# --- a larger region ---------------------------------------------------------------------------

@pytest.mark.slow
def test_a_quarter_of_zhz_keeps_the_rules_and_carries_every_claim(tmp_path, zhz):
    # five times the module's region: more messages per municipality and month, the same rules
    s = genereer(zhz, range(2021, 2026), seed=1, schaal=0.25, uit=tmp_path, formaat="ijw")
    assert set(s.berichten) == set(SOORTEN)
    # the official XSDs and every per-message rule: only a planted duplicate claim whose two lines
    # fall in one message breaks one (TR416)
    bevindingen = controle.controleer([tmp_path / "ijw"], XSD)
    geplant = pacsv.read_csv(tmp_path / "grondwaarheid" / "anomalieen.csv")["soort"].to_pylist()
    assert {b.regel for _, b in bevindingen} <= {"TR416"}
    assert len(bevindingen) <= geplant.count("dubbele_declaratie")
    prestaties = 0
    for pad in sorted((tmp_path / "ijw").rglob("*.zip")):
        with zipfile.ZipFile(pad) as z:
            prestaties += sum(z.read(naam).count(b"<jw323:Prestatie>") for naam in z.namelist()
                              if naam.startswith("JW323"))
    assert prestaties == s.rijen["declaraties"]
