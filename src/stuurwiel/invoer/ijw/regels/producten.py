"""The rules on products with a period, a volume or a budget (JW301, JW315, JW317), on start and stop
(JW305, JW307), and TR101: no line twice."""

from __future__ import annotations

import datetime as dt

from stuurwiel.invoer.ijw.regels.basis import (
    CONTACTEN,
    EIND_2020,
    VERZOEK,
    Gevonden,
    Inhoud,
    alle_producten,
    ontbreekt,
    regel,
)

# --- products with a period, a volume or a budget (JW301, JW315, JW317) -------------------

@regel("CS003", "een Einddatum ligt niet voor de Begindatum of Ingangsdatum van zijn periode",
       "JW301", "JW315", "JW317")
def _cs003(b: Inhoud) -> Gevonden:
    for el, sp in alle_producten(b):
        begin, eind = b.datum(el, f"m:{sp.ingang}"), b.datum(el, f"m:{sp.eind}")
        if begin and eind and eind < begin:
            yield b.een(el, f"m:{sp.eind}"), f"{sp.eind} {eind} ligt voor {sp.ingang} {begin}"
    if b.soort == "JW301":
        for periode in b.overal(f"{pad}/m:Periode" for pad in CONTACTEN):
            begin, eind = b.datum(periode, "i:Begindatum"), b.datum(periode, "i:Einddatum")
            if begin and eind and eind < begin:
                yield b.een(periode, "i:Einddatum"), f"Einddatum {eind} ligt voor Begindatum {begin}"


@regel("CD075", "Einddatum is gevuld als Budget gevuld is", "JW301", "JW315", "JW317")
def _cd075(b: Inhoud) -> Gevonden:
    for el, sp in alle_producten(b):
        if b.een(el, "m:Budget") is not None and b.een(el, f"m:{sp.eind}") is None:
            yield ontbreekt(el, sp.eind), f"bij een budget hoort een {sp.eind}"


@regel("CD076", "Einddatum is gevuld als de Frequentie 2 (per week) is", "JW301", "JW315", "JW317")
def _cd076(b: Inhoud) -> Gevonden:
    for el, sp in alle_producten(b):
        if b.tekst(el, "m:Omvang/i:Frequentie") == "2" and b.een(el, f"m:{sp.eind}") is None:
            yield ontbreekt(el, sp.eind), f"bij een omvang per week hoort een {sp.eind}"


@regel("CD077", "Omvang is leeg als Budget gevuld is", "JW301", "JW315", "JW317")
def _cd077(b: Inhoud) -> Gevonden:
    for el, _sp in alle_producten(b):
        if b.een(el, "m:Budget") is not None and b.een(el, "m:Omvang") is not None:
            yield b.een(el, "m:Omvang"), "een product heeft een omvang of een budget, niet allebei"


@regel("CD078", "Budget is leeg als Omvang gevuld is", "JW301", "JW315", "JW317")
def _cd078(b: Inhoud) -> Gevonden:
    for el, _sp in alle_producten(b):
        if b.een(el, "m:Omvang") is not None and b.een(el, "m:Budget") is not None:
            yield b.een(el, "m:Budget"), "een product heeft een budget of een omvang, niet allebei"


@regel("CD079", "Product is gevuld als Budget leeg is", "JW301", "JW315", "JW317")
def _cd079(b: Inhoud) -> Gevonden:
    for el, _sp in alle_producten(b, alleen_nieuw=True):
        if b.een(el, "m:Budget") is None and b.een(el, "m:Product") is None:
            yield ontbreekt(el, "Product"), "zonder budget hoort er een product bij"


@regel("CD041", "Omvang is gevuld als Product/Code gevuld is", "JW301", "JW315", "JW317")
def _cd041(b: Inhoud) -> Gevonden:
    for el, _sp in alle_producten(b, alleen_nieuw=True):
        if b.tekst(el, "m:Product/i:Code") and b.een(el, "m:Omvang") is None:
            yield ontbreekt(el, "Omvang"), "bij een productcode hoort een omvang"


