"""Calibration targets of the synthetic region, each with its source.

Sources are the public reference files in ../shared/reference (see README.md there); the
product itself reads municipal facts only from package data (stuurwiel.config.referentie).
Values without a public source are modelling choices and say so.
"""

from __future__ import annotations

# --- clients -------------------------------------------------------------------------------

# Share of young people 0-17 in care per municipality per year, in %. Starts at the CBS share of
# 2022 (Kerncijfers wijken en buurten 2022, reference/cbs/jeugdzorg-aandeel-per-gemeente-2022.csv;
# ZHZ 8.1-14.4 %) and is kept inside the plausible band (brief: 8-15 %).
AANDEEL_IN_ZORG_JAAR = 2022
AANDEEL_IN_ZORG_MIN = 8.2
AANDEEL_IN_ZORG_MAX = 14.6
# Yearly growth of that share. CBS: 411k young people with jeugdhulp in 2018, 444k in 2021
# (reference/README.md), about +2.6 % a year including population; with ZHZ's population growth
# 1.2 % gives +2 % clients a year and keeps ZHZ within EUR 100-130 M over 2021-2025.
GROEI_AANDEEL_PER_JAAR = 0.012

# Years simulated before the first requested year so that long care (foster care runs for years)
# is already in its steady state when the exchange files begin.
INLOOPJAREN = 8

# Age at the start of care, 0..17 (modelling choice: youth care peaks at 10-16).
LEEFTIJD_GEWICHTEN = (1.0, 1.3, 1.8, 2.4, 3.0, 3.6, 4.3, 5.0, 5.8, 6.5, 7.2, 7.8, 8.2, 8.4, 8.4, 7.8, 6.8, 5.0)
GESLACHT_KANSEN = {"1": 0.555, "2": 0.44, "0": 0.005}

# Starts per calendar month (fewer in the summer holidays and December; modelling choice).
STARTS_PER_MAAND = (1.10, 1.05, 1.05, 1.00, 1.00, 0.95, 0.75, 0.80, 1.15, 1.10, 1.05, 0.80)

# --- referrers -----------------------------------------------------------------------------

# CBS 85097NED, trajectories by referrer in the first half of 2023 (reference/README.md);
# "" is "onbekend" (no TypeVerwijzer).
CBS_VERWIJZERS_2023H1: dict[str, int] = {
    "01": 169_825,  # gemeentelijke toegang
    "02": 183_815,  # huisarts
    "03": 16_210,  # jeugdarts
    "04": 43_870,  # gecertificeerde instelling
    "05": 23_530,  # medisch specialist
    "08": 1_575,  # rechter, officier van justitie
    "06": 76_255,  # geen verwijzer
    "": 2_375,  # onbekend
}

# --- money ---------------------------------------------------------------------------------

# Purchased care as a fraction of Iv3 youth spending (jaarrekening, taakvelden 6.72-6.76 and
# 6.82): Iv3 counts all municipal youth spending, somewhat more than purchased care
# (reference/README.md): local teams, prevention and youth health are in it too. 0.70 puts ZHZ
# at about EUR 88 M in 2021 and 113 M in 2025, EUR 190-240 per inhabitant against Iv3's 290.
IV3_FRACTIE = 0.70
IV3_JAREN = (2021, 2022)  # the latest jaarrekening years in the package data
IV3_TERUGVAL_JAREN = (2019, 2020)
# Cost per client-year outside this band around the national median (EUR 14.4k in 2022) is
# treated as a reporting artefact of Iv3 (a few municipalities book youth care elsewhere).
KOSTEN_PER_CLIENT_BAND = (0.55, 1.9)
# Limits to the per-municipality recalibration of volumes after the mix has been tilted
# (modelling choice: beyond this, hours per client would stop looking like real allocations).
VOLUMECORRECTIE_BAND = (0.7, 1.6)

# Budgets are set below realised cost, like real primary budgets: Iv3 begroting was 10-25 %
# below jaarrekening nationally 2018-2022 (reference/README.md).
BUDGET_FACTOR_GEMIDDELD = 0.90
BUDGET_FACTOR_SPREIDING = 0.035
BUDGET_FACTOR_BAND = (0.80, 0.98)

# --- providers -----------------------------------------------------------------------------

