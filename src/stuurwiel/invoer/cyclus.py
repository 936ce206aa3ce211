"""The policy cycle file (`cyclus.yaml`): per theme the nine steps of the Groningen advice (seed 002
§4.2), each with its artefact, the date it was ready (`gereed`) and the date it is due (`uiterlijk`).

1 definities (terms), 2 problemen (is/should-be), 3 prioriteiten (at most five problems), 4 analyse
(the effect chain input → throughput → output → outcome → impact), 5 doelen (performance, prevention,
learning) and randvoorwaarden, 6 indicatoren (per goal, each with its source), 7 interventies (core
terms: what, who, quality, price), 8 contractmanagement (three layers and a regional coordinator),
9 uitvoering (started, evaluations). A step marked ready must carry its artefact; references between
steps (a priority to a problem, an indicator to a goal) must hold. Errors are Dutch, with the place.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from importlib import resources
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from stuurwiel.config.model import Model, ontleed

MAX_PRIORITEITEN = 5  # 002 §4.2.4: no more than five problem statements can be worked out well
MAX_BESTAND = 1_000_000  # bytes of a cycle file
INGEBOUWD = ("zhz",)  # the example cycles shipped with Stuurwiel

Tekst = Annotated[str, Field(min_length=1, max_length=2000)]
Zin = Annotated[str, Field(min_length=1, max_length=400)]  # an is or should-be: one sentence
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,40}$")]


class Cyclusfout(ValueError):
    """A cycle file that cannot be read or is invalid; the message is for the user. Nothing is stored."""


class Stap(Model):
    """What every step has: when its artefact was established and when it is due."""

    ONTBREEKT: ClassVar[str]  # the artefact, as the message about a step ready without it names it
    gereed: dt.date | None = None  # when its artefact was established
    uiterlijk: dt.date | None = None  # when it is due

    @abstractmethod
    def artefact(self) -> bool:
        """Whether the step's artefact is there: every step says what its artefact is."""

    @model_validator(mode="after")
    def _gereed_met_artefact(self):
        if self.gereed is not None and not self.artefact():
            raise ValueError(f"staat gereed op {self.gereed} maar heeft geen {self.ONTBREEKT}")
        return self


class Definities(Stap):
    ONTBREEKT: ClassVar[str] = "begrippen (of bron van de begrippenlijst)"
    begrippen: list[Tekst] = []
    bron: Tekst | None = None  # where the definitions list lives, e.g. begrippen.yaml

    def artefact(self) -> bool:
        return bool(self.begrippen) or self.bron is not None


class Probleem(Model):
    code: Code
    ist: Zin  # the current situation, in one sentence
    soll: Zin  # the desired situation, in one sentence


class Problemen(Stap):
    ONTBREEKT: ClassVar[str] = "probleemstellingen"
    lijst: list[Probleem] = []

    def artefact(self) -> bool:
        return bool(self.lijst)


class Prioriteiten(Stap):
    ONTBREEKT: ClassVar[str] = "prioriteiten"
    lijst: list[Code] = []  # the codes of the prioritised problems, most urgent first

    def artefact(self) -> bool:
        return bool(self.lijst)

    @model_validator(mode="after")
    def _hoogstens_vijf(self):
        if len(self.lijst) > MAX_PRIORITEITEN:
            raise ValueError(f"hoogstens {MAX_PRIORITEITEN} prioriteiten (advies 002 §4.2.4), niet {len(self.lijst)}")
        if len(set(self.lijst)) < len(self.lijst):
            raise ValueError("een probleem staat meer dan eens in de prioriteiten")
        return self


class Effectketen(Model):
    input: Tekst | None = None
    throughput: Tekst | None = None
    output: Tekst | None = None
    outcome: Tekst | None = None
    impact: Tekst | None = None


class Analyse(Stap):
    ONTBREEKT: ClassVar[str] = "gewenste situatie op outcome of impact in de effectketen"
    effectketen: Effectketen = Effectketen()
    soort_probleem: Literal["normatief", "kennis", "beide"] | None = None  # 'beide': a wicked problem

    def artefact(self) -> bool:
        return self.effectketen.outcome is not None or self.effectketen.impact is not None


class Doel(Model):
    code: Code  # may be the code of a goal in the goal register
    soort: Literal["prestatie", "preventie", "leren"]
    omschrijving: Tekst


class Randvoorwaarde(Model):
    schakel: Literal["input", "throughput", "output"]
    omschrijving: Tekst


class Doelen(Stap):
    ONTBREEKT: ClassVar[str] = "doelen"
    lijst: list[Doel] = []
    randvoorwaarden: list[Randvoorwaarde] = []

    def artefact(self) -> bool:
        return bool(self.lijst)


class Indicator(Model):
    doel: Code
    naam: Tekst
    bron: Tekst  # where its data come from
    maat: str | None = None  # a measure of the catalogue, when Stuurwiel computes it


class Indicatoren(Stap):
    ONTBREEKT: ClassVar[str] = "indicatoren"
    lijst: list[Indicator] = []

    def artefact(self) -> bool:
        return bool(self.lijst)


class Interventie(Model):
    naam: Tekst
    doelen: list[Code] = Field(min_length=1)
    wat: Tekst
    wie: Tekst
    kwaliteit: Tekst
    prijs: Tekst | None = None  # None: no payment


class Interventies(Stap):
    ONTBREEKT: ClassVar[str] = "interventies"
    lijst: list[Interventie] = []

    def artefact(self) -> bool:
        return bool(self.lijst)


