"""The report as an Excel workbook: the key figures first, then one sheet per table (the tables
behind every chart, real numbers with Dutch-readable number formats), the sources last."""

from __future__ import annotations

from stuurwiel.begrippen import notatie
from stuurwiel.begrippen.tabel import Cel, Kolom, Tabel
from stuurwiel.uitvoer.rapporten.html import voet
from stuurwiel.uitvoer.rapporten.model import Rapport
from stuurwiel.uitvoer.weergave import veilig
from stuurwiel.uitvoer.weergave.excel import bladnaam, werkblad

KERNKOLOMMEN = [Kolom("kerncijfer", "kerncijfer"), Kolom("waarde", "waarde", "getal"),
                Kolom("vorig_jaar", "vorig jaar", "getal"), Kolom("regio", "regio", "getal"),
                Kolom("lezing", "lezing"), Kolom("toelichting", "toelichting")]


def kerncijfers(r: Rapport) -> Tabel:
    """The key figures as a table: each against the same period last year and, beside a
    municipality, the region; the reading and the story behind it. Each comparison goes under its
    own header, found by what it compares with, not by its place in the list."""
    met_regio = any(k.regio is not None for k in r.kerncijfers)
    kolommen = [k for k in KERNKOLOMMEN if met_regio or k.naam != "regio"]
    rijen = []
    for k in r.kerncijfers:
        vergelijkingen = [k.vorig_jaar, k.regio] if met_regio else [k.vorig_jaar]
        rijen.append([Cel(k.label), k.cel, *(c or Cel(None) for c in vergelijkingen), Cel(k.lezing),
                      Cel(" ".join(t.kort for t in k.toelichtingen) or None)])
    return Tabel(f"{r.titel} – {r.ondertitel}", kolommen, rijen, verborgen=r.verborgen)


def xlsx(r: Rapport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Kerncijfers"
    werkblad(ws, kerncijfers(r), [r.waarschuwing])
    for o in r.onderdelen:
        blad = wb.create_sheet(bladnaam(o.tabel.titel, set(wb.sheetnames)))
        werkblad(blad, o.tabel, [])
        for t in o.toelichtingen:
            blad.append([])
            blad.append([f"Toelichting: {t}"])
    bronnen = wb.create_sheet("Bronnen")
    bronnen.append(["Bronnen en definities"])
    bronnen["A1"].font = Font(bold=True, size=12)
    bronnen.append([" · ".join(voet(r))])
    bronnen.append([f"Gegevens t/m {notatie.datum(r.herkomst.stand)}"])
    for lading in r.herkomst.ladingen:
        bronnen.append([f"Lading {lading.batch_id} ({lading.soort}), geladen {notatie.datum(lading.geladen_op.date())}",
                        ", ".join(lading.bestanden)])
    for b in r.herkomst.bevolking:
        bronnen.append(["Jeugdigen 0-17 en inwoners", b])
    bronnen.append([])
    bronnen.append(["maat", "naam", "definitie"])
    for m in r.maten:
        bronnen.append([m.naam, m.label, m.definitie])
    bronnen.column_dimensions["A"].width = 40
    return veilig.bewaar(wb)
