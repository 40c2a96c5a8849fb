"""Tenancy: whose units, members, agencies and campaigns an agency may name in what it records.

An agency records its own work: its decisions grant awards to its own units and members and
to itself, its proposals nominate them, and they answer its own campaigns. The domain reaches
further in two ways (DOMAIN.md, "Who uses it" and "The yearly cycle"):

- **A ministry-level agency commends the sector.** A unit of the Ministry
  (:attr:`AgencyKind.MINISTRY_UNIT`) records decisions and proposals of ministry level or
  above (Bằng khen bộ, Cờ thi đua bộ, CSTĐ bộ, and what it forwards to the Prime Minister)
  for units, members and agencies of every agency. Below that level (a Cục director's LĐTT)
  it names only its own, like everyone.
- **A higher level launches a campaign its agencies answer.** A proposal may name a campaign
  of its own agency, one launched by a ministry-level agency, or one its agency answered with
  a campaign of its own (``parent_campaign_id``).

Whose a unit or a member is, and what kind of agency an agency is, the application reads from
the local view of the registry's events (:class:`Directory`). A unit, member or campaign the
view has not met yet is accepted: the view may lag behind the registry, and the engine and the
import already warn about it (``unverified``, ``recipient_unknown``). An agency's kind the view
does not know counts as a provincial department's. An agency recipient is the agency its id
names. A household, and an enterprise (named by its tax code), belong to no agency's
directory: any agency may commend them, at the levels its authority grants.

A unit or a member may change agencies (a transfer: the 2025 mergers moved whole departments;
a civil servant moves to another province). Whose they are is judged on the day the command
is dated: the agency they belong to now commends them from their transfer on, and the agency
they left may still record, dated before the transfer, what it owed them (a correction of the
past).

A successor continues the work of the agencies it merged (DOMAIN.md, "Provinces and the 2025
reorganisation"): from its first day it acts, in its own name, on the proposals and decisions
they left (:func:`takeover_days`); before that day they are theirs alone, and an agency never
acts on its successor's records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from shared.domain_errors import InvalidCommand
from shared.events.vocabulary import AgencyKind, GrantingLevel, NomineeKind, RecipientKind

Named = tuple[RecipientKind, str]
"""A unit, member, agency, household or enterprise a command names: (kind, id)."""

OUTSIDE_DIRECTORIES = frozenset({RecipientKind.HOUSEHOLD.value, RecipientKind.ENTERPRISE.value})
"""Kinds of recipient no agency's directory holds: any agency may commend them."""

SECTOR_LEVELS = frozenset(
    {GrantingLevel.MINISTRY_PROVINCE, GrantingLevel.PRIME_MINISTER, GrantingLevel.PRESIDENT}
)
"""Levels at which a ministry-level agency commends units and members of other agencies."""

RECIPIENT_OF_OTHER_AGENCY = "recipient_of_other_agency"
NOMINEE_OF_OTHER_AGENCY = "nominee_of_other_agency"
CAMPAIGN_OF_OTHER_AGENCY = "campaign_of_other_agency"

MESSAGES_VI: Mapping[str, str] = MappingProxyType(
    {
        RECIPIENT_OF_OTHER_AGENCY: "Đối tượng “{value}” thuộc cơ quan {owner}, không thuộc "
        "cơ quan {agency}: cơ quan chỉ ghi nhận khen thưởng cho tập thể, cá nhân của mình "
        "(cơ quan cấp bộ: khen thưởng từ cấp bộ trở lên cho các cơ quan trong ngành).",
        NOMINEE_OF_OTHER_AGENCY: "Đối tượng “{value}” thuộc cơ quan {owner}, không thuộc "
        "cơ quan {agency}: cơ quan chỉ đề nghị khen thưởng cho tập thể, cá nhân của mình "
        "(cơ quan cấp bộ: đề nghị từ cấp bộ trở lên cho các cơ quan trong ngành).",
        CAMPAIGN_OF_OTHER_AGENCY: "Phong trào “{value}” do cơ quan {owner} phát động: cơ quan "
        "{agency} chỉ nêu phong trào của mình, phong trào cấp bộ hoặc phong trào mà mình đã "
        "phát động hưởng ứng.",
    }
)
"""The officer's message of each refusal, by code; placeholders: value, owner, agency."""


