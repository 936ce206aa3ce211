"""Settlement between municipalities as an answer (`stuurwiel verevening`, the Verevening page, the
board report): per municipality (and segment) its own cost, the key, its contribution and the
difference solidarity makes, on realised cost (`nacalculatie`) or on the budgets (`voorschot`);
or every variant side by side (`vergelijk`).

Scope: a settlement line is a municipality's detail, so an audience with a municipal scope sees its
own lines and the totals only (`Bereik.beperk` as for a split of the municipalities); the pools are
computed over the whole region for everyone alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pydantic import ValidationError

from stuurwiel.analyses.verevening import GRONDSLAGEN, Verdeelfout, vereven
from stuurwiel.begrippen.tabel import Kolom, Tabel, uit_frame
from stuurwiel.config.model import nederlandse_fouten
from stuurwiel.config.verevening import VARIANTEN, Regel
from stuurwiel.maten.namen import naam, namen
from stuurwiel.opslag.database import Opslag
from stuurwiel.toepassing.voorraad import Voorraad
from stuurwiel.toepassing.vraag import GeenAntwoord, Vraag, Vraagfout

VERGELEKEN = ("regio", "subregio", "verzekering")  # `eigen` is the own cost itself
SLEUTELEENHEID = {"inwoners": "aantal", "jeugdigen": "aantal", "historisch": "eurocent", "vast": "procent"}
GEBIED = [Kolom("gemeentecode", "code", "code"), Kolom("gemeente", "gemeente"), Kolom("subregio", "subregio")]
SEGMENT = [Kolom("segmentcode", None, "code"), Kolom("segment", "segment")]
UITLEG = ("eigen kosten: {grondslag}; bijdrage: wat de gemeente onder de verevening betaalt, in hele centen (elke pot "
          "telt exact op tot zijn kosten); verschil: bijdrage min eigen kosten (positief: de gemeente draagt bij aan "
          "anderen)")

_BEREKEND = Voorraad(16)  # per state of the data and question: every audience reads the same pools


@dataclass(frozen=True)
class Keuze:
    """The settlement asked for: its basis and the command line's what-if over the region's rules."""
    grondslag: str = "nacalculatie"
    variant: str | None = None
    sleutel: str | None = None
    aandeel_eigen: float | None = None
    pot: str | None = None
    cumulatie_procent: float | None = None  # 0: no cap
    vergelijk: bool = False

    def regel(self, regel: Regel, variant: str | None = None) -> Regel:
        try:
            regel = regel.met(variant=variant or self.variant, sleutel=self.sleutel, aandeel_eigen=self.aandeel_eigen,
                              pot=self.pot)
            if self.cumulatie_procent is not None:
                grens = self.cumulatie_procent or None  # 0: no cap
                regel = Regel.model_validate({**regel.model_dump(), "cumulatie_procent": grens})
            return regel
        except ValidationError as e:
            raise Vraagfout("; ".join(nederlandse_fouten(e))) from None


def keuze(vraag: Vraag) -> Keuze:
    return vraag.verevening if isinstance(vraag.verevening, Keuze) else Keuze()


def berekend(opslag: Opslag, jaar: int, k: Keuze, variant: str | None = None) -> pd.DataFrame:
    """The settlement of every municipality and segment, kept per state of the data."""
    regels = opslag.regio().verevening

    def maak() -> pd.DataFrame:
        try:
            return vereven(opslag, jaar, k.grondslag, lambda s: k.regel(regels.regel(s), variant))
        except Verdeelfout as e:
            raise GeenAntwoord(str(e)) from None
    return _BEREKEND.haal((opslag.toestand(), jaar, k, variant), maak)


def verevening(opslag: Opslag, vraag: Vraag) -> Tabel:
    k = _controleer(vraag)
    jaar = vraag.periode.begin.year
    per_segment = "segment" in vraag.per
    df = _naast(opslag, jaar, k) if k.vergelijk else berekend(opslag, jaar, k)
    getallen = [c for c in df.columns if c.endswith("_cent")]
    eenheid = _sleuteleenheid(df, opslag, k)
    df = df if per_segment else _samen(df, getallen)
    zicht = vraag.bereik.beperk(("gemeente", "segment"), vraag.selectie)  # a settlement line is municipal detail
    rijen = _met_totalen(opslag, df, df[df.gemeentecode.isin(zicht.gemeenten)] if zicht.gemeenten else df, getallen,
                         per_segment)
    if eenheid in ("aantal", "eurocent"):
        rijen["sleutel"] = pd.to_numeric(rijen.sleutel).round().astype("Int64")
    grondslag = "budget (voorschot)" if k.grondslag == "voorschot" else "nacalculatie"
    titel = f"Verevening {jaar}, {grondslag}" + (", per segment" if per_segment else "") + (
        ", de varianten naast elkaar" if k.vergelijk else "")
    return uit_frame(titel, _kolommen(k, per_segment, eenheid), rijen,
                     uitleg=UITLEG.format(grondslag=GRONDSLAGEN[k.grondslag]),
                     opmerkingen=_opmerkingen(berekend(opslag, jaar, k), k))


def _controleer(vraag: Vraag) -> Keuze:
    k = keuze(vraag)
    if not vraag.perioden or vraag.periode.soort != "jaar":
        raise Vraagfout("een verevening gaat over een jaar: geef --jaar")
    if k.grondslag not in GRONDSLAGEN:
        raise Vraagfout(f"onbekende grondslag '{k.grondslag}' (kies uit {', '.join(GRONDSLAGEN)})")
    if k.variant is not None and k.variant not in VARIANTEN:
        raise Vraagfout(f"onbekende variant '{k.variant}' (kies uit {', '.join(VARIANTEN)})")
    if set(vraag.per) - {"segment", "gemeente"}:
        raise Vraagfout("een verevening kan per gemeente en per segment")
    return k


def _naast(opslag: Opslag, jaar: int, k: Keuze) -> pd.DataFrame:
    """The settlement with every compared variant's contribution and difference beside it."""
    df = berekend(opslag, jaar, k)
    for v in VERGELEKEN:
        ander = berekend(opslag, jaar, k, v)[["gemeentecode", "segmentcode", "bijdrage_cent", "verschil_cent"]]
        df = df.merge(ander.rename(columns={"bijdrage_cent": f"bijdrage_{v}_cent",
                                            "verschil_cent": f"verschil_{v}_cent"}), on=["gemeentecode", "segmentcode"])
    return df


