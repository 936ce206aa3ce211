"""The national region: all 342 municipalities, each with its jeugdregio as subregio, and the
segments, products, tariffs and indexation of Zuid-Holland Zuid."""

from __future__ import annotations

from stuurwiel.config.referentie import gemeenten
from stuurwiel.config.regio import Gemeente, Regio, lees_regio


def nederland_regio() -> Regio:
    zhz = lees_regio("zhz")
    leden = [Gemeente(code=g.code, naam=g.naam, subregio=g.jeugdregio)
             for g in sorted(gemeenten().values(), key=lambda g: g.code)]
    return Regio(code="nederland", naam="Nederland", gemeenten=leden, segmenten=zhz.segmenten,
                 producten=zhz.producten, tariefjaar=zhz.tariefjaar, indexatie=zhz.indexatie,
                 voortijdig_beeindigd=zhz.voortijdig_beeindigd, privacy=zhz.privacy)
