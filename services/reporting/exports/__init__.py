"""Exports of the reporting tables (forms, agency statistics, the national comparison,
streaks) as CSV and XLSX: a table model, a writer per format, and converters from the query
results to tables."""
