"""The dashboard's roles and the rules for their passwords: plain words, light enough for `--help`."""

ROLLEN = {
    "beheerder": "accounts en ladingen beheren; alle gemeenten",
    "regio": "alle gemeenten",
    "gemeente": "de eigen gemeente(n) in detail, de andere alleen als totaal",
    "contractmanagement": "aanbieders; alle gemeenten",
    "controle": "signalen en steekproeven (dossierinzage)",
}
BELEIDSROLLEN = ("regio", "gemeente", "contractmanagement", "beheerder")  # who sees the policy cycle
DOSSIERINZAGE = {"controle"}  # the roles that work with case-level rights: nothing suppressed, signals
MIN_LENGTE = 12  # characters of a password
