"""A Vietnamese summary of an agency's period, written from its numbers in the seeds' style:

"Giai đoạn 2015 – 2020, Sở Công Thương Hà Nội đã có nhiều tập thể, cá nhân được khen thưởng:
1 tập thể và 2 cá nhân được tặng Huân chương Lao động hạng Ba; … 5 năm liền (2015 – 2019)
Sở Công Thương Hà Nội được tặng Cờ thi đua cấp bộ; … 31 lượt tập thể và 601 lượt cá nhân đạt
danh hiệu Lao động tiên tiến; …"

Counts are instances; "lượt" marks a count larger than the number of distinct recipients.
Awards to the agency itself are told apart, with their runs of consecutive years ("N năm
liền"). Pure functions: the numbers come from :mod:`services.reporting.queries`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from services.reporting.queries.models import AgencyPeriodStats, AwardSummary
from services.reporting.queries.streaks import runs
from shared.reference.awards import AWARDS, AwardCategory

AGENCY_OWN = "<agency>"
LDTT_PAIR = ("TTLDTT", "LDTT")
_STATE = ("HCSV", "HCHCM", "HCDL1", "HCDL2", "HCDL3", "HCLD1", "HCLD2", "HCLD3", "AHLD")
_ORDER = (
    *_STATE,
    *("GT_HCM", "GT_NN", "HUY_CHUONG", "CO_THI_DUA_CP", "BK_TTG", "CSTDTQ", AGENCY_OWN),
    *("CO_THI_DUA_BO", "CO_THI_DUA_TINH", "BK_BO", "BK_TINH", "TTLDXS", "KNC", *LDTT_PAIR),
    *("CSTDCS", "CSTD_BO", "CSTD_TINH", "GIAY_KHEN"),
)
_LEVELS = {
    "grassroots": "cấp cơ sở",
    "ministry_province": "cấp bộ, tỉnh",
    "national": "cấp toàn quốc",
}


@dataclass(frozen=True)
class Tally:
    """Instances and distinct recipients of one kind of recipient."""

    noun: str
    instances: int
    recipients: int | None

    def __str__(self) -> str:
        repeated = self.recipients is not None and self.instances > self.recipients
        return f"{self.instances} {'lượt ' if repeated else ''}{self.noun}"


def narrative(stats: AgencyPeriodStats, held_by_agency: Mapping[str, Sequence[int]]) -> list[str]:
    """The paragraphs of the summary of ``stats``; ``held_by_agency``: code → years held."""
    agency = stats.agency.name or f"cơ quan {stats.agency.agency_code}"
    period = _period(stats.year_from, stats.year_to)
    clauses = list(_award_clauses(stats.awards, held_by_agency, agency))
    if clauses:
        first = f"{period}, {agency} đã có nhiều tập thể, cá nhân được khen thưởng: "
        first += "; ".join(clauses) + "."
    else:
        first = f"{period}, chưa có số liệu khen thưởng của {agency}."
    others = [_campaigns(stats, agency), _initiatives(stats), _registrations(stats)]
    return [first, *(p for p in others if p), *_pending(stats, agency)]


def _period(year_from: int, year_to: int) -> str:
    return f"Năm {year_from}" if year_from == year_to else f"Giai đoạn {year_from} – {year_to}"


def _award_clauses(
    awards: Sequence[AwardSummary], held: Mapping[str, Sequence[int]], agency: str
) -> Iterator[str]:
    by_code = {summary.award_code: summary for summary in awards}
    rest = [code for code in (*AWARDS, *sorted(by_code)) if code not in _ORDER]
    for code in (*_ORDER, *dict.fromkeys(rest)):
        if code == AGENCY_OWN:
            yield from (_agency_clause(agency, c, years) for c, years in held.items() if years)
        elif code == "TTLDTT":
            continue
        elif code == "LDTT":
            pair = [by_code[c] for c in LDTT_PAIR if c in by_code]
            yield from _clause(_name("LDTT"), "LDTT", pair)
        elif code in by_code:
            yield from _clause(_name(code), code, [by_code[code]])


def _clause(name: str, code: str, summaries: Sequence[AwardSummary]) -> Iterator[str]:
    tallies = [t for s in summaries for t in _tallies(s) if t.instances]
    if not tallies:
        return
    counted = " và ".join(str(t) for t in _merged(tallies))
    yield f"{counted} {_verb(code)} {name}"


def _tallies(summary: AwardSummary) -> list[Tally]:
    units = summary.collective - summary.agency_itself
    distinct_units = summary.recipients_collective
    if distinct_units is not None and summary.agency_itself:
        distinct_units -= 1
    return [
        Tally("tập thể", units, distinct_units),
        Tally("cá nhân", summary.individual, summary.recipients_individual),
        Tally("hộ gia đình", summary.household, summary.recipients_household),
    ]


def _merged(tallies: Sequence[Tally]) -> list[Tally]:
    """One tally per noun (TTLĐTT's collectives and LĐTT's individuals come separately)."""
    merged: dict[str, Tally] = {}
    for tally in tallies:
        earlier = merged.get(tally.noun)
        if earlier is None:
            merged[tally.noun] = tally
            continue
        recipients = None
        if earlier.recipients is not None and tally.recipients is not None:
            recipients = earlier.recipients + tally.recipients
        merged[tally.noun] = Tally(tally.noun, earlier.instances + tally.instances, recipients)
    return list(merged.values())


def _agency_clause(agency: str, code: str, years: Sequence[int]) -> str:
    award = f"{_verb(code)} {_name(code)}"
    found = runs(years)
    if len(found) == 1 and found[0].years > 1:
        run = found[0]
        return f"{run.years} năm liền ({run.year_from} – {run.year_to}) {agency} {award}"
    if len(years) == 1:
        return f"{agency} {award} năm {years[0]}"
    listed = ", ".join(str(year) for year in years)
    return f"{len(years)} năm ({listed}) {agency} {award}"


def _verb(code: str) -> str:
    award = AWARDS.get(code)
    return "đạt danh hiệu" if award and award.category is AwardCategory.TITLE else "được tặng"


def _name(code: str) -> str:
    award = AWARDS.get(code)
    return award.name_vi if award else code


def _campaigns(stats: AgencyPeriodStats, agency: str) -> str | None:
    campaigns = stats.campaigns
    if not campaigns.total:
        return None
    forms = {"regular": "thường xuyên", "thematic": "theo chuyên đề"}
    parts = [f"{n} {forms.get(f, f)}" for f, n in sorted(campaigns.by_form.items()) if n]
    return f"{agency} đã phát động {campaigns.total} phong trào thi đua ({', '.join(parts)})."


def _initiatives(stats: AgencyPeriodStats) -> str | None:
    initiatives = stats.initiatives
    if not initiatives.registered and not initiatives.recognised:
        return None
    text = f"Có {initiatives.registered} sáng kiến được đăng ký, {initiatives.recognised} sáng kiến"
    levels = [
        f"{initiatives.recognised_by_level[level]} {label}"
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
        return str(part)
    percent = f"{share * 100:.1f}".replace(".", ",").removesuffix(",0")
    return f"{part}/{whole} ({percent}%)"


def _pending(stats: AgencyPeriodStats, agency: str) -> list[str]:
    proposals = stats.proposals
    if not proposals.pending:
        return []
    nominees = proposals.pending_nominees
    collectives = nominees.get("unit", 0) + nominees.get("agency", 0)
    who = f"{collectives} tập thể, {nominees.get('member', 0)} cá nhân"
    return [
        f"{agency} đang có {proposals.pending} hồ sơ đề nghị khen thưởng chờ quyết định ({who})."
    ]
