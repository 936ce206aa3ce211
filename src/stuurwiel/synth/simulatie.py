"""`genereer`: simulate a region over whole years and write what was known on the peildatum."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from stuurwiel.config.regio import Regio
from stuurwiel.synth import aanbieders as aanb
from stuurwiel.synth import anomalieen as anom
from stuurwiel.synth import doelgroepen, kalibratie, normen, patronen, populatie, toegang, toewijzingen, zorg, zorgmix
from stuurwiel.synth import kalender as kal
from stuurwiel.synth import lasten as lasten_
from stuurwiel.synth.budgetten import budgetten, per_jaar
from stuurwiel.synth.declaraties import Teller, declaraties, nieuwe_kosten
from stuurwiel.synth.schrijven import Schrijver, regio_yaml, schrijf_grondwaarheid
from stuurwiel.synth.toeval import stroom
from stuurwiel.synth.wereld import Wereld

Voortgang = Callable[[str, int, int], None]


@dataclass
class Samenvatting:
    regio: str
    jaren: range
    peildatum: dt.date
    seed: int
    schaal: float
    uit: Path
    bestanden: dict[str, Path]
    rijen: dict[str, int]  # rows per file
    kosten_per_jaar_cent: dict[int, int]  # final cost per service year
    kosten_bekend_per_jaar_cent: dict[int, int]  # claimed on or before the peildatum
    clienten_per_jaar: dict[int, int]
    csv_vanwege_excel: list[str] = field(default_factory=list)
    grondwaarheid: dict[str, Path] = field(default_factory=dict)
    berichten: dict[str, int] = field(default_factory=dict)  # iJw messages per type (formaat ijw)
    archieven: int = 0

    @property
    def totale_kosten_cent(self) -> int:
        return sum(self.kosten_per_jaar_cent.values())

    def tekst(self) -> str:
        delen = [f"Synthetische regio {self.regio}, {self.jaren.start}-{self.jaren.stop - 1}, "
                 f"peildatum {self.peildatum.isoformat()}, seed {self.seed}, schaal {self.schaal:g}",
                 f"Geschreven in {self.uit}:"]
        delen += [f"  {pad.name:<22} {_getal(self.rijen[naam]):>12} {'gemeenten' if naam == 'regio' else 'regels'}"
                  for naam, pad in self.bestanden.items()]
        if self.berichten:
            delen.append(f"  {'ijw/':<22} {_getal(sum(self.berichten.values())):>12} berichten in "
                         f"{_getal(self.archieven)} archieven: "
                         + ", ".join(f"{soort} {_getal(n)}" for soort, n in self.berichten.items()))
        for jaar, cent in self.kosten_per_jaar_cent.items():
            bekend = self.kosten_bekend_per_jaar_cent.get(jaar, 0)
            delen.append(f"  {jaar}: {_getal(self.clienten_per_jaar.get(jaar, 0))} jeugdigen in zorg, kosten "
                         f"€ {_getal(cent // 100)} (gedeclareerd tot de peildatum € {_getal(bekend // 100)})")
        delen.append(f"  totaal: € {_getal(self.totale_kosten_cent // 100)}")
        if self.csv_vanwege_excel:
            delen.append(f"  als CSV geschreven (te veel regels voor Excel): {', '.join(self.csv_vanwege_excel)}")
        delen.append(f"  grondwaarheid: {self.uit / 'grondwaarheid'}")
        return "\n".join(delen)

    def __str__(self) -> str:
        return self.tekst()

    def __rich__(self) -> str:  # `console.print(samenvatting)` shows the Dutch summary
        return self.tekst()


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _bekend_jaar(peildatum: dt.date) -> int:
    """The last year whose budgets and ceilings are set on the peildatum (next year's from November)."""
    return peildatum.year + (peildatum.month >= 11)


def genereer(regio: Regio, jaren: range, *, seed: int = 1, schaal: float = 1.0, uit: Path,
             formaat: str = "csv", peildatum: dt.date | None = None, anomalieen: bool = True,
             voortgang: Voortgang | None = None) -> Samenvatting:
    """Simulate `regio` over the whole `jaren` and write the exchange files as known on the
    peildatum (default: 31 December of the last year), plus the ground truth in uit/grondwaarheid.
    Without `anomalieen` no anomaly is planted (a clean region; anomalieen.csv is then empty).

    Progress goes to voortgang(stap, gedaan, totaal) with the steps "opbouw" (building the
    region), "declaraties" (one per year) and "schrijven" (one per file). Formaat "ijw" writes
    with one process per core: a script that calls genereer then needs `if __name__ == "__main__":`."""
    if len(jaren) < 1 or jaren.step != 1:
        raise ValueError("jaren moet een aaneengesloten reeks van minstens één jaar zijn")
    if schaal <= 0:
        raise ValueError("schaal moet groter dan 0 zijn")
    peildatum = peildatum or dt.date(jaren.stop - 1, 12, 31)
    melden = voortgang or (lambda *a: None)
    uit = Path(uit)
    schrijver = Schrijver(uit, formaat, seed=seed, peildatum=peildatum)  # checks the format before any work
    w, extra = _wereld(_Basis(regio, jaren, seed, kal.dag(peildatum), anomalieen), schaal, melden)
    kosten, teller = nieuwe_kosten(w), Teller()
    bestanden = _bestanden(w, extra, kosten, teller, peildatum, melden)
    totaal = len(bestanden) + 1
    for i, (naam, maak) in enumerate(bestanden):
        melden("schrijven", i, totaal)
        schrijver.schrijf(naam, maak())
    schrijver.sluit()
    melden("schrijven", len(bestanden), totaal)
    grond = _grondwaarheid(w, extra, kosten, teller, peildatum)
    paden = {naam: schrijf_grondwaarheid(uit, naam, t) for naam, t in grond.items()}
    paden["parameters"] = uit / "grondwaarheid" / "parameters.json"
    paden["parameters"].write_text(json.dumps(_parameters(w, schaal, formaat, extra), indent=2, ensure_ascii=False)
                                   + "\n", encoding="utf-8")
    (uit / "regio.yaml").write_text(regio_yaml(geschaald(regio, jaren, schaal), _kop(regio, jaren, seed, schaal)),
                                    encoding="utf-8")
    melden("schrijven", totaal, totaal)
    return _samenvatting(w, schaal, schrijver, kosten, grond["jeugdigen_in_zorg"], paden)


def _bestanden(w: Wereld, extra: dict, kosten, teller: Teller, peildatum: dt.date, melden) -> list:
    """(kind, maker of its table or tables) in writing order; the last three need the final cost,
    known once the claims are made."""
    seed, jaren = w.seed, w.jaren
    bekend = range(jaren.start, min(jaren.stop, _bekend_jaar(peildatum) + 1))
    zonder_zorg = extra["declaratieanomalieen"].niet_verzilverd
    return [
        ("aanbieders", lambda: aanb.tabel(w.aanbieders, _bekend_jaar(peildatum))),
        ("toewijzingen", lambda: toewijzingen.tabel(w, toewijzingen.rijen(w.toewijzing, w.peildatum))),
        ("zorgperioden", lambda: toewijzingen.zorgperioden_tabel(w, stroom(seed, "zorgperioden"), zonder_zorg)),
        ("uitkomsten", lambda: toewijzingen.uitkomsten_tabel(w, stroom(seed, "uitkomsten"), zonder_zorg)),
        ("aanmeldingen", lambda: toegang.tabel(w, extra["aanmeldingen"], extra["extra_bsn"])),
        ("onderbouwingen", lambda: extra["normen"].onderbouwingen),
        ("transitieplannen", lambda: doelgroepen.transitieplannen(stroom(seed, "transitieplannen"), w)),
        ("declaraties", lambda: declaraties(w, extra["declaratieanomalieen"], kosten, teller, melden)),
        ("plafonds", lambda: aanb.plafonds(stroom(seed, "plafonds"), w.aanbieders, kosten.per_aanbieder, jaren,
                                           bekend)),
        ("budgetten", lambda: _budgetten(w, kosten, bekend)),
        ("lasten", lambda: lasten_.bestand(_lasten(w, kosten), peildatum)),
        ("wachtlijsten", lambda: aanb.wachtlijsten(stroom(seed, "wachtlijsten"), w.aanbieders, w.aanbod, _starts(w),
                                                   _peilmaanden(w))),
    ]


def _lasten(w: Wereld, kosten) -> pa.Table:
    return lasten_.lasten(stroom(w.seed, "lasten"), w.regio, w.jaren, kosten.definitief)


def _budgetten(w: Wereld, kosten, bekend: range) -> pa.Table:
    """The claims' budgets per segment, then the posts' budgets of the whole budget."""
    declaraties = budgetten(stroom(w.seed, "budgetten"), w.regio, w.jaren, kosten.definitief, bekend)
    posten = lasten_.budgetten(stroom(w.seed, "lastenbudgetten"), _lasten(w, kosten), bekend)
    return pa.concat_tables([declaraties.append_column("postcode", pa.nulls(len(declaraties), pa.string())),
                             posten.cast(declaraties.schema.append(pa.field("postcode", pa.string())))])


def _grondwaarheid(w: Wereld, extra: dict, kosten, teller: Teller, peildatum: dt.date) -> dict[str, pa.Table]:
    return {
        "lasten": lasten_.grondwaarheid(_lasten(w, kosten), peildatum),
        "anomalieen": anom.tabel(w, teller, extra["geplant"]),
        "kosten_per_maand": _kosten_per_maand(w, kosten),
        "jeugdigen_in_zorg": toewijzingen.in_zorg(w),
        "normen": extra["normen"].grondwaarheid,
        "aanmeldingen_herkomst": doelgroepen.herkomst_grondwaarheid(w, extra["aanmeldingen"].gemeente,
                                                                  extra["aanmeldingen"].datum,
                                                                  extra["aanmeldingen"].herkomst),
    }


def _samenvatting(w: Wereld, schaal: float, schrijver: Schrijver, kosten, in_zorg: pa.Table,
                  paden: dict[str, Path]) -> Samenvatting:
    jaarkosten = per_jaar(kosten.definitief).sum(axis=(0, 1))
    jaarbekend = per_jaar(kosten.bekend).sum(axis=(0, 1))
    jaar, aantal = np.array(in_zorg["jaar"]), np.array(in_zorg["aantal"])
    return Samenvatting(
        regio=w.regio.code, jaren=w.jaren, peildatum=kal.datum(w.peildatum), seed=w.seed, schaal=schaal,
        uit=schrijver.uit, bestanden={**schrijver.paden, "regio": schrijver.uit / "regio.yaml"},
        rijen={**schrijver.rijen, "regio": len(w.regio.gemeenten)},
        kosten_per_jaar_cent={j: int(round(c)) for j, c in zip(w.jaren, jaarkosten, strict=True)},
        kosten_bekend_per_jaar_cent={j: int(round(c)) for j, c in zip(w.jaren, jaarbekend, strict=True)},
        clienten_per_jaar={j: int(aantal[jaar == j].sum()) for j in w.jaren},
        csv_vanwege_excel=schrijver.csv_vanwege_excel, grondwaarheid=paden, berichten=dict(schrijver.berichten),
        archieven=schrijver.archieven)


@dataclass
class _Basis(kal.Jaarvenster):
    """What every building step needs to know."""
    regio: Regio
    jaren: range
    seed: int
    peildatum: int
    anomalieen: bool = True

    @property
    def gesimuleerde_jaren(self) -> range:
        return range(self.jaren.start - kalibratie.INLOOPJAREN, self.jaren.stop)


def _wereld(b: _Basis, schaal: float, melden) -> tuple[Wereld, dict]:
    regio, jaren, seed, peildatum = b.regio, b.jaren, b.seed, b.peildatum
    melden("opbouw", 0, 4)
    aanbod = zorg.productaanbod(regio, b.gesimuleerde_jaren, kal.maand_van_jaar(jaren.start),
                                kal.maand_van_jaar(jaren.stop - 1, 12))
    d = populatie.doelen(regio, b.gesimuleerde_jaren, schaal)
    ep, t, mix, factor = _zorg(b, aanbod, d)
    melden("opbouw", 1, 4)
    jeugdregio, pool = aanb.pools(regio)
    gemeente = ep.gemeente[t.episode]
    clienten = d.clienten[:, np.array(jaren) - b.gesimuleerde_jaren.start]  # [gemeente, requested year]
    a = _aanbieders(b, aanbod, t, pool, gemeente, clienten)
    melden("opbouw", 2, 4)
    t, tw, geplant = _toewijzingen(b, aanbod, ep, t, a, pool[gemeente], clienten)
    melden("opbouw", 3, 4)
    p_verwijzer = toegang.kansen(aanbod, (mix.kansen * clienten.sum(axis=1)[:, None]).sum(axis=0),
                                 mix.halfjaar_trajecten)
    verwijzer, naam = toegang.trek(stroom(seed, "verwijzers"), p_verwijzer, ep.product, ep.gemeente)
    gebruikt = np.unique(t.episode[tw.traject])  # the episodes that show in the files get a BSN
    persoon = np.full(len(ep), -1, dtype=np.int64)
    persoon[gebruikt] = np.arange(len(gebruikt))
    w = Wereld(regio, aanbod, jaren, peildatum, seed, ep, t, tw, a, persoon, pa.array([], pa.string()),
               verwijzer, naam, toegang.verwijzer_namen(regio, jeugdregio, pool))
    aanmeldingen = toegang.aanmeldingen(stroom(seed, "aanmeldingen"), w, len(regio.gemeenten))
    bsn = populatie.bsns(stroom(seed, "bsn"), len(gebruikt) + len(aanmeldingen.extra_geboren))
    w.bsn = bsn.slice(0, len(gebruikt))
    n_anomalie = anom.aantal(clienten.sum(axis=0).mean()) if b.anomalieen else 0
    volwassen = geplant["volwassen"]
    declaratieanomalieen = anom.plan_declaratieanomalieen(
        stroom(seed, "anomalieen", "regels"), w, n_anomalie,
        np.concatenate([geplant["overlap"], volwassen, geplant["stapel_trajecten"]]), geplant["patroonaanbieders"],
        volwassen, geplant["opgedreven_vanaf"])
    melden("opbouw", 4, 4)
    overlap = np.flatnonzero(np.isin(tw.traject, geplant["overlap"]) & (tw.datum <= peildatum))
    geplant.update(declaratieanomalieen=declaratieanomalieen, overlap_toewijzingen=overlap)
    extra = {"aanmeldingen": aanmeldingen, "extra_bsn": bsn.slice(len(gebruikt)), "geplant": geplant,
             "declaratieanomalieen": declaratieanomalieen,
             "normen": normen.toets(w, stroom(seed, "onderbouwingen")), "mix": mix, "volumefactor": factor}
    return w, extra


def _zorg(b: _Basis, aanbod: zorg.Productaanbod, d: populatie.Doelen):
    """Episodes and trajectories that touch the requested years, with the mix and volumes calibrated."""
    doel = zorgmix.kosten_per_client(b.regio, b.jaren.start)
    mix = zorgmix.kalibreer(stroom(b.seed, "mix"), aanbod, doel, b.jaren.start)
    alle = populatie.episodes(stroom(b.seed, "spells"), d, mix.kansen, aanbod)
    ep = alle.neem(np.flatnonzero(alle.eind >= b.begin))
    t = zorg.trajecten(stroom(b.seed, "trajecten"), aanbod, ep)
    t = t.neem(np.flatnonzero((t.eind >= b.begin) & (t.start <= b.einde)))
    gemeente = ep.gemeente[t.episode]
    factor = zorgmix.volumecorrectie(aanbod, t, gemeente, d, doel, b.jaren, b.jaren.start)
    zorgmix.pas_volume_aan(stroom(b.seed, "volume"), aanbod, t, factor[gemeente])
    return ep, t, mix, factor


def _aanbieders(b: _Basis, aanbod: zorg.Productaanbod, t: zorg.Trajecten, pool: np.ndarray, gemeente: np.ndarray,
                clienten: np.ndarray) -> aanb.Aanbieders:
    per_pool = np.bincount(pool, clienten.mean(axis=1), minlength=pool.max() + 1)
    vraag = np.bincount(aanbod.groep[t.product], minlength=len(aanbod.groepen)) / max(len(t), 1)
    a = aanb.maak(stroom(b.seed, "aanbieders"), b.regio, aanbod, b.jaren, per_pool, vraag)
    t.aanbieder = _kies_aanbieders(stroom(b.seed, "aanbieder_keuze"), aanbod, t, a, pool[gemeente])
    return a


def _toewijzingen(b: _Basis, aanbod: zorg.Productaanbod, ep: populatie.Episodes, t: zorg.Trajecten, a: aanb.Aanbieders,
                  pool: np.ndarray, clienten: np.ndarray) -> tuple[zorg.Trajecten, toewijzingen.Toewijzingen, dict]:
    """Care-level anomalies, then the allocations: (trajecten, toewijzingen, what was planted: the
    overlapping, past-18 and stacked trajectories and the provider patterns)."""
    rng = stroom(b.seed, "anomalieen")
    n = anom.aantal(clienten.sum(axis=0).mean()) if b.anomalieen else 0
    grens = min(b.peildatum - anom.ZICHTBAAR_MARGE - 31, b.einde)
    extra = anom.overlappend_verblijf(rng, aanbod, t, a, pool, n, b.begin, grens)
    overlap = np.arange(len(t), len(t) + len(extra))
    t = zorg.samenvoegen([t, extra])
    volwassen = anom.achttien_plus(rng, t, ep, -(-n // 3), b.begin, grens)
    bezet = np.unique(t.aanbieder[np.concatenate([overlap, volwassen])])
    rng = stroom(b.seed, "anomalieen", "patronen")
    n_patroon = patronen.aantal(a) if b.anomalieen else 0
    t, duurder = patronen.duurder_product(rng, aanbod, t, a, b.jaren, b.peildatum, n_patroon, bezet)
    opdrijvers = patronen.kies_opdrijvers(rng, aanbod, t, a, b.jaren, b.peildatum, n_patroon,
                                          np.concatenate([bezet, duurder.aanbieder]))
    patroonaanbieders = np.concatenate([duurder.aanbieder, opdrijvers.aanbieder])
    stapel = patronen.stapelen(rng, aanbod, t, a, n, b.begin, grens, np.concatenate([bezet, patroonaanbieders]))
    gestapeld = np.arange(len(t), len(t) + len(stapel))
    t = zorg.samenvoegen([t, stapel])
    tw = toewijzingen.knip(stroom(b.seed, "toewijzingen"), t, b.begin, b.einde)
    toewijzingen.nummer(tw)
    normen.houd_aan(stroom(b.seed, "normen"), b.regio, aanbod, t, tw)
    opgedreven_vanaf = patronen.drijf_op(t, tw, opdrijvers)
    return t, tw, {"overlap": overlap, "volwassen": volwassen, "stapel_trajecten": gestapeld, "opdrijvers": opdrijvers,
                   "opgedreven_vanaf": opgedreven_vanaf, "duurder_product": duurder,
                   "patroonaanbieders": patroonaanbieders}


def _kies_aanbieders(rng: np.random.Generator, aanbod, t: zorg.Trajecten, a: aanb.Aanbieders, pool: np.ndarray
                     ) -> np.ndarray:
    groep = aanbod.groep[t.product]
    jaar = kal.jaar(t.start)
    uit = aanb.kies_aanbieder(rng, a, groep, pool, jaar)
    hoofd_van = np.full(t.episode.max(initial=0) + 1, -1)
    hoofd_van[t.episode[t.soort == 0]] = np.flatnonzero(t.soort == 0)
    hoofd = hoofd_van[t.episode]
    # Care that comes with the main care goes to the same provider when it offers it.
    mee = np.flatnonzero((t.soort == 1) & (hoofd >= 0))
    kan = a.biedt[uit[hoofd[mee]], groep[mee]]
    uit[mee[kan]] = uit[hoofd[mee[kan]]]
    wissel = np.flatnonzero((t.soort == 3) & (hoofd >= 0))
    uit[wissel] = aanb.ander_aanbieder(rng, a, uit[hoofd[wissel]], groep[wissel], pool[wissel], jaar[wissel])
    return uit


def _starts(w: Wereld) -> np.ndarray:
    t = w.traject
    binnen = (t.start >= w.begin) & (t.start <= w.einde)
    starts = np.zeros((len(w.aanbieders), len(w.aanbod)))
    np.add.at(starts, (t.aanbieder[binnen], t.product[binnen]), 1)
    return starts


def _peilmaanden(w: Wereld) -> np.ndarray:
    maanden = w.eerste_maand + np.arange(w.maanden)
    return maanden[kal.maandeinde(maanden) <= w.peildatum]


def _kosten_per_maand(w: Wereld, kosten) -> pa.Table:
    g, s, m = np.nonzero((kosten.definitief != 0) | (kosten.bekend != 0))
    maand = w.eerste_maand + m
    return pa.table({
        "gemeentecode": pa.array(np.array(w.regio.gemeente_codes)[g]),
        "segmentcode": pa.array(np.array(w.aanbod.segmenten)[s]),
        "maand": kal.als_datum(kal.maandbegin(maand)),
        "kosten_cent": pa.array(np.round(kosten.definitief[g, s, m]).astype(np.int64)),
        "kosten_bekend_cent": pa.array(np.round(kosten.bekend[g, s, m]).astype(np.int64)),
    })


def _parameters(w: Wereld, schaal: float, formaat: str, extra: dict) -> dict:
    knoppen = {k: v for k, v in vars(kalibratie).items() if k.isupper()}
    return {
        "regio": w.regio.code, "seed": w.seed, "schaal": schaal, "formaat": formaat,
        "jaren": [w.jaren.start, w.jaren.stop - 1], "peildatum": kal.datum(w.peildatum).isoformat(),
        "groei_aandeel_per_jaar": kalibratie.GROEI_AANDEEL_PER_JAAR,
        "indexatie": {str(k): v for k, v in sorted(w.regio.indexatie.items())},
        "mix_kanteling_per_gemeente": dict(zip(w.regio.gemeente_codes, np.round(extra["mix"].theta, 4).tolist(),
                                               strict=True)),
        "volumefactor_per_gemeente": dict(zip(w.regio.gemeente_codes, np.round(extra["volumefactor"], 4).tolist(),
                                              strict=True)),
        "aantal_aanbieders": len(w.aanbieders),
        "kalibratie": {k: (list(v) if isinstance(v, tuple) else v) for k, v in knoppen.items()},
    }


def geschaald(regio: Regio, jaren: range, schaal: float) -> Regio:
    """The region as simulated: at a schaal other than 1 its youth population and inhabitants are
    scaled too (written per year), so that rates per 1,000 young people stay realistic."""
    if schaal == 1:
        return regio
    per_gemeente: dict[str, dict[str, dict[int, int]]] = {}
    for r in regio.jeugdbevolking(jaren):
        g = per_gemeente.setdefault(r["gemeentecode"], {"jeugdigen": {}, "inwoners": {}})
        g["jeugdigen"][r["jaar"]] = max(1, round(r["jeugdigen_0_17"] * schaal))
        g["inwoners"][r["jaar"]] = max(1, round(r["inwoners"] * schaal))
    return regio.model_copy(update={"gemeenten": [g.model_copy(update=per_gemeente[g.code])
                                                  for g in regio.gemeenten]})


def _kop(regio: Regio, jaren: range, seed: int, schaal: float) -> str:
    return (f"# Regioconfiguratie van de synthetische regio '{regio.naam}' ({jaren.start}-{jaren.stop - 1}, "
            f"seed {seed}, schaal {schaal:g}).\n# Gebruik: stuurwiel init --regio regio.yaml\n")
