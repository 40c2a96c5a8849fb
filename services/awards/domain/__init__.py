"""The awards service's pure domain: no database, broker or web framework imports."""