# ZHZ buys from a few hundred providers; at the size of ZHZ (about 11,300 clients a year) we draw
# 220 and scale with clients ** 0.7 (modelling choice: big regions share many providers).
AANBIEDERS_REFERENTIE = 220
CLIENTEN_REFERENTIE = 11_300
AANBIEDERS_EXPONENT = 0.7
AANBIEDERS_MINIMUM = 12
AANBIEDERS_MINIMUM_PER_JEUGDREGIO = 4  # national region
# Provider size is lognormal; with the segments each provider offers, sigma 1.2 gives the largest
# 20 % of providers 76-90 % of cost at ZHZ scale (DESIGN.md: "the 20 % that cause 80 % of cost").
AANBIEDER_GROOTTE_SIGMA = 1.2
AANDEEL_NIEUWE_AANBIEDERS = 0.2  # enter during the requested years
AANDEEL_LANDELIJKE_AANBIEDERS = 0.04  # serve every jeugdregio (national region only)
AANDEEL_MET_PLAFOND = 0.25
AANDEEL_PLAFOND_BEREIKT = 0.35  # of the ceilings: set below the year's cost
AANDEEL_MET_WACHTLIJST = 0.15
CONTRACTVORMEN = {"inspanningsgericht": 0.6, "taakgericht": 0.25, "outputgericht": 0.15}

# --- care ----------------------------------------------------------------------------------

MAX_TOEWIJZING_DAGEN = 365  # an allocation runs at most 12 months; longer care is re-allocated
# Ends of care (JW307 reden beeindiging) per trajectory; premature 32+33 = 16 % of trajectories,
# which is 10-15 % of all stops once re-allocations (31) are counted (brief: 10-15 %).
REDEN_EINDE = {"31": 0.725, "32": 0.09, "33": 0.07, "34": 0.05, "35": 0.02, "39": 0.045}
KANS_OVERSTAP = 0.04  # switch of provider halfway (reden 38)
KANS_VERKORTINGSRIJ = 0.8  # premature ends that the municipality records as verkorting (05)
KANS_VERLENGING = 0.08  # allocations first issued shorter and extended (04)
# Summer dip of non-residential care per calendar month (modelling choice: school holidays).
SEIZOEN = (1.0, 1.0, 1.02, 1.0, 1.0, 0.98, 0.80, 0.72, 1.0, 1.02, 1.0, 0.90)
KANS_TWEEDE_PRODUCT = 0.3  # a second, independent product during the care episode
# The normenkader (synth/normen.py): allocations under a stricter norm that keep their omvang all the
# same, and the share of allocations above their norm (within it: a few) that get an onderbouwing.
KANS_BOVEN_NIEUWE_NORM = 0.5
KANS_ONDERBOUWING = 0.6
KANS_ONDERBOUWING_BINNEN = 0.02

# --- claims --------------------------------------------------------------------------------

# Lag from the end of the service month to the claim: one batch per provider and month (median
# 18 days, slower providers), some lines late, a thin tail past a year. Target (brief): >= 60 %
# within two months, some past twelve.
LAG_BATCH_MEDIAAN_DAGEN = 18
LAG_BATCH_SIGMA = 0.45
LAG_AANBIEDER_SIGMA = 0.35
KANS_LAAT = 0.12
LAG_LAAT_MEDIAAN_DAGEN = 50
KANS_ZEER_LAAT = 0.008
LAG_ZEER_LAAT_DAGEN = (370, 700)
KANS_CREDIT = 0.03  # brief: 2-4 % of lines corrected
KANS_AFGEWEZEN = 0.015  # brief: 1-2 %
KANS_HERDECLARATIE = 0.7
INGEDIEND_DAGEN = 21  # lines younger than this on the peildatum are not yet decided

# --- access and outcomes -------------------------------------------------------------------

AANDEEL_01_MET_AANMELDING = 0.9
AANDEEL_DOORVERWEZEN = 0.38  # brief: 30-45 % of local-team registrations are referred on
AANMELD_UITKOMSTEN_OVERIG = {"lokaal_geholpen": 0.68, "geen_hulp_nodig": 0.32}
RESPONS_UITKOMST = 0.7

# --- anomalies -----------------------------------------------------------------------------

ANOMALIEEN_PER_10K_CLIENTEN = 27  # "a few dozen of each at ZHZ scale"
NIET_VERZILVERD_DAGEN = 300  # an allocation never claimed begins at least this long before the peildatum
# Provider patterns (synth/patronen.py): about one provider in a hundred inflates a product, and
# one in a hundred shifts new clients to a dearer product, each planted where a control can see
# it: in a provider × product with this many young people in care a month on average, with this
# many months of history before it and visible after it.
AANDEEL_PATROONAANBIEDERS = 0.01
OPDRIJVING = 1.5  # volume of the inflating provider's allocations from its first month on
PATROON_MIN_CLIENTEN = 25
PATROON_VERSCHUIVING = 1.3  # a shift to the dearer product raises the cost of a client-month this much
PATROON_GESCHIEDENIS_MAANDEN = 18
PATROON_ZICHTBAAR_MAANDEN = 12
