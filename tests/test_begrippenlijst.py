"""The definitions list and the term check (`stuurwiel begrippen`): the five seed documents against a
two-term list, every reported place checked against the documents themselves; each document format
read with its places (line, page, paragraph); broken, encrypted and unknown documents and bad lists
refused with a Dutch message; the catalogue's own list written and read back."""

from __future__ import annotations

import json
import re

import pytest

from stuurwiel.maten.catalogus import CATALOGUS
from tests.support.helpers import cli
from tests.support.omgeving import SHARED

pytestmark = pytest.mark.unit

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
PEILDATUM = "2026-12-03"
TWEE = """
begrippen:
  - term: jeugdige
    definitie: Persoon die de leeftijd van achttien jaar nog niet heeft bereikt.
    bron: Jeugdwet, artikel 1.1
    vermijden: [cliënt, inwoner]
    eigenaar: beleidsadviseur jeugd
    laatst_beoordeeld: 2026-06-01
  - term: jeugdteam
    definitie: Het team dat namens de gemeente de toegang tot jeugdhulp verzorgt.
    bron: Regionaal beleidsplan
    vermijden: [wijkteam]
    eigenaar: beleidsadviseur toegang
    laatst_beoordeeld: 2024-01-15
"""


@pytest.fixture
def lijst(tmp_path):
    pad = tmp_path / "begrippen.yaml"
    pad.write_text(TWEE, encoding="utf-8")
    return pad


