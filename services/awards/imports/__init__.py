"""Reading past decisions from spreadsheets (CSV or XLSX) that agencies kept for years.

Parsing only: cells become typed values or row errors naming the row and the column as the
officer sees them; the application groups rows into decisions, checks and writes them.
``spreadsheet``, ``text`` and ``report`` are the registry's generic helpers, copied because
services do not import each other (candidates for ``shared/``).
"""
