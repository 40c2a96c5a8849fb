"""A Vietnamese summary of an agency's period, in the register of an official report:

"Giai đoạn 2015 – 2020, Sở Công Thương Hà Nội đã có nhiều tập thể, cá nhân được khen thưởng:
01 tập thể và 02 cá nhân được tặng Huân chương Lao động hạng Ba; … Sở được tặng Cờ thi đua cấp
bộ 05 năm liền (2015 – 2019), Cờ thi đua của UBND Thành phố 04 năm liền (2016 – 2019) và Bằng
khen của UBND Thành phố năm 2015; … 31 lượt tập thể (07 tập thể) đạt danh hiệu Tập thể lao
động tiên tiến; 601 lượt cá nhân (121 người) đạt danh hiệu Lao động tiên tiến; …"

Counts are instances; "lượt" marks a count larger than the number of distinct recipients, who
are then counted too. Awards to the agency itself are told apart, in one clause, with their runs
of consecutive years ("N năm liền"). Pure functions: the numbers come from
:mod:`services.reporting.queries`; the words from :mod:`services.reporting.narrative_words`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from services.reporting.narrative_words import (
    award_name,
    count,
    counted,
    listed,
    short_name,
    verb,
    years_held,
)
from services.reporting.queries.models import AgencyInfo, AgencyPeriodStats, AwardSummary
from shared.reference.awards import AWARDS

AGENCY_OWN = "<agency>"
_STATE = ("HCSV", "HCHCM", "HCDL1", "HCDL2", "HCDL3", "HCLD1", "HCLD2", "HCLD3", "AHLD")
_ORDER = (
    *_STATE,
    *("GT_HCM", "GT_NN", "HUY_CHUONG", "CO_THI_DUA_CP", "BK_TTG", "CSTDTQ", AGENCY_OWN),
    *("CO_THI_DUA_BO", "CO_THI_DUA_TINH", "BK_BO", "BK_TINH", "TTLDXS", "KNC", "TTLDTT", "LDTT"),
    *("CSTDCS", "CSTD_BO", "CSTD_TINH", "GIAY_KHEN"),
)
_LEVELS = {
    "grassroots": "cấp cơ sở",
    "ministry_province": "cấp bộ, tỉnh",
    "national": "cấp toàn quốc",
}
_FORMS = {"regular": "thường xuyên", "thematic": "theo chuyên đề"}
_NOUNS = ("tập thể", "cá nhân", "hộ gia đình")


def narrative(stats: AgencyPeriodStats, held_by_agency: Mapping[str, Sequence[int]]) -> list[str]:
    """The paragraphs of the summary of ``stats``; ``held_by_agency``: code → years held."""
    agency = stats.agency.name or f"cơ quan {stats.agency.agency_code}"
    period = _period(stats.year_from, stats.year_to)
    clauses = list(_award_clauses(stats.awards, held_by_agency, stats.agency))
    if clauses:
        first = f"{period}, {agency} đã có nhiều tập thể, cá nhân được khen thưởng: "
        first += "; ".join(clauses) + "."
    else:
        first = f"{period}, chưa có số liệu khen thưởng của {agency}."
    short = short_name(stats.agency)
    others = [_campaigns(stats, short), _initiatives(stats), _registrations(stats)]
    return [first, *(p for p in others if p), *_pending(stats, short)]


def _period(year_from: int, year_to: int) -> str:
    return f"Năm {year_from}" if year_from == year_to else f"Giai đoạn {year_from} – {year_to}"


def _award_clauses(
    awards: Sequence[AwardSummary], held: Mapping[str, Sequence[int]], agency: AgencyInfo
) -> Iterator[str]:
    by_code = {summary.award_code: summary for summary in awards}
    rest = [code for code in (*AWARDS, *sorted(by_code)) if code not in _ORDER]
    for code in (*_ORDER, *dict.fromkeys(rest)):
        if code == AGENCY_OWN:
            yield from _agency_clause(agency, held)
        elif code in by_code:
            yield from _clause(code, by_code[code], agency)


def _clause(code: str, summary: AwardSummary, agency: AgencyInfo) -> Iterator[str]:
    tallies = [counted(*tally) for tally in _tallies(summary) if tally[1]]
    if tallies:
        yield f"{' và '.join(tallies)} {verb(code)} {award_name(code, agency)}"


def _tallies(summary: AwardSummary) -> list[tuple[str, int, int | None]]:
    """(noun, instances, distinct recipients) of collectives (but the agency), individuals
    and households."""
    units = summary.collective - summary.agency_itself
    distinct_units = summary.recipients_collective
    if distinct_units is not None and summary.agency_itself:
        distinct_units -= 1
    return list(
        zip(
            _NOUNS,
            (units, summary.individual, summary.household),
            (distinct_units, summary.recipients_individual, summary.recipients_household),
            strict=True,
        )
    )


def _agency_clause(agency: AgencyInfo, held: Mapping[str, Sequence[int]]) -> Iterator[str]:
    """The agency's own awards, the agency named once and each verb said once: "Sở được tặng
    Cờ thi đua cấp bộ 05 năm liền (2015 – 2019) và Bằng khen … năm 2015"."""
    parts: list[str] = []
    said = ""
    for code in sorted(held, key=_rank):
        years = held[code]
        if not years:
            continue
        phrase = f"{award_name(code, agency)} {years_held(years)}"
        parts.append(phrase if verb(code) == said else f"{verb(code)} {phrase}")
        said = verb(code)
    if parts:
        yield f"{short_name(agency)} {listed(parts)}"


