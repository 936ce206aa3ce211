"""The region as iJw 3.2 messages (docs/ijw.md, "Synthetic messages").

The messages are made from the exchange tables toewijzingen, zorgperioden and declaraties (the
columns of invoer.uitwisseling), not from the simulation, so any region's files become messages the
same way, and reading them back gives exactly the rows of those tables: `sjablonen.py` holds the
message templates, `berichten.py` fills them per municipality, `schrijven.py` writes the archives.
"""

from stuurwiel.synth.ijw.schrijven import ALS_BERICHT, schrijf

__all__ = ["ALS_BERICHT", "schrijf"]
