"""Bloc aggregate: given events, when a command, then events or an error."""

from __future__ import annotations

import pytest

from services.registry.commands.blocs import FormBloc, SignPact
from services.registry.domain import blocs
from shared.domain_errors import IllegalTransition, InvalidCommand, NotFound
from shared.events import BlocFormed, PactSigned
from shared.events.vocabulary import BlocKind

UNITS = ("u-vp", "u-ql", "u-tt")
FORMED = BlocFormed(
    bloc_id="b-1", name="Cụm thi đua các phòng", kind=BlocKind.UNITS, member_ids=list(UNITS)
)


def form(**changes: object) -> FormBloc:
    fields: dict[str, object] = {
        "bloc_id": "b-1",
        "agency": "06",
        "name": "Cụm thi đua các phòng",
        "kind": "units",
        "member_ids": UNITS,
    }
    return FormBloc.model_validate(fields | changes)


def sign(year: int = 2018, signatories: tuple[str, ...] = UNITS) -> SignPact:
    return SignPact(pact_id=f"p-{year}", bloc_id="b-1", year=year, signatory_ids=signatories)


def test_forming_a_bloc_of_eligible_members_emits_bloc_formed() -> None:
    assert blocs.decide_form(blocs.fold([]), form(), eligible=set(UNITS)) == [FORMED]


def test_members_that_are_not_eligible_are_named() -> None:
    with pytest.raises(InvalidCommand) as refused:
        blocs.decide_form(blocs.fold([]), form(), eligible={"u-vp", "u-ql"})

    assert refused.value.details["field"] == "member_ids"
    assert "u-tt" in refused.value.message


def test_a_bloc_needs_two_members() -> None:
    with pytest.raises(InvalidCommand):
        blocs.decide_form(blocs.fold([]), form(member_ids=("u-vp",)), eligible=set(UNITS))


def test_a_provinces_bloc_names_its_members_outside_the_product() -> None:
    """Khối thi đua Kinh tế – Kỹ thuật of Bắc Kạn: the Sở Công Thương beside other sectors'
    departments, which the product does not hold."""
    outside = ("Sở Xây dựng Bắc Kạn", "Sở Giao thông vận tải Bắc Kạn")
    command = form(kind="agencies", member_ids=("06",), outside_members=outside)

    [formed] = blocs.decide_form(blocs.fold([]), command, eligible={"06"})

    assert isinstance(formed, BlocFormed)
    assert (formed.member_ids, formed.outside_members) == (["06"], list(outside))


def test_outside_members_count_toward_two_but_not_twice() -> None:
    alone = form(kind="agencies", member_ids=("06",))
    twice = form(kind="agencies", member_ids=("06",), outside_members=("Sở Y tế", "sở y tế"))

    with pytest.raises(InvalidCommand) as too_few:
        blocs.decide_form(blocs.fold([]), alone, eligible={"06"})
    with pytest.raises(InvalidCommand) as repeated:
        blocs.decide_form(blocs.fold([]), twice, eligible={"06"})

    assert too_few.value.details["field"] == "member_ids"
    assert repeated.value.details["field"] == "outside_members"


def test_a_bloc_formed_before_outside_members_existed_reads_as_having_none() -> None:
    old = BlocFormed.model_validate(
        {"bloc_id": "b-0", "name": "Cụm cũ", "kind": "units", "member_ids": ["u-vp", "u-ql"]}
    )

    assert old.outside_members == []


def test_a_bloc_is_formed_once() -> None:
    with pytest.raises(IllegalTransition):
        blocs.decide_form(blocs.fold([FORMED]), form(), eligible=set(UNITS))


def test_members_sign_the_years_pact() -> None:
    events = blocs.decide_sign_pact(blocs.fold([FORMED]), sign(signatories=("u-vp", "u-ql")))

    assert events == [
        PactSigned(pact_id="p-2018", bloc_id="b-1", year=2018, signatory_ids=["u-vp", "u-ql"])
    ]


def test_one_pact_per_bloc_and_year() -> None:
    given = [FORMED, *blocs.decide_sign_pact(blocs.fold([FORMED]), sign(2018))]

    with pytest.raises(IllegalTransition) as refused:
        blocs.decide_sign_pact(blocs.fold(given), sign(2018))
    assert refused.value.details == {"current_state": "signed", "year": 2018, "pact_id": "p-2018"}
    assert blocs.decide_sign_pact(blocs.fold(given), sign(2019))


def test_only_members_sign() -> None:
    with pytest.raises(InvalidCommand) as refused:
        blocs.decide_sign_pact(blocs.fold([FORMED]), sign(signatories=("u-vp", "u-khac")))
    assert refused.value.details["field"] == "signatory_ids"


def test_an_unknown_bloc_signs_nothing() -> None:
    with pytest.raises(NotFound):
        blocs.decide_sign_pact(blocs.fold([]), sign())
