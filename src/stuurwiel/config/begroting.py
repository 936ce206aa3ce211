"""The whole budget in the region file (`begroting:`): besides the claims, the posts whose cost does
not come from claims (jeugdteams, PGB, certified institutions, …). Their cost arrives as the
exchange file `lasten`, their budget as `budgetten` with a `postcode`. The amounts are the region's
reference budget of one year, in euros: they document the proportions of the budget and let the
synthetic region scale each post to the claims."""

from __future__ import annotations

from pydantic import Field, model_validator

from stuurwiel.config.model import Model

DECLARATIES = "zorginkoop"  # the post of the claims: not a post of `lasten`


class Lastenpost(Model):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="de code in het bestand lasten")
    naam: str
    bedrag: int | None = Field(default=None, ge=0, description="het bedrag in de referentiebegroting, in euro's")
    basis: bool = Field(default=True, description="onderdeel van de basisbegroting (false: extra middelen)")


class Begroting(Model):
    referentiejaar: int | None = Field(default=None, description="het jaar van de referentiebedragen")
    declaraties: int | None = Field(default=None, ge=0, description="de zorginkoop (de declaraties) in de "
                                                                     "referentiebegroting, in euro's")
    posten: list[Lastenpost] = []

    @model_validator(mode="after")
    def _codes(self) -> Begroting:
        codes = [p.code for p in self.posten]
        dubbel = sorted({c for c in codes if codes.count(c) > 1})
        if dubbel:
            raise ValueError(f"posten: dubbele code(s) {', '.join(dubbel)}")
        if DECLARATIES in codes:
            raise ValueError(f"posten: '{DECLARATIES}' is de post van de declaraties, geen post van lasten")
        return self

    @property
    def basisbedrag(self) -> int | None:
        """The base budget of the reference year: the claims and every base post."""
        if self.declaraties is None or any(p.bedrag is None for p in self.posten):
            return None
        return self.declaraties + sum(p.bedrag for p in self.posten if p.basis)

    def aandeel(self, post: Lastenpost) -> float | None:
        """A post's amount per euro of claims in the reference budget."""
        return post.bedrag / self.declaraties if post.bedrag is not None and self.declaraties else None
