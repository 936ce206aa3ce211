"""Subregion as a dimension wherever the municipality is one, on the hand-made example: the figures of a
subregion are those of its municipalities together, in `meet` and `kerncijfers`; a municipal scope sees a
subregion split by anything else only where that gives away no other municipality's detail."""

from __future__ import annotations

import csv
import io

import pytest

from stuurwiel.begrippen.periode import jaar
from stuurwiel.begrippen.selectie import Selectie
from stuurwiel.config.regio import lees_regio
from stuurwiel.maten.catalogus import CATALOGUS, meet
from stuurwiel.privacy.bereik import Bereik, BuitenBereik, zichtbare_subregios
from stuurwiel.toepassing.laden import laad
from tests.support import voorbeeld
from tests.support.helpers import cli

INDELING = {g.code: g.subregio for g in lees_regio("zhz").gemeenten}


@pytest.fixture
def geladen(opslag, tmp_path):
    laad(opslag, [voorbeeld.schrijf(tmp_path / "bron")])
    return opslag


def test_every_measure_by_municipality_can_be_split_by_subregion():
    assert all(("subregio" in m.dimensies) == ("gemeente" in m.dimensies) for m in CATALOGUS.values())


def test_a_subregions_figures_are_its_municipalities_together(geladen):
    kosten = meet(geladen, "kosten", [jaar(2024)], ["subregio"])
    # Dordrecht is in the Drechtsteden, Hoeksche Waard a subregion of its own; Alblasserwaard had no claims
    assert dict(zip(kosten.subregio, kosten.waarde)) == {
        "Alblasserwaard": 0, "Drechtsteden": voorbeeld.KOSTEN_2024_DORDRECHT_CENT, "Hoeksche Waard": 161448}
    jeugd = meet(geladen, "jeugdigen_0_17", [jaar(2024)], ["gemeente"])
    per_subregio = meet(geladen, "jeugdigen_0_17", [jaar(2024)], ["subregio"])
    for subregio, waarde in zip(per_subregio.subregio, per_subregio.waarde, strict=True):
        assert waarde == sum(w for g, w in zip(jeugd.gemeentecode, jeugd.waarde) if INDELING[g] == subregio)
    per_1000 = meet(geladen, "jeugdigen_per_1000", [jaar(2024)], ["subregio", "segment"])
    hw = per_1000[per_1000.subregio == "Hoeksche Waard"]
    bevolking = dict(zip(jeugd.gemeentecode, jeugd.waarde))
    assert hw.segmentcode.tolist() == ["2"] and hw.waarde.tolist() == pytest.approx([1000 / bevolking["1963"]])


@pytest.mark.unit
def test_kerncijfers_and_meet_per_subregio_on_the_command_line(tmp_path, sleutel_env):
    db = str(tmp_path / "s.duckdb")
    assert cli("init", "--regio", "zhz", "--db", db).exit_code == 0
    assert cli("laad", str(voorbeeld.schrijf(tmp_path / "bron")), "--db", db).exit_code == 0
    r = cli("kerncijfers", "--jaar", "2024", "--per", "subregio", "--formaat", "csv", "--db", db)
    assert r.exit_code == 0, r.output
    rijen = {x["naam"]: x for x in csv.DictReader(io.StringIO(r.stdout))}
    assert int(rijen["Drechtsteden"]["kosten_cent"]) == voorbeeld.KOSTEN_2024_DORDRECHT_CENT
    assert int(rijen["Totaal"]["kosten_cent"]) == voorbeeld.KOSTEN_2024_CENT
    r = cli("meet", "kosten", "--periode", "2024", "--per", "subregio", "--per", "segment", "--formaat", "csv",
            "--db", db)
    assert r.exit_code == 0 and "Hoeksche Waard,Hoeksche Waard,2," in r.stdout


@pytest.mark.unit
def test_which_subregions_a_municipality_sees_split():
    # Dordrecht: 5 other municipalities in the Drechtsteden, 3 in Alblasserwaard, and Hoeksche Waard is one
    assert zichtbare_subregios(INDELING, ["0505"]) == {"Drechtsteden", "Alblasserwaard"}
    # Hoeksche Waard's own subregion is only itself
    assert zichtbare_subregios(INDELING, ["1963"]) == {"Drechtsteden", "Alblasserwaard", "Hoeksche Waard"}
    # two of the three in Alblasserwaard: the third would follow from the subregion's figure
    assert "Alblasserwaard" not in zichtbare_subregios(INDELING, ["0512", "0523"])


def test_a_municipal_scope_sees_subregion_splits_only_where_no_other_municipality_follows(geladen):
    privacy = geladen.regio().privacy
    dordrecht = Bereik(frozenset({"0505"}), privacy, zichtbare_subregios(INDELING, ["0505"]))
    totalen = meet(geladen, "kosten", [jaar(2024)], ["subregio"], bereik=dordrecht)
    assert len(totalen) == 3  # the totals per subregion are open, like those per municipality
    gesplitst = meet(geladen, "kosten", [jaar(2024)], ["subregio", "segment"], bereik=dordrecht)
    assert set(gesplitst.subregio) == {"Drechtsteden"} and "Hoeksche Waard" not in set(gesplitst.subregio)
    with pytest.raises(BuitenBereik, match="subregio Hoeksche Waard"):
        meet(geladen, "kosten", [jaar(2024)], ["segment"], Selectie(subregios=("Hoeksche Waard",),
                                                                      segmenten=("2",)), bereik=dordrecht)
    with pytest.raises(BuitenBereik, match="de subregio's"):
        meet(geladen, "kosten", [jaar(2024)], ["subregio", "segment"], bereik=Bereik(frozenset({"0505"}), privacy))
