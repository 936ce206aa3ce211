"""The reports end to end on a small synthetic region: every figure read back from the HTML,
the XLSX and the PDF equals the catalogue measure it shows; PDF pages are not blank; small
counts are suppressed and no pseudonym is ever printed."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.periode import ontleed_periode
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.regio import Privacy, lees_regio
from stuurwiel.maten.catalogus import maat
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import VOLLEDIG, Bereik
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.toepassing.meter import Meter
from stuurwiel.toepassing.vraag import Vraag
from stuurwiel.uitvoer.rapporten import bouw, schrijf
from stuurwiel.uitvoer.weergave.excel import GELD, NAAR_XLSX, decimalen, getalformaat, kop
from stuurwiel.uitvoer.weergave.excel import waarde as exportwaarde
from tests.support.cijfers import Naslag, gelijk, lees_html
from tests.support.helpers import cli

pytestmark = pytest.mark.slow

RAPPORTEN = {"maand": ("2025-08", "0505"), "kwartaal": ("2025-Q3", None), "jaar": ("2025", None)}
TOELICHTINGEN = [
    ("kosten", "0505", "2025-08", "Twee plaatsingen in een gezinshuis verklaren de stijging.", "analist"),
    ("uitval", "", "2025-Q3", "Twee aanbieders stopten in juli met ambulante hulp.", "contractmanager"),
]


@pytest.fixture(scope="module")
def regio_store(tmp_path_factory):
    from stuurwiel.synth import genereer

    tmp = tmp_path_factory.mktemp("rapporten")
    mp = pytest.MonkeyPatch()
    mp.setenv("STUURWIEL_SLEUTEL", str(tmp / "k.sleutel"))
    bron = tmp / "bron"
    genereer(lees_regio("zhz"), range(2021, 2026), seed=3, schaal=0.05, uit=bron)
    opslag = Opslag.open(str(tmp / "s.duckdb"))
    initialiseer(opslag, lees_regio(bron / "regio.yaml"))
    laad(opslag, [bron])
    with (tmp / "toelichtingen.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["maat", "gemeentecode", "periode", "tekst", "auteur"])
        w.writerows(TOELICHTINGEN)
    laad(opslag, [tmp / "toelichtingen.csv"], soort="toelichting")
    yield opslag, tmp
    opslag.sluit()
    mp.undo()


@pytest.fixture(scope="module")
def rapporten(regio_store):
    """The three reports for an audience without case-level rights, in every format."""
    opslag, tmp = regio_store
    meter = Meter(opslag, Bereik(privacy=opslag.regio().privacy))
    out = {}
    for soort, (periode, gemeente) in RAPPORTEN.items():
        vraag = Vraag("rapport", (ontleed_periode(periode),), selectie=Selectie.van(gemeente=gemeente),
                      bereik=meter.bereik)
        r = bouw(meter, vraag, soort)
        out[soort] = (r, {p.suffix[1:]: p for p in schrijf(r, ["html", "pdf", "xlsx"], tmp / "uit")})
    return out


# --- reading the outputs back ---------------------------------------------------------------

# --- the tests --------------------------------------------------------------------------------

@pytest.mark.parametrize("soort", RAPPORTEN)
def test_every_figure_in_the_html_equals_the_catalogue_measure(regio_store, rapporten, soort):
    opslag, _ = regio_store
    privacy = opslag.regio().privacy
    figuren = lees_html(rapporten[soort][1]["html"].read_text(encoding="utf-8"))
    assert len(figuren) > 100
    naslag = Naslag(opslag, Bereik(privacy=privacy))
    naslag.vooraf([(f["data-maat"], f["data-periode"], json.loads(f["data-sleutels"])) for f in figuren])
    for f in figuren:
        waarde, onderdrukt = naslag(f["data-maat"], f["data-periode"], json.loads(f["data-sleutels"]))
        getoond = None if f["data-waarde"] == "" else float(f["data-waarde"])
        assert gelijk(getoond, waarde) and (f["data-onderdrukt"] == "1") == onderdrukt, f
        eenheid = maat(f["data-maat"]).eenheid  # on its own, or as its column of amounts reads:
        assert f["tekst"] in {notatie.waarde(waarde, eenheid, onderdrukt, "<8", kolomschaal=s)
                              for s in (notatie.GEEN_SCHAAL, None, 1, 2)}, f


@pytest.mark.parametrize("soort", RAPPORTEN)
def test_every_figure_in_the_xlsx_equals_the_catalogue_measure(regio_store, rapporten, soort):
    opslag, _ = regio_store
    r, paden = rapporten[soort]
    wb = openpyxl.load_workbook(paden["xlsx"])
    assert wb.sheetnames[0] == "Kerncijfers" and wb.sheetnames[-1] == "Bronnen"
    naslag = Naslag(opslag, Bereik(privacy=opslag.regio().privacy))
    naslag.vooraf([(c.maat, c.periode, dict(c.sleutels)) for c in r.cellen])
    gezien = 0
    for o, ws in zip(r.onderdelen, wb.worksheets[1:-1]):
        zichtbaar = o.tabel.voor_mensen
        assert ws["A1"].value == o.tabel.titel
        assert [c.value for c in ws[3]] == [kop(o.tabel.kolommen[k]) for k in zichtbaar]
        for i, rij in enumerate(o.tabel.rijen):
            assert ws.cell(row=4 + i, column=1).value == rij[zichtbaar[0]].waarde
            for j, k in enumerate(zichtbaar[1:]):
                c, xl = rij[k], ws.cell(row=4 + i, column=2 + j)
                if c.maat is None:  # not a catalogue figure (not applicable, or a forecast): as the renderer exports it
                    verwacht = exportwaarde(c, "<8")
                    assert gelijk(xl.value, verwacht) if isinstance(verwacht, float) else xl.value == verwacht, \
                        (o.titel, c)
                    continue
                waarde, onderdrukt = naslag(c.maat, c.periode, dict(c.sleutels))
                factor = NAAR_XLSX.get(c.eenheid, 1)
                formaat = getalformaat(c.eenheid, decimalen(c, o.tabel.kolommen[k]))
                if onderdrukt:
                    assert xl.value == notatie.onderdrukt_als(c.eenheid, "<8")
                elif waarde is None:
                    assert xl.value is None
                else:
                    marge = 0.005 if c.eenheid in GELD else 0  # euros to the cent
                    assert isinstance(xl.value, int | float) and xl.value == pytest.approx(
                        waarde * factor, rel=1e-9, abs=marge), (o.titel, c)
                    assert xl.number_format == formaat
                gezien += 1
    assert gezien > 100
    kern = wb["Kerncijfers"]
    kopregel = 4  # under the title, the warning about recent months and a blank line
    koppen = [c.value for c in kern[kopregel]]
    regio = ["regio"] if soort == "maand" else []  # only a municipality's report compares with the region
    assert koppen == ["kerncijfer", "waarde", "vorig jaar", *regio, "lezing", "toelichting"]
    for i, k in enumerate(r.kerncijfers):
        rij = dict(zip(koppen, (c.value for c in kern[kopregel + 1 + i]), strict=True))
        assert rij["kerncijfer"] == k.label and rij["lezing"] == k.lezing
        for kolom, c in (("waarde", k.cel), ("vorig jaar", k.vorig_jaar), ("regio", k.regio)):
            if c is None:
                assert rij.get(kolom) is None
                continue
            waarde, onderdrukt = naslag(c.maat, c.periode, dict(c.sleutels))
            factor = NAAR_XLSX.get(c.eenheid, 1)
            getoond = notatie.onderdrukt_als(c.eenheid, "<8") if onderdrukt else pytest.approx(waarde * factor, abs=0.005)
            assert rij[kolom] == getoond, (k.label, kolom)


def _tekst(c, kolomschaal=notatie.GEEN_SCHAAL) -> str:
    return notatie.waarde(c.waarde, c.eenheid, c.onderdrukt, "<8", kolomschaal=kolomschaal)


def pdf_tekst(pad: Path) -> list[str]:
    uit = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pad), "-"], capture_output=True, check=True, text=True)
    return uit.stdout.split("\f")[:-1]


@pytest.mark.parametrize("soort", RAPPORTEN)
def test_pdf_text_shows_the_figures_and_every_page_its_sources(rapporten, soort):
    r, paden = rapporten[soort]
    paginas = pdf_tekst(paden["pdf"])
    assert len(paginas) >= 4
    for i, tekst in enumerate(paginas, start=1):
        vlak = " ".join(tekst.split())
        assert f"pagina {i} van {len(paginas)}" in vlak
        vlak = vlak.replace(f"pagina {i} van {len(paginas)} ", "")
        assert f"gegevens t/m {notatie.datum(r.herkomst.stand)}" in vlak and "bronnen: aanbieders, aanmeldingen" in vlak
    vlak = " ".join(" ".join(paginas).split())
    for k in r.kerncijfers:
        assert _tekst(k.cel) in vlak and k.lezing in vlak
    compact = "".join(vlak.split())  # pdftotext drops the narrow space in a right-aligned "€ 0"
    for o in r.onderdelen:
        if o.grafiek is None:  # tables printed as they are, every amount as its column reads
            for rij in o.tabel.rijen:
                for i, c in enumerate(rij):
                    if c.maat is not None:
                        assert "".join(_tekst(c, o.tabel.euroschaal(i)).split()) in compact, (o.titel, c)


def grijs_per_pagina(pad: Path, tmp: Path) -> list[float]:
    """The share of dark pixels above the footer of each page (pdftoppm, greyscale PGM)."""
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pad), str(tmp / "p")], check=True)
    out = []
    for pgm in sorted(tmp.glob("p-*.pgm")):
        data = pgm.read_bytes()
        velden = data.split(maxsplit=4)
        breedte, hoogte = int(velden[1]), int(velden[2])
        pixels = velden[4][: breedte * hoogte]
        boven = pixels[: breedte * int(hoogte * 0.88)]
        out.append(sum(1 for b in boven if b < 200) / len(boven))
    return out


@pytest.mark.parametrize("soort", RAPPORTEN)
def test_pdf_pages_are_not_blank(rapporten, soort, tmp_path):
    donker = grijs_per_pagina(rapporten[soort][1]["pdf"], tmp_path)
    assert len(donker) >= 4 and min(donker) > 0.005, donker


def test_no_pseudonym_is_ever_printed(regio_store, rapporten):
    opslag, _ = regio_store
    pseudoniemen = {c for (c,) in opslag.rijen("SELECT DISTINCT client_id FROM client")}
    assert len(pseudoniemen) > 100
    for _, paden in rapporten.values():
        teksten = [paden["html"].read_text(encoding="utf-8"), "\n".join(pdf_tekst(paden["pdf"]))]
        wb = openpyxl.load_workbook(paden["xlsx"])
        teksten += [str(c.value) for ws in wb.worksheets for rij in ws.iter_rows() for c in rij if c.value]
        alles = "\n".join(teksten)
        assert not [p for p in pseudoniemen if p in alles]


def test_small_counts_are_suppressed_in_the_outputs(rapporten):
    r, paden = rapporten["maand"]
    verborgen = [c for c in r.cellen if c.onderdrukt]
    assert verborgen and all(c.waarde is None for c in verborgen)
    html = paden["html"].read_text(encoding="utf-8")
    assert ">&lt;8<" in html
    aantallen = [c for c in r.cellen if c.eenheid == "aantal" and maat(c.maat).privacy == "personen" and c.waarde]
    assert aantallen and all(c.waarde % 5 == 0 and c.waarde >= 8 for c in aantallen)


def test_other_privacy_settings_and_the_internal_report(regio_store, tmp_path):
    opslag, _ = regio_store
    vraag = Vraag("rapport", (ontleed_periode("2025-08"),), selectie=Selectie.van(gemeente="0505"),
                  bereik=Bereik(privacy=Privacy(afronding=10, drempel=20)))
    streng = bouw(Meter.voor(opslag, vraag), vraag, "maand")
    aantallen = [c for c in streng.cellen if maat(c.maat).privacy == "personen" and not c.onderdrukt]
    assert aantallen and all(c.waarde % 10 == 0 and c.waarde >= 20 for c in aantallen)
    html = schrijf(streng, ["html"], tmp_path)[0].read_text(encoding="utf-8")
    assert "&lt;20" in html and "&lt;8<" not in html
    vraag = vraag.met(bereik=VOLLEDIG)
    intern = bouw(Meter.voor(opslag, vraag), vraag, "maand")
    assert not any(c.onderdrukt for c in intern.cellen)
    assert any(c.waarde % 5 for c in intern.cellen if maat(c.maat).privacy == "personen" and c.waarde)


def test_annotations_are_printed_beside_their_figure(rapporten):
    maand, paden = rapporten["maand"]
    kosten = next(k for k in maand.kerncijfers if k.cel.maat == "kosten")
    assert [t.tekst for t in kosten.toelichtingen] == [TOELICHTINGEN[0][3]]
    html = paden["html"].read_text(encoding="utf-8")
    kaart = html[html.index(">Kosten gedeclareerd dit jaar tot nu<"):]
    assert kaart.index(TOELICHTINGEN[0][3]) < kaart.index("</article>")
    assert TOELICHTINGEN[0][3] in " ".join(" ".join(pdf_tekst(paden["pdf"])).split())
    kwartaal, paden = rapporten["kwartaal"]
    uitval = [o for o in kwartaal.onderdelen if "uitval" in o.maten]
    assert uitval and all(TOELICHTINGEN[1][3] in str(t) for o in uitval for t in o.toelichtingen)
    assert TOELICHTINGEN[1][3] in " ".join(" ".join(pdf_tekst(paden["pdf"])).split())
    assert not any(t.tekst == TOELICHTINGEN[1][3] for o in maand.onderdelen for t in o.toelichtingen)


def _kopie(opslag: Opslag, tmp_path: Path) -> str:
    """A copy of the store for the CLI, which opens its own (read-only) connection."""
    opslag.voer_uit("CHECKPOINT")
    db = str(tmp_path / "kopie.duckdb")
    shutil.copy(opslag.url, db)
    return db


def test_rapport_commands(regio_store, tmp_path):
    opslag, _ = regio_store
    db = _kopie(opslag, tmp_path)
    uit = tmp_path / "uit"
    r = cli("rapport", "maand", "--gemeente", "0505", "--periode", "2025-08", "--html", "--uit", str(uit), "--db", db)
    assert r.exit_code == 0 and [p.name for p in uit.iterdir()] == ["maandrapportage-0505-2025-08.html"]
    r = cli("rapport", "jaar", "--jaar", "2025", "--xlsx", "--intern", "--uit", str(uit), "--db", db)
    assert r.exit_code == 0 and (uit / "jaarrapportage-2025.xlsx").exists()
    r = cli("rapport", "kwartaal", "--periode", "2025-08", "--db", db)
    assert r.exit_code == 1 and "geen kwartaal" in r.output
    r = cli("rapport", "maand", "--gemeente", "0363", "--periode", "2025-08", "--db", db)
    assert r.exit_code == 1 and "hoort niet bij deze regio" in r.output


def test_one_command_makes_every_municipalitys_monthly_report_each_as_it_is_alone(regio_store, tmp_path):
    """Without --gemeente: a monthly report for every municipality of the region, from one computation of
    the figures and with the files made in worker processes; each is the report made for it alone."""
    opslag, _ = regio_store
    db = _kopie(opslag, tmp_path)
    alle, los = tmp_path / "alle", tmp_path / "los"
    r = cli("rapport", "maand", "--periode", "2025-08", "--html", "--xlsx", "--uit", str(alle), "--db", db)
    assert r.exit_code == 0, r.output
    codes = sorted(opslag.regio().gemeente_codes)
    namen = sorted(f"maandrapportage-{c}-2025-08.{f}" for c in codes for f in ("html", "xlsx"))
    assert sorted(p.name for p in alle.iterdir()) == namen and len(codes) == 10
    assert r.output.count("Geschreven: ") == len(namen)
    for code in ("0505", codes[-1]):
        r = cli("rapport", "maand", "--periode", "2025-08", "--gemeente", code, "--html", "--uit", str(los), "--db", db)
        assert r.exit_code == 0, r.output
        naam = f"maandrapportage-{code}-2025-08.html"
        assert (los / naam).read_text(encoding="utf-8") == (alle / naam).read_text(encoding="utf-8")
    r = cli("rapport", "maand", "--periode", "2025-08", "--gemeente", "0505", "--gemeente", "0363", "--db", db)
    assert r.exit_code == 1 and "hoort niet bij deze regio" in r.output


@pytest.mark.parametrize("soort", ["kwartaal", "jaar"])
def test_the_regional_reports_set_the_subregions_beside_the_municipalities(regio_store, rapporten, soort):
    """Each subregion's cost is the sum of its municipalities' cost in the same report."""
    opslag, _ = regio_store
    r, paden = rapporten[soort]
    tabellen = {o.titel: o.tabel for o in r.onderdelen}
    indeling = {g.code: g.subregio for g in opslag.regio().gemeenten}

    def kosten(titel: str, dimensie: str) -> dict[str, int]:
        return {dict(c.sleutels)[dimensie]: c.waarde for rij in tabellen[titel].rijen for c in rij
                if c.maat == "kosten" and c.periode == r.periode.label and dimensie in dict(c.sleutels)}

    per_subregio, per_gemeente = kosten("Kerncijfers per subregio", "subregio"), kosten("Kerncijfers per gemeente",
                                                                                        "gemeente")
    assert set(per_subregio) == set(indeling.values()) and len(per_subregio) > 1
    for subregio, bedrag in per_subregio.items():
        assert bedrag == sum(v for g, v in per_gemeente.items() if indeling[g] == subregio) > 0
    assert "Kerncijfers per subregio" in paden["html"].read_text(encoding="utf-8")
