"""Event payloads carry identifiers, never personal data (docs/api/README.md, "Personal data").

Events are kept forever, published to every consumer and cannot be erased, so a member's name,
birth date, contacts, identity papers or the details of a discipline must never be in one.
Two checks over the whole catalogue (every payload, every version, nested models too):

- no field is named like personal data;
- every field free text could go into (a string a person's name fits) has been reviewed and is
  listed below with what it holds. A new one fails until it is reviewed and listed here, with
  the docs' rule in mind: free text names organisations, campaigns and acts, not people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from shared.events.payloads import PAYLOAD_VERSIONS

PERSONAL_FIELD = re.compile(
    r"(^|_)(full_?name|first_?name|last_?name|given_?name|family_?name|surname|birth\w*|dob|"
    r"age|gender|sex|phone|mobile|email|e_?mail|address|home|id_?number|identity|citizen\w*|"
    r"cccd|cmnd|passport|tax_?code|ethnic\w*|religion|health|salary|note|notes|"
    r"discipline_?\w*)(_|$)"
)
"""Field names that say personal data (Decree 13/2023): names, birth, contacts, papers..."""

ORGANISATION_NAMES = {
    ("AgencyRegistered", "name"),
    ("UnitAdded", "name"),
    ("UnitRenamed", "name"),
    ("BlocFormed", "name"),
    ("AgencyContinued", "name"),
}
"""``name`` fields allowed: the names of organisations, not of people."""

LEGAL_BASIS = "a document's number (Nghị quyết 202/2025/QH15), never a person's name"

REVIEWED_FREE_TEXT = {
    ("AgencyRegistered", "name"): "an agency's name (Sở Công Thương Bắc Kạn)",
    ("UnitAdded", "name"): "a unit's name (Phòng Quản lý công nghiệp)",
    ("UnitRenamed", "name"): "a unit's new name",
    ("BlocFormed", "name"): "a bloc's name (Cụm thi đua số 1)",
    ("BlocFormed", "outside_members"): "other sectors' departments in a bloc (Sở Xây dựng)",
    ("AgencyContinued", "name"): "an agency's new name",
    ("AgencyContinued", "legal_basis"): LEGAL_BASIS,
    ("AgencyMerged", "legal_basis"): LEGAL_BASIS,
    ("AgencyCeased", "legal_basis"): LEGAL_BASIS,
    ("AgencyOwnershipAssigned", "legal_basis"): LEGAL_BASIS,
    ("UnitTransferred", "legal_basis"): LEGAL_BASIS,
    ("MemberTransferred", "legal_basis"): LEGAL_BASIS,
    ("CampaignLaunched", "title"): "a campaign's title",
    ("CampaignLaunched", "launching_agency"): "an agency code or an authority's name",
    ("CampaignLaunched", "criteria"): "a campaign's criteria",
    ("CampaignReviewed", "summary"): "a campaign review's summary, about the campaign",
    ("InitiativeRegistered", "title"): "an initiative's title (its authors are member ids)",
    ("RegistrationReturned", "reason"): "what to correct in a registration",
    ("ProposalReturned", "reason"): "what to complete in a dossier",
    ("DecisionIssued", "number"): "a decision's number (1234/QĐ-BCT)",
    ("DecisionIssued", "issuing_authority"): "an authority (Bộ Công Thương), not a signatory",
    ("DecisionIssued", "override_justification"): "the council's ground for an override",
    ("AwardRevoked", "reason"): "the legal ground of a revocation (Chapter VII), no details",
    ("AwardRevoked", "revoking_decision_number"): "a decision's number",
    ("DecisionRevoked", "reason"): "the legal ground of a revocation (Chapter VII)",
    ("DecisionRevoked", "revoking_decision_number"): "a decision's number",
}
"""Every field of the catalogue free text fits, with what it holds (none about a person)."""

A_NAME = "Nông Thị Thảo"


def fields() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(model, field, JSON schema) of every field of every payload and nested model."""
    for payload in PAYLOAD_VERSIONS.values():
        schema = payload.model_json_schema()
        for model in (schema, *schema.get("$defs", {}).values()):
            for name, field in model.get("properties", {}).items():
                yield str(model.get("title")), name, field


def takes_free_text(field: dict[str, Any]) -> bool:
    """Whether a person's name fits the field (a string, or a list of strings)."""
    for option in field.get("anyOf", [field]):
        option = option.get("items", {}) if option.get("type") == "array" else option
        if option.get("type") != "string" or {"enum", "const", "format"} & option.keys():
            continue
        if option.get("maxLength", len(A_NAME)) < len(A_NAME):
            continue
        pattern = option.get("pattern")
        if pattern is None or re.search(pattern, A_NAME):
            return True
    return False


def test_no_payload_field_is_named_like_personal_data() -> None:
    named = {
        (model, name)
        for model, name, _ in fields()
        if PERSONAL_FIELD.search(name)
        or (name == "name" and (model, name) not in ORGANISATION_NAMES)
    }
    assert named == set()


def test_every_free_text_field_is_reviewed() -> None:
    free = {(model, name) for model, name, field in fields() if takes_free_text(field)}
    assert free == set(REVIEWED_FREE_TEXT), "review the new free-text fields, then list them"


@pytest.mark.parametrize(
    "name",
    ["full_name", "birth_year", "phone", "email", "home_address", "id_number", "note", "gender"],
)
def test_the_pattern_catches_personal_names(name: str) -> None:
    assert PERSONAL_FIELD.search(name)


@pytest.mark.parametrize(
    "name",
    ["member_id", "unit_id", "agency_code", "position_group", "rating", "title", "reason"],
)
def test_the_pattern_lets_identifiers_and_codes_pass(name: str) -> None:
    assert not PERSONAL_FIELD.search(name)
