"""The iJw 3.2 rules that can be checked on one message, by their official codes.

Every technical rule of the XSLT level (TR) and every condition (CD) and constraint (CS) of the
Zorginstituut, written from its text in ../shared/reference/ijw-3.2/regels/ and applied at every
technical path listed for it. A breach is answered with the general return code 0001 (IV028).
The restrictions (RS) are the XSD's and are checked there. Where a text leaves the element
open, docs/ijw.md says how it is read here.

A message reaches these checks only after it passed its XSD, so every required element is
there and every value has its type.
"""

# Each rule registers itself in REGELS when its module is imported.
from stuurwiel.invoer.ijw.regels import client, declaraties, producten, verzoeken  # noqa: F401
from stuurwiel.invoer.ijw.regels.basis import REGELS, Bevinding, Regel, controleer

__all__ = ["REGELS", "Bevinding", "Regel", "controleer"]
