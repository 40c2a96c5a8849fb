"""``Facts.regular_campaigns``: the regular campaigns of an agency running in a year, found
once per agency and year and shared by the copies a decision's judgement makes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from services.awards.domain.eligibility import Facts, fold_facts
from services.awards.domain.eligibility.facts import CampaignFacts
from shared.events.vocabulary import CampaignForm, RecipientKind
from tests.unit.awards.test_facts_with_awards import award


def campaign(
    campaign_id: str,
    agency: str = "01",
    form: CampaignForm = CampaignForm.REGULAR,
    years: tuple[int, int | None] = (2023, 2023),
) -> CampaignFacts:
    return CampaignFacts(campaign_id, f"Phong trào {campaign_id}", agency, form, *years, True)


class CountedReads(Mapping[str, CampaignFacts]):
    """Campaigns that count how often they are scanned."""

    def __init__(self, campaigns: list[CampaignFacts]) -> None:
        self._campaigns = {c.campaign_id: c for c in campaigns}
        self.scans = 0

    def __getitem__(self, key: str) -> CampaignFacts:
        return self._campaigns[key]

    def __iter__(self) -> Iterator[str]:
        self.scans += 1
        return iter(self._campaigns)

    def __len__(self) -> int:
        return len(self._campaigns)


CAMPAIGNS = [
    campaign("a"),
    campaign("open", years=(2020, None)),
    campaign("ended", years=(2020, 2022)),
    campaign("later", years=(2024, 2025)),
    campaign("thematic", form=CampaignForm.THEMATIC),
    campaign("other", agency="02"),
]


def facts_with(campaigns: Mapping[str, CampaignFacts]) -> Facts:
    return dataclasses.replace(fold_facts([]), campaigns=campaigns)


def ids(found: tuple[CampaignFacts, ...]) -> list[str]:
    return [c.campaign_id for c in found]


def test_the_regular_campaigns_of_the_agency_running_that_year() -> None:
    facts = facts_with(MappingProxyType({c.campaign_id: c for c in CAMPAIGNS}))

    assert ids(facts.regular_campaigns("01", 2023)) == ["a", "open"]
    assert ids(facts.regular_campaigns("01", 2021)) == ["open", "ended"]
    assert ids(facts.regular_campaigns("02", 2023)) == ["other"]
    assert ids(facts.regular_campaigns(None, 2023)) == []


def test_the_campaigns_are_scanned_once_per_agency_and_year_across_copies() -> None:
    campaigns = CountedReads(CAMPAIGNS)
    facts = facts_with(campaigns)
    granted = award(RecipientKind.MEMBER, "m-lan", "LDTT")

    first = facts.regular_campaigns("01", 2023)
    copy = facts.with_awards([granted])
    again = copy.regular_campaigns("01", 2023)

    assert again == first
    assert campaigns.scans == 1
    copy.regular_campaigns("01", 2022)
    assert campaigns.scans == 2


def test_copies_made_before_anything_was_asked_share_what_they_find() -> None:
    campaigns = CountedReads(CAMPAIGNS)
    facts = facts_with(campaigns)
    lan = facts.with_awards([award(RecipientKind.MEMBER, "m-lan", "LDTT")])
    minh = facts.with_awards([award(RecipientKind.MEMBER, "m-minh", "LDTT")])

    assert ids(lan.regular_campaigns("01", 2023)) == ["a", "open"]
    assert ids(minh.regular_campaigns("01", 2023)) == ["a", "open"]
    assert ids(facts.regular_campaigns("01", 2023)) == ["a", "open"]
    assert campaigns.scans == 1


def test_a_copy_with_other_campaigns_finds_its_own() -> None:
    facts = facts_with(MappingProxyType({c.campaign_id: c for c in CAMPAIGNS}))
    facts.regular_campaigns("01", 2023)

    fewer = dataclasses.replace(facts, campaigns=MappingProxyType({"a": CAMPAIGNS[0]}))

    assert ids(fewer.regular_campaigns("01", 2023)) == ["a"]
