"""Reading registrations from spreadsheets (CSV or XLSX) that officers fill in.

Parsing only: cells become typed values or row errors that name the row and column as the
officer sees them; the application validates and writes (all or nothing). The generic part
(reading the file, finding columns, reading cells, the refusals) is :mod:`shared.spreadsheets`.
"""