def _met_totalen(opslag: Opslag, alle: pd.DataFrame, rijen: pd.DataFrame, getallen: list[str],
                 per_segment: bool) -> pd.DataFrame:
    """The rows shown, then the totals over every municipality: per segment and of everything."""
    if per_segment:
        segmentnamen = namen(opslag, "segment")
        totalen = alle.groupby("segmentcode", dropna=False, sort=True)[getallen].sum().reset_index()
        rijen = pd.concat([rijen, totalen.assign(gemeente="Totaal segment")], ignore_index=True)
        rijen["segment"] = [naam(segmentnamen, s) if isinstance(s, str) else "onbekend" for s in rijen.segmentcode]
    totaal = pd.DataFrame([{**alle[getallen].sum().to_dict(), "gemeente": "Totaal"}])
    rijen = pd.concat([rijen, totaal], ignore_index=True)
    rijen[getallen] = rijen[getallen].astype("Int64")
    return rijen


def _kolommen(k: Keuze, per_segment: bool, eenheid: str) -> list[Kolom]:
    kolommen = [*GEBIED, *(SEGMENT if per_segment else []), Kolom("eigen_kosten_cent", "eigen kosten", "eurocent")]
    if not k.vergelijk:
        return [*kolommen, Kolom("sleutel", "sleutel", eenheid), Kolom("bijdrage_cent", "bijdrage", "eurocent"),
                Kolom("verschil_cent", "verschil", "eurocent")]
    for v in VERGELEKEN:
        kolommen += [Kolom(f"bijdrage_{v}_cent", f"bijdrage {v}", "eurocent"),
                     Kolom(f"verschil_{v}_cent", f"verschil {v}", "eurocent")]
    return kolommen


def _samen(df: pd.DataFrame, getallen: list[str]) -> pd.DataFrame:
    """One row per municipality: the sums over the segments, with the key's value where every segment has the
    same (else none)."""
    return df.groupby(["gemeentecode", "gemeente", "subregio"], dropna=False, sort=True).agg(
        **{c: (c, "sum") for c in getallen}, sleutel=("sleutel", lambda s: s.iloc[0] if s.nunique() == 1 and
                                                      s.notna().all() else None)).reset_index()


def _sleuteleenheid(df: pd.DataFrame, opslag: Opslag, k: Keuze) -> str:
    regels = opslag.regio().verevening
    soorten = {k.regel(regels.regel(s or "")).sleutel for s in df.segmentcode.dropna().unique()}
    return SLEUTELEENHEID[soorten.pop()] if len(soorten) == 1 else "getal"


def _opmerkingen(df: pd.DataFrame, k: Keuze) -> list[str]:
    per_regel: dict[str, list[str]] = {}
    for s, r in df[["segmentcode", "regel"]].drop_duplicates().itertuples(index=False):
        per_regel.setdefault(r, []).append(s if isinstance(s, str) else "onbekend")
    regels = "; ".join(f"segment {', '.join(s)}: {r}" for r, s in per_regel.items())
    uit = [f"Regels: {regels}."]
    if k.vergelijk:
        uit.append("Elke variant met dezelfde sleutel, hetzelfde aandeel eigen kosten en dezelfde cumulatieregeling.")
    uit.append("Afronding: elke gemeente haar deel naar beneden afgerond op hele centen, de overgebleven centen een "
               "voor een naar de grootste resten; bij gelijke rest eerst de laagste gemeentecode.")
    return uit