@dataclass(frozen=True)
class CampaignOwner:
    """Who launched a campaign, and which agencies answered it with a campaign of their own."""

    agency: str
    answered_by: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Tenure:
    """A unit or member belongs to ``agency`` from ``since`` (None: since it was entered)."""

    agency: str
    since: date | None = None


def owner_on(tenures: Sequence[Tenure], day: date) -> str | None:
    """The agency of the last of ``tenures`` (oldest first) begun on or before ``day``."""
    begun = [t.agency for t in tenures if t.since is None or t.since <= day]
    return begun[-1] if begun else None


@dataclass(frozen=True, slots=True)
class Merger:
    """``successor`` continues ``predecessors`` from ``on``, its first day."""

    successor: str
    predecessors: tuple[str, ...]
    on: date


def takeover_days(mergers: Iterable[Merger], successor: str) -> dict[str, date]:
    """Each agency whose work ``successor`` continues (its mergers' predecessors,
    transitively), with the first day it does: along a chain, the latest merger's."""
    by_successor: dict[str, list[Merger]] = {}
    for merger in mergers:
        by_successor.setdefault(merger.successor, []).append(merger)
    days: dict[str, date] = {}
    frontier: list[tuple[str, date | None]] = [(successor, None)]
    while frontier:
        agency, since = frontier.pop()
        for merger in by_successor.get(agency, ()):
            day = merger.on if since is None else max(since, merger.on)
            for predecessor in merger.predecessors:
                known = days.get(predecessor)
                if predecessor != successor and (known is None or day < known):
                    days[predecessor] = day
                    frontier.append((predecessor, day))
    return days


def with_predecessors_among(mergers: Iterable[Merger], agencies: Iterable[str]) -> set[str]:
    """``agencies`` and every agency they continue by one of ``mergers``, transitively."""
    known = tuple(mergers)
    found = set(agencies)
    for agency in tuple(found):
        found |= takeover_days(known, agency).keys()
    return found


def before_takeover_message(owner: str, successor: str, first_day: date, day: date) -> str:
    """The officer's reason, in Vietnamese, when a successor acts on a predecessor's record
    on a day before it took over its work."""
    return (
        f"Cơ quan {successor} tiếp nhận công việc của cơ quan {owner} từ ngày "
        f"{first_day:%d/%m/%Y}; việc ngày {day:%d/%m/%Y} do cơ quan {owner} ghi nhận."
    )


