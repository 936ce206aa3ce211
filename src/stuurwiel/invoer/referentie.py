"""What validating a batch needs to know of the store: the region and what was loaded before."""

from __future__ import annotations

from dataclasses import dataclass, field

from stuurwiel.config.invoer import Invoergrenzen
from stuurwiel.opslag.database import Opslag


@dataclass
class Referentie:
    regio: str
    gemeenten: set[str]
    segmenten: set[str]
    producten: dict[str, str]  # productcode -> productcategorie
    aanbieders: set[str]
    hashes: set[str]
    maten: set[str] = field(default_factory=set)  # the catalogue's measure names (toelichtingen)
    lastenposten: set[str] = field(default_factory=set)  # the posts of the whole budget (lasten, budgetten)
    grenzen: Invoergrenzen = field(default_factory=Invoergrenzen)  # what one file may hold
    bsn_elders: str = "weigeren"  # a BSN where none belongs: refuse the batch, or "pseudonimiseren"

    @classmethod
    def uit_opslag(cls, opslag: Opslag) -> Referentie:
        def kolom(sql: str) -> list:
            return [r[0] for r in opslag.rijen(sql)]

        regio = opslag.regio()
        return cls(
            grenzen=regio.invoer,
            bsn_elders=regio.privacy.bsn_elders,
            regio=(kolom("SELECT naam FROM regio") or ["?"])[0],
            gemeenten=set(kolom("SELECT gemeentecode FROM gemeente")),
            segmenten=set(kolom("SELECT segmentcode FROM segment")),
            producten=dict(opslag.rijen("SELECT productcode, productcategorie FROM product")),
            aanbieders=set(kolom("SELECT DISTINCT agb_code FROM aanbieder")),
            hashes=set(kolom("SELECT hash FROM bronbestand")),
            lastenposten=set(kolom("SELECT postcode FROM lastenpost")),
        )
