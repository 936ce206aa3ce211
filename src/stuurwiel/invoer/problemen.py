"""What is wrong with a batch: one problem per file, line, column and value, in Dutch."""

from __future__ import annotations

from dataclasses import dataclass

from stuurwiel.begrippen.notatie import aantal


@dataclass(frozen=True)
class Probleem:
    bron: str
    kolom: str | None
    waarde: str | None
    reden: str
    element: str | None = None  # the element path, for a row read from an iJw message

    def __str__(self) -> str:
        delen = [self.bron]
        if self.element:
            delen.append(f"element {self.element}")
        if self.kolom:
            delen.append(f"kolom {self.kolom}")
        if self.waarde is not None:
            delen.append(f"waarde '{self.waarde}'")
        return ", ".join(delen) + f": {self.reden}"


class Afgewezen(Exception):
    """The batch is rejected; nothing of it was stored."""

    def __init__(self, problemen: list[Probleem]):
        super().__init__(aantal(len(problemen), "probleem", "problemen"))
        self.problemen = problemen

    def __reduce__(self):  # crosses from the process that read the batch (toepassing/apart.py)
        return Afgewezen, (self.problemen,)