def _rank(code: str) -> int:
    return _ORDER.index(code) if code in _ORDER else len(_ORDER)


def _campaigns(stats: AgencyPeriodStats, short: str) -> str | None:
    campaigns = stats.campaigns
    if not campaigns.total:
        return None
    parts = [
        f"{count(n)} phong trào {_FORMS.get(form, form)}"
        for form, n in sorted(campaigns.by_form.items())
        if n
    ]
    launched = f"{short} đã phát động {count(campaigns.total)} phong trào thi đua"
    return f"{launched}, trong đó {listed(parts)}." if parts else f"{launched}."


def _initiatives(stats: AgencyPeriodStats) -> str | None:
    initiatives = stats.initiatives
    if not initiatives.registered and not initiatives.recognised:
        return None
    text = (
        f"Có {count(initiatives.registered)} sáng kiến được đăng ký, "
        f"{count(initiatives.recognised)} sáng kiến"
    )
    levels = [
        f"{count(initiatives.recognised_by_level[level])} {label}"
        for level, label in _LEVELS.items()
        if initiatives.recognised_by_level.get(level)
    ]
    return f"{text} được công nhận" + (f" ({', '.join(levels)})." if levels else ".")


def _registrations(stats: AgencyPeriodStats) -> str | None:
    year = stats.registrations[-1]
    if not year.registered_units and not year.registered_members:
        return None
    units = _share(year.registered_units, year.units_in_directory, year.unit_coverage)
    members = _share(year.registered_members, year.members_in_directory, year.member_coverage)
    return f"Năm {year.year}, {units} tập thể và {members} cá nhân đăng ký thi đua."


def _share(part: int, whole: int, share: float | None) -> str:
    if share is None:
        return count(part)
    percent = f"{share * 100:.1f}".replace(".", ",").removesuffix(",0")
    return f"{count(part)}/{count(whole)} ({percent}%)"


def _pending(stats: AgencyPeriodStats, short: str) -> list[str]:
    proposals = stats.proposals
    if not proposals.pending:
        return []
    nominees = proposals.pending_nominees
    collectives = nominees.get("unit", 0) + nominees.get("agency", 0)
    who = f"{count(collectives)} tập thể, {count(nominees.get('member', 0))} cá nhân"
    waiting = f"{count(proposals.pending)} hồ sơ đề nghị khen thưởng chờ quyết định"
    return [f"{short} đang có {waiting} ({who})."]
