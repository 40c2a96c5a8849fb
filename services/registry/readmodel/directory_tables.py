"""Directory tables: agencies, units (a tree per agency), members and their personal details."""

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table

from services.registry.readmodel.metadata import metadata

agencies = Table(
    "agencies",
    metadata,
    Column("agency_code", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("province_code", String(2), nullable=True),
    Column("province_list", String(2), nullable=True),
    Column("version", Integer, nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("unit_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("parent_unit_id", String(128), nullable=True),
    Column("name", String(300), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_units_agency", "agency"),
)

members = Table(
    "members",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("unit_id", String(128), nullable=False),
    Column("position_group", String(32), nullable=False),
    Column("erased", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False),
    Index("ix_members_agency_unit", "agency", "unit_id"),
)

#: Personal data (Decree 13/2023): written beside the events, never in them; erasable.
member_profiles = Table(
    "member_profiles",
    metadata,
    Column("member_id", String(128), ForeignKey("members.member_id"), primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("birth_year", Integer, nullable=True),
    Column("gender", String(16), nullable=True),
    Column("job_title", String(200), nullable=True),
)