def _aspecifiek_zonder_omvang(b: Inhoud) -> Gevonden:
    """CD080, CD095, CD096: no volume for a product without a code that runs past 2020."""
    for el, sp in alle_producten(b, alleen_nieuw=True):
        eind = b.datum(el, f"m:{sp.eind}")
        omvang = b.een(el, "m:Omvang")
        if omvang is not None and not b.tekst(el, "m:Product/i:Code") and (eind is None or eind > EIND_2020):
            yield omvang, "een product zonder productcode dat na 2020 loopt heeft geen omvang"


regel("CD080", "Omvang is leeg bij een product zonder Code dat na 2020 loopt (of geen Einddatum heeft)",
      "JW301")(_aspecifiek_zonder_omvang)
regel("CD095", "Omvang is leeg bij een aangevraagd product zonder Code dat na 2020 loopt (of geen "
      "ToewijzingEinddatum heeft)", "JW315")(_aspecifiek_zonder_omvang)
regel("CD096", "Omvang is leeg bij een NieuwProduct zonder Code dat na 2020 loopt (of geen Einddatum heeft)",
      "JW317")(_aspecifiek_zonder_omvang)


def _frequentie(b: Inhoud) -> Gevonden:
    """CS338, CS343: etmaal, dagdeel, euro's and stuks (inspanning) per week, per month or in total."""
    for el, sp in alle_producten(b):
        eind = b.datum(el, f"m:{sp.eind}")
        omvang = b.een(el, "m:Omvang")
        if omvang is None or (eind is not None and eind <= EIND_2020):
            continue
        if b.tekst(omvang, "i:Eenheid") in ("14", "16", "83", "84") and \
                b.tekst(omvang, "i:Frequentie") not in ("2", "4", "6"):
            yield b.een(omvang, "i:Frequentie"), ("bij eenheid etmaal, dagdeel, euro's of stuks (inspanning) is de "
                                                  "frequentie per week (2), per maand (4) of totaal (6)")


regel("CS338", "Frequentie 2, 4 of 6 bij Eenheid 14, 16, 83 of 84 na 2020", "JW301", "JW317")(_frequentie)
regel("CS343", "Frequentie 2, 4 of 6 bij Eenheid 14, 16, 83 of 84 na 2020", "JW315")(_frequentie)


def _overlap(b: Inhoud) -> Gevonden:
    """TR302, TR386, TR410: the same product (or category, or any product) twice in overlapping periods."""
    producten = list(alle_producten(b, alleen_nieuw=True))
    if len(producten) < 2:
        return  # an overlap takes two
    gezien: list[tuple[str | None, str | None, dt.date, dt.date]] = []
    for el, sp in producten:
        begin, eind = b.datum(el, f"m:{sp.ingang}"), b.datum(el, f"m:{sp.eind}") or dt.date.max
        if begin is None or (b.soort == "JW301" and eind == begin
                             and b.tekst(el, "m:RedenWijziging") in ("01", "13")):
            continue  # deleted allocations do not count (TR302)
        categorie, code = b.tekst(el, "m:Product/i:Categorie"), b.tekst(el, "m:Product/i:Code")
        for c, k, b2, e2 in gezien:
            zelfde = (categorie is None or c is None or
                      (categorie == c if code is None or k is None else code == k))
            if zelfde and begin <= e2 and b2 <= eind:
                yield el, f"product {code or categorie or '(zonder product)'} overlapt in tijd met een ander " \
                          "product van dezelfde soort in dit bericht"
                break
        gezien.append((categorie, code, begin, eind))


regel("TR302", "hetzelfde product komt alleen vaker voor als de perioden niet overlappen", "JW301")(_overlap)
regel("TR386", "hetzelfde product komt alleen vaker voor als de perioden niet overlappen", "JW315")(_overlap)
regel("TR410", "hetzelfde NieuwProduct komt alleen vaker voor als de perioden niet overlappen", "JW317")(_overlap)


@regel("CS335", "RedenWijziging 13 (verwijderd) alleen als Ingangsdatum gelijk is aan Einddatum", "JW301")
def _cs335(b: Inhoud) -> Gevonden:
    for el, sp in alle_producten(b):
        if b.tekst(el, "m:RedenWijziging") == "13" and b.datum(el, f"m:{sp.ingang}") != b.datum(el, f"m:{sp.eind}"):
            yield b.een(el, "m:RedenWijziging"), "reden 13 (verwijderd) vraagt een einddatum gelijk aan de ingangsdatum"


