"""A definitions list against policy documents (step 1 of the policy cycle, seed 002 §4.2.2: "de
definities moeten consistent terugkomen in alle documenten; daar moet een controle op plaatsvinden").

What it finds, each with the document and its places (line, page or paragraph):
- an avoided synonym used instead of a defined term (`vermijden` of the term);
- an abbreviation that is not defined: a token of capitals (BRTA, SJT, GGZ, JW301), not a Roman
  numeral, not on a line of two or more such tokens without small letters (a heading in capitals, ACUTE
  HULP), not a term or abbreviation of the list;
- a recurring term that is not defined: a word of at least MIN_LETTERS letters that is no common
  word (GEWOON), not of a form that is seldom a noun (an infinitive in -eren, an adjective in -isch,
  -lijk, -baar, …) and not a word of a term or synonym of the list, used at least `drempel` times in a
  document (singular and plural counted together);
- a defined term used in none of the documents;
- a definition not reviewed within `maanden` months before the peildatum.

Words match whole, ignoring case, with the plural or genitive endings -en, -n, -s and -'s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stuurwiel.analyses.cyclus import plus_maanden
from stuurwiel.invoer.begrippenlijst import Begrip, Begrippenlijst
from stuurwiel.invoer.documenten import Document
from stuurwiel.maten.catalogus import CATALOGUS

SYNONIEM, AFKORTING, TERM = "vermeden synoniem", "afkorting zonder definitie", "terugkerende term zonder definitie"
ONGEBRUIKT, NIET_HERZIEN = "begrip niet gebruikt", "definitie niet herzien"
SOORTEN = (SYNONIEM, AFKORTING, TERM, ONGEBRUIKT, NIET_HERZIEN)
MIN_LETTERS = 10
MAX_PLEKKEN = 25  # places listed per finding; the count says how many there are
UITGANGEN = r"(?:en|n|s|'s|’s)?"
_AFKORTING = re.compile(r"(?<![A-Za-z0-9À-ÿ])[A-Z][A-Z0-9]{1,7}(?![A-Za-z0-9À-ÿ])")
_ROMEINS = re.compile(r"^X{0,3}(IX|IV|V?I{0,3})$")
_WOORD = re.compile(r"(?<![\w-])[a-zà-ÿ][a-zà-ÿ]+(?![\w-])")
# long Dutch words that are no terms of the domain: they recur in any text
GEWOON = frozenset("""
bijvoorbeeld verschillende daarnaast bovendien waardoor waarbij daarbij daarmee daardoor hierdoor hiervoor
hierbij namelijk ongeveer eveneens uiteindelijk tegelijkertijd belangrijke belangrijk voldoende mogelijkheden
mogelijkheid verschillen betekent betrekking afhankelijk onvoldoende duidelijke duidelijkheid verwachting
uitvoering ontwikkeling ontwikkelingen ontwikkelen samenwerking samenwerken activiteiten gerealiseerd realiseren
gezamenlijk gezamenlijke inmiddels aanvullende aanvullend doorgaans voornamelijk bijzonder rekening tenminste
afspraken verantwoordelijk verantwoordelijkheid onderzoeken onderzoek toekomst vervolgens vastgesteld
vaststellen uitgangspunt uitgangspunten plaatsvinden onderdeel onderdelen overzicht informatie verbeteren
""".split())


@dataclass(frozen=True)
class Bevinding:
    soort: str
    term: str  # the word found (or the defined term that was not used or not reviewed)
    begrip: str | None  # the defined term an avoided synonym stands for
    document: str | None
    aantal: int
    plekken: str  # 'regel 12, 40' / 'pagina 3' / 'alinea 2'
    toelichting: str = ""


def _patroon(woorden: Iterable[str]) -> re.Pattern | None:
    """One expression for whole words (and phrases), any case, with plural endings."""
    # the words of a phrase may stand apart by any white space (tabs in a converted table, two spaces)
    delen = sorted({r"\s+".join(map(re.escape, w.split())) for w in woorden if w.strip()}, key=len, reverse=True)
    if not delen:
        return None
    return re.compile(rf"(?<![\w-])(?:{'|'.join(delen)}){UITGANGEN}(?![\w-])", re.IGNORECASE)


def _plekken(eenheid: str, nummers: Sequence[int]) -> str:
    uniek = list(dict.fromkeys(nummers))
    tekst = ", ".join(str(n) for n in uniek[:MAX_PLEKKEN])
    return f"{eenheid} {tekst}" + (", …" if len(uniek) > MAX_PLEKKEN else "")


def _regels(doc: Document) -> Iterable[tuple[int, str]]:
    """Every line of a document with the number of its place (a page holds many lines)."""
    for nummer, tekst in doc.delen:
        for regel in tekst.splitlines():
            yield nummer, regel


@dataclass(frozen=True)
class _Lijst:
    """The list as the search needs it: its expressions, compiled once."""

    begrippen: Sequence[Begrip]
    termen: re.Pattern | None  # every term and abbreviation
    vermijden: list[tuple[str, re.Pattern]]  # per term the synonyms to avoid
    gedefinieerd: set[str]  # terms and abbreviations in capitals
    woorden: re.Pattern | None  # every word of the list: no candidate for an undefined term

    @classmethod
    def van(cls, lijst: Begrippenlijst) -> _Lijst:
        b_ = lijst.begrippen
        return cls(b_, _patroon(w for b in b_ for w in [b.term, *b.afkortingen]),
                   [(b.term, p) for b in b_ if (p := _patroon(b.vermijden)) is not None],
                   {w.upper() for b in b_ for w in [b.term, *b.afkortingen]},
                   _patroon(w for b in b_ for v in [b.term, *b.afkortingen, *b.vermijden] for w in [v, *v.split()]))


def controleer(lijst: Begrippenlijst, documenten: Sequence[Document], peildatum: dt.date, drempel: int = 5,
               maanden: int = 12) -> list[Bevinding]:
    """Every finding of the list against the documents, in the order of SOORTEN."""
    zoek = _Lijst.van(lijst)
    gebruikt: Counter[str] = Counter()
    uit = [b for doc in documenten for b in _document(zoek, doc, drempel, gebruikt)]
    uit += [Bevinding(ONGEBRUIKT, b.term, None, None, 0, "", "komt in geen van de documenten voor")
            for b in lijst.begrippen if not gebruikt[b.term]]
    grens = plus_maanden(peildatum, -maanden)
    uit += [Bevinding(NIET_HERZIEN, b.term, None, None, 0, "", f"laatst beoordeeld op {b.laatst_beoordeeld:%Y-%m-%d}, "
                      f"meer dan {maanden} maanden voor {peildatum:%Y-%m-%d} (eigenaar: {b.eigenaar})")
            for b in lijst.begrippen if b.laatst_beoordeeld < grens]
    return sorted(uit, key=lambda b: (SOORTEN.index(b.soort), b.document or "", -b.aantal, b.term))


def _document(zoek: _Lijst, doc: Document, drempel: int, gebruikt: Counter[str]) -> list[Bevinding]:
    """The findings in one document; counts the defined terms it uses in `gebruikt`."""
    synoniemen: dict[tuple[str, str], list[int]] = defaultdict(list)
    afkortingen: dict[str, list[int]] = defaultdict(list)
    woorden: dict[str, list[int]] = defaultdict(list)
    for nummer, regel in _regels(doc):
        termen = list(zoek.termen.finditer(regel)) if zoek.termen else []
        gebruikt.update(_begrip_van(zoek.begrippen, m.group(0)) for m in termen)
        for term, patroon in zoek.vermijden:
            for m in patroon.finditer(regel):
                if not any(t.start() < m.end() and m.start() < t.end() for t in termen):  # not inside a term
                    synoniemen[(" ".join(m.group(0).lower().split()), term)].append(nummer)
        tokens = _AFKORTING.findall(regel)
        if any(c.islower() for c in regel) or len(tokens) < 2:  # a line of two or more capitals: a heading
            for token in tokens:
                if token not in zoek.gedefinieerd and _afkorting(token):
                    afkortingen[token].append(nummer)
        for w in _WOORD.findall(regel):
            if _kandidaat(w) and not (zoek.woorden and zoek.woorden.fullmatch(w)):
                woorden[w].append(nummer)
    plek = doc.eenheid
    return ([Bevinding(SYNONIEM, s, term, doc.naam, len(n), _plekken(plek, n), f"gebruik '{term}'")
             for (s, term), n in synoniemen.items()]
            + [Bevinding(AFKORTING, a, None, doc.naam, len(n), _plekken(plek, n)) for a, n in afkortingen.items()]
            + [Bevinding(TERM, w, None, doc.naam, len(n), _plekken(plek, n))
               for w, n in _enkelvoud_en_meervoud(woorden).items() if len(n) >= drempel])


def _afkorting(token: str) -> bool:
    """Two letters or more (JW301, not A4), and no Roman numeral (II, XIV)."""
    return sum(c.isalpha() for c in token) >= 2 and not _ROMEINS.match(token)


def _kandidaat(woord: str) -> bool:
    """A word that may be a term of the domain: long, not a common word, and not of a form that is
    seldom a noun (an infinitive in -eren, an adjective in -isch(e), -ief/-ieve, -ieel/-iële, -lijk(e),
    -baar/-bare, a participle in -end(e))."""
    return len(woord) >= MIN_LETTERS and woord not in GEWOON and not _GEEN_ZELFSTANDIG.search(woord)


_GEEN_ZELFSTANDIG = re.compile(r"(eren|isch|ische|ief|ieve|ieel|iële|lijk|lijke|baar|bare|end|ende)$")


def _begrip_van(begrippen: Sequence[Begrip], gevonden: str) -> str:
    """The defined term a match belongs to: the longest term or abbreviation it begins with (it may have an
    ending)."""
    g = " ".join(gevonden.lower().split())
    return max((len(w), b.term) for b in begrippen for w in [b.term, *b.afkortingen]
               if g.startswith(" ".join(w.lower().split())))[1]


def _enkelvoud_en_meervoud(woorden: dict[str, list[int]]) -> dict[str, list[int]]:
    """Singular and plural together under the shortest form that occurs: 'probleemstelling' and
    'probleemstellingen' are one term."""
    samen: dict[str, list[int]] = {}
    for w in sorted(woorden, key=len):
        stam = next((s for s in (w[:-2], w[:-1]) if s in samen and w[len(s):] in ("en", "n", "s")), None)
        if stam is None:
            samen[w] = list(woorden[w])
        else:
            samen[stam] = sorted(samen[stam] + woorden[w])
    return samen


def uit_catalogus(beoordeeld: dt.date) -> Begrippenlijst:
    """The catalogue's own definitions as a definitions list: per measure its label (without what stands
    between brackets) as the term and its definition; a label that two measures share keeps its brackets."""
    begrippen, gezien = [], set()
    for m in CATALOGUS.values():
        term = re.sub(r"\s*\([^)]*\)", "", m.label).strip()
        term = m.label if term.lower() in gezien else term
        gezien.add(term.lower())
        begrippen.append(Begrip(term=term, definitie=" ".join(m.definitie.split()), bron=f"Stuurwiel, maatcatalogus: "
                                f"maat {m.naam} (docs/maten.md)", eigenaar="regionaal analist",
                                laatst_beoordeeld=beoordeeld))
    return Begrippenlijst(begrippen=begrippen)
