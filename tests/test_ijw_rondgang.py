"""Round trip: one synthetic region written as exchange files (CSV) and as iJw 3.2 messages,
each loaded into its own store, gives the same current picture, the same signals and the same
value for every measure — on DuckDB and on PostgreSQL."""

from __future__ import annotations

import uuid

import pandas as pd
import pytest

from stuurwiel.begrippen.periode import jaar, maand
from stuurwiel.config.regio import lees_regio
from stuurwiel.maten import kern
from stuurwiel.maten.catalogus import CATALOGUS, meet
from stuurwiel.opslag import feiten
from stuurwiel.opslag.database import Opslag
from stuurwiel.synth import genereer
from stuurwiel.toepassing.inrichten import initialiseer
from stuurwiel.toepassing.laden import laad
from tests.support.omgeving import pg_adres

JAREN = range(2023, 2025)
PER = [(), ("gemeente",), ("segment",), ("aanbieder",), ("verwijzer",), ("product",)]
# what only the message route knows: the request an allocation answers, the declaration a line
# belongs to, the date of a start or stop message
ALLEEN_IJW = {"referentie_aanbieder", "declaratienummer", "meldingsdatum", "status_aanlevering", "retourcodes"}
HERKOMST = {"batch_id", "bron", "rij_sleutel"}


@pytest.fixture(scope="module")
def bronnen(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rondgang")
    regio = lees_regio("zhz")
    for formaat in ("csv", "ijw"):
        genereer(regio, JAREN, seed=7, schaal=0.05, uit=tmp / formaat, formaat=formaat)
    return tmp


@pytest.fixture(params=["duckdb", "postgres"])
def twee_stores(request, tmp_path, sleutel_env):
    """Two empty stores on one engine, with the same pseudonymisation key."""
    if request.param == "duckdb":
        urls = [str(tmp_path / f"{n}.duckdb") for n in ("csv", "ijw")]
        yield urls
        return
    admin = request.getfixturevalue("pg_admin")
    namen = [f"stuurwiel_test_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    for naam in namen:
        admin.execute(f'CREATE DATABASE "{naam}"')
    yield [pg_adres(naam) for naam in namen]
    for naam in namen:
        admin.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


def _geladen(url: str, bron) -> Opslag:
    opslag = Opslag.open(url)
    initialiseer(opslag, lees_regio("zhz"))
    laad(opslag, [bron])
    return opslag


def _gelijk(a: pd.DataFrame, b: pd.DataFrame, wat: str) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, obj=wat)


def _tabel(t, zonder: set[str]) -> pd.DataFrame:
    df = t.to_pandas()
    df = df[[c for c in df.columns if c not in zonder]]
    return df.sort_values(list(df.columns), na_position="first").reset_index(drop=True)


@pytest.mark.slow
def test_csv_and_ijw_give_the_same_picture_and_measures(bronnen, twee_stores):
    uit_csv = _geladen(twee_stores[0], bronnen / "csv")
    uit_ijw = _geladen(twee_stores[1], bronnen / "ijw")
    try:
        assert uit_ijw.aantal("toewijzing") > 1000 and uit_ijw.aantal("declaratieregel") > 5000
        assert uit_ijw.aantal("verzoek") > 0 and uit_ijw.aantal("declaratie_antwoord") > 0
        zonder = HERKOMST | ALLEEN_IJW
        for naam, lees in [("toewijzingen", feiten.toewijzingen), ("zorgperioden", feiten.zorgperioden),
                           ("declaratieregels", feiten.declaratieregels), ("clienten", feiten.clienten)]:
            _gelijk(_tabel(lees(uit_csv), zonder), _tabel(lees(uit_ijw), zonder), naam)
        signalen = "SELECT regel, sleutel, gemeentecode, agb_code, periode, bedrag_cent FROM signaal"
        assert sorted(uit_csv.rijen(signalen), key=str) == sorted(uit_ijw.rijen(signalen), key=str)

        perioden = [jaar(j) for j in JAREN] + [maand(2024, 6)]
        for per in PER:
            _gelijk(kern.kerncijfers(uit_csv, perioden, list(per)), kern.kerncijfers(uit_ijw, perioden, list(per)),
                    f"kerncijfers per {per}")
        for naam, m in CATALOGUS.items():
            verplicht = list(m.verplicht)
            for per in [verplicht, *([[*verplicht, "gemeente"]] if "gemeente" in m.dimensies else [])]:
                _gelijk(meet(uit_csv, naam, [jaar(2024)], per), meet(uit_ijw, naam, [jaar(2024)], per),
                        f"{naam} per {per}")
    finally:
        uit_csv.sluit()
        uit_ijw.sluit()
