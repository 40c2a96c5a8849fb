"""The awards's migration scripts, oldest first (``0001_...``); written by autogenerate."""
