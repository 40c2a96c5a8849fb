"""The reporting service's counter tables (one metadata for the service's database).

Every ``*_counts`` table is a set of counters keyed by its dimensions; projections add
pre-aggregated deltas to them (:func:`~services.reporting.projections.upsert.add_counts`) and
queries sum them. Key columns are never NULL: "not applicable" is the empty string.

The ``*_facts`` tables (and ``agencies``, ``members``) hold one row per entity: what a
projection must remember to turn a later event into the right deltas (a revocation subtracts
exactly the row its grant added; a registration's status change moves it between counters).
``member_positions`` holds a row per position group a member took.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)

from shared.database.types import UtcDateTime

metadata = MetaData()


def _key(name: str, length: int = 32) -> Column[str]:
    return Column(name, String(length), nullable=False)


campaign_counts = Table(
    "campaign_counts",
    metadata,
    _key("agency", 64),
    Column("year", Integer, nullable=False, comment="Year of the start date."),
    _key("launching_level"),
    _key("form"),
    _key("scope"),
    _key("duration", 16),
    Column("campaigns", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "year", "launching_level", "form", "scope", "duration"),
)

award_counts = Table(
    "award_counts",
    metadata,
    _key("agency", 64),
    Column("year", Integer, nullable=False, comment="Achievement year (last of a period)."),
    Column("decision_year", Integer, nullable=False, comment="Year the decision was signed."),
    _key("award_code", 64),
    _key("recipient_kind", 16),
    _key("position_group", 16),
    _key("commendation_kind"),
    _key("granting_level"),
    _key("level_class"),
    Column("awards", Integer, nullable=False, comment="Live award instances (lượt)."),
    PrimaryKeyConstraint(
        "agency",
        "year",
        "decision_year",
        "award_code",
        "recipient_kind",
        "position_group",
        "commendation_kind",
        "granting_level",
        "level_class",
    ),
)

award_totals = Table(
    "award_totals",
    metadata,
    _key("agency", 64),
    Column("year", Integer, nullable=False, comment="Achievement year (last of a period)."),
    _key("award_code", 64),
    _key("recipient_kind", 16),
    Column("awards", Integer, nullable=False, comment="Live award instances (lượt)."),
    PrimaryKeyConstraint("agency", "year", "award_code", "recipient_kind"),
    comment=(
        "award_counts summed over its other dimensions: the awards of any range of "
        "achievement years by code and recipient kind, read at the answer's grain."
    ),
)

award_recipients_by_year = Table(
    "award_recipients_by_year",
    metadata,
    _key("agency", 64),
    Column("year", Integer, nullable=False),
    _key("award_code", 64),
    _key("recipient_kind", 16),
    _key("recipient_id", 128),
    Column("awards", Integer, nullable=False, comment="Live awards; the recipient counts if > 0."),
    # Ordered for a recipient's years (streaks, first years): no second index to maintain.
    PrimaryKeyConstraint("agency", "award_code", "recipient_kind", "recipient_id", "year"),
)

award_recipient_firsts = Table(
    "award_recipient_firsts",
    metadata,
    _key("agency", 64),
    _key("award_code", 64),
    _key("recipient_kind", 16),
    Column("year", Integer, nullable=False, comment="A year the recipients held the award."),
    Column(
        "previous_year",
        Integer,
        nullable=False,
        comment="The year before it they last held it (0: never).",
    ),
    Column("recipients", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "award_code", "recipient_kind", "year", "previous_year"),
    comment=(
        "Distinct recipients of any range [a, b]: the sum over year in [a, b] with "
        "previous_year < a (each recipient counts at its first year in the range)."
    ),
)

directory_counts = Table(
    "directory_counts",
    metadata,
    _key("agency", 64),
    Column(
        "year", Integer, nullable=False, comment="Year the unit or member was added or moved in."
    ),
    _key("subject_kind", 16),
    Column("added", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "year", "subject_kind"),
)

directory_departures = Table(
    "directory_departures",
    metadata,
    _key("agency", 64),
    Column("left_on", Date, nullable=False, comment="First day in the receiving agency."),
    _key("subject_kind", 16),
    Column("departed", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "left_on", "subject_kind"),
    comment=(
        "Units and members transferred out of an agency, by day: a ceased agency's directory "
        "is measured on its last day (queries/directory_sizes.py)."
    ),
)

registration_counts = Table(
    "registration_counts",
    metadata,
    _key("agency", 64),
    Column("year", Integer, nullable=False),
    _key("registrant_kind", 16),
    _key("status", 16),
    Column("registrations", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "year", "registrant_kind", "status"),
)

registrants_by_year = Table(
    "registrants_by_year",
    metadata,
    _key("agency", 64),
    Column("year", Integer, nullable=False),
    _key("registrant_kind", 16),
    _key("registrant_id", 128),
    _key("award_code", 64),
    Column("registrations", Integer, nullable=False, comment="Submitted or approved ones."),
    PrimaryKeyConstraint("agency", "year", "registrant_kind", "registrant_id", "award_code"),
)

sector_registrants = Table(
    "sector_registrants",
    metadata,
    Column("year", Integer, nullable=False),
    _key("registrant_kind", 16),
    _key("registrant_id", 128),
    Column(
        "registrations",
        Integer,
        nullable=False,
        comment="registrants_by_year summed over agencies and titles; registered while > 0.",
    ),
    PrimaryKeyConstraint("year", "registrant_kind", "registrant_id"),
)

sector_registrant_counts = Table(
    "sector_registrant_counts",
    metadata,
    Column("year", Integer, nullable=False),
    _key("registrant_kind", 16),
    Column("registrants", Integer, nullable=False),
    PrimaryKeyConstraint("year", "registrant_kind"),
    comment=(
        "Registrants with a live registration in any agency, each counted once: the rows of "
        "sector_registrants above zero (projections/sector_registrants.py)."
    ),
)

initiative_counts = Table(
    "initiative_counts",
    metadata,
    _key("agency", 64),
    Column("year", Integer, nullable=False),
    _key("stage", 16),
    _key("level"),
    Column("initiatives", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "year", "stage", "level"),
)

proposal_counts = Table(
    "proposal_counts",
    metadata,
    _key("agency", 64),
    Column("submitted_on", Date, nullable=False),
    _key("state", 16),
    Column("proposals", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "submitted_on", "state"),
)

proposal_nominee_counts = Table(
    "proposal_nominee_counts",
    metadata,
    _key("agency", 64),
    Column("submitted_on", Date, nullable=False),
    _key("state", 16),
    _key("nominee_kind", 16),
    _key("award_code", 64),
    Column("nominees", Integer, nullable=False),
    PrimaryKeyConstraint("agency", "submitted_on", "state", "nominee_kind", "award_code"),
)

# ---- Facts: one row per entity ------------------------------------------------------------

agencies = Table(
    "agencies",
    metadata,
    Column("agency_code", String(64), primary_key=True),
    Column("name", Text, nullable=True, comment="From AgencyRegistered; NULL until it arrives."),
    Column("kind", String(32), nullable=True),
    Column("province_code", String(2), nullable=True, comment="As registered."),
    Column("province_list", String(2), nullable=True, comment="As registered."),
    Column("established_on", Date, nullable=True),
    Column("continued_on", Date, nullable=True, comment="From AgencyContinued."),
    Column("continued_province_code", String(2), nullable=True),
    Column("continued_province_list", String(2), nullable=True),
    Column("merged_on", Date, nullable=True, comment="From AgencyMerged: its first day."),
    Column("predecessor_codes", Text, nullable=True, comment="Space-separated, AgencyMerged."),
    Column("ceased_on", Date, nullable=True, comment="From AgencyCeased: its last day."),
    Column("successor_code", String(64), nullable=True),
)

members = Table(
    "members",
    metadata,
    Column("member_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("unit_id", String(128), nullable=True),
    Column("position_group", String(16), nullable=True),
)

member_positions = Table(
    "member_positions",
    metadata,
    Column("member_id", String(128), nullable=False),
    Column("event_id", Uuid, nullable=False, comment="The MemberAdded or MemberMoved."),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("position_group", String(16), nullable=False),
    PrimaryKeyConstraint("member_id", "event_id"),
    comment="Every position group a member took (projections/position_history.py).",
)

award_facts = Table(
    "award_facts",
    metadata,
    Column("award_id", String(128), primary_key=True),
    Column("granted", Boolean, nullable=False, comment="False: only a revocation was seen."),
    Column("revoked", Boolean, nullable=False),
    Column("agency", String(64), nullable=True),
    Column("decision_id", String(128), nullable=True),
    Column("recipient_kind", String(16), nullable=True),
    Column("recipient_id", String(128), nullable=True),
    Column("award_code", String(64), nullable=True),
    Column("year_from", Integer, nullable=True),
    Column("year", Integer, nullable=True),
    Column("signed_on", Date, nullable=True),
    Column("commendation_kind", String(32), nullable=True),
    Column("granting_level", String(32), nullable=True),
    Column("level_class", String(32), nullable=True),
    Column("position_group", String(16), nullable=True),
    Index("ix_award_facts_recipient", "recipient_id"),
)

campaign_facts = Table(
    "campaign_facts",
    metadata,
    Column("campaign_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False, comment="The agency that recorded it."),
    Column("launching_agency", Text, nullable=False),
    Column("launching_level", String(32), nullable=False),
    Column("scope", String(32), nullable=False),
    Column("form", String(32), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Index("ix_campaign_facts_agency_start", "agency", "start_date"),
    comment="Every launched campaign with its dates: form 0601.N counts by reporting period.",
)

registration_facts = Table(
    "registration_facts",
    metadata,
    Column("registration_id", String(128), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("submitted", Boolean, nullable=False, comment="False: the submission is not seen yet."),
    Column("agency", String(64), nullable=True),
    Column("year", Integer, nullable=True),
    Column("registrant_kind", String(16), nullable=True),
    Column("registrant_id", String(128), nullable=True),
    Column("award_codes", Text, nullable=True, comment="Space-separated codes."),
)

proposal_facts = Table(
    "proposal_facts",
    metadata,
    Column("proposal_id", String(128), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("submitted", Boolean, nullable=False, comment="False: the submission is not seen yet."),
    Column("agency", String(64), nullable=True),
    Column("submitted_on", Date, nullable=True),
    Column("nominees", Text, nullable=True, comment="Space-separated kind:code pairs."),
)
