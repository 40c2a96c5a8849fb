"""An agency across the 2025 reorganisation: given its events, when it continues, merges or
ceases, then events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.commands.agencies import CeaseAgency, ContinueAgency, MergeAgencies
from services.registry.domain import agencies, lineage
from shared.domain_errors import DomainError, IllegalTransition, InvalidCommand, NotFound
from shared.envelope import EventPayload
from shared.events import AgencyCeased, AgencyContinued, AgencyMerged, AgencyRegistered
from shared.events.vocabulary import AgencyKind, ProvinceList

BASIS = "Nghị quyết 202/2025/QH15"
JULY = date(2025, 7, 1)


def registered(
    code: str, province: str | None, list_: ProvinceList | None, **more: object
) -> AgencyRegistered:
    kind = AgencyKind.PROVINCIAL_DEPARTMENT if province else AgencyKind.MINISTRY_UNIT
    return AgencyRegistered.model_validate(
        {"agency_code": code, "name": f"Sở Công Thương {code}", "kind": kind}
        | {"province_code": province, "province_list": list_}
        | more
    )


HA_NOI = registered("01", "01", "63")
BAC_GIANG = registered("24", "24", "63")
BAC_NINH_63 = registered("27", "27", "63")
BAC_KAN = registered("06", "06", "63", established_on=date(2008, 8, 1))
BAC_NINH_34 = registered("SCT34-24", "24", "34", established_on=JULY)
MINISTRY_UNIT = registered("CCT", None, None)


def state(*events: EventPayload) -> agencies.Agency:
    return agencies.fold(events)


def continuation(**changes: object) -> ContinueAgency:
    fields = {"agency_code": "01", "on": JULY, "province_code": "01", "province_list": "34"}
    return ContinueAgency.model_validate(fields | {"legal_basis": BASIS} | changes)


def merger(*predecessors: str, **changes: object) -> MergeAgencies:
    fields = {"successor_code": "SCT34-24", "predecessor_codes": predecessors or ("24", "27")}
    return MergeAgencies.model_validate(fields | {"on": JULY, "legal_basis": BASIS} | changes)


def refusal(error: type[DomainError], decide: object, *args: object) -> DomainError:
    assert callable(decide)
    with pytest.raises(error) as refused:
        decide(*args)
    return refused.value


# Continuation.


def test_ha_noi_continues_as_01_of_the_34() -> None:
    events = lineage.decide_continue(state(HA_NOI), continuation())

    assert events == [
        AgencyContinued(on=JULY, province_code="01", province_list="34", legal_basis=BASIS)
    ]
    after = state(HA_NOI, *events)
    assert (after.province_code, after.province_list, after.continued_on) == ("01", "34", JULY)


def test_a_department_continues_once() -> None:
    given = [HA_NOI, *lineage.decide_continue(state(HA_NOI), continuation())]

    error = refusal(IllegalTransition, lineage.decide_continue, state(*given), continuation())
    assert error.details["current_state"] == "continued"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"on": date(2025, 6, 30)}, "province_list"),  # the 63 list was still in force
        ({"province_list": "63"}, "province_list"),
        ({"province_code": "99"}, "province_code"),  # not on the 34 list
        ({"province_code": "24"}, "province_code"),  # Bắc Ninh is not Hà Nội's successor
    ],
)
def test_the_new_province_is_its_own_on_the_list_in_force(
    changes: dict[str, object], field: str
) -> None:
    error = refusal(InvalidCommand, lineage.decide_continue, state(HA_NOI), continuation(**changes))
    assert error.details["field"] == field


def test_an_agency_already_on_the_34_list_has_nothing_to_continue() -> None:
    command = continuation(agency_code="SCT34-24", province_code="24")
    error = refusal(InvalidCommand, lineage.decide_continue, state(BAC_NINH_34), command)
    assert error.details["field"] == "province_list"


def test_only_a_registered_active_department_continues() -> None:
    ceased = AgencyCeased(ceased_on=date(2025, 6, 30), legal_basis=BASIS)

    refusal(NotFound, lineage.decide_continue, state(), continuation())
    error = refusal(
        IllegalTransition, lineage.decide_continue, state(HA_NOI, ceased), continuation()
    )
    assert error.details["current_state"] == "ceased"
    command = continuation(agency_code="CCT")
    error = refusal(IllegalTransition, lineage.decide_continue, state(MINISTRY_UNIT), command)
    assert error.details["current_state"] == "ministry_unit"


# Merger.


def test_the_successor_records_the_merger_and_each_predecessor_its_end() -> None:
    command = merger()

    merged = lineage.decide_merge(state(BAC_NINH_34), command)
    ended = [
        lineage.decide_cease_into(state(given), command, given.agency_code, "24")
        for given in (BAC_GIANG, BAC_NINH_63)
    ]

    assert merged == [AgencyMerged(on=JULY, predecessor_codes=["24", "27"], legal_basis=BASIS)]
    expected = AgencyCeased(
        ceased_on=date(2025, 6, 30), successor_code="SCT34-24", legal_basis=BASIS
    )
    assert ended == [[expected], [expected]]
    assert state(BAC_GIANG, expected).ceased_on == date(2025, 6, 30)


def test_a_successor_merges_once_and_on_its_founding_day() -> None:
    given = [BAC_NINH_34, *lineage.decide_merge(state(BAC_NINH_34), merger())]

    error = refusal(IllegalTransition, lineage.decide_merge, state(*given), merger())
    assert error.details["current_state"] == "merged"
    later = merger(on=date(2025, 8, 1))
    error = refusal(InvalidCommand, lineage.decide_merge, state(BAC_NINH_34), later)
    assert error.details["field"] == "on"


def test_a_successor_is_a_registered_department_of_the_new_list() -> None:
    refusal(NotFound, lineage.decide_merge, state(), merger())
    # Bắc Kạn's department is on the 63 list: it cannot take over others from July 2025.
    command = merger("24", successor_code="06")
    error = refusal(InvalidCommand, lineage.decide_merge, state(BAC_KAN), command)
    assert error.details["field"] == "on"


def test_the_successor_cannot_be_its_own_predecessor_nor_one_named_twice() -> None:
    for command in (merger("24", "SCT34-24"), merger("24", "24")):
        error = refusal(InvalidCommand, lineage.check_merger, command)
        assert error.details["field"] == "predecessor_codes"
    lineage.check_merger(merger())


def test_a_predecessor_is_a_registered_department_of_the_successors_province() -> None:
    command = merger()
    cease_into = lineage.decide_cease_into

    refusal(NotFound, cease_into, state(), command, "24", "24")
    # Bắc Kạn (06) went to Thái Nguyên (19), not to Bắc Ninh (24).
    error = refusal(InvalidCommand, cease_into, state(BAC_KAN), command, "06", "24")
    assert error.details["field"] == "predecessor_codes"
    error = refusal(InvalidCommand, cease_into, state(MINISTRY_UNIT), command, "CCT", "24")
    assert error.details["field"] == "predecessor_codes"


def test_a_predecessor_ceases_once() -> None:
    command = merger()
    given = [BAC_GIANG, *lineage.decide_cease_into(state(BAC_GIANG), command, "24", "24")]

    error = refusal(
        IllegalTransition, lineage.decide_cease_into, state(*given), command, "24", "24"
    )
    assert error.details == {
        "current_state": "ceased",
        "ceased_on": "2025-06-30",
        "successor_code": "SCT34-24",
    }


# Cessation.


def test_an_agency_ceases_without_a_successor_once() -> None:
    command = CeaseAgency(agency_code="06", ceased_on=date(2025, 6, 30), legal_basis=BASIS)

    events = lineage.decide_cease(state(BAC_KAN), command)

    assert events == [AgencyCeased(ceased_on=date(2025, 6, 30), legal_basis=BASIS)]
    error = refusal(IllegalTransition, lineage.decide_cease, state(BAC_KAN, *events), command)
    assert error.details["current_state"] == "ceased"
    refusal(NotFound, lineage.decide_cease, state(), command)


def test_an_agency_cannot_cease_before_it_was_established() -> None:
    command = CeaseAgency(agency_code="06", ceased_on=date(2008, 7, 31), legal_basis=BASIS)
    error = refusal(InvalidCommand, lineage.decide_cease, state(BAC_KAN), command)
    assert error.details["field"] == "ceased_on"
