"""What a role may see, as the catalogue's `Bereik` (privacy/bereik.py, the one place it is applied).

- gemeente: its own municipalities in detail, the others only as totals;
- regio, beheerder, contractmanagement: every municipality;
- controle: every municipality, and without suppression: the control role works with case-level
  rights (signals, samples); every other role sees small counts suppressed as the region's
  privacy settings say.
"""

from __future__ import annotations

from functools import lru_cache

from stuurwiel.config.regio import Privacy, parse_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.web.gebruikers import Sessie

DOSSIERINZAGE = {"controle"}


@lru_cache(maxsize=8)
def _privacy(configuratie: str) -> Privacy:
    return parse_regio(configuratie, "regioconfiguratie in de database").privacy


def bereik_van(opslag: Opslag, s: Sessie) -> Bereik:
    g = s.gebruiker
    privacy = None if g.rol in DOSSIERINZAGE else _privacy(opslag.rijen("SELECT configuratie FROM regio")[0][0])
    return Bereik(frozenset(g.gemeenten) if g.rol == "gemeente" else None, privacy)
