"""Projections: precomputed rows the query API reads, fed by the event topics."""
