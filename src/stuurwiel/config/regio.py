"""The region configuration (`regio.yaml`): municipalities, segments, products, privacy.

A region file describes the structure the facts are read against; the facts themselves
(allocations, claims, providers, budgets) arrive as data. Validation errors are reported in
Dutch with the path in the file, e.g. ``producten[3].eenheid``.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from stuurwiel.config.begroting import Begroting
from stuurwiel.config.codelijsten import codelijst
from stuurwiel.config.controle import Signaaldrempels, Steekproef
from stuurwiel.config.invoer import Invoergrenzen
from stuurwiel.config.model import Model, ontleed
from stuurwiel.config.normen import EURO, Norm, enkele_norm, ijw_eenheid, normproblemen
from stuurwiel.config.referentie import bevolking, bronnen, gemeenten
from stuurwiel.config.verevening import Verevening

EINDE_DER_TIJDEN = dt.date(9999, 12, 31)
BEGIN_DER_TIJDEN = dt.date(1900, 1, 1)
INGEBOUWDE_REGIO_S = ("zhz", "groningen")
NEDERLAND = "nederland"

Code4 = Annotated[str, Field(pattern=r"^[0-9]{4}$")]


class RegioFout(ValueError):
    """A region file that cannot be used; the message lists every problem in Dutch."""


class Gemeente(Model):
    code: Code4
    naam: str
    subregio: str | None = None
    jeugdigen: dict[int, int] = {}
    inwoners: dict[int, int] = {}

    @field_validator("code")
    @classmethod
    def _bekende_gemeente(cls, code: str) -> str:
        if code not in gemeenten():
            raise ValueError(f"gemeentecode {code} bestaat niet in de CBS-indeling 2026")
        return code


class Segment(Model):
    code: str
    naam: str
    van: dt.date = BEGIN_DER_TIJDEN
    tot: dt.date = EINDE_DER_TIJDEN
    opgegaan_in: str | None = None


class SegmentPeriode(Model):
    segment: str
    van: dt.date = BEGIN_DER_TIJDEN
    tot: dt.date = EINDE_DER_TIJDEN


class Product(Model):
    code: str = Field(min_length=1, max_length=5)
    categorie: str
    naam: str
    segment: str | list[SegmentPeriode]
    eenheid: str
    tarief: int | None = Field(default=None, ge=0, description="eurocent per eenheid in het tariefjaar")
    tarieven: dict[int, int] = {}
    normen: list[Norm] = []

    @model_validator(mode="before")
    @classmethod
    def _enkele_norm(cls, gegevens):
        return enkele_norm(gegevens)

    @field_validator("categorie")
    @classmethod
    def _categorie(cls, v: str) -> str:
        if v not in codelijst("ProductCategorie"):
            raise ValueError(f"'{v}' is geen iJw-productcategorie")
        return v

    @field_validator("eenheid")
    @classmethod
    def _eenheid(cls, v: str) -> str:
        return ijw_eenheid(v)

    @model_validator(mode="after")
    def _tarief_bekend(self) -> Product:
        if self.eenheid != EURO and self.tarief is None and not self.tarieven:
            raise ValueError("tarief ontbreekt (alleen eenheid 83, euro's, heeft geen tarief)")
        return self

    @model_validator(mode="after")
    def _normen_passen(self) -> Product:
        problemen = normproblemen(self.eenheid, self.normen)
        if problemen:
            raise ValueError(f"product {self.code}: " + "; ".join(problemen))
        return self

    def norm_in(self, jaar: int) -> Norm | None:
        """The norm that holds in a year: the one with the latest `vanaf` up to that year."""
        geldig = [n for n in self.normen if n.vanaf <= jaar]
        return max(geldig, key=lambda n: n.vanaf) if geldig else None


class Privacy(Model):
    afronding: int = Field(default=5, ge=1, description="tellingen afgerond op een veelvoud hiervan")
    drempel: int = Field(default=8, ge=0, description="tellingen hieronder tonen als '<drempel'")
    sleutel: Path | None = Field(default=None, description="pad van de pseudonimiseringssleutel")
    bsn_elders: Literal["weigeren", "pseudonimiseren"] = Field(
        default="weigeren", description="een BSN in een kolom of bestandsnaam waar geen BSN hoort: de lading "
                                        "weigeren, of het BSN vervangen door een pseudoniem")


class Doelinstellingen(Model):
    """`doelen:` in regio.yaml: the settings of the goal register (config/doelen.py)."""
    max_per_jaar: int = Field(default=10, ge=1, description="hoogstens zoveel doelen per jaar (004 §1.3)")
    marge_pct: float = Field(default=5.0, ge=0, le=100,
                             description="oranje: binnen zoveel procent van de streefwaarde")


class Regio(Model):
    code: str = Field(pattern=r"^[a-z0-9_-]+$")
    naam: str
    gemeenten: list[Gemeente] = Field(min_length=1)
    segmenten: list[Segment] = Field(min_length=1)
    producten: list[Product] = Field(min_length=1)
    tariefjaar: int = 2021
    indexatie: dict[int, float] = Field(default={}, description="tariefindexatie in procenten per jaar")
    voortijdig_beeindigd: list[str] = ["32", "33"]
    privacy: Privacy = Privacy()
    invoer: Invoergrenzen = Invoergrenzen()
    steekproef: Steekproef = Steekproef()
    signalen: Signaaldrempels = Signaaldrempels()
    doelen: Doelinstellingen = Doelinstellingen()
    verevening: Verevening = Verevening()
    begroting: Begroting = Begroting()

    @model_validator(mode="after")
    def _samenhang(self) -> Regio:
        problemen = []
        for veld, codes in (("gemeenten", [g.code for g in self.gemeenten]),
                            ("segmenten", [s.code for s in self.segmenten]),
                            ("producten", [p.code for p in self.producten])):
            dubbel = sorted({c for c in codes if codes.count(c) > 1})
            if dubbel:
                problemen.append(f"{veld}: dubbele code(s) {', '.join(dubbel)}")
        segmenten = {s.code: s for s in self.segmenten}
        for s in self.segmenten:
            if s.opgegaan_in and s.opgegaan_in not in segmenten:
                problemen.append(f"segment {s.code}: opgegaan_in '{s.opgegaan_in}' is geen segment")
        for p in self.producten:
            problemen += _problemen_productsegment(p.code, self.segmentperioden(p), segmenten)
        reden = codelijst("RedenBeeindiging")
        problemen += [f"voortijdig_beeindigd: '{c}' is geen iJw-reden beëindiging"
                     for c in self.voortijdig_beeindigd if c not in reden]
        problemen += self.verevening.problemen([g.code for g in self.gemeenten], list(segmenten))
        if problemen:
            raise ValueError("; ".join(problemen))
        return self

    @cached_property
    def gemeente_codes(self) -> list[str]:
        return [g.code for g in self.gemeenten]

    @cached_property
    def producten_per_code(self) -> dict[str, Product]:
        return {p.code: p for p in self.producten}

    def tarief_cent(self, product: Product, jaar: int) -> int | None:
        """Tariff in a year: an explicit `tarieven` entry, else the base tariff indexed."""
        if jaar in product.tarieven:
            return product.tarieven[jaar]
        if product.tarief is None:
            return None
        tarief = float(product.tarief)
        for j in range(self.tariefjaar + 1, jaar + 1):
            tarief *= 1 + self.indexatie.get(j, 0.0) / 100
        for j in range(jaar + 1, self.tariefjaar + 1):
            tarief /= 1 + self.indexatie.get(j, 0.0) / 100
        return round(tarief)

    def segmentperioden(self, product: Product) -> list[SegmentPeriode]:
        """The product's segment over time. A single segment follows `opgegaan_in` when that
        segment ends, so a merger of segments is written once, on the segment."""
        if not isinstance(product.segment, str):
            return product.segment
        segmenten = {s.code: s for s in self.segmenten}
        perioden, code, van = [], product.segment, BEGIN_DER_TIJDEN
        while code in segmenten and len(perioden) <= len(segmenten):
            seg = segmenten[code]
            perioden.append(SegmentPeriode(segment=code, van=max(van, seg.van), tot=seg.tot))
            if seg.opgegaan_in is None or seg.tot == EINDE_DER_TIJDEN:
                break
            code, van = seg.opgegaan_in, seg.tot + dt.timedelta(days=1)
        return perioden or [SegmentPeriode(segment=product.segment)]

    def segment_op(self, product: Product, datum: dt.date) -> str | None:
        for sp in self.segmentperioden(product):
            if sp.van <= datum <= sp.tot:
                return sp.segment
        return None

    def jeugdbevolking(self, jaren: range) -> list[dict]:
        """Young people 0-17 and inhabitants per municipality x year, with their source.

        Values in the region file win; otherwise the package estimate; years past the estimate
        carry its last year forward (and say so)."""
        rijen = []
        for g in self.gemeenten:
            schatting = bevolking().get(g.code, {})
            for jaar in jaren:
                if jaar in g.jeugdigen:
                    inwoners = g.inwoners.get(jaar) or _schatting(schatting, jaar)[0][0]
                    rijen.append(dict(gemeentecode=g.code, jaar=jaar, jeugdigen_0_17=g.jeugdigen[jaar],
                                     inwoners=inwoners, bron="regio.yaml"))
                    continue
                (inwoners, jeugdigen), bron = _schatting(schatting, jaar)
                rijen.append(dict(gemeentecode=g.code, jaar=jaar, jeugdigen_0_17=jeugdigen,
                                 inwoners=g.inwoners.get(jaar, inwoners), bron=bron))
        return rijen


def _schatting(per_jaar: dict[int, tuple[int, int]], jaar: int) -> tuple[tuple[int, int], str]:
    if jaar in per_jaar:
        return per_jaar[jaar], bronnen()["bevolking.csv"]
    dichtstbij = min(per_jaar, key=lambda j: abs(j - jaar))
    return per_jaar[dichtstbij], f"{bronnen()['bevolking.csv']}; {jaar} gelijkgesteld aan {dichtstbij}"


def _problemen_productsegment(code: str, perioden: list[SegmentPeriode],
                              segmenten: dict[str, Segment]) -> list[str]:
    problemen = []
    perioden = sorted(perioden, key=lambda sp: sp.van)
    for sp in perioden:
        seg = segmenten.get(sp.segment)
        if seg is None:
            problemen.append(f"product {code}: segment '{sp.segment}' bestaat niet")
        elif sp.van < seg.van or sp.tot > seg.tot:
            problemen.append(f"product {code}: segment {sp.segment} geldt alleen van {seg.van} tot {seg.tot}")
    for a, b in zip(perioden, perioden[1:]):
        if b.van <= a.tot:
            problemen.append(f"product {code}: segmentperioden overlappen ({a.segment} en {b.segment})")
    return problemen


def ingebouwd_pad(naam: str) -> Path:
    return Path(str(resources.files("stuurwiel.data").joinpath("regio", f"{naam}.yaml")))


def lees_regio(bron: str | Path) -> Regio:
    """Read `zhz`, `groningen`, `nederland` (all 342 municipalities, their jeugdregio as subregio) or a
    path to a regio.yaml; raise RegioFout with Dutch messages."""
    if str(bron) == NEDERLAND:
        return _nederland(lees_regio("zhz"))
    pad = ingebouwd_pad(str(bron)) if str(bron) in INGEBOUWDE_REGIO_S else Path(bron)
    try:
        tekst = pad.read_text(encoding="utf-8")
    except OSError as e:
        raise RegioFout(f"{pad}: kan het regiobestand niet lezen ({e.strerror})") from None
    return ontleed_regio(tekst, str(pad))


def _nederland(zhz: Regio) -> Regio:
    """All 342 municipalities of the package's list, each with its jeugdregio as subregio, with every
    other setting of Zuid-Holland Zuid (segments, products, tariffs, budget posts, settlement rules)."""
    leden = [Gemeente(code=g.code, naam=g.naam, subregio=g.jeugdregio)
             for g in sorted(gemeenten().values(), key=lambda g: g.code)]
    return Regio(**{**{veld: getattr(zhz, veld) for veld in Regio.model_fields},
                    "code": NEDERLAND, "naam": "Nederland", "gemeenten": leden})


def ontleed_regio(tekst: str, naam: str = "regio.yaml") -> Regio:
    return ontleed(Regio, tekst, naam, RegioFout, "code, naam, gemeenten, segmenten, producten")
