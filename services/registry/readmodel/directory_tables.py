"""Directory tables: agencies (with their lifetimes), units (a tree per agency), members and
their personal details, and the transfers of units and members between agencies."""

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Index, Integer, String, Table

from services.registry.readmodel.metadata import metadata
from shared.lifetimes import lifetimes_table

agencies = Table(
    "agencies",
    metadata,
    Column("agency_code", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("province_code", String(2), nullable=True),
    Column("province_list", String(2), nullable=True),
    Column("version", Integer, nullable=False),
    Column("established_on", Date, nullable=True),
    Column("ceased_on", Date, nullable=True),
    Column("successor_code", String(64), nullable=True),
    Column("predecessor_codes", JSON, nullable=False),
)
"""``province_code``/``province_list``: the province on the list in force now (a continued
department's moved to the 34 list)."""

#: When each agency ceased, for the command runner's guard (:mod:`shared.lifetimes`).
agency_lifetimes = lifetimes_table(metadata)

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

unit_transfers = Table(
    "unit_transfers",
    metadata,
    Column("unit_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True, comment="The unit's stream version."),
    Column("from_agency", String(64), nullable=False),
    Column("to_agency", String(64), nullable=False),
    Column("on", Date, nullable=False, comment="First day in to_agency."),
    Column("legal_basis", String(200), nullable=False),
)

member_transfers = Table(
    "member_transfers",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("version", Integer, primary_key=True, comment="The member's stream version."),
    Column("from_agency", String(64), nullable=False),
    Column("to_agency", String(64), nullable=False),
    Column("from_unit_id", String(128), nullable=False),
    Column("to_unit_id", String(128), nullable=False),
    Column("on", Date, nullable=False, comment="First day in to_agency."),
    Column("legal_basis", String(200), nullable=False),
)
