"""Accounts, sessions, throttling and the audit log of the dashboard, kept in the store.

Passwords are stored only as argon2id hashes. A session is a random token in a cookie; the
store keeps its SHA-256, so a copy of the database holds no usable session. Guessing is slowed
down: after MAX_MISLUKT failed attempts for an account or from an address within
DREMPEL_MINUTEN minutes, logging in waits until the oldest of them is that old.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from stuurwiel.begrippen.tabel import Kolom, Tabel
from stuurwiel.begrippen.tabel import tabel as maak_tabel
from stuurwiel.opslag.database import Opslag
from stuurwiel.opslag.schema import definitie
from stuurwiel.web.rollen import MIN_LENGTE, ROLLEN

SESSIE_UREN = 8
MAX_MISLUKT = 5
DREMPEL_MINUTEN = 15
OPDRACHTREGEL = "(opdrachtregel)"  # who the audit log names for `stuurwiel gebruiker …`
MAX_NAAM = 64
NAAM = re.compile(rf"[A-Za-z0-9._-]{{1,{MAX_NAAM}}}")
_POGINGEN = threading.Lock()  # checking and counting a login attempt: one thread of this process at a time

TABELLEN = [
    definitie("gebruiker", "Accounts van het dashboard: rol, gemeenten (bij rol gemeente) en argon2id-hash.",
              "naam:text wachtwoord_hash:text rol:text gemeenten:text aangemaakt:timestamp gewijzigd:timestamp",
              feit=False),
    definitie("sessie", "Ingelogde sessies: de hash van het sessietoken, het CSRF-token en wanneer ze verlopen.",
              "token_hash:text naam:text csrf:text aangemaakt:timestamp verloopt:timestamp", feit=False),
    definitie("inlogpoging", "Inlogpogingen, voor het afremmen van raden.",
              "naam:text adres:text tijdstip:timestamp gelukt:int", feit=False),
    definitie("auditlog", "Wie deed wanneer wat: inloggen, uitloggen, exporteren, laden, accounts.",
              "tijdstip:timestamp naam:text actie:text details:text adres:text", feit=False),
]

_HASHER = PasswordHasher()  # argon2id with the library's current parameters
_ONBEKEND = _HASHER.hash(secrets.token_urlsafe(16))  # verified for unknown names, so timing says nothing


class GebruikerFout(ValueError):
    """An account request that cannot be done; the message is for the user."""


class Afgeremd(Exception):
    """Too many failed attempts for this account or from this address: wait `minuten`."""

    def __init__(self, minuten: int):
        super().__init__(minuten)
        self.minuten = minuten


@dataclass(frozen=True)
class Gebruiker:
    naam: str
    rol: str
    gemeenten: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sessie:
    gebruiker: Gebruiker
    csrf: str


def richt_in(opslag: Opslag) -> None:
    """The dashboard's own tables (`Opslag.beheer`), created when missing. Beside a DuckDB file they are
    a SQLite file; a DuckDB file made by an earlier release still holds them, and they are copied once."""
    beheer = opslag.beheer
    if beheer is opslag:
        opslag.maak_tabellen(TABELLEN)
        return
    if "gebruiker" in beheer.tabellen():
        return
    eerder = set(opslag.ibis.list_tables())
    with beheer.transactie():
        beheer.maak_tabellen(TABELLEN)
        for t in TABELLEN:
            if t.naam in eerder:
                kolommen = ", ".join(t.kolomnamen)
                for rij in opslag.rijen(f"SELECT {kolommen} FROM {t.naam}"):
                    beheer.voer_uit(f"INSERT INTO {t.naam} VALUES ({', '.join(['%s'] * len(rij))})", list(rij))


def _nu() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _rij(opslag: Opslag, naam: str) -> tuple | None:
    rijen = opslag.beheer.rijen("SELECT naam, wachtwoord_hash, rol, gemeenten FROM gebruiker WHERE naam = %s", [naam])
    return rijen[0] if rijen else None


def _gebruiker(rij: tuple) -> Gebruiker:
    return Gebruiker(rij[0], rij[2], tuple(rij[3].split(",")) if rij[3] else ())


def _controleer(opslag: Opslag, naam: str, wachtwoord: str | None, rol: str, gemeenten: list[str]) -> None:
    if not NAAM.fullmatch(naam):
        raise GebruikerFout(f"'{naam[:MAX_NAAM]}{'…' if len(naam) > MAX_NAAM else ''}' is geen geldige naam: 1 tot "
                            f"{MAX_NAAM} tekens, letters a-z, cijfers, punt, streepje of liggend streepje")
    if rol not in ROLLEN:
        raise GebruikerFout(f"onbekende rol '{rol}' (kies uit {', '.join(ROLLEN)})")
    if rol == "gemeente" and not gemeenten:
        raise GebruikerFout("een account met rol gemeente hoort bij een of meer gemeenten (--gemeente CODE)")
    if rol != "gemeente" and gemeenten:
        raise GebruikerFout(f"alleen de rol gemeente hoort bij gemeenten; rol {rol} ziet alle gemeenten")
    bekend = {c for (c,) in opslag.rijen("SELECT gemeentecode FROM gemeente")}
    vreemd = sorted(set(gemeenten) - bekend)
    if vreemd:
        raise GebruikerFout(f"gemeente {', '.join(vreemd)} hoort niet bij deze regio")
    if wachtwoord is not None and len(wachtwoord) < MIN_LENGTE:
        raise GebruikerFout(f"een wachtwoord heeft minstens {MIN_LENGTE} tekens")


def toevoegen(opslag: Opslag, naam: str, wachtwoord: str, rol: str, gemeenten: list[str] = (),
              door: str = OPDRACHTREGEL, adres: str = "") -> Gebruiker:
    _controleer(opslag, naam, wachtwoord, rol, list(gemeenten))
    if _rij(opslag, naam):
        raise GebruikerFout(f"er is al een account '{naam}'")
    with opslag.beheer.transactie():
        opslag.beheer.voer_uit("INSERT INTO gebruiker VALUES (%s, %s, %s, %s, %s, %s)",
                      [naam, _HASHER.hash(wachtwoord), rol, ",".join(gemeenten) or None, _nu(), _nu()])
        log(opslag, door, "gebruiker toegevoegd", f"{naam} ({rol})", adres)
    return Gebruiker(naam, rol, tuple(gemeenten))


def wijzig(opslag: Opslag, naam: str, wachtwoord: str | None = None, rol: str | None = None,
           gemeenten: list[str] | None = None, door: str = OPDRACHTREGEL, adres: str = "") -> Gebruiker:
    """Change what is given; the account's sessions end (its rights may have changed)."""
    rij = _rij(opslag, naam)
    if rij is None:
        raise GebruikerFout(f"er is geen account '{naam}'")
    oud = _gebruiker(rij)
    rol = rol or oud.rol
    gemeenten = list(oud.gemeenten if gemeenten is None and rol == oud.rol else gemeenten or [])
    _controleer(opslag, naam, wachtwoord, rol, gemeenten)
    with opslag.beheer.transactie():
        opslag.beheer.voer_uit("UPDATE gebruiker SET wachtwoord_hash = %s, rol = %s, gemeenten = %s, gewijzigd = %s "
                      "WHERE naam = %s", [_HASHER.hash(wachtwoord) if wachtwoord else rij[1], rol,
                                          ",".join(gemeenten) or None, _nu(), naam])
        opslag.beheer.voer_uit("DELETE FROM sessie WHERE naam = %s", [naam])
        log(opslag, door, "gebruiker gewijzigd", f"{naam} ({rol}{', nieuw wachtwoord' if wachtwoord else ''})", adres)
    return Gebruiker(naam, rol, tuple(gemeenten))


