"""Every official iJw rule that can be checked on one message, kept and broken.

Each case takes a public example message (../shared/reference/ijw-3.2/berichten/), prepares it
where the rule needs a context, and shows that the message keeps the rule; then it breaks the
rule with one more mutation and checks the code, the return code and the element path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from stuurwiel.cli import app
from stuurwiel.invoer.ijw import controle, regels
from stuurwiel.invoer.ijw.archief import Bericht

VOORBEELDEN = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ijw-3.2" / "berichten"
# The example messages as the Zorginstituut's validation judges them.
OFFICIEEL = {"JW317.xml": {"CS003"}, "JW323.xml": {"TR101"}, "JW315.xml": {"XSD"}, "JW318.xml": {"XSD"}}
# What makes an example keep every rule: JW315 has an impossible date, JW317 breaks CS003 and
# JW323 repeats RN004 (TR101).
HERSTEL = {
    "JW315": [("zet", "Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum", "2027-06-30"),
              ("zet", "Client/AangevraagdeProducten/AangevraagdProduct[2]/ToewijzingEinddatum", "2027-06-30")],
    "JW317": [("zet", "Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum", "2027-02-28")],
    "JW323": [("zet", "Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]/ProductReferentie/ReferentieNummer",
               "RN005")],
}

TP = "Client/ToegewezenProducten/ToegewezenProduct"
AP = "Client/AangevraagdeProducten/AangevraagdProduct"
NP = "Client/Verzoek/NieuweProducten/NieuwProduct"
PR = "Declaratie/Clienten/Client[1]/Prestaties/Prestatie"
CONTACT = "Client/Contactgegevens/Contact"
ANTWOORD = "DeclaratieAntwoord"

# (rule, example, preparation, breach, path of the finding)
GEVALLEN = [
    ("CS002", "JW305", [], [("zet", "Client/Bsn", "123456789")], "/Bericht/Client/Bsn"),
    ("CS002", "JW323", [], [("zet", "Declaratie/Clienten/Client[2]/Bsn", "999900019")],
     "/Bericht/Declaratie/Clienten/Client[2]/Bsn"),
    ("TR002", "JW301", [], [("zet", "Client/Geboortedatum/Datum", "1906-03-31")], "/Bericht/Client/Geboortedatum/Datum"),
    ("TR002", "JW315", [("zet", "Client/Geboortedatum/Datum", "1900-01-01"),
                        ("na", "Client/Geboortedatum/Datum", "DatumGebruik", "3")],
     [("zet", "Client/Geboortedatum/DatumGebruik", "2")], "/Bericht/Client/Geboortedatum/Datum"),
    ("CS139", "JW305", [("zet", "Client/Geboortedatum/Datum", "2010-02-01"),
                        ("na", "Client/Geboortedatum/Datum", "DatumGebruik", "1")],
     [("zet", "Client/Geboortedatum/Datum", "2010-02-14")], "/Bericht/Client/Geboortedatum/DatumGebruik"),
    ("TR134", "JW307", [], [("zet", "Client/StopProducten/StopProduct[1]/Einddatum", "2026-07-21")],
     "/Bericht/Client/StopProducten/StopProduct[1]/Einddatum"),
    ("TR134", "JW301", [], [("zet", f"{TP}[2]/Toewijzingsdatum", "2026-04-02")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Toewijzingsdatum"),
    ("TR006", "JW301", [], [("weg", f"{CONTACT}[1]/Telefoon"), ("weg", f"{CONTACT}[1]/Adres/Huis")],
     "/Bericht/Client/Contactgegevens/Contact[1]"),
    ("TR061", "JW301", [], [("zet", f"{CONTACT}[1]/Soort", "04")], "/Bericht/Client/Contactgegevens"),
    ("CD005", "JW301", [], [("weg", f"{CONTACT}[2]/Adres/Huis")],
     "/Bericht/Client/Contactgegevens/Contact[2]/Adres/Huis"),
    ("CD025", "JW301", [], [("weg", f"{CONTACT}[2]/Adres/Huis"), ("weg", f"{CONTACT}[2]/Adres/Postcode")],
     "/Bericht/Client/Contactgegevens/Contact[2]/Adres/Postcode"),
    ("CS089", "JW301", [], [("zet", f"{CONTACT}[2]/Adres/Postcode", "0999XX")],
     "/Bericht/Client/Contactgegevens/Contact[2]/Adres/Postcode"),
    ("CD034", "JW301", [], [("weg", f"{CONTACT}[1]/Adres/Plaatsnaam")],
     "/Bericht/Client/Contactgegevens/Contact[1]/Adres/Plaatsnaam"),
    ("CD009", "JW301", [], [("zet", f"{CONTACT}[2]/Soort", "02")], "/Bericht/Client/Contactgegevens/Contact[2]/Periode"),
    ("CD007", "JW301", [], [("zet", "Client/Communicatie/Vorm", "2")], "/Bericht/Client/Communicatie/Taal"),
    ("CS050", "JW301", [], [("zet", "Client/Relaties/Relatie[1]/Naam/NaamGebruik", "6")],
     "/Bericht/Client/Relaties/Relatie[1]/Naam/NaamGebruik"),
    ("CS318", "JW301", [], [("zet", "Client/Naam/NaamGebruik", "6")], "/Bericht/Client/Naam/NaamGebruik"),
    ("CS003", "JW301", [], [("zet", f"{TP}[1]/Einddatum", "2026-03-31")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Einddatum"),
    ("CS003", "JW301", [("na", f"{CONTACT}[2]/Periode/Begindatum", "Einddatum", "2018-02-03")],
     [("zet", f"{CONTACT}[2]/Periode/Einddatum", "2018-02-02")],
     "/Bericht/Client/Contactgegevens/Contact[2]/Periode/Einddatum"),
    ("CS003", "JW315", [], [("zet", f"{AP}[2]/ToewijzingEinddatum", "2026-03-31")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/ToewijzingEinddatum"),
    ("CS003", "JW317", [], [("zet", f"{NP}/Einddatum", "2024-02-28")],
     "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum"),
    ("CD075", "JW301", [("weg", f"{TP}[1]/Omvang"), ("na", f"{TP}[1]/Einddatum", "Budget", "100000"),
                        ("weg", f"{TP}[1]/Product/Code"), ("zet", f"{TP}[1]/Product/Categorie", "45")],
     [("weg", f"{TP}[1]/Einddatum")], "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Einddatum"),
    ("CD076", "JW315", [], [("weg", f"{AP}[1]/ToewijzingEinddatum"), ("zet", f"{AP}[1]/Omvang/Frequentie", "2")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum"),
    ("CD077", "JW317", [], [("na", f"{NP}/Omvang", "Budget", "1000")],
     "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Omvang"),
    ("CD078", "JW317", [], [("na", f"{NP}/Omvang", "Budget", "1000")],
     "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Budget"),
    ("CD079", "JW317", [], [("weg", f"{NP}/Product"), ("weg", f"{NP}/Omvang")],
     "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Product"),
    ("CD041", "JW301", [], [("weg", f"{TP}[2]/Omvang"), ("na", f"{TP}[2]/Einddatum", "Budget", "5000")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Omvang"),
    ("CD080", "JW301", [], [("weg", f"{TP}[1]/Product/Code")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Omvang"),
    ("CD095", "JW315", [], [("weg", f"{AP}[1]/Product/Code")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/Omvang"),
    ("CD096", "JW317", [], [("weg", f"{NP}/Product/Code")], "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Omvang"),
    ("CS338", "JW301", [], [("zet", f"{TP}[2]/Omvang/Frequentie", "1")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Omvang/Frequentie"),
    ("CS343", "JW315", [], [("zet", f"{AP}[2]/Omvang/Frequentie", "1")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/Omvang/Frequentie"),
    ("TR302", "JW301", [], [("zet", f"{TP}[2]/Product/Code", "55A11")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]"),
    ("TR386", "JW315", [], [("weg", f"{AP}[2]/Product/Code"), ("weg", f"{AP}[2]/Omvang"),
                            ("na", f"{AP}[2]/ToewijzingEinddatum", "Budget", "100")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]"),
    ("TR410", "JW317", [("kopie", NP), ("zet", f"{NP}[2]/GewensteIngangsdatum", "2027-03-01"),
                        ("zet", f"{NP}[2]/Einddatum", "2027-06-30")],
     [("zet", f"{NP}[2]/GewensteIngangsdatum", "2027-02-28")], "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[2]"),
    ("CS335", "JW301", [], [("na", f"{TP}[1]/Einddatum", "RedenWijziging", "13")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/RedenWijziging"),
    ("CS336", "JW301", [], [("na", f"{TP}[1]/Einddatum", "RedenWijziging", "01")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/RedenWijziging"),
    ("CS058", "JW305", [], [("zet", "Client/StartProducten/StartProduct[2]/StatusAanlevering", "2")],
     "/Bericht/Client/StartProducten/StartProduct[2]/StatusAanlevering"),
    ("TR018", "JW307", [], [("zet", "Client/StopProducten/StopProduct[1]/Einddatum", "2026-04-02")],
     "/Bericht/Client/StopProducten/StopProduct[1]/Einddatum"),
    ("TR101", "JW301", [], [("zet", f"{TP}[2]/ToewijzingNummer", "300201")],
     "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]"),
    ("TR101", "JW305", [], [("kopie", "Client/StartProducten/StartProduct[1]")],
     "/Bericht/Client/StartProducten/StartProduct[2]"),
    ("TR101", "JW323", [], [("zet", f"{PR}[2]/ProductReferentie/ReferentieNummer", "RN001")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]"),
    ("TR383", "JW315", [], [("zet", f"{AP}[2]/ReferentieAanbieder", "40A12341234")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/ReferentieAanbieder"),
    ("CD043", "JW315", [], [("weg", f"{AP}[1]/BeschikkingIngangsdatum")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/BeschikkingIngangsdatum"),
    ("CD066", "JW315", [], [("na", f"{AP}[2]/Verwijzer/Type", "Naam", "huisarts")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/Verwijzer/Naam"),
    ("CD067", "JW315", [], [("weg", f"{AP}[2]/Verwijzer/ZorgverlenerCode")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/Verwijzer/Naam"),
    ("CD068", "JW315", [], [("zet", f"{AP}[2]/Verwijzer/Type", "06")],
     "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/Verwijzer/ZorgverlenerCode"),
    ("TR352", "JW317", [], [("weg", "Client/Verzoek/OngewijzigdeProducten")], "/Bericht/Client/Verzoek"),
    ("TR353", "JW317", [("na", "Client/Verzoek/OngewijzigdeProducten", "TeWijzigenProducten", None),
                        ("voeg", "Client/Verzoek/TeWijzigenProducten", "TeWijzigenProduct", None),
                        ("voeg", "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct", "ToewijzingNummer", "10071"),
                        ("voeg", "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct", "GewensteIngangsdatum",
                         "2026-03-01"),
                        ("weg", "Client/Verzoek/OngewijzigdeProducten")],
     [("weg", "Client/Verzoek/TeWijzigenProducten"), ("na", "Client/Verzoek/RedenVerzoek", "OngewijzigdeProducten",
                                                      None),
      ("voeg", "Client/Verzoek/OngewijzigdeProducten", "OngewijzigdProduct", None),
      ("voeg", "Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct", "ToewijzingNummer", "10071"),
      ("weg", "Client/Verzoek/NieuweProducten")], "/Bericht/Client/Verzoek"),
    ("TR380", "JW317", [], [("zet", f"{NP}/GewensteIngangsdatum", "2026-01-02")],
     "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum"),
    ("CD085", "JW319", [], [("weg", "Antwoord/Woonplaatsbeginsel"), ("weg", "Antwoord/RedenAfwijzingVerzoek")],
     "/Bericht/Antwoord/RedenAfwijzingVerzoek"),
    ("CD086", "JW319", [], [("zet", "Antwoord/VerzoekAntwoord", "2")], "/Bericht/Antwoord/RedenAfwijzingVerzoek"),
    ("TR377", "JW319", [], [("weg", "Antwoord/Woonplaatsbeginsel")], "/Bericht/Antwoord/Woonplaatsbeginsel"),
    ("TR409", "JW319", [], [("zet", "Antwoord/RedenAfwijzingVerzoek", "1")], "/Bericht/Antwoord/Woonplaatsbeginsel"),
    ("CS100", "JW323", [], [("zet", f"{PR}[1]/ProductPeriode/Begindatum", "2020-12-01"),
                            ("zet", f"{PR}[1]/ProductPeriode/Einddatum", "2020-12-31")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Begindatum"),
    ("CS340", "JW323", [], [("zet", "Declaratie/DeclaratiePeriode/Einddatum", "2026-04-29")],
     "/Bericht/Declaratie/DeclaratiePeriode"),
    ("CS337", "JW323", [], [("zet", f"{PR}[1]/ProductPeriode/Einddatum", "2026-05-01")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum"),
    ("TR137", "JW323", [], [("zet", "Declaratie/DeclaratieDagtekening", "2026-03-31")],
     "/Bericht/Declaratie/DeclaratieDagtekening"),
    ("TR137", "JW325", [], [("zet", f"{ANTWOORD}/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum",
                             "2023-05-31")],
     "/Bericht/DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum"),
    ("TR335", "JW323", [], [("zet", "Declaratie/DeclaratieDagtekening", "2031-05-06"),
                            ("zet", "Header/BerichtIdentificatie/Dagtekening", "2031-05-06")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum"),
    ("CD060", "JW323", [], [("zet", f"{PR}[1]/IngediendBedrag/DebetCredit", "C"),
                            ("zet", "Declaratie/TotaalIngediendBedrag/TotaalBedrag", "69000")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductReferentie/VorigReferentieNummer"),
    ("CD087", "JW323", [], [("weg", f"{PR}[1]/ProductTarief")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductTarief"),
    ("CS339", "JW323", [("zet", f"{PR}[1]/Eenheid", "83"), ("weg", f"{PR}[1]/ProductTarief"),
                        ("zet", f"{PR}[1]/GeleverdVolume", "5000")],
     [("zet", f"{PR}[1]/GeleverdVolume", "4999")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/IngediendBedrag"),
    ("CS325", "JW325", [], [("zet", f"{ANTWOORD}/TotaalToegekendBedrag/TotaalBedrag", "0"),
                            ("zet", f"{ANTWOORD}/TotaalIngediendBedrag/TotaalBedrag", "24000")],
     "/Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/DebetCredit"),
    ("TR358", "JW323", [], [("zet", "Declaratie/TotaalIngediendBedrag/TotaalBedrag", "79001")],
     "/Bericht/Declaratie/TotaalIngediendBedrag"),
    ("TR315", "JW323", [("na", f"{PR}[1]/ProductReferentie/ReferentieNummer", "VorigReferentieNummer", "RT001"),
                        ("zet", f"{PR}[1]/IngediendBedrag/DebetCredit", "C"),
                        ("zet", "Declaratie/TotaalIngediendBedrag/TotaalBedrag", "69000")],
     [("na", f"{PR}[2]/ProductReferentie/ReferentieNummer", "VorigReferentieNummer", "RT001"),
      ("zet", f"{PR}[2]/IngediendBedrag/DebetCredit", "C"),
      ("zet", "Declaratie/TotaalIngediendBedrag/TotaalBedrag", "21000")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]/ProductReferentie/VorigReferentieNummer"),
    ("TR316", "JW323", [("na", f"{PR}[1]/ProductReferentie/ReferentieNummer", "VorigReferentieNummer", "RT001"),
                        ("zet", f"{PR}[1]/IngediendBedrag/DebetCredit", "C"),
                        ("zet", "Declaratie/TotaalIngediendBedrag/TotaalBedrag", "69000")],
     [("zet", f"{PR}[1]/ProductReferentie/VorigReferentieNummer", "RN002")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductReferentie/VorigReferentieNummer"),
    ("TR416", "JW323", [], [("zet", f"{PR}[2]/ToewijzingNummer", "10072"), ("zet", f"{PR}[2]/ProductCode", "45A03")],
     "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[2]"),
    ("TR342", "JW325", [], [("zet", f"{ANTWOORD}/TotaalToegekendBedrag/TotaalBedrag", "34001")],
     "/Bericht/DeclaratieAntwoord/TotaalToegekendBedrag"),
]
# Rules the official XSD already enforces: a breach never passes the schema, so the rule itself
# is shown on the parsed message.
ACHTER_XSD = [
    ("CS015", "JW319", [("zet", "Header/BerichtSubversie", "1")], "/Bericht/Header/BerichtSubversie"),
    ("CS025", "JW325", [("zet", "Header/BerichtVersie", "2")], "/Bericht/Header/BerichtVersie"),
    ("CS319", "JW323", [("zet", "Declaratie/DeclaratieNummer", "DN-001")], "/Bericht/Declaratie/DeclaratieNummer"),
]


def _element(hoofd: etree._Element, pad: str) -> etree._Element:
    stappen = []
    for stap in pad.split("/"):
        naam, _, index = stap.partition("[")
        stappen.append(f"*[local-name()='{naam}']" + (f"[{index}" if index else ""))
    gevonden = hoofd.xpath("/*/" + "/".join(stappen))
    assert len(gevonden) == 1, (pad, len(gevonden))
    return gevonden[0]


def _nieuw(naast: etree._Element, naam: str, tekst: str | None) -> etree._Element:
    el = etree.Element(f"{{{etree.QName(naast).namespace}}}{naam}")
    el.text = tekst
    return el


def muteer(hoofd: etree._Element, mutaties: list[tuple]) -> None:
    """zet: a text; weg: remove; kopie: repeat after itself; na: a new element after another (in its
    namespace); voeg: a new last child (in its parent's namespace)."""
    for soort, pad, *rest in mutaties:
        el = _element(hoofd, pad)
        if soort == "zet":
            el.text = rest[0]
        elif soort == "weg":
            el.getparent().remove(el)
        elif soort == "kopie":
            el.addnext(etree.fromstring(etree.tostring(el)))
        elif soort == "na":
            el.addnext(_nieuw(el, *rest))
        elif soort == "voeg":
            el.append(_nieuw(el, *rest))


def bericht(voorbeeld: str, *mutaties: list[tuple]) -> etree._Element:
    hoofd = etree.parse(str(VOORBEELDEN / f"{voorbeeld}.xml")).getroot()
    for m in [HERSTEL.get(voorbeeld, []), *mutaties]:
        muteer(hoofd, m)
    return hoofd


def bevindingen(hoofd: etree._Element) -> list[regels.Bevinding]:
    return controle.controleer_bericht(Bericht("bericht.xml", etree.tostring(hoofd, xml_declaration=True,
                                                                              encoding="UTF-8")))


@pytest.mark.parametrize(("code", "voorbeeld", "voorbereiding", "schending", "pad"), GEVALLEN,
                         ids=[f"{g[0]}-{g[1]}" for g in GEVALLEN])
def test_a_message_that_keeps_the_rule_passes_and_one_that_breaks_it_is_named_by_its_code(
        code, voorbeeld, voorbereiding, schending, pad):
    assert bevindingen(bericht(voorbeeld, voorbereiding)) == []
    gevonden = bevindingen(bericht(voorbeeld, voorbereiding, schending))
    assert code in {b.regel for b in gevonden}, gevonden
    assert "XSD" not in {b.regel for b in gevonden}
    eigen = [b for b in gevonden if b.regel == code]
    assert pad in {b.pad for b in eigen}
    assert {b.retourcode for b in eigen} == {"0001"}
    assert all(b.melding for b in eigen)


@pytest.mark.parametrize(("code", "voorbeeld", "schending", "pad"), ACHTER_XSD)
def test_a_rule_the_xsd_enforces_is_still_named_on_the_parsed_message(code, voorbeeld, schending, pad):
    assert [b.regel for b in bevindingen(bericht(voorbeeld, schending))] == ["XSD"]
    gevonden = regels.controleer(bericht(voorbeeld, schending), voorbeeld)
    assert [(b.regel, b.pad, b.retourcode) for b in gevonden] == [(code, pad, "0001")]


def test_every_rule_in_the_catalogue_has_a_case():
    getest = {g[0] for g in GEVALLEN} | {g[0] for g in ACHTER_XSD}
    assert getest == set(regels.REGELS)
    assert len([c for c in regels.REGELS if c.startswith("TR")]) == 22
    assert len([c for c in regels.REGELS if c.startswith(("CD", "CS"))]) == 41


def test_the_example_messages_give_exactly_the_official_findings():
    for pad in sorted(VOORBEELDEN.glob("*.xml")):
        gevonden = {b.regel for _, b in controle.controleer([pad])}
        assert gevonden == OFFICIEEL.get(pad.name, set()), pad.name


def test_controleer_prints_one_json_object_per_finding_and_exits_1(tmp_path):
    import zipfile
    with zipfile.ZipFile(tmp_path / "archief.zip", "w") as z:
        for naam in ("JW301.xml", "JW323.xml", "JW318.xml"):
            z.write(VOORBEELDEN / naam, naam)
    (tmp_path / "los").mkdir()
    (tmp_path / "los" / "JW317.xml").write_bytes((VOORBEELDEN / "JW317.xml").read_bytes())
    result = CliRunner().invoke(app, ["controleer", "--formaat", "json", str(tmp_path)])
    assert result.exit_code == 1, result.output
    gevonden = json.loads(result.stdout)
    assert [(g["bestand"], g["regel"], g["retourcode"]) for g in gevonden] == [
        ("archief.zip:JW318.xml", "XSD", None), ("archief.zip:JW323.xml", "TR101", "0001"),
        ("JW317.xml", "CS003", "0001")]
    assert set(gevonden[0]) == {"bestand", "regel", "retourcode", "pad", "melding"}
    assert gevonden[1]["pad"] == "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]"


def test_controleer_exits_0_without_findings_and_speaks_csv(tmp_path):
    result = CliRunner().invoke(app, ["controleer", "--formaat", "csv", str(VOORBEELDEN / "JW301.xml"),
                                      "--xsd", str(controle.PAKKET_XSD)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["bestand,regel,retourcode,pad,melding"]
