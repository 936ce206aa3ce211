"""What one audience may see: the municipalities it sees in detail, and the disclosure rules.

Every measure query goes through `maten.catalogus.meet` with a `Bereik`; that is the one
place where scope and suppression are applied, for the CLI, the reports, the dashboard, its
exports and the API alike.

Scope of a municipal user (`gemeenten` set): their own municipalities in detail; of the others
only aggregates — the regional totals, split or filtered by anything, and the totals per
municipality (the benchmark every report shows). Asking for another municipality's figures (a
selectie on it) gives nothing: `GeenToegang`; a split of the municipalities by segment, provider,
product or referrer, or their figures within such a selectie, shows only their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.regio import Privacy


class BuitenBereik(PermissionError):
    """A query outside the audience's scope; the message is for the user."""


@dataclass(frozen=True)
class Bereik:
    gemeenten: frozenset[str] | None = None  # municipalities in detail; None: all
    privacy: Privacy | None = None  # disclosure rules; None: case-level rights, nothing suppressed

    def beperk(self, per: Sequence[str], selectie: Selectie) -> Selectie:
        """The selection this audience may use for a query split by `per`; raises GeenToegang."""
        if self.gemeenten is None:
            return selectie
        vreemd = sorted(set(selectie.gemeenten) - self.gemeenten)
        if vreemd:
            raise BuitenBereik(f"geen toegang tot de gegevens van gemeente {', '.join(vreemd)}")
        verfijnd = len(per) > 1 or selectie.verfijnd
        if "gemeente" in per and verfijnd and not selectie.gemeenten:
            return replace(selectie, gemeenten=tuple(sorted(self.gemeenten)))
        return selectie


VOLLEDIG = Bereik()  # the analyst at the store: everything, unsuppressed