class Contractmanagement(Stap):
    ONTBREEKT: ClassVar[str] = "drie lagen (contractbeheer, contractmanagement, beleid) en coordinator"
    contractbeheer: Tekst | None = None  # who asks "wat doen we?"
    contractmanagement: Tekst | None = None  # who asks "doen we het goed?"
    beleid: Tekst | None = None  # who asks "doen we de goede dingen?"
    coordinator: Tekst | None = None  # the regional coordinator
    rapportage: Tekst | None = None  # how and when the coordinator reports to the board

    def artefact(self) -> bool:
        return None not in (self.contractbeheer, self.contractmanagement, self.beleid, self.coordinator)


class Evaluatie(Model):
    datum: dt.date
    besluit: Literal["opschalen", "voortzetten", "afschalen", "stoppen"]
    toelichting: Tekst | None = None


class Uitvoering(Stap):
    ONTBREEKT: ClassVar[str] = "startdatum (gestart)"
    gestart: dt.date | None = None
    evaluaties: list[Evaluatie] = []

    def artefact(self) -> bool:
        return self.gestart is not None


class Stappen(Model):
    definities: Definities = Definities()
    problemen: Problemen = Problemen()
    prioriteiten: Prioriteiten = Prioriteiten()
    analyse: Analyse = Analyse()
    doelen: Doelen = Doelen()
    indicatoren: Indicatoren = Indicatoren()
    interventies: Interventies = Interventies()
    contractmanagement: Contractmanagement = Contractmanagement()
    uitvoering: Uitvoering = Uitvoering()


# the nine steps in order: the field of Stappen, and how people name the step
STAPPEN = (("definities", "definiëren"), ("problemen", "probleemverkenning"), ("prioriteiten", "prioriteren"),
           ("analyse", "probleemanalyse"), ("doelen", "doelen stellen"), ("indicatoren", "indicatoren vaststellen"),
           ("interventies", "interventies uitwerken"), ("contractmanagement", "contractmanagement inrichten"),
           ("uitvoering", "interventies uitvoeren"))


class Thema(Model):
    code: Code
    naam: Tekst
    eigenaar: Tekst | None = None
    stappen: Stappen = Stappen()

    @model_validator(mode="after")
    def _verwijzingen(self):
        s = self.stappen
        problemen = [p.code for p in s.problemen.lijst]
        doelen = [d.code for d in s.doelen.lijst]
        fouten = [f"dubbele code {c} in {waar}" for waar, codes in (("problemen", problemen), ("doelen", doelen))
                  for c in sorted({c for c in codes if codes.count(c) > 1})]
        fouten += [f"prioriteit {c} is geen probleem van dit thema" for c in s.prioriteiten.lijst if c not in problemen]
        fouten += [f"indicator '{i.naam}' hoort bij doel {i.doel}, dat dit thema niet heeft"
                   for i in s.indicatoren.lijst if i.doel not in doelen]
        fouten += [f"interventie '{i.naam}' dient doel {d}, dat dit thema niet heeft"
                   for i in s.interventies.lijst for d in i.doelen if d not in doelen]
        if fouten:
            raise ValueError("; ".join(fouten))
        return self


class Cyclus(Model):
    regio: Tekst | None = None
    herhaal_maanden: int = Field(12, ge=1, le=60)  # steps 1-5 are repeated this often (002 §4.2.10)
    evaluatie_jaren: int = Field(2, ge=1, le=10)  # evaluate this long after the start or the last evaluation
    themas: list[Thema] = Field(min_length=1)

    @model_validator(mode="after")
    def _unieke_themas(self):
        codes = [t.code for t in self.themas]
        dubbel = sorted({c for c in codes if codes.count(c) > 1})
        if dubbel:
            raise ValueError(f"thema {', '.join(dubbel)} staat meer dan eens in het bestand")
        return self


def ingebouwd_pad(naam: str) -> Path:
    return Path(str(resources.files("stuurwiel.data").joinpath("cyclus", f"{naam}.yaml")))


def lees_cyclus(bron: str | Path) -> tuple[Cyclus, bytes]:
    """Read `zhz` (the example) or a path to a cyclus.yaml: the cycle and the file's bytes. Raises
    Cyclusfout with Dutch messages naming the file and the place in it."""
    pad = ingebouwd_pad(str(bron)) if str(bron) in INGEBOUWD else Path(bron)
    try:
        if pad.stat().st_size > MAX_BESTAND:
            raise Cyclusfout(f"{pad}: groter dan {MAX_BESTAND // 1_000_000} MB; is dit een cyclusbestand?")
        inhoud = pad.read_bytes()
    except OSError as e:
        raise Cyclusfout(f"{pad}: kan het cyclusbestand niet lezen ({e.strerror})") from None
    return ontleed_cyclus(inhoud, pad.name), inhoud


def ontleed_cyclus(inhoud: bytes, naam: str = "cyclus.yaml") -> Cyclus:
    try:
        tekst = inhoud.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Cyclusfout(f"{naam}: geen UTF-8-tekst (byte {e.start})") from None
    return ontleed(Cyclus, tekst, naam, Cyclusfout, "themas (en herhaal_maanden, evaluatie_jaren)", _met_thema)


def _met_thema(meldingen: list[str], gegevens: dict) -> list[str]:
    """'themas[1].stappen…' also names the theme's code, so the place reads without counting."""
    themas = gegevens.get("themas")
    uit = []
    for m in meldingen:
        if m.startswith("themas[") and isinstance(themas, list):
            i = int(m[len("themas["):m.index("]")])
            code = themas[i].get("code") if i < len(themas) and isinstance(themas[i], dict) else None
            if code is not None:
                m = f"thema {code}: {m}"
        uit.append(m)
    return uit
