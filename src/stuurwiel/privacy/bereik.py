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
Subregions (`subregio`) group municipalities: their totals are open like the municipalities' totals,
but a subregion split or filtered by anything else is detail of its municipalities. A municipal scope
sees that detail only of the subregions in `subregios`: those whose municipalities outside the scope
are none or at least two (`zichtbare_subregios`), so no other municipality's detail follows from a
subregion's figure minus its own; the rest is refused (`BuitenBereik`) or left out of a split.
Signals, audit samples and the allocations above their norm are for the control role only
(`vereis_dossierinzage`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from stuurwiel.begrippen.selectie import GEBIEDEN, Selectie
from stuurwiel.config.regio import Privacy
from stuurwiel.privacy.onthulling import verborgen


class BuitenBereik(PermissionError):
    """A query outside the audience's scope; the message is for the user."""


@dataclass(frozen=True)
class Bereik:
    gemeenten: frozenset[str] | None = None  # municipalities in detail; None: all
    privacy: Privacy | None = None  # disclosure rules; None: case-level rights, nothing suppressed
    subregios: frozenset[str] = frozenset()  # with `gemeenten`: the subregions seen in detail

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
        verfijnd = _verfijnd(per, selectie)
        if "gemeente" in per and verfijnd and not selectie.gemeenten:
            selectie = replace(selectie, gemeenten=tuple(sorted(self.gemeenten)))
        if verfijnd and ("subregio" in per or selectie.subregios):
            selectie = self._subregios(selectie)
        return selectie

    def _subregios(self, selectie: Selectie) -> Selectie:
        vreemd = sorted(set(selectie.subregios) - self.subregios)
        if vreemd or not self.subregios:
            welke = f"subregio {', '.join(vreemd)}" if vreemd else "de subregio's"
            raise BuitenBereik(f"geen toegang tot de uitsplitsing van {welke}: daaruit volgen de gegevens van "
                               "een andere gemeente")
        return selectie if selectie.subregios else replace(selectie, subregios=tuple(sorted(self.subregios)))

    def verbergt(self, per: Sequence[str], selectie: Selectie, gemeente: str | None) -> bool:
        """Whether this municipality's figure in a split by `per` within `selectie` is outside the
        scope: another municipality's detail (its totals are not)."""
        return (self.gemeenten is not None and gemeente is not None and gemeente not in self.gemeenten
                and _verfijnd(per, selectie))

    def eenzijdig(self, per: Sequence[str], selectie: Selectie) -> bool:
        """Whether a figure of this question, not about the audience's own municipalities, may come
        from one other municipality: a municipal scope, a question of the region split or selected
        by something other than municipality or subregion."""
        return (self.gemeenten is not None and "gemeente" not in per and not selectie.gemeenten
                and _verfijnd(per, selectie))


def _verfijnd(per: Sequence[str], selectie: Selectie) -> bool:
    """A question finer than the totals per municipality or subregion."""
    return any(p not in GEBIEDEN for p in per) or selectie.verfijnd


def zichtbare_subregios(indeling: Mapping[str, str | None], gemeenten: Iterable[str]) -> frozenset[str]:
    """The subregions (of `indeling`: municipality -> subregion) a municipal scope over `gemeenten` may see
    split: those where the municipalities outside the scope are none or at least two."""
    eigen = set(gemeenten)
    anderen: dict[str, int] = {}
    for gemeente, subregio in indeling.items():
        if subregio:
            anderen[subregio] = anderen.get(subregio, 0) + (gemeente not in eigen)
    return frozenset(s for s, n in anderen.items() if n != 1)


VOLLEDIG = Bereik()  # the analyst at the store: everything, unsuppressed
