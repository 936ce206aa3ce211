"""What a role may see, as the `Bereik` every question carries (privacy/bereik.py, the one place it
is applied).

- gemeente: its own municipalities in detail, the others only as totals; the subregions split only where
  that gives away no other municipality's detail (`privacy.bereik.zichtbare_subregios`);
- regio, beheerder, contractmanagement: every municipality;
- controle: every municipality, and without suppression: the control role works with case-level
  rights (signals, samples); every other role sees small counts suppressed as the region's
  privacy settings say.
"""

from __future__ import annotations

from collections.abc import Iterable

from stuurwiel.opslag.database import Opslag
from stuurwiel.privacy.bereik import Bereik, zichtbare_subregios
from stuurwiel.web.gebruikers import Sessie
from stuurwiel.web.rollen import DOSSIERINZAGE


def bereik_van(opslag: Opslag, s: Sessie) -> Bereik:
    return bereik_voor(opslag, s.gebruiker.rol, s.gebruiker.gemeenten)


def bereik_voor(opslag: Opslag, rol: str, gemeenten: Iterable[str] = ()) -> Bereik:
    """The scope of a role (and, for the role gemeente, its municipalities)."""
    regio = opslag.regio()
    privacy = None if rol in DOSSIERINZAGE else regio.privacy
    if rol != "gemeente":
        return Bereik(None, privacy)
    indeling = {g.code: g.subregio for g in regio.gemeenten}
    return Bereik(frozenset(gemeenten), privacy, zichtbare_subregios(indeling, gemeenten))