def verwijder(opslag: Opslag, naam: str, door: str = OPDRACHTREGEL, adres: str = "") -> None:
    if _rij(opslag, naam) is None:
        raise GebruikerFout(f"er is geen account '{naam}'")
    with opslag.beheer.transactie():
        opslag.beheer.voer_uit("DELETE FROM sessie WHERE naam = %s", [naam])
        opslag.beheer.voer_uit("DELETE FROM gebruiker WHERE naam = %s", [naam])
        log(opslag, door, "gebruiker verwijderd", naam, adres)


def nieuw_wachtwoord() -> str:
    return secrets.token_urlsafe(15)


def gebruikers(opslag: Opslag) -> list[Gebruiker]:
    return [_gebruiker(r) for r in opslag.beheer.rijen("SELECT naam, wachtwoord_hash, rol, gemeenten FROM gebruiker "
                                                "ORDER BY naam")]


def tabel(opslag: Opslag) -> Tabel:
    """The accounts with their role and municipalities."""
    return maak_tabel("Accounts", [Kolom("naam", "naam"), Kolom("rol", "rol"), Kolom("gemeenten", "gemeenten")],
                      [(g.naam, g.rol, ", ".join(g.gemeenten)) for g in gebruikers(opslag)])


# --- logging in ------------------------------------------------------------------------------------

