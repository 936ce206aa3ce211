"""Region configuration and the reference data shipped with the package."""
