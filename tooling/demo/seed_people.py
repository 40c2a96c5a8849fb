"""The individuals the seed articles commend, as members of the demo's directory, each with
the position group forms 0602.N and 0603.N count them by (``PositionGroup``).

The seed batches (:mod:`tooling.demo.seeds`) name each individual by a code of the agency's
(``01-member-005``); the loader adds one member per code to the agency's directory, and the
decisions name that member. They join the directory with the agency's other members (at the
start of 2015) and, like them, register for the yearly titles every year, so the demo's
registration coverage stays whole: seed 003's "100% tập thể và cá nhân đăng ký thi đua" is a
share, and stays 100%.

An article rarely says who held which post. Where it does, the group follows it; where it
does not, the choice and the reason are written beside the codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.events.vocabulary import PositionGroup
from tooling.demo.seeds import BAC_KAN, HA_NOI, HA_TINH, SEED_BATCHES, seed_rows


@dataclass(frozen=True)
class Posts:
    """The individuals ``first``–``last`` (of the agency's codes) hold posts of ``group``."""

    first: int
    last: int
    group: PositionGroup


@dataclass(frozen=True)
class SeedPerson:
    """One individual a seed article commends: the code the batches give, the group, and the
    name where the article names the person (else the loader makes one up)."""

    code: str
    position_group: PositionGroup
    full_name: str | None = None


POSTS: dict[str, tuple[Posts, ...]] = {
    # Seed 000 names no recipient's post (only that a Phó giám đốc, Trần Thị Phương Lan,
    # speaks for the department; the article does not say she was commended, so she is not
    # named here). Chosen, plausible: 001–004 are the Ban Giám đốc (a director and three
    # deputies: "lãnh đạo cấp vụ, sở"), because the state's orders and the Government's
    # Bằng khen to the department's individuals (001–002 HCLĐ hạng Ba, 001–003 Bằng khen
    # Chính phủ) go to those with the longest record of leading it; 005–030 are heads and
    # deputy heads of its offices and units ("lãnh đạo khác từ phó phòng trở lên", about a
    # fifth of 121 staff), among them the four CSTĐ cấp thành phố (005–008); the others
    # (031–121, and with them the 26 + 16 Bằng khen of the ministry and the city, 034–075)
    # are officers and employees without a post.
    HA_NOI: (
        Posts(1, 4, PositionGroup.DEPARTMENT_HEAD),
        Posts(5, 30, PositionGroup.LEADER),
    ),
    # Seed 004: "trao bằng khen danh hiệu chiến sỹ thi đua của UBND tỉnh cho ông Hoàng Văn
    # Quảng - Giám đốc Sở Công thương" (001): a Sở's director. The 6 individuals commended at
    # the conference (002–007) are not given a post: officers without one.
    HA_TINH: (Posts(1, 1, PositionGroup.DEPARTMENT_HEAD),),
    # Seed 003 gives no post for the 12 + 2 individuals of the conference's Giấy khen; they are
    # taken as officers without a post, as the article's own aim reads "Chú trọng biểu dương
    # các tập thể nhỏ, cán bộ không giữ chức vụ lãnh đạo, quản lý". (A Giấy khen is not on
    # forms 0602.N/0603.N: the choice shows in the directory only.)
    BAC_KAN: (),
}
OTHERS = PositionGroup.OFFICIAL
"""The group of an individual no ``Posts`` of the agency names."""
NAMED: dict[str, str] = {f"{HA_TINH}-member-001": "Hoàng Văn Quảng"}
"""The individuals the articles name, by code."""


def _number(code: str) -> int:
    return int(code.rsplit("-", 1)[1])


def _group(agency: str, code: str) -> PositionGroup:
    n = _number(code)
    for posts in POSTS.get(agency, ()):
        if posts.first <= n <= posts.last:
            return posts.group
    return OTHERS


def seed_people(agency: str) -> list[SeedPerson]:
    """The individuals the agency's seed decisions commend, in the order of their codes."""
    batches = SEED_BATCHES.get(agency, [])
    codes = {row[4] for row in seed_rows(agency, batches) if row[3] == "Cá nhân"}
    return [
        SeedPerson(code, _group(agency, code), NAMED.get(code))
        for code in sorted(codes, key=_number)
    ]
