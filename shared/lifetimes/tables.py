"""The ``agency_lifetimes`` table, one row per agency, in each service's own database."""

from __future__ import annotations

from sqlalchemy import Column, Date, MetaData, String, Table, Text


def lifetimes_table(metadata: MetaData) -> Table:
    """The table on ``metadata`` (each service's migrations create it with these columns)."""
    return Table(
        "agency_lifetimes",
        metadata,
        Column("agency", String(64), primary_key=True),
        Column("name", Text, nullable=True, comment="From AgencyRegistered/AgencyContinued."),
        Column("ceased_on", Date, nullable=True, comment="Last day it acted; NULL: active."),
        Column("successor_code", String(64), nullable=True),
        Column("legal_basis", Text, nullable=True, comment="Document that ended it."),
    )