def _controle(lijst, *documenten) -> list[dict]:
    r = cli("begrippen", "controleer", "--lijst", str(lijst), "--peildatum", PEILDATUM, "--formaat", "json",
            *map(str, documenten))
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _plekken(tekst: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", tekst)]


def _seed(naam_begin: str) -> list[str]:
    pad = next(p for p in SEEDS if p.name.startswith(naam_begin))
    return pad.read_text(encoding="utf-8").splitlines()


def test_the_seed_documents_show_their_undefined_abbreviations_and_avoided_synonyms_where_they_stand(lijst):
    assert len(SEEDS) == 5
    rijen = _controle(lijst, *SEEDS)
    vind = {(r["soort"], r["term"], r["document"][:3]): r for r in rijen if r["document"]}

    brta = vind[("afkorting zonder definitie", "BRTA", "004")]
    sjt = vind[("afkorting zonder definitie", "SJT", "000")]
    assert brta["aantal"] == 11 and brta["plekken"].startswith("regel 31, 392, 394")
    assert sjt["plekken"] == "regel 39, 56, 64, 151, 216"
    assert ("afkorting zonder definitie", "SJT", "001") in vind and ("afkorting zonder definitie", "GGZ", "004") in vind
    # by hand: 004 line 31 names the arrangement "(BRTA)", 000 line 56 "DVO sluiten met SJT"
    assert "(BRTA)" in _seed("004")[30] and _seed("000")[55].strip() == "3. DVO sluiten met SJT"
    wijk = vind[("vermeden synoniem", "wijkteams", "002")]
    assert wijk["begrip"] == "jeugdteam" and wijk["toelichting"] == "gebruik 'jeugdteam'"
    clienten = vind[("vermeden synoniem", "cliënten", "002")]
    assert clienten["begrip"] == "jeugdige" and 1081 in _plekken(clienten["plekken"])
    assert "‘cliënten’ (een begrip uit de Wmo 2015)" in _seed("002")[1080]
    # every place reported holds what was found there (a line per place in a text file)
    for r in rijen:
        if r["document"] and r["soort"] in ("afkorting zonder definitie", "vermeden synoniem"):
            regels = _seed(r["document"][:3])
            for n in _plekken(r["plekken"]):
                assert r["term"].lower() in regels[n - 1].lower(), (r, n)
    # the defined term in its plural is a use, not an undefined term; a Roman numeral is no abbreviation
    assert not [r for r in rijen if r["term"] in ("jeugdteams", "jeugdigen", "II", "IV")]
    assert [(r["soort"], r["term"]) for r in rijen if not r["document"]] == [
        ("definitie niet herzien", "jeugdteam")]
    herzien = next(r for r in rijen if r["soort"] == "definitie niet herzien")
    assert herzien["toelichting"].startswith("laatst beoordeeld op 2024-01-15, meer dan 12 maanden voor 2026-12-03")


def _html(pad, alineas):
    from weasyprint import HTML

    html = "".join(f'<p style="page-break-after: always">{a}</p>' for a in alineas)
    HTML(string=f"<html><body>{html}</body></html>").write_pdf(pad)


def _docx(pad, alineas):
    import docx

    d = docx.Document()
    d.add_paragraph(alineas[0])
    tabel = d.add_table(rows=1, cols=1)
    tabel.cell(0, 0).text = alineas[1]
    for a in alineas[2:]:
        d.add_paragraph(a)
    d.save(pad)


ALINEAS = ["Elke jeugdige krijgt passende hulp van de SOJ.", "De GI werkt samen met het jeugdteam.",
           "Een cliënt meldt zich bij het wijkteam."]


@pytest.mark.parametrize("soort, eenheid", [("txt", "regel"), ("md", "regel"), ("pdf", "pagina"),
                                            ("docx", "alinea")])
def test_every_format_is_read_with_its_places(lijst, tmp_path, soort, eenheid):
    pad = tmp_path / f"beleid.{soort}"
    if soort == "pdf":
        _html(pad, ALINEAS)
    elif soort == "docx":
        _docx(pad, ALINEAS)
    else:
        pad.write_text(("# Beleid\n" if soort == "md" else "") + "\n".join(ALINEAS) + "\n", encoding="utf-8")
    verschuiving = 1 if soort == "md" else 0
    rijen = {(r["soort"], r["term"]): r for r in _controle(lijst, pad)}
    assert rijen[("vermeden synoniem", "cliënt")]["plekken"] == f"{eenheid} {3 + verschuiving}"
    assert rijen[("vermeden synoniem", "wijkteam")]["plekken"] == f"{eenheid} {3 + verschuiving}"
    assert rijen[("afkorting zonder definitie", "SOJ")]["plekken"] == f"{eenheid} {1 + verschuiving}"
    assert rijen[("afkorting zonder definitie", "GI")]["plekken"] == f"{eenheid} {2 + verschuiving}"
    assert {k for k in rijen if k[0] == "begrip niet gebruikt"} == set()


def test_a_term_used_nowhere_and_a_recurring_undefined_term_are_reported(lijst, tmp_path):
    pad = tmp_path / "nota.txt"
    pad.write_text("De zorgaanbieder levert.\n" * 4 + "Twee zorgaanbieders leveren.\n", encoding="utf-8")
    rijen = {(r["soort"], r["term"]): r for r in _controle(lijst, pad)}
    assert rijen[("terugkerende term zonder definitie", "zorgaanbieder")]["aantal"] == 5
    assert rijen[("terugkerende term zonder definitie", "zorgaanbieder")]["plekken"] == "regel 1, 2, 3, 4, 5"
    assert {t for s, t in rijen if s == "begrip niet gebruikt"} == {"jeugdige", "jeugdteam"}


def _versleutelde_pdf(pad):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("geheim")
    with pad.open("wb") as f:
        w.write(f)


@pytest.mark.parametrize("naam, maak, melding", [
    ("kapot.pdf", lambda p: p.write_bytes(b"%PDF-1.7\nrommel"), "kapot.pdf: geen leesbare PDF"),
    ("slot.pdf", _versleutelde_pdf, "slot.pdf: de PDF is versleuteld"),
    ("kapot.docx", lambda p: p.write_bytes(b"PK\x03\x04rommel"), "kapot.docx: geen leesbaar Word-document"),
    ("slot.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
     "slot.docx: versleuteld (met een wachtwoord beveiligd) of een oud Word-bestand"),
    ("oud.doc", lambda p: p.write_bytes(b"x"), "oud.doc: onbekende soort document '.doc'"),
    ("binair.txt", lambda p: p.write_bytes(b"a\0b"), "binair.txt: geen tekstbestand"),
])
def test_a_document_that_cannot_be_read_is_refused_in_dutch_without_a_traceback(lijst, tmp_path, naam, maak,
                                                                                   melding):
    pad = tmp_path / naam
    maak(pad)
    r = cli("begrippen", "controleer", "--lijst", str(lijst), str(pad))
    assert r.exit_code == 1
    assert melding in " ".join(r.stderr.split()) and "Traceback" not in r.output


@pytest.mark.parametrize("oud, nieuw, melding", [
    ("vermijden: [wijkteam]", "vermijden: [jeugdige]",
     "'jeugdige' staat bij 'jeugdteam' als te vermijden, maar is zelf een begrip van de lijst"),
    ("  - term: jeugdteam", "  - term: Jeugdige", "begrip 'jeugdige' staat meer dan eens in de lijst"),
    ("    eigenaar: beleidsadviseur toegang\n", "", "begrippen[1].eigenaar: ontbreekt"),
    ("laatst_beoordeeld: 2024-01-15", "laatst_beoordeeld: 2024-13-15",
     "begrippen[1].laatst_beoordeeld: is geen geldige datum"),
])
def test_a_bad_list_is_refused_with_its_place(tmp_path, oud, nieuw, melding):
    pad = tmp_path / "begrippen.yaml"
    pad.write_text(TWEE.replace(oud, nieuw), encoding="utf-8")
    doc = tmp_path / "nota.txt"
    doc.write_text("tekst\n", encoding="utf-8")
    r = cli("begrippen", "controleer", "--lijst", str(pad), str(doc))
    assert r.exit_code == 1 and melding in " ".join(r.stderr.split()), r.stderr


def test_the_catalogue_list_is_written_and_read_back_with_every_measure_definition(tmp_path):
    pad = tmp_path / "begrippen.yaml"
    assert cli("begrippen", "maak", "--uit", str(pad)).exit_code == 0
    from stuurwiel.invoer.begrippenlijst import lees_lijst

    lijst = lees_lijst(pad)
    assert len(lijst.begrippen) == len(CATALOGUS)
    bron = {b.bron: b for b in lijst.begrippen}
    kosten = bron["Stuurwiel, maatcatalogus: maat kosten (docs/maten.md)"]
    assert kosten.term == "Kosten gedeclareerd" and kosten.definitie == " ".join(CATALOGUS["kosten"].definitie.split())
    assert {"Trajectduur", "Trajectduur (90e percentiel)"} <= {b.term for b in lijst.begrippen}
    # without --lijst the check uses the same list
    doc = tmp_path / "nota.md"
    doc.write_text("De kosten gedeclareerd stegen; de trajectduur ook.\n", encoding="utf-8")
    r = cli("begrippen", "controleer", "--formaat", "json", str(doc))
    ongebruikt = {x["term"] for x in json.loads(r.stdout) if x["soort"] == "begrip niet gebruikt"}
    assert "Kosten gedeclareerd" not in ongebruikt and "Trajectduur" not in ongebruikt and "Uitval" in ongebruikt


def test_a_phrase_matches_across_tabs_and_double_spaces_and_the_longest_term_wins(tmp_path):
    pad = tmp_path / "begrippen.yaml"
    pad.write_text(TWEE.replace("vermijden: [wijkteam]", "vermijden: [sociaal team]") + """
  - term: lokaal jeugdteam
    definitie: Het jeugdteam van één gemeente.
    bron: Regionaal beleidsplan
    eigenaar: beleidsadviseur toegang
    laatst_beoordeeld: 2026-06-01
""", encoding="utf-8")
    doc = tmp_path / "tabel.txt"
    doc.write_text("Het sociaal\tteam en het  sociaal team.\nHet lokaal\tjeugdteam.\n", encoding="utf-8")
    rijen = _controle(pad, doc)
    synoniem = next(r for r in rijen if r["soort"] == "vermeden synoniem")
    assert (synoniem["term"], synoniem["aantal"], synoniem["plekken"]) == ("sociaal team", 2, "regel 1")
    # 'lokaal jeugdteam' is used (line 2); 'jeugdteam' and 'jeugdige' are not
    assert {r["term"] for r in rijen if r["soort"] == "begrip niet gebruikt"} == {"jeugdige", "jeugdteam"}
