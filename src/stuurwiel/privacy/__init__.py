"""Privacy by design: BSN check, keyed pseudonyms, small-count suppression."""
