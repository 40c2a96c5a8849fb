"""The narrative reads as an official report: checked on whole sentences."""

from __future__ import annotations

from datetime import date

from services.reporting.narrative import narrative
from services.reporting.queries.models import (
    AgencyInfo,
    AgencyPeriodStats,
    AwardSummary,
    CampaignSummary,
    InitiativeSummary,
    PendingAge,
    ProposalSummary,
    RegistrationYear,
    YearBasis,
)

HA_NOI = AgencyInfo(
    agency_code="01",
    name="Sở Công Thương Hà Nội",
    kind="provincial_department",
    province_code="01",
    province_list="63",
    province_code_34="01",
)
BAC_KAN = AgencyInfo(
    agency_code="06",
    name="Sở Công Thương Bắc Kạn",
    kind="provincial_department",
    province_code="06",
    province_list="63",
    province_code_34="19",
)
CUC = AgencyInfo(
    agency_code="BCT-CTDP",
    name="Cục Công Thương địa phương",
    kind="ministry_unit",
    province_code=None,
    province_list=None,
    province_code_34=None,
)


def summary(
    code: str,
    collective: int = 0,
    individual: int = 0,
    *,
    own: int = 0,
    units: int | None = None,
    people: int | None = None,
) -> AwardSummary:
    """``collective`` instances (``own`` of them to the agency), ``individual`` instances;
    distinct recipients as many as the instances unless ``units``/``people`` say."""
    return AwardSummary(
        award_code=code,
        name_vi=None,
        level_class="ministry_province",
        awards=collective + individual,
        collective=collective,
        individual=individual,
        household=0,
        agency_itself=own,
        recipients_collective=collective - own + min(own, 1) if units is None else units,
        recipients_individual=individual if people is None else people,
        recipients_household=0,
        by_year=[],
    )


def stats(
    agency: AgencyInfo,
    awards: list[AwardSummary],
    *,
    by_form: dict[str, int] | None = None,
    registration: tuple[int, int, int, int] = (0, 0, 0, 0),
    initiatives: int = 0,
    pending: dict[str, int] | None = None,
) -> AgencyPeriodStats:
    forms = by_form or {}
    units, unit_total, members, member_total = registration
    nominees = pending or {}
    return AgencyPeriodStats(
        agency=agency,
        year_from=2015,
        year_to=2020,
        year_basis=YearBasis.ACHIEVEMENT,
        awards_total=sum(a.awards for a in awards),
        awards_by_level_class={},
        awards=awards,
        award_breakdown=[],
        campaigns=CampaignSummary(
            total=sum(forms.values()),
            by_year=[],
            by_launching_level={},
            by_scope={},
            by_form=forms,
            by_duration={},
        ),
        registrations=[
            RegistrationYear(
                year=2020,
                units_in_directory=unit_total,
                members_in_directory=member_total,
                registered_units=units,
                registered_members=members,
                unit_coverage=units / unit_total if unit_total else None,
                member_coverage=members / member_total if member_total else None,
                by_status={},
                by_title=[],
            )
        ],
        initiatives=InitiativeSummary(
            registered=initiatives,
            recognised=initiatives,
            recognised_by_level={"grassroots": initiatives} if initiatives else {},
            by_year=[],
        ),
        proposals=ProposalSummary(
            submitted=len(nominees),
            open=len(nominees),
            forwarded=0,
            returned=0,
            decided=0,
            pending=3 if nominees else 0,
            pending_nominees=nominees,
            age=PendingAge(as_of=date(2020, 9, 3), oldest_days=None, mean_days=None, by_age={}),
        ),
    )


HA_NOI_AWARDS = [
    summary("HCLD3", 1, 2),
    summary("BK_TTG", 2, 3),
    summary("CO_THI_DUA_BO", 5, own=5),
    summary("CO_THI_DUA_TINH", 23 + 4, own=4),
    summary("BK_BO", 19, 26),
    summary("BK_TINH", 16 + 1, 16, own=1),
    summary("TTLDTT", 31, units=7),
    summary("LDTT", 0, 601, people=121),
    summary("CSTDCS", 0, 164, people=33),
    summary("CSTD_TINH", 0, 4, people=2),
]
HA_NOI_HELD = {
    "CO_THI_DUA_BO": [2015, 2016, 2017, 2018, 2019],
    "CO_THI_DUA_TINH": [2016, 2017, 2018, 2019],
    "BK_TINH": [2015],
}


