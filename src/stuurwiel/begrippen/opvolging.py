"""The words of a signal's follow-up: the statuses a controller gives a signal (toepassing/opvolging.py),
light enough for the command line's help."""

NIEUW, TERUGGEVORDERD = "nieuw", "teruggevorderd"
STATUSSEN = (NIEUW, "in onderzoek", "terecht", "onterecht", "gecorrigeerd", TERUGGEVORDERD)
