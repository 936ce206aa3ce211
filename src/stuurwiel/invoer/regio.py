"""The region configuration as reference tables of the store (written by `stuurwiel init`)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import yaml

from stuurwiel.config.regio import Regio
from stuurwiel.opslag.database import Opslag

JAREN = range(2015, 2036)  # population and tariffs are written for every year a region may query


def regio_tabellen(regio: Regio) -> dict[str, pa.Table]:
    def tabel(rijen: list[dict]) -> pa.Table:
        return pa.Table.from_pylist(rijen)

    return {
        "regio": tabel([dict(code=regio.code, naam=regio.naam,
                             configuratie=yaml.safe_dump(regio.model_dump(mode="json"), allow_unicode=True,
                                                         sort_keys=False),
                             geladen_op=dt.datetime.now().replace(microsecond=0))]),
        "gemeente": tabel([dict(gemeentecode=g.code, naam=g.naam, subregio=g.subregio) for g in regio.gemeenten]),
        "jeugdbevolking": tabel(regio.jeugdbevolking(JAREN)),
        "segment": tabel([dict(segmentcode=s.code, naam=s.naam, geldig_van=s.van, geldig_tot=s.tot,
                               opgegaan_in=s.opgegaan_in) for s in regio.segmenten]),
        "product": tabel([dict(productcode=p.code, productcategorie=p.categorie, naam=p.naam, eenheid=p.eenheid,
                               norm_max_duur_maanden=p.norm.max_duur_maanden,
                               norm_max_volume_per_maand=p.norm.max_volume_per_maand) for p in regio.producten]),
        "product_segment": tabel([dict(productcode=p.code, segmentcode=sp.segment, geldig_van=sp.van,
                                       geldig_tot=sp.tot)
                                  for p in regio.producten for sp in regio.segmentperioden(p)]),
        "tarief": tabel([dict(productcode=p.code, jaar=j, tarief_cent=regio.tarief_cent(p, j))
                         for p in regio.producten for j in JAREN if regio.tarief_cent(p, j) is not None]),
    }


def schrijf_regio(opslag: Opslag, regio: Regio) -> None:
    """Create the schema if needed and (re)write the region's reference tables, atomically."""
    with opslag.transactie():
        opslag.maak_schema()
        for naam, rijen in regio_tabellen(regio).items():
            opslag.vervang(naam, rijen)