@dataclass(frozen=True)
class Directory:
    """What the local view knows of the agencies, units, members and campaigns a command names.

    ``owners``: the agency each unit and member it knows belongs to now; ``tenures``: for
    those that changed agencies, every agency they belonged to, oldest first; ``kinds``: the
    kind of each agency it knows (at least the writing agency's, when registered);
    ``campaigns``: who launched each campaign it knows; ``continued``: the agencies whose
    work the writing agency continues, with the first day it does (:func:`takeover_days`);
    ``mergers``: every merger it knows (whose predecessors a scope of facts takes in).
    """

    owners: Mapping[Named, str] = field(default_factory=lambda: MappingProxyType({}))
    kinds: Mapping[str, AgencyKind] = field(default_factory=lambda: MappingProxyType({}))
    campaigns: Mapping[str, CampaignOwner] = field(default_factory=lambda: MappingProxyType({}))
    tenures: Mapping[Named, tuple[Tenure, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    continued: Mapping[str, date] = field(default_factory=lambda: MappingProxyType({}))
    mergers: tuple[Merger, ...] = ()

    def continues(self, owner: str, on: date) -> bool:
        """Whether the writing agency continues ``owner``'s work on the day ``on``."""
        first_day = self.continued.get(owner)
        return first_day is not None and first_day <= on

    def owner_of(
        self, kind: RecipientKind | NomineeKind, named_id: str, on: date | None = None
    ) -> str | None:
        """The agency a unit, member or agency belongs to (on the day ``on``, if given; now
        otherwise); None if unknown, or for a household or an enterprise, which belong to
        none."""
        if kind.value == RecipientKind.AGENCY.value:
            return named_id
        if kind.value in OUTSIDE_DIRECTORIES:
            return None
        named = (RecipientKind(kind.value), named_id)
        tenures = self.tenures.get(named, ())
        if on is not None and tenures:
            return owner_on(tenures, on) or tenures[0].agency
        return self.owners.get(named)

    def agencies_of(self, named: Iterable[tuple[RecipientKind | NomineeKind, str]]) -> set[str]:
        """The agencies the named units, members and agencies belong to, as far as known."""
        owners = (self.owner_of(kind, named_id) for kind, named_id in named)
        return {owner for owner in owners if owner is not None}

    def commends_the_sector(self, agency: str) -> bool:
        """Whether ``agency`` is ministry-level (commends units and members of the sector)."""
        return self.kinds.get(agency) is AgencyKind.MINISTRY_UNIT


NO_DIRECTORY = Directory()
"""Nothing known: every unit and member is accepted, agencies only as themselves."""


@dataclass(frozen=True)
class ForeignReference:
    """One thing a command names that belongs to another agency than the writer's.

    ``field`` is the command's field (``awards.2.recipient_id``), ``code`` the rule.
    """

    field: str
    code: str
    value: str
    owner: str
    agency: str
    index: int | None = None
    """The position of the award or nominee among the command's, if it is one of them."""

    @property
    def msg(self) -> str:
        """In English, for programs."""
        if self.code == CAMPAIGN_OF_OTHER_AGENCY:
            return (
                f"campaign {self.value} was launched by agency {self.owner}: agency "
                f"{self.agency} names its own campaigns, the ministry's, or those it answered"
            )
        return f"{self.value} belongs to agency {self.owner}, not to agency {self.agency}"

    @property
    def message_vi(self) -> str:
        """In Vietnamese, for the officer."""
        return MESSAGES_VI[self.code].format(**self.details)

    @property
    def details(self) -> dict[str, Any]:
        return {"value": self.value, "owner": self.owner, "agency": self.agency}


class NamesAnotherAgency(InvalidCommand):
    """The command names units, members, agencies or campaigns of another agency (422);
    ``references`` lists each of them, the first one names the error's field."""

    def __init__(self, references: Sequence[ForeignReference]) -> None:
        first = references[0]
        super().__init__(
            f"{len(references)} of the references belong to another agency ({first.msg})",
            field=first.field,
            code=first.code,
        )
        self.references = tuple(references)


def may_commend(writer: str, owner: str, level: GrantingLevel, directory: Directory) -> bool:
    """Whether ``writer`` may record or propose an award of ``level`` for what ``owner`` holds:
    its own, or, for a ministry-level agency, the sector's at ministry level or above."""
    if owner == writer:
        return True
    return level in SECTOR_LEVELS and directory.commends_the_sector(writer)


def may_answer(writer: str, campaign: CampaignOwner, directory: Directory) -> bool:
    """Whether ``writer`` may name ``campaign``: its own, the ministry's, one it answered, or
    one of an agency whose work it continues (a merger's predecessor)."""
    return (
        campaign.agency == writer
        or directory.commends_the_sector(campaign.agency)
        or writer in campaign.answered_by
        or campaign.agency in directory.continued
    )


def foreign_named(
    writer: str,
    level: GrantingLevel,
    named: Iterable[tuple[str, RecipientKind | NomineeKind, str]],
    directory: Directory,
    code: str,
    on: date | None = None,
) -> list[ForeignReference]:
    """Each ``(field, kind, id)`` that belongs, on the day ``on`` (now, if None), to an agency
    ``writer`` may not commend at ``level``; unknown units and members are not refused."""
    found = []
    for index, (at, kind, named_id) in enumerate(named):
        owner = directory.owner_of(kind, named_id, on)
        if owner is not None and not may_commend(writer, owner, level, directory):
            found.append(ForeignReference(at, code, named_id, owner, writer, index))
    return found


def foreign_campaign(
    writer: str, campaign_id: str | None, directory: Directory, at: str = "campaign_id"
) -> list[ForeignReference]:
    """The campaign named, if ``writer`` may not name it; an unknown campaign is not refused."""
    campaign = None if campaign_id is None else directory.campaigns.get(campaign_id)
    if campaign_id is None or campaign is None or may_answer(writer, campaign, directory):
        return []
    return [ForeignReference(at, CAMPAIGN_OF_OTHER_AGENCY, campaign_id, campaign.agency, writer)]


def refuse_foreign(references: Sequence[ForeignReference]) -> None:
    """Raise :class:`NamesAnotherAgency` if there is any reference to refuse."""
    if references:
        raise NamesAnotherAgency(references)
