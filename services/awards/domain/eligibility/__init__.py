"""Eligibility engine: does a recipient qualify for an award for a year, and why?

Pure domain, from events alone: fold stored events into :class:`Facts`
(:func:`fold_facts`), then :func:`evaluate` one award, list a member's :func:`next_titles`, or
:func:`check_decision_awards` before recording a decision. Rules are data with effective
dates (:data:`RULEBOOK`, :func:`rule_table`); an agency tightens them with
:class:`AgencyPolicy`.
"""

from services.awards.domain.eligibility.engine import (
    ProposedAward,
    Violation,
    ViolationKind,
    check_decision_awards,
    evaluate,
    individual_codes,
    next_titles,
)
from services.awards.domain.eligibility.facts import FactEvent, Facts, GrantedAward
from services.awards.domain.eligibility.folding import fold_facts
from services.awards.domain.eligibility.model import (
    NO_TIGHTENING,
    AgencyPolicy,
    Check,
    Verdict,
    VerdictStatus,
)
from services.awards.domain.eligibility.rulebook import RULEBOOK, build_rulebook
from services.awards.domain.eligibility.rules import Rule, Rulebook, rule_table

__all__ = [
    "NO_TIGHTENING",
    "RULEBOOK",
    "AgencyPolicy",
    "Check",
    "FactEvent",
    "Facts",
    "GrantedAward",
    "ProposedAward",
    "Rule",
    "Rulebook",
    "Verdict",
    "VerdictStatus",
    "Violation",
    "ViolationKind",
    "build_rulebook",
    "check_decision_awards",
    "evaluate",
    "fold_facts",
    "individual_codes",
    "next_titles",
    "rule_table",
]
