"""What the demo knows of an agency's directory as it loads it (the services' ids)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Directory:
    """An agency's units (its board or office first) and members, its campaign of each year,
    and its ``stars``: the members who hold Chiến sỹ thi đua cơ sở in its last titled year
    (a merged department: who aim at it and get it in 2025). ``seed_people``: the member id of
    each individual its seed article commends, by the seed's code (``01-member-005``); they
    are among ``members``."""

    units: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    campaigns: dict[int, str] = field(default_factory=dict)
    stars: list[str] = field(default_factory=list)
    seed_people: dict[str, str] = field(default_factory=dict)
