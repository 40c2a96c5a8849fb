"""Pure rules of the reorganisation in reporting: lineage read from either side, and the size
of a directory across transfers."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from services.reporting.lineage_words import scope_sentence
from services.reporting.queries.common import AgencyScope, YearRange
from services.reporting.queries.directory_sizes import sizes_by_year
from services.reporting.queries.lineage import by_code, last_successor, lineage_codes, linked
from services.reporting.queries.models import AgencyInfo

LAST_DAY = date(2025, 6, 30)


def agency(code: str, **details: object) -> AgencyInfo:
    base = {
        "agency_code": code,
        "name": f"Sở {code}",
        "kind": "provincial_department",
        "province_code": None,
        "province_list": None,
        "province_code_34": None,
    }
    return AgencyInfo.model_validate(base | details)


def test_either_side_of_a_merger_links_predecessor_and_successor() -> None:
    known = linked(
        [
            agency("24", successor_code="S", ceased_on=LAST_DAY),
            agency("27"),
            agency("S", predecessor_codes=["27"]),
        ]
    )

    found = by_code(known)
    assert found["S"].predecessor_codes == ["24", "27"]
    assert (found["24"].successor_code, found["27"].successor_code) == ("S", "S")


def test_the_lineage_is_transitive_and_the_last_successor_is_todays() -> None:
    known = by_code(
        linked([agency("A", successor_code="B"), agency("B", successor_code="C"), agency("C")])
    )

    assert lineage_codes("C", known) == ["C", "A", "B"]
    assert lineage_codes("A", known) == ["A"]
    assert last_successor(known["A"], known).agency_code == "C"


def test_a_lineage_that_loops_ends() -> None:
    known = by_code(linked([agency("A", successor_code="B"), agency("B", successor_code="A")]))

    assert lineage_codes("A", known) == ["A", "B"]
    assert last_successor(known["A"], known).agency_code == "B"


def test_a_ceased_department_is_measured_on_its_last_day_then_has_no_directory() -> None:
    added = defaultdict(Counter, {2016: Counter(member=3)})
    departures = [(date(2025, 7, 1), "member", 2), (date(2024, 3, 1), "member", 1)]

    sizes = sizes_by_year(added, departures, YearRange(2023, 2026), LAST_DAY)

    assert [sizes[year]["member"] for year in range(2023, 2027)] == [3, 2, 2, 0]


def test_an_agency_and_its_predecessors_count_a_moved_member_once() -> None:
    added = defaultdict(Counter, {2016: Counter(member=1), 2025: Counter(member=1)})
    departures = [(date(2025, 7, 1), "member", 1)]

    sizes = sizes_by_year(added, departures, YearRange(2024, 2026), None)

    assert [sizes[year]["member"] for year in range(2024, 2027)] == [1, 1, 1]


def test_the_sentence_names_the_predecessors_with_their_last_day() -> None:
    successor = agency("S", name="Sở Công Thương tỉnh Bắc Ninh")
    predecessor = agency("24", name="Sở Công Thương Bắc Giang", ceased_on=LAST_DAY)

    counted = scope_sentence(AgencyScope(successor, (predecessor,), include_predecessors=True))
    alone = scope_sentence(AgencyScope(successor, (predecessor,)))

    assert counted == (
        "Số liệu của Sở Công Thương tỉnh Bắc Ninh gồm cả số liệu của các cơ quan tiền thân: "
        "Sở Công Thương Bắc Giang (mã 24, đến ngày 30/06/2025)."
    )
    assert alone is not None
    assert alone.startswith("Số liệu chỉ gồm số liệu của Sở Công Thương tỉnh Bắc Ninh, không gồm")
    assert scope_sentence(AgencyScope(successor)) is None
