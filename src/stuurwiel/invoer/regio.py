"""The region configuration as reference tables of the store (written by `stuurwiel init`)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import yaml

from stuurwiel.config.normen import Norm
from stuurwiel.config.regio import Regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import TABELLEN

JAREN = range(2015, 2036)  # population and tariffs are written for every year a region may query


def regio_tabellen(regio: Regio) -> dict[str, pa.Table]:
    return {naam: pa.Table.from_pylist(rijen, TABELLEN[naam].arrow_schema()) for naam, rijen in _rijen(regio).items()}


def _rijen(regio: Regio) -> dict[str, list[dict]]:
    configuratie = yaml.safe_dump(regio.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
    return {
        "regio": [dict(code=regio.code, naam=regio.naam, configuratie=configuratie,
                       geladen_op=dt.datetime.now().replace(microsecond=0))],
        "gemeente": [dict(gemeentecode=g.code, naam=g.naam, subregio=g.subregio) for g in regio.gemeenten],
        "jeugdbevolking": regio.jeugdbevolking(JAREN),
        "segment": [dict(segmentcode=s.code, naam=s.naam, geldig_van=s.van, geldig_tot=s.tot,
                         opgegaan_in=s.opgegaan_in) for s in regio.segmenten],
        "product": [dict(productcode=p.code, productcategorie=p.categorie, naam=p.naam, eenheid=p.eenheid)
                    for p in regio.producten],
        "norm": [_norm(p.code, j, n) for p in regio.producten for j in JAREN
                 if (n := p.norm_in(j)) and (n.max_duur_maanden or n.max_intensiteit)],
        "product_segment": [dict(productcode=p.code, segmentcode=sp.segment, geldig_van=sp.van, geldig_tot=sp.tot)
                            for p in regio.producten for sp in regio.segmentperioden(p)],
        "lastenpost": [dict(postcode=p.code, naam=p.naam, basis=p.basis) for p in regio.begroting.posten],
        "tarief": [dict(productcode=p.code, jaar=j, tarief_cent=regio.tarief_cent(p, j))
                   for p in regio.producten for j in JAREN if regio.tarief_cent(p, j) is not None],
    }


def _norm(productcode: str, jaar: int, n: Norm) -> dict:
    i = n.max_intensiteit
    return dict(productcode=productcode, jaar=jaar, vanaf=n.vanaf, max_duur_maanden=n.max_duur_maanden,
                max_volume=i.volume if i else None, eenheid=i.eenheid if i else None,
                frequentie=i.frequentie if i else None, verklarende_analyse=n.verklarende_analyse)


def schrijf_regio(opslag: Opslag, regio: Regio) -> None:
    """Create the schema if needed and (re)write the region's reference tables, atomically."""
    with opslag.transactie():
        opslag.maak_schema()
        for naam, rijen in regio_tabellen(regio).items():
            opslag.vervang(naam, rijen)
