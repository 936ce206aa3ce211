"""What a role may see, as the `Bereik` every question carries (privacy/bereik.py, the one place it
is applied).

- gemeente: its own municipalities in detail, the others only as totals;
- regio, beheerder, contractmanagement: every municipality;
- controle: every municipality, and without suppression: the control role works with case-level
  rights (signals, samples); every other role sees small counts suppressed as the region's
  privacy settings say.
"""

from __future__ import annotations

from collections.abc import Iterable

from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rollen import DOSSIERINZAGE


def bereik_van(opslag: Opslag, s: Sessie) -> Bereik:
    return bereik_voor(opslag, s.gebruiker.rol, s.gebruiker.gemeenten)


def bereik_voor(opslag: Opslag, rol: str, gemeenten: Iterable[str] = ()) -> Bereik:
    """The scope of a role (and, for the role gemeente, its municipalities)."""
    privacy = None if rol in DOSSIERINZAGE else opslag.regio().privacy
    return Bereik(frozenset(gemeenten) if rol == "gemeente" else None, privacy)
