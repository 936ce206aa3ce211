"""The synthetic region: a simulator that writes every exchange file of a youth-care region,
with ground truth, calibrated to public figures (see kalibratie.py).

    from stuurwiel.synth import genereer
    genereer(lees_regio("zhz"), range(2021, 2026), seed=1, uit=Path("bron"))
"""

from stuurwiel.synth.simulatie import Samenvatting, genereer

__all__ = ["Samenvatting", "genereer"]
