"""Reading past decisions from spreadsheets (CSV or XLSX) that agencies kept for years.

Parsing only: cells become typed values or row errors naming the row and the column as the
officer sees them; the application groups rows into decisions, checks and writes them.
Reading the file, finding columns, reading cells and the refusals' shape are the toolkit
every import shares (:mod:`shared.spreadsheets`); the columns, cell rules, vocabulary and
messages here are the awards service's own.
"""
