"""A store with a worklist of signals for the dashboard's tests: the hand-made example with 120 claims on
allocations never sent, 30 a month from January to April 2024, over two municipalities, each of its own
amount; and an account per role."""

from __future__ import annotations

from pathlib import Path

from stuurwiel.config.regio import lees_regio
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from stuurwiel.web import gebruikers
from tests.support import voorbeeld
from tests.support.webregio import ACCOUNTS, wachtwoord

AANTAL = 120
GEMEENTEN = {"0505": "42420001", "1963": "42420002"}  # municipality -> the provider of its claims
DAGEN = [31, 29, 31, 30]  # January to April 2024


def claims() -> list[dict[str, str]]:
    """Claims on allocations never sent (signal zonder_toewijzing): claim i in month i % 4 + 1, of
    municipality i % 2, for 1 + i % 17 hours."""
    uit = []
    for i in range(AANTAL):
        maand, gemeente, uren = i % 4 + 1, list(GEMEENTEN)[i % 2], 1 + i % 17
        uit.append(dict(voorbeeld.RIJEN["declaraties"][0], referentienummer=f"Z{i:03d}", toewijzingnummer=f"{9000 + i}",
                        gemeentecode=gemeente, agb_code=GEMEENTEN[gemeente], geleverd_volume=str(uren),
                        bedrag_cent=str(uren * 9490), periode_begin=f"2024-{maand:02d}-01",
                        periode_eind=f"2024-{maand:02d}-{DAGEN[maand - 1]}"))
    return uit


def vul(adres: str, map_: Path) -> None:
    """Initialise the store at `adres`, load the example with the claims from `map_`, add the accounts."""
    rijen = voorbeeld.variant()
    rijen["declaraties"] += claims()
    with Opslag.open(adres) as opslag:
        initialiseer(opslag, lees_regio("zhz"))
        laad(opslag, [voorbeeld.schrijf(map_, rijen)])
        gebruikers.richt_in(opslag)
        for naam, (rol, gemeenten) in ACCOUNTS.items():
            gebruikers.toevoegen(opslag, naam, wachtwoord(naam), rol, gemeenten)
