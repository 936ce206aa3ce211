"""Outputs present figures from the metric catalogue; they never compute them."""
