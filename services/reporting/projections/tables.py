"""The reporting service's projection tables (one metadata for the service's database)."""

from sqlalchemy import Column, Integer, MetaData, PrimaryKeyConstraint, String, Table

metadata = MetaData()

campaign_counts = Table(
    "campaign_counts",
    metadata,
    Column("agency", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("launching_level", String(32), nullable=False),
    Column("form", String(32), nullable=False),
    Column("scope", String(32), nullable=False),
    Column("campaigns", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "year", "launching_level", "form", "scope"),
)