def wachten(opslag: Opslag, naam: str, adres: str) -> int:
    """Minutes before another attempt for this account or from this address is heard; 0: now."""
    sinds = _nu() - dt.timedelta(minutes=DREMPEL_MINUTEN)
    tijden = [t for (t,) in opslag.beheer.rijen(
        "SELECT tijdstip FROM inlogpoging WHERE gelukt = 0 AND tijdstip > %s AND (naam = %s OR adres = %s) "
        "ORDER BY tijdstip DESC", [sinds, naam, adres])]
    if len(tijden) < MAX_MISLUKT:
        return 0
    vrij = tijden[MAX_MISLUKT - 1] + dt.timedelta(minutes=DREMPEL_MINUTEN)
    return max(1, int((vrij - _nu()).total_seconds() // 60) + 1)


def _tel_poging(opslag: Opslag, naam: str, adres: str) -> dt.datetime:
    """Count an attempt as failed before its password is checked, in one step with the count of the
    earlier ones, so attempts in parallel cannot all pass the check; raises Afgeremd at the limit."""
    beheer = opslag.beheer
    with _POGINGEN, beheer.transactie():
        if beheer.dialect == "postgres":  # other server processes count too
            beheer.voer_uit("LOCK TABLE inlogpoging IN SHARE ROW EXCLUSIVE MODE")
        minuten = wachten(opslag, naam, adres)
        if minuten:
            raise Afgeremd(minuten)
        tijdstip = dt.datetime.now()
        beheer.voer_uit("INSERT INTO inlogpoging VALUES (%s, %s, %s, 0)", [naam, adres, tijdstip])
    return tijdstip


def inloggen(opslag: Opslag, naam: str, wachtwoord: str, adres: str) -> Gebruiker | None:
    """The account when name and password match, else None; the attempt is recorded either way, and
    counted before the password is checked (raises Afgeremd after too many failures)."""
    naam = naam[:MAX_NAAM + 1]  # a longer name is no account's; it is not kept whole either
    tijdstip = _tel_poging(opslag, naam, adres)
    rij = _rij(opslag, naam)
    try:
        _HASHER.verify(rij[1] if rij else _ONBEKEND, wachtwoord)
        gelukt = rij is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        gelukt = False
    with opslag.beheer.transactie():
        if gelukt:
            opslag.beheer.voer_uit("UPDATE inlogpoging SET gelukt = 1 WHERE naam = %s AND adres = %s AND tijdstip = %s",
                                   [naam, adres, tijdstip])
        log(opslag, naam if gelukt else "-", "inloggen" if gelukt else "inloggen mislukt",
            "" if gelukt else f"naam '{naam[:60]}'", adres)
    if gelukt and _HASHER.check_needs_rehash(rij[1]):
        opslag.beheer.voer_uit("UPDATE gebruiker SET wachtwoord_hash = %s WHERE naam = %s",
                               [_HASHER.hash(wachtwoord), naam])
    return _gebruiker(rij) if gelukt else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def nieuwe_sessie(opslag: Opslag, gebruiker: Gebruiker) -> tuple[str, str]:
    """(session token for the cookie, CSRF token for the forms)."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with opslag.beheer.transactie():
        opslag.beheer.voer_uit("DELETE FROM sessie WHERE verloopt < %s", [_nu()])
        opslag.beheer.voer_uit("INSERT INTO sessie VALUES (%s, %s, %s, %s, %s)",
                      [_hash(token), gebruiker.naam, csrf, _nu(), _nu() + dt.timedelta(hours=SESSIE_UREN)])
    return token, csrf


def sessie(opslag: Opslag, token: str | None) -> Sessie | None:
    if not token:
        return None
    rijen = opslag.beheer.rijen("SELECT g.naam, g.wachtwoord_hash, g.rol, g.gemeenten, s.csrf FROM sessie s "
                           "JOIN gebruiker g ON g.naam = s.naam WHERE s.token_hash = %s AND s.verloopt > %s",
                           [_hash(token), _nu()])
    return Sessie(_gebruiker(rijen[0][:4]), rijen[0][4]) if rijen else None


def uitloggen(opslag: Opslag, token: str, naam: str, adres: str) -> None:
    with opslag.beheer.transactie():
        opslag.beheer.voer_uit("DELETE FROM sessie WHERE token_hash = %s", [_hash(token)])
        log(opslag, naam, "uitloggen", "", adres)


def log(opslag: Opslag, naam: str, actie: str, details: str = "", adres: str = "") -> None:
    # to the microsecond, so the log keeps the order of what happened within one second
    opslag.beheer.voer_uit("INSERT INTO auditlog VALUES (%s, %s, %s, %s, %s)",
                    [dt.datetime.now(), naam, actie, details, adres])


def auditlog(opslag: Opslag, aantal: int = 500) -> list[tuple]:
    return opslag.beheer.rijen(f"SELECT tijdstip, naam, actie, details, adres FROM auditlog ORDER BY tijdstip DESC "
                          f"LIMIT {int(aantal)}")