def test_ha_nois_awards_read_as_its_report() -> None:
    [awards, *_] = narrative(stats(HA_NOI, HA_NOI_AWARDS), HA_NOI_HELD)

    assert awards == (
        "Giai đoạn 2015 – 2020, Sở Công Thương Hà Nội đã có nhiều tập thể, cá nhân được khen "
        "thưởng: 01 tập thể và 02 cá nhân được tặng Huân chương Lao động hạng Ba; "
        "02 tập thể và 03 cá nhân được tặng Bằng khen của Thủ tướng Chính phủ; "
        "Sở được tặng Cờ thi đua cấp bộ 05 năm liền (2015 – 2019), Cờ thi đua của UBND Thành "
        "phố 04 năm liền (2016 – 2019) và Bằng khen của UBND Thành phố năm 2015; "
        "23 tập thể được tặng Cờ thi đua của UBND Thành phố; "
        "19 tập thể và 26 cá nhân được tặng Bằng khen cấp bộ; "
        "16 tập thể và 16 cá nhân được tặng Bằng khen của UBND Thành phố; "
        "31 lượt tập thể (07 tập thể) đạt danh hiệu Tập thể lao động tiên tiến; "
        "601 lượt cá nhân (121 người) đạt danh hiệu Lao động tiên tiến; "
        "164 lượt cá nhân (33 người) đạt danh hiệu Chiến sĩ thi đua cơ sở; "
        "04 lượt cá nhân (02 người) đạt danh hiệu Chiến sĩ thi đua cấp Thành phố."
    )
    assert awards.count("Sở Công Thương Hà Nội") == 1


def test_a_province_names_its_peoples_committee_and_level_as_a_province() -> None:
    awards = [summary("BK_TINH", 2, 3), summary("CSTD_TINH", 0, 1)]

    [told, *_] = narrative(stats(BAC_KAN, awards), {"CO_THI_DUA_TINH": [2018, 2020]})

    assert told == (
        "Giai đoạn 2015 – 2020, Sở Công Thương Bắc Kạn đã có nhiều tập thể, cá nhân được khen "
        "thưởng: Sở được tặng Cờ thi đua của UBND tỉnh 02 năm (2018, 2020); "
        "02 tập thể và 03 cá nhân được tặng Bằng khen của UBND tỉnh; "
        "01 cá nhân đạt danh hiệu Chiến sĩ thi đua cấp tỉnh."
    )


def test_a_ministry_unit_is_the_cuc_and_each_verb_is_said_once() -> None:
    held = {
        "TTLDXS": [2013, 2015, 2016, 2017, 2018],
        "CO_THI_DUA_BO": [2013, 2014, 2016, 2018],
        "BK_TTG": [2013, 2015, 2017, 2019],
        "CO_THI_DUA_CP": [2015],
    }

    [told, *_] = narrative(stats(CUC, []), held)

    assert told == (
        "Giai đoạn 2015 – 2020, Cục Công Thương địa phương đã có nhiều tập thể, cá nhân được "
        "khen thưởng: Cục được tặng Cờ thi đua của Chính phủ năm 2015, Bằng khen của Thủ tướng "
        "Chính phủ 04 năm (2013, 2015, 2017, 2019), Cờ thi đua cấp bộ 04 năm (2013, 2014, "
        "2016, 2018) và đạt danh hiệu Tập thể lao động xuất sắc 05 năm (2013, 2015, 2016, 2017, "
        "2018)."
    )


def test_the_other_paragraphs_count_with_two_digits_and_say_of_which_kind() -> None:
    told = narrative(
        stats(
            HA_NOI,
            [],
            by_form={"regular": 9, "thematic": 26},
            registration=(3, 4, 10, 10),
            initiatives=8,
            pending={"agency": 1, "unit": 5, "member": 26},
        ),
        {},
    )

    assert told == [
        "Giai đoạn 2015 – 2020, chưa có số liệu khen thưởng của Sở Công Thương Hà Nội.",
        "Sở đã phát động 35 phong trào thi đua, trong đó 09 phong trào thường xuyên và 26 "
        "phong trào theo chuyên đề.",
        "Có 08 sáng kiến được đăng ký, 08 sáng kiến được công nhận (08 cấp cơ sở).",
        "Năm 2020, 03/04 (75%) tập thể và 10/10 (100%) cá nhân đăng ký thi đua.",
        "Sở đang có 03 hồ sơ đề nghị khen thưởng chờ quyết định (06 tập thể, 26 cá nhân).",
    ]


def test_only_the_forms_there_are_follow_trong_do() -> None:
    [_, campaigns] = narrative(stats(BAC_KAN, [], by_form={"regular": 12}), {})

    assert campaigns == (
        "Sở đã phát động 12 phong trào thi đua, trong đó 12 phong trào thường xuyên."
    )
