"""`stuurwiel steekproef`: sample sizes, the published grid, evaluation, the seeded draw and the
processing of a filled-in sample; `stuurwiel auditplan`: the yearly control-audit plan."""

from __future__ import annotations

from fractions import Fraction
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