@regel("CS336", "RedenWijziging is niet 01 (administratieve correctie, vervallen)", "JW301")
def _cs336(b: Inhoud) -> Gevonden:
    for el, _sp in alle_producten(b):
        if b.tekst(el, "m:RedenWijziging") == "01":
            yield b.een(el, "m:RedenWijziging"), "reden 01 (administratieve correctie) is vervallen"


# --- JW305, JW307: start and stop -------------------------------------------------------------

_START_STOP = {"JW305": "m:Client/m:StartProducten/m:StartProduct", "JW307": "m:Client/m:StopProducten/m:StopProduct"}


@regel("CS058", "StatusAanlevering is 1 (eerste aanlevering) of 3 (verwijderen)", "JW305", "JW307")
def _cs058(b: Inhoud) -> Gevonden:
    for el in b.alle(f"{_START_STOP[b.soort]}/m:StatusAanlevering"):
        if b.tekst(el, ".") not in ("1", "3"):
            yield el, "StatusAanlevering moet 1 (eerste aanlevering) of 3 (verwijderen aanlevering) zijn"


@regel("TR018", "Einddatum ligt niet voor Begindatum", "JW307")
def _tr018(b: Inhoud) -> Gevonden:
    for el in b.alle(_START_STOP["JW307"]):
        begin, eind = b.datum(el, "m:Begindatum"), b.datum(el, "m:Einddatum")
        if begin and eind and eind < begin:
            yield b.een(el, "m:Einddatum"), f"einddatum {eind} ligt voor begindatum {begin}"


# --- TR101: no line twice, by its logical key within its parents' ------------------------

_PRODUCTSLEUTEL = ("m:ToewijzingNummer", "m:Product/i:Categorie", "m:Product/i:Code", "m:Begindatum")
_CLIENTEN = {"JW323": "m:Declaratie/m:Clienten/m:Client", "JW325": "m:DeclaratieAntwoord/m:Clienten/m:Client"}
# Per message code: (the class's path, the elements of its logical key, the path of its parent class or None).
_SLEUTELS: dict[str, list[tuple[str, tuple[str, ...], str | None]]] = {
    "JW301": [("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", ("m:ToewijzingNummer",), None),
              ("m:Client/m:Relaties/m:Relatie", ("m:Nummer",), None)],
    "JW305": [(_START_STOP["JW305"], _PRODUCTSLEUTEL, None)],
    "JW307": [(_START_STOP["JW307"], _PRODUCTSLEUTEL, None)],
    "JW315": [("m:Client/m:AangevraagdeProducten/m:AangevraagdProduct", ("m:ReferentieAanbieder",), None)],
    "JW317": [(VERZOEK + "m:TeWijzigenProducten/m:TeWijzigenProduct", ("m:ToewijzingNummer",), None),
              (VERZOEK + "m:OngewijzigdeProducten/m:OngewijzigdProduct", ("m:ToewijzingNummer",), None)],
    **{s: [(pad, ("m:Bsn",), None), ("m:Prestaties/m:Prestatie", ("m:ProductReferentie/i:ReferentieNummer",), pad)]
       for s, pad in _CLIENTEN.items()},
}


@regel("TR101", "geen dubbele regels: de logische sleutel is uniek binnen de bovenliggende klasse", *_SLEUTELS)
def _tr101(b: Inhoud) -> Gevonden:
    for pad, sleutel, ouder in _SLEUTELS[b.soort]:
        for groep in b.alle(ouder) if ouder else [b.hoofdelement]:
            elementen = b.alle(pad, groep)
            if len(elementen) < 2:
                continue  # a repeat takes two
            gezien = set()
            for el in elementen:
                waarde = tuple(b.tekst(el, s) for s in sleutel)
                if waarde in gezien:
                    yield el, f"dubbele regel: {' '.join(w for w in waarde if w)} komt al eerder voor"
                gezien.add(waarde)
