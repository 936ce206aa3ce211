"""`stuurwiel steekproef`: sample sizes, the published grid, evaluation, the seeded draw and the
processing of a filled-in sample; `stuurwiel auditplan`: the yearly control-audit plan."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer

from stuurwiel.cli.app import DbOptie, FormaatOptie, UitOptie, app, stop, vraag, vraag_en_toon
from stuurwiel.cli.nederlands import Opdrachten

steekproef_app = Opdrachten(help="Steekproeven: omvang, tabel, evaluatie, trekking en verwerking van de bevindingen.",
                            no_args_is_help=True)
app.add_typer(steekproef_app, name="steekproef")

MethodeOptie = Annotated[str, typer.Option("--methode", help="attribuut (afwijkingen tellen) of mus (geldeenheden)")]
RisicoOptie = Annotated[str, typer.Option("--risico", help="risico in procenten (5 is 95 % zekerheid)")]
TolerantieOptie = Annotated[str | None, typer.Option(
    "--tolerantie", help="attribuut: toelaatbaar afwijkingspercentage, in procenten")]
VerwachtOptie = Annotated[str, typer.Option(
    "--verwacht", help="attribuut: verwacht afwijkingspercentage (procenten); mus: verwachte fout (bedrag)")]
PopulatieOptie = Annotated[str | None, typer.Option(
    "--populatie", help="mus: waarde van de populatie (in dezelfde eenheid als --materialiteit)")]
MaterialiteitOptie = Annotated[str | None, typer.Option(
    "--materialiteit", help="mus: toelaatbare fout (bedrag, zelfde eenheid als --populatie)")]


def _getal(naam: str, tekst: str | None) -> Fraction | None:
    from stuurwiel.begrippen.waarden import lees_getal

    if tekst is None:
        return None
    try:
        return Fraction(repr(lees_getal(tekst)))
    except ValueError as e:
        raise stop(f"{naam}: {e}") from None


def _parameters(methode: str, risico: str, **velden):
    from stuurwiel.toepassing.steekproef import Parameters
    from stuurwiel.toepassing.vraag import Vraagfout

    try:
        return Parameters(methode, _getal("--risico", risico), **velden)
    except Vraagfout as e:
        raise stop(str(e)) from None


@steekproef_app.command()
def omvang(
    methode: MethodeOptie,
    risico: RisicoOptie,
    tolerantie: TolerantieOptie = None,
    verwacht: VerwachtOptie = "0",
    populatie: PopulatieOptie = None,
    materialiteit: MaterialiteitOptie = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
) -> None:
    """De kleinste steekproef die bij dit risico laat zien dat de fout onder de tolerantie ligt."""
    p = _parameters(methode, risico, tolerantie=_getal("--tolerantie", tolerantie),
                    verwacht=_getal("--verwacht", verwacht), populatie=_getal("--populatie", populatie),
                    materialiteit=_getal("--materialiteit", materialiteit))
    vraag_en_toon(vraag("steekproefomvang", steekproef=p, vorm=formaat), None, uit)


@steekproef_app.command()
def tabel(methode: MethodeOptie, risico: RisicoOptie, formaat: FormaatOptie = "tabel", uit: UitOptie = None) -> None:
    """De hele tabel van steekproefomvangen, zoals AICPA hem drukt (A-1, A-2; C-1 voor mus)."""
    vraag_en_toon(vraag("steekproeftabel", steekproef=_parameters(methode, risico), vorm=formaat), None, uit)


@steekproef_app.command()
def evalueer(
    risico: Annotated[str | None, typer.Option("--risico", help="risico in procenten (standaard dat van de "
                                               "trekking)")] = None,
    methode: Annotated[str | None, typer.Option("--methode", help="attribuut of mus")] = None,
    omvang: Annotated[int | None, typer.Option("--omvang", help="omvang van de steekproef")] = None,
    afwijkingen: Annotated[int | None, typer.Option("--afwijkingen", help="attribuut: gevonden afwijkingen")] = None,
    tolerantie: TolerantieOptie = None,
    fout: Annotated[list[str] | None, typer.Option(
        "--fout", help="mus: een gevonden fout als deel van de post (0,2 is 20 %); mag vaker")] = None,
    populatie: PopulatieOptie = None,
    materialiteit: MaterialiteitOptie = None,
    verdeling: Annotated[str, typer.Option("--verdeling", help="mus: poisson (AICPA) of binomiaal (Touw & "
                                           "Hoogduin)")] = "poisson",
    trekking: Annotated[str | None, typer.Option("--trekking", help="een vastgelegde trekking: haar bevindingen "
                                                 "tegen de toleranties van de regio")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """De bovengrens van een steekproef: het afwijkingspercentage (attribuut), de meest waarschijnlijke en
    maximale fout (mus), of de uitkomst van een vastgelegde trekking."""
    if trekking is not None:
        vraag_en_toon(vraag("steekproefuitkomst", trekking=trekking, vorm=formaat), db, uit)
        return
    if methode is None or risico is None:
        raise stop("geef --methode en --risico, of --trekking")
    p = _parameters(methode, risico, omvang=omvang, afwijkingen=afwijkingen,
                    tolerantie=_getal("--tolerantie", tolerantie), populatie=_getal("--populatie", populatie),
                    materialiteit=_getal("--materialiteit", materialiteit), verdeling=verdeling,
                    fouten=tuple(float(_getal("--fout", f)) for f in fout or ()))
    vraag_en_toon(vraag("steekproefevaluatie", steekproef=p, vorm=formaat), None, uit)


def _wie() -> str:
    import getpass

    return getpass.getuser()


def _schrijf(pad: Path, inhoud: bytes) -> Path:
    try:
        pad.parent.mkdir(parents=True, exist_ok=True)
        pad.write_bytes(inhoud)
    except OSError as e:
        raise stop(f"kan {pad} niet schrijven: {e.strerror or e}") from None
    return pad


@steekproef_app.command()
def trek(
    jaar: Annotated[int, typer.Option("--jaar", help="het jaar van de populatie")],
    populatie: Annotated[str, typer.Option("--populatie", help="declaraties of toewijzingen")],
    methode: Annotated[str, typer.Option("--methode", help="mus (kans naar bedrag) of aselect")],
    omvang: Annotated[int, typer.Option("--omvang", help="aantal posten (mus: geldeenheden)")],
    zaad: Annotated[int, typer.Option("--zaad", help="het zaad van de trekking: zelfde zaad, zelfde posten")],
    uit: Annotated[Path, typer.Option("--uit", help="de werkmap om in te vullen (.xlsx)")],
    segment: Annotated[list[str] | None, typer.Option("--segment", help="alleen dit segment; mag vaker")] = None,
    gemeente: Annotated[list[str] | None, typer.Option("--gemeente", help="alleen deze gemeente; mag vaker")] = None,
    risico: Annotated[str | None, typer.Option("--risico", help="risico in procenten (standaard volgt het uit het "
                                               "risico van de populatie in regio.yaml)")] = None,
    db: DbOptie = None,
) -> None:
    """Trek een steekproef, leg haar vast en schrijf de werkmap voor de dossiercontrole."""
    from stuurwiel.analyses.steekproef.populatie import Definitie
    from stuurwiel.begrippen.selectie import Selectie
    from stuurwiel.maten.namen import namen
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.privacy.bereik import VOLLEDIG
    from stuurwiel.toepassing import trekkingen
    from stuurwiel.toepassing.inrichten import vereis_ingericht
    from stuurwiel.toepassing.vraag import Vraagfout
    from stuurwiel.toepassing.vragen import herkende_selectie
    from stuurwiel.uitvoer.steekproef.werkmap import werkmap

    if uit.suffix.lower() != ".xlsx":
        raise stop(f"--uit {uit}: de werkmap is een .xlsx-bestand")
    try:
        with Opslag.open(db) as opslag:
            vereis_ingericht(opslag)
            selectie = herkende_selectie(opslag, Selectie(gemeenten=tuple(gemeente or ()),
                                                           segmenten=tuple(segment or ())))
            definitie = Definitie(populatie, jaar, selectie.segmenten, selectie.gemeenten)
            t, regels, nieuw = trekkingen.trek(opslag, VOLLEDIG, definitie, methode, omvang, zaad, _wie(),
                                               None if risico is None else float(_getal("--risico", risico)))
            inhoud = werkmap(t, regels, namen(opslag, "aanbieder"))
    except (Vraagfout, OpslagFout, ValueError) as e:
        raise stop(str(e)) from None
    _schrijf(uit, inhoud)
    wat = "Vastgelegd" if nieuw else "Deze trekking bestond al (zelfde populatie, methode, omvang en zaad)"
    print(f"{wat}: trekking {t.trekking_id}, {len(regels)} posten uit {t.populatie_aantal} "
          f"({t.populatiedefinitie.omschrijving()}); vingerafdruk {t.vingerafdruk[:16]}…")
    print(f"Geschreven: {uit}")


@steekproef_app.command()
def verwerk(
    bestand: Annotated[Path, typer.Argument(help="de ingevulde werkmap (.xlsx)", show_default=False)],
    uit: Annotated[Path | None, typer.Option("--uit", help="map voor het verslag (PDF en XLSX); standaard naast "
                                             "de werkmap")] = None,
    db: DbOptie = None,
) -> None:
    """Lees een ingevulde werkmap, controleer haar tegen de trekking, leg de bevindingen vast en beoordeel ze."""
    from stuurwiel.cli.app import afgekeurd, console
    from stuurwiel.invoer import steekproefwerkmap
    from stuurwiel.invoer.problemen import Afgewezen
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.privacy.bereik import VOLLEDIG
    from stuurwiel.toepassing import verwerking
    from stuurwiel.toepassing.inrichten import vereis_ingericht
    from stuurwiel.toepassing.vraag import Vraagfout
    from stuurwiel.uitvoer.steekproef import inhoud, verslag
    from stuurwiel.uitvoer.weergave import terminal

    if not bestand.is_file():
        raise stop(f"{bestand} bestaat niet")
    try:
        ingevuld = steekproefwerkmap.lees(bestand)
        with Opslag.open(db) as opslag:
            vereis_ingericht(opslag)
            u = verwerking.verwerk(opslag, VOLLEDIG, ingevuld, bestand.name, _wie())
            v = inhoud.steekproefverslag(opslag, VOLLEDIG, u.trekking.trekking_id)
    except Afgewezen as e:
        raise afgekeurd(e.problemen, f"{bestand.name} is niet verwerkt ({e}); er is niets vastgelegd") from None
    except (Vraagfout, OpslagFout) as e:
        raise stop(str(e)) from None
    terminal.toon(v.tabellen[0], console)
    map_ = uit or bestand.parent
    for soort, maak in (("pdf", verslag.pdf), ("xlsx", verslag.xlsx)):
        console.print(f"Geschreven: {_schrijf(map_ / f'{v.bestandsnaam}.{soort}', maak(v))}", highlight=False)


@steekproef_app.command()
def toon(
    jaar: Annotated[int | None, typer.Option("--jaar", help="alleen de trekkingen van dit jaar")] = None,
    trekking: Annotated[str | None, typer.Option("--trekking", help="de bevindingen van deze trekking")] = None,
    formaat: FormaatOptie = "tabel",
    uit: UitOptie = None,
    db: DbOptie = None,
) -> None:
    """De vastgelegde trekkingen met hun uitkomst, of de bevindingen van één trekking."""
    from stuurwiel.begrippen.periode import jaar as jaarperiode

    if trekking is not None:
        vraag_en_toon(vraag("steekproefbevindingen", trekking=trekking, vorm=formaat), db, uit)
        return
    vraag_en_toon(vraag("steekproeven", perioden=(jaarperiode(jaar),) if jaar else (), vorm=formaat), db, uit)


@app.command()
def auditplan(
    jaar: Annotated[int, typer.Option("--jaar", help="het jaar dat de controle betreft")],
    uit: Annotated[Path | None, typer.Option("--uit", help="map voor het plan als PDF en XLSX")] = None,
    db: DbOptie = None,
) -> None:
    """Het controle-auditplan: populaties, risico's, materialiteit, geplande steekproeven en de resultaten van
    vorig jaar; in de terminal, en als PDF en XLSX met --uit."""
    from stuurwiel.begrippen.periode import jaar as jaarperiode
    from stuurwiel.cli.app import console
    from stuurwiel.opslag.database import Opslag, OpslagFout
    from stuurwiel.privacy.bereik import VOLLEDIG
    from stuurwiel.toepassing.inrichten import vereis_ingericht
    from stuurwiel.toepassing.vraag import Vraag, Vraagfout
    from stuurwiel.toepassing.vragen import controleer
    from stuurwiel.uitvoer.steekproef import inhoud, verslag
    from stuurwiel.uitvoer.weergave import terminal

    try:
        with Opslag.open(db, alleen_lezen=True) as opslag:
            vereis_ingericht(opslag)
            controleer(opslag, Vraag("auditplan", perioden=(jaarperiode(jaar),)))
            v = inhoud.auditplanverslag(opslag, VOLLEDIG, jaar)
    except (Vraagfout, OpslagFout) as e:
        raise stop(str(e)) from None
    for t in v.tabellen:
        terminal.toon(t, console)
    if uit is not None:
        for soort, maak in (("pdf", verslag.pdf), ("xlsx", verslag.xlsx)):
            console.print(f"Geschreven: {_schrijf(uit / f'{v.bestandsnaam}.{soort}', maak(v))}", highlight=False)
