"""What one audience may see: the municipalities it sees in detail, and the disclosure rules.

Every question carries the `Bereik` of whoever asks (`toepassing.vraag.Vraag`): the catalogue
(`maten.catalogus.meet`) applies it to every measure, and the answers that are not measures
(forecasts, signals) narrow their rows with `beperk` too, so scope and suppression have one place,
for the CLI, the reports, the dashboard, its exports and the API alike.

Scope of a municipal user (`gemeenten` set): their own municipalities in detail; of the others
only aggregates — the regional totals, split or filtered by anything, and the totals per
municipality (the benchmark every report shows). Asking for another municipality's figures (a
selection on it) gives nothing: `BuitenBereik`; a split of the municipalities by segment, provider,
product or referrer, or their figures within such a selection, shows only their own; another
municipality's cell in such a split reads "buiten uw bereik" (`verbergt`). A figure of the region
split or selected by anything else that comes, outside their own, from one other municipality is that
municipality's detail too (`eenzijdig`, privacy/onthulling.py).
Signals, audit samples and the allocations above their norm are for the control role only
(`vereis_dossierinzage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.regio import Privacy
from stuurwiel.privacy.onthulling import verborgen


class BuitenBereik(PermissionError):
    """A query outside the audience's scope; the message is for the user."""


@dataclass(frozen=True)
class Bereik:
    gemeenten: frozenset[str] | None = None  # municipalities in detail; None: all
    privacy: Privacy | None = None  # disclosure rules; None: case-level rights, nothing suppressed

    @property
    def verborgen(self) -> str:
        """How a suppressed figure reads for this audience ("<8"); empty when nothing is suppressed."""
        return verborgen(self.privacy) if self.privacy else ""

    @property
    def dossierinzage(self) -> bool:
        """Case-level rights: the control role, the analyst at the store."""
        return self.privacy is None

    def vereis_dossierinzage(self, wat: str) -> None:
        """Signals, samples and allocation-level lists are for case-level work only (purpose limitation):
        refuse the rest."""
        if not self.dossierinzage:
            raise BuitenBereik(f"uw rol geeft geen toegang tot {wat}: die zijn alleen voor wie dossierinzage heeft "
                               "(de rol controle)")

    def beperk(self, per: Sequence[str], selectie: Selectie) -> Selectie:
        """The selection this audience may use for a query split by `per`; raises BuitenBereik."""
        if self.gemeenten is None:
            return selectie
        vreemd = sorted(set(selectie.gemeenten) - self.gemeenten)
        if vreemd:
            raise BuitenBereik(f"geen toegang tot de gegevens van gemeente {', '.join(vreemd)}")
        if "gemeente" in per and _verfijnd(per, selectie) and not selectie.gemeenten:
            return replace(selectie, gemeenten=tuple(sorted(self.gemeenten)))
        return selectie

    def verbergt(self, per: Sequence[str], selectie: Selectie, gemeente: str | None) -> bool:
        """Whether this municipality's figure in a split by `per` within `selectie` is outside the
        scope: another municipality's detail (its totals are not)."""
        return (self.gemeenten is not None and gemeente is not None and gemeente not in self.gemeenten
                and _verfijnd(per, selectie))

    def eenzijdig(self, per: Sequence[str], selectie: Selectie) -> bool:
        """Whether a figure of this question, not about the audience's own municipalities, may come
        from one other municipality: a municipal scope, a question of the region split or selected
        by something other than municipality."""
        return (self.gemeenten is not None and "gemeente" not in per and not selectie.gemeenten
                and _verfijnd(per, selectie))


def _verfijnd(per: Sequence[str], selectie: Selectie) -> bool:
    """A question finer than the totals per municipality."""
    return len([p for p in per if p != "gemeente"]) > 0 or selectie.verfijnd


VOLLEDIG = Bereik()  # the analyst at the store: everything, unsuppressed
