"""The messages between one municipality and its providers, made from the rows of the exchange
tables toewijzingen, zorgperioden and declaraties: requests and allocations (JW315, JW319, JW301,
JW317), care periods (JW305, JW307), claims and their answers (JW323, JW325). What the tables do
not say (when a request was sent, which requests were refused, when a claim was answered) is
drawn from streams of the seed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from types import SimpleNamespace

import numpy as np

from stuurwiel.config.referentie import gemeenten
from stuurwiel.invoer.ijw.berichten import EURO, HELE_TOEWIJZING
from stuurwiel.synth.ijw.sjablonen import (
    AANGEVRAAGD_PRODUCT,
    BERICHTCODE,
    BUDGET,
    CLIENT,
    CLIENTEN,
    CODE,
    CONTACT_JW301,
    DECLARATIECLIENT,
    EINDDATUM,
    JW317,
    JW319,
    JW323,
    JW325,
    KOP,
    KOP_JW325,
    LIJST,
    NAAM,
    OMVANG,
    PRESTATIE,
    PRODUCT,
    REDEN_WIJZIGING,
    REFERENTIE_JW301,
    RETOURCODE,
    SLOT,
    START_PRODUCT,
    STOP_PRODUCT,
    STRATEN,
    TARIEF,
    TOEGEWEZEN_PRODUCT,
    TOTAAL,
    VERWIJZER_NAAM,
    VORIG,
    optioneel,
)
from stuurwiel.synth.toeval import stroom

VAN_GEMEENTE = ("JW301", "JW319", "JW325")
# Days from a request to its allocation: at most 5, within the 5 working days of OP274/OP346
# (late answers would be anomalies, signalled by `verzoek_niet_tijdig_beantwoord`).
ANTWOORDTERMIJN = 5
KANS_GEWEIGERD_VERZOEK = 0.03
REDENEN_AFWIJZING_VERZOEK = ("2", "3", "4", "6", "7")
RETOURCODES_AFGEWEZEN = ("0611", "9307", "9308", "9321", "9341")


@dataclass
class Bericht:
    soort: str
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: str
    inhoud: str
    kop: str = ""  # what the header holds beyond the common part

    @property
    def naam(self) -> str:
        return f"{self.soort}_{self.afzender}_{self.ontvanger}_{self.identificatie}.xml"

    def tekst(self) -> str:
        return KOP[self.soort].format(code=BERICHTCODE[self.soort], b=self) + self.inhoud + SLOT[self.soort]


class Gemeente:
    """Collects the messages between one municipality and its providers. Identificaties are the
    gemeentecode and a running number per type: unique in the region, made without the others."""

    def __init__(self, code: str, seed: int, peildatum: str):
        self.code, self.seed, self.peildatum = code, seed, peildatum
        self.berichten: list[Bericht] = []
        self.aantal: Counter[str] = Counter()

    def toeval(self, doel: str) -> np.random.Generator:
        return stroom(self.seed, "ijw", doel, self.code)

    def stuur(self, soort: str, aanbieder: str, dagtekening: str, inhoud: str, kop: str = "") -> str:
        self.aantal[soort] += 1
        identificatie = f"{self.code}{self.aantal[soort]:08d}"
        partijen = (self.code, aanbieder) if soort in VAN_GEMEENTE else (aanbieder, self.code)
        self.berichten.append(Bericht(soort, *partijen, identificatie, dagtekening, inhoud, kop))
        return identificatie


def _dag(datum: str, dagen: int) -> str:
    return (dt.date.fromisoformat(datum) + dt.timedelta(days=int(dagen))).isoformat()


def _groepeer(rijen: Iterable, sleutel: Callable) -> dict[tuple, list]:
    """Rows per key, keys sorted, rows in their order."""
    groepen: dict[tuple, list] = defaultdict(list)
    for r in rijen:
        groepen[sleutel(r)].append(r)
    return dict(sorted(groepen.items()))


def _clientdeel(soort: str, r, producten: str) -> str:
    naam = NAAM[soort][int(r.bsn) % len(NAAM[soort])]
    return CLIENT[soort].format(r=r, naam=naam, contact=_contact(r) if soort == "JW301" else "",
                                lijst=LIJST[soort], producten=producten)


def _contact(r) -> str:
    """A made-up address in the client's municipality, fixed by the BSN."""
    bsn = int(r.bsn)
    letters = chr(65 + bsn // 10 % 26) + chr(65 + bsn // 260 % 26)
    return CONTACT_JW301.format(huisnummer=bsn % 199 + 1, postcode=f"{1000 + bsn % 9000}{letters}",
                                straat=STRATEN[bsn // 7 % len(STRATEN)], plaats=gemeenten()[r.gemeentecode].naam)


def _product(soort: str, r) -> str:
    return PRODUCT[soort].format(r=r, code=optioneel(CODE, r.productcode))


def _omvang(soort: str, r) -> str:
    """A product with a code has an Omvang (CD041), one without a Budget (CD077): a budget of a
    product with a code is an amount in eurocent for the whole allocation (IV042)."""
    if r.volume is not None:
        return OMVANG[soort].format(r=r)
    if r.productcode is not None and r.budget_cent is not None:
        totaal = SimpleNamespace(volume=r.budget_cent, eenheid=EURO, frequentie=HELE_TOEWIJZING)
        return OMVANG[soort].format(r=totaal)
    return optioneel(BUDGET[soort], r.budget_cent)


# --- allocations and requests ---------------------------------------------------------------

def _met_verzoek(r) -> bool:
    """A first version that answers a request (JW315); 01 without a name was allocated by the
    municipality on its own."""
    return r.verwijzer_type is not None and not (r.verwijzer_type == "01" and r.verwijzer_naam is None)


def _referentie(r) -> str | None:
    if r.reden_wijziging is None:
        if r.verwijzer_type is None:  # a request the archive does not hold: the referrer stays unknown
            return f"ONB{r.toewijzingnummer}"
        return f"VZ{r.toewijzingnummer}" if _met_verzoek(r) else None
    return f"VW{r.toewijzingnummer}" if r.reden_wijziging == "04" else None


def toewijzingen(g: Gemeente, rijen: list) -> None:
    """JW315 and JW319 (requests, a few refused), JW301 (allocations) and JW317 (extensions)."""
    toewijzing = _groepeer(rijen, attrgetter("toewijzingsdatum", "agb_code", "bsn"))
    verzoeken: dict[tuple, list] = defaultdict(list)
    vooraf = g.toeval("verzoekdatum").integers(1, ANTWOORDTERMIJN + 1, len(toewijzing))
    for ((datum, agb, bsn), groep), dagen in zip(toewijzing.items(), vooraf, strict=True):
        for r in groep:
            if r.reden_wijziging is None and _met_verzoek(r):
                verzoeken[_dag(datum, -dagen), agb, bsn].append((f"VZ{r.toewijzingnummer}", r))
    _geweigerd(g, verzoeken)
    for (dag, agb, _), groep in sorted(verzoeken.items()):
        producten = "".join(AANGEVRAAGD_PRODUCT.format(
            r=r, referentie=ref, product=_product("JW315", r), einddatum=optioneel(EINDDATUM["JW315"], r.einddatum),
            omvang=_omvang("JW315", r), naam=optioneel(VERWIJZER_NAAM, r.verwijzer_naam)) for ref, r in groep)
        g.stuur("JW315", agb, dag, _clientdeel("JW315", groep[0][1], producten))
    for (datum, agb, _), groep in toewijzing.items():
        producten = "".join(TOEGEWEZEN_PRODUCT.format(
            r=r, referentie=optioneel(REFERENTIE_JW301, _referentie(r)), product=_product("JW301", r),
            einddatum=optioneel(EINDDATUM["JW301"], r.einddatum), reden=optioneel(REDEN_WIJZIGING, r.reden_wijziging),
            omvang=_omvang("JW301", r)) for r in sorted(groep, key=lambda r: int(r.toewijzingnummer)))
        g.stuur("JW301", agb, datum, _clientdeel("JW301", groep[0], producten))
    toegewezen = {r.toewijzingnummer: r.toewijzingsdatum for r in rijen if r.reden_wijziging is None}
    verlengd = sorted((r for r in rijen if r.reden_wijziging == "04"),
                      key=lambda r: (r.toewijzingsdatum, r.agb_code, int(r.toewijzingnummer)))
    dagen = g.toeval("verlengingsverzoek").integers(1, ANTWOORDTERMIJN + 1, len(verlengd))
    for r, vooraf in zip(verlengd, dagen, strict=True):
        inhoud = JW317.format(r=r, einddatum=optioneel(EINDDATUM["JW317"], r.einddatum), omvang=_omvang("JW317", r))
        # never before the allocation it extends
        dag = max(_dag(r.toewijzingsdatum, -vooraf), toegewezen.get(r.toewijzingnummer, ""))
        g.stuur("JW317", r.agb_code, dag, inhoud)


def _geweigerd(g: Gemeente, verzoeken: dict[tuple, list]) -> None:
    """About 3 % of the requests follow an earlier request for the same care that was refused:
    that one (ReferentieAanbieder VA…) joins the requests, its refusal is a JW319."""
    alle = [(dag, agb, bsn, r) for (dag, agb, bsn), groep in sorted(verzoeken.items()) for _, r in groep]
    rng = g.toeval("geweigerd")
    gekozen = [alle[i] for i in np.flatnonzero(rng.random(len(alle)) < KANS_GEWEIGERD_VERZOEK)]
    n = len(gekozen)
    eerder, antwoord, reden = rng.integers(5, 21, n), rng.integers(1, 5, n), rng.integers(0, 5, n)
    antwoorden = []
    for (dag, agb, bsn, r), e, a, k in zip(gekozen, eerder, antwoord, reden, strict=True):
        verzocht = _dag(dag, -e)
        verzoeken[verzocht, agb, bsn].append((f"VA{r.toewijzingnummer}", r))
        antwoorden.append((_dag(verzocht, a), agb, f"VA{r.toewijzingnummer}", REDENEN_AFWIJZING_VERZOEK[k]))
    for dag, agb, ref, k in sorted(antwoorden):
        g.stuur("JW319", agb, dag, JW319.format(referentie=ref, reden=k))


# --- care periods -----------------------------------------------------------------------------

def zorgperioden(g: Gemeente, rijen: list, toewijzingrijen: list) -> None:
    """JW305 per start, JW307 per stop, per provider, client and day."""
    toewijzing = {r.toewijzingnummer: r for r in toewijzingrijen}
    ontbreekt = next((r.toewijzingnummer for r in rijen if r.toewijzingnummer not in toewijzing), None)
    if ontbreekt is not None:
        raise ValueError(f"zorgperioden: toewijzing {ontbreekt} van gemeente {g.code} staat niet in toewijzingen")
    gestopt = [r for r in rijen if r.einddatum is not None]
    for soort, deel, sjabloon, datum in (("JW305", rijen, START_PRODUCT, "begindatum"),
                                         ("JW307", gestopt, STOP_PRODUCT, "einddatum")):
        for (dag, agb, _), groep in _groepeer(deel, attrgetter(datum, "agb_code", "bsn")).items():
            producten = "".join(sjabloon.format(r=r, product=_product(soort, r),
                                                ingangsdatum=toewijzing[r.toewijzingnummer].ingangsdatum)
                                for r in groep)
            g.stuur(soort, agb, dag, _clientdeel(soort, toewijzing[groep[0].toewijzingnummer], producten))


# --- claims and their answers -----------------------------------------------------------------

def _saldo(rijen: Iterable) -> int:
    return sum(-int(r.bedrag_cent) if r.debet_credit == "C" else int(r.bedrag_cent) for r in rijen)


def _laatste_dag(maand: str) -> str:
    jaar, m = map(int, maand.split("-"))
    return f"{maand}-{calendar.monthrange(jaar, m)[1]:02d}"


def _totaal(saldo: int) -> str:
    return TOTAAL.format(abs(saldo), "D" if saldo >= 0 else "C")


def _clienten(soort: str, rijen: list, retour: Callable[[], str] | None = None) -> str:
    """Clienten: per BSN in order of first appearance, its lines in their order; `retour` gives
    each line's RetourCodes (JW325)."""
    per_bsn: dict[str, list] = defaultdict(list)
    for r in rijen:
        per_bsn[r.bsn].append(r)
    clientretour = RETOURCODE[4].format("0200") if retour else ""
    return CLIENTEN[soort].format("".join(
        DECLARATIECLIENT[soort].format(bsn=bsn, retour=clientretour, prestaties="".join(
            PRESTATIE[soort].format(r=r, vorig=optioneel(VORIG, r.vorig_referentienummer), **_geleverd(soort, r),
                                    retour=retour() if retour else "")
            for r in groep))
        for bsn, groep in per_bsn.items()))


def _geleverd(soort: str, r) -> dict[str, str]:
    """Volume and tariff of a line: in euro's (83) the volume is the amount in cents and there is
    no tariff (CS339, CD087); the table holds whole euros at a tariff of 100 cents."""
    if r.eenheid == "83":
        return dict(volume=r.bedrag_cent, tarief="")
    return dict(volume=r.geleverd_volume, tarief=optioneel(TARIEF[soort], r.tarief_cent))


def declaraties(g: Gemeente, rijen: list) -> None:
    """JW323 per provider, service month, claim date and whether it is decided; JW325 answers
    every decided one, listing the rejected lines."""
    declaratie = _groepeer(rijen, lambda r: (r.declaratiedatum, r.agb_code, r.periode_begin[:7],
                                             r.status == "ingediend"))
    rng = g.toeval("declaratieantwoord")
    later = rng.integers(1, 21, len(declaratie))
    codes = iter(rng.integers(0, len(RETOURCODES_AFGEWEZEN), sum(r.status == "afgewezen" for r in rijen)))
    for i, (((datum, agb, maand, ingediend), groep), na) in enumerate(zip(declaratie.items(), later, strict=True)):
        nummer = f"D{g.code}{i + 1:07d}"
        saldo = _saldo(groep)
        inhoud = JW323.format(nummer=nummer, maand=maand, maandeinde=_laatste_dag(maand), dagtekening=datum,
                              totaal=_totaal(saldo), clienten=_clienten("JW323", groep))
        identificatie = g.stuur("JW323", agb, datum, inhoud)
        if ingediend:
            continue
        afgewezen = [r for r in groep if r.status == "afgewezen"]
        inhoud = JW325.format(
            nummer=nummer, ingediend=_totaal(saldo), toegekend=_totaal(saldo - _saldo(afgewezen)),
            clienten=_clienten("JW325", afgewezen, lambda: RETOURCODE[6].format(RETOURCODES_AFGEWEZEN[next(codes)]))
            if afgewezen else "", retour=RETOURCODE[2].format("0200" if afgewezen else "8001"))
        kop = KOP_JW325.format(identificatie=identificatie, dagtekening=datum)
        g.stuur("JW325", agb, min(_dag(datum, na), g.peildatum), inhoud, kop)
