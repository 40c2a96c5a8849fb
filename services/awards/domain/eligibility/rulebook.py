"""The rulebook: every encoded award rule in three regimes, as data.

- before 2024: Law on Emulation and Commendation 2003 (amended 2013) and Decree 91/2017;
- from 2024-01-01: Law 06/2022/QH15 and Decree 98/2023;
- from 2025-07-01: Decree 152/2025 (thematic and ad hoc awards no longer count toward merit
  chains).

A dossier is judged under the regime in force on the day it was filed
(:data:`TRANSITION_BASIS`). Where the Law itself names a lower award as a condition (Bằng khen
Thủ tướng, Art 73; Huân chương Lao động hạng Ba, Art 44) the condition holds in every regime:
a decree cannot set aside what the Law sets (:data:`PRIOR_AWARD_BASIS`). Yearly titles are
given only as regular merit (:func:`kind_limits`).

Readings not confirmed from the official text carry ``verify`` notes; the main ones are
options of :func:`build_rulebook`. Only individual chains are encoded for Bằng khen and orders:
chains for collectives are still to be verified.

The ``verify`` notes were looked up on 2026-12-04 in the public pages this project can search
(not the official gazette). What was found is quoted beside the rule, with its page; where
nothing was found the comment says so and what the code assumes. Nothing found contradicts a
rule. Not found at all: the transitional articles of NĐ 98/2023 and NĐ 152/2025
(:data:`TRANSITION_VERIFY`), the wording "trên 50%" of Law 06/2022 Art 28 and the points of
Art 27, 28 on a collective's own rating (:data:`OWN_RATING_VERIFY`), the Bằng khen bộ/tỉnh and
HCLĐ hạng Ba articles of NĐ 91/2017, and the article of Law 64/2025/QH15 (in force instead of
Law 80/2015; its Chapter VI "Hiệu lực và nguyên tắc áp dụng văn bản quy phạm pháp luật" holds
it [5]) that a text of higher force prevails.

Pages quoted (looked up 2026-12-04):

[1] Ban Thi đua – Khen thưởng Trung ương, an answer citing NĐ 65/2014 Art 23:
    http://banthiduakhenthuongtw.gov.vn/traloi/6ca1f7e08dae494f8b0b95f2e9d12906
[2] Tây Ninh province, on the Interior Ministry's circular guiding NĐ 65/2014:
    https://tayninh.gov.vn/vi/news/dua-nghi/chi-n-s-thi-ua-c-s-kh-ng-v-t-qu-15-t-ng-s-c-nh-n--t-danh-hi-u-lao--ng-ti-n-ti-n--chi-n-s-ti-n-ti-n--23933.html
[3] Thư viện pháp luật, NĐ 91/2017 Art 9 (CSTĐ bộ/tỉnh and CSTĐCS criteria):
    https://thuvienphapluat.vn/hoi-dap-phap-luat/47C20-hd-dieu-kien-de-duoc-cong-nhan-chien-si-thi-dua-cap-bo.html
[4] People's Courts' emulation portal quoting the Law of 2003, Art 22:
    http://tdkt.toaan.gov.vn/portal/page/portal/tdkt/Gioithieu/67987125/67987711
[5] Law 64/2025/QH15, Chapter VI: https://www.hethongphapluat.com/luat-ban-hanh-van-ban-quy-pham-phap-luat-2025/chuong-6
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.awards.domain.eligibility.collective import (
    AllMembersCompletedTasks,
    MembersWithAwardAtLeast,
    NoMemberHeld,
    OwnRatingAtLeast,
    ShareOfMembersWithAward,
)
from services.awards.domain.eligibility.model import Requirement
from services.awards.domain.eligibility.principles import (
    NotAlreadyAwarded,
    NotUnderDiscipline,
    RegisteredIfRequired,
    WithinCstdcsCap,
)
from services.awards.domain.eligibility.requirements import (
    AllOf,
    AnyOf,
    AwardsInWindow,
    ConsecutiveAwards,
    InitiativeRecognised,
    PriorAward,
    RatingAtLeast,
    RatingsInWindow,
)
from services.awards.domain.eligibility.rules import KindLimit, Rule, Rulebook
from shared.events.vocabulary import CommendationKind, InitiativeLevel, Rating, RecipientKind

_MEMBER, _UNIT = RecipientKind.MEMBER, RecipientKind.UNIT
_GRASSROOTS = InitiativeLevel.GRASSROOTS
_MP, _NATIONAL = InitiativeLevel.MINISTRY_PROVINCE, InitiativeLevel.NATIONAL
CSTD_BT = ("CSTD_BO", "CSTD_TINH")
BK_BT = ("BK_BO", "BK_TINH")
_OLD_LAW, _LAW = "Luật TĐKT 2003 (sửa đổi 2013)", "Luật TĐKT 06/2022/QH15"

PRIOR_AWARD_BASIS = (
    "Điều kiện đã được tặng hình thức khen thưởng mức thấp hơn do chính Luật TĐKT 06/2022/QH15 "
    "quy định (Điều 73: Bằng khen bộ/tỉnh trước Bằng khen Thủ tướng; Điều 44 khoản 1 điểm e: "
    "Bằng khen Thủ tướng trước Huân chương Lao động hạng Ba). Câu “không nhất thiết phải có "
    "hình thức khen thưởng mức thấp mới được khen thưởng mức cao hơn” là đề xuất sửa điểm c "
    "khoản 2 Điều 5 của Luật (dự thảo Luật sửa đổi, Bộ Nội vụ), chưa phải quy định của Luật "
    "đang có hiệu lực; nghị định không thể bỏ điều kiện Luật đặt ra (Luật Ban hành VBQPPL "
    "80/2015/QH13, Điều 156 khoản 2: áp dụng văn bản có hiệu lực pháp lý cao hơn)."
)
"""Why the lower award stays required after 2025-07-01 (option
``lower_award_optional_from_2025`` for the day the amended Law says otherwise)."""

TRANSITION_BASIS = (
    "Chế độ áp dụng theo ngày trình hồ sơ đề nghị khen thưởng: Luật TĐKT 06/2022/QH15 có hiệu "
    "lực từ 01/01/2024 và Luật 2003 hết hiệu lực từ ngày đó (Điều 94); Điều 95 chỉ giữ các danh "
    "hiệu, hình thức đã tặng trước ngày đó. Hồ sơ trình trước ngày một nghị định có hiệu lực "
    "xét theo văn bản cũ (điều khoản chuyển tiếp của NĐ 98/2023/NĐ-CP và NĐ 152/2025/NĐ-CP)."
)
"""Why the regime follows the dossier's filing day, not the achievement year."""
TRANSITION_VERIFY = "số điều của điều khoản chuyển tiếp trong NĐ 98/2023 và NĐ 152/2025"
"""Not found in the pages searched (2026-12-04): the code assumes the decrees follow the Law's
own rule (a dossier is judged by the texts in force on the day it was filed)."""


@dataclass(frozen=True, slots=True)
class Regime:
    """A span of dates under one set of texts."""

    name: str
    start: date
    end: date | None
    decree: str
    regular_merit_only: bool = False
    prior_award_optional: bool = False

    @property
    def old(self) -> bool:
        """Whether this is the regime of the 2003 law."""
        return self.start < date(2024, 1, 1)


def regimes(
    *, lower_award_optional_from_2025: bool = False, regular_merit_only_before_2025: bool = False
) -> tuple[Regime, Regime, Regime]:
    """The three regimes, with the [verify] readings as options."""
    before = regular_merit_only_before_2025
    optional = lower_award_optional_from_2025
    return (
        Regime("2014", date(2014, 6, 1), date(2023, 12, 31), "NĐ 91/2017/NĐ-CP", before),
        Regime("2024", date(2024, 1, 1), date(2025, 6, 30), "NĐ 98/2023/NĐ-CP", before),
        Regime("2025", date(2025, 7, 1), None, "NĐ 152/2025/NĐ-CP", True, optional),
    )


def _rule(
    regime: Regime,
    code: str,
    requirements: Sequence[Requirement],
    description: str,
    basis: str,
    *,
    kind: RecipientKind = _MEMBER,
    period: int = 1,
    verify: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> Rule:
    return Rule(
        code=code,
        recipient_kind=kind,
        effective_from=regime.start,
        effective_to=regime.end,
        requirements=tuple(requirements),
        description_vi=description,
        legal_basis=basis if regime.decree in basis else f"{basis}; {regime.decree}",
        period_years=period,
        regular_merit_only=regime.regular_merit_only,
        verify=tuple(verify),
        notes=tuple(notes),
    )


def _ldtt(r: Regime) -> Rule:
    law = _OLD_LAW if r.old else _LAW
    text = "Lao động tiên tiến: hoàn thành tốt nhiệm vụ trở lên"
    return _rule(r, "LDTT", [RatingAtLeast(Rating.HTTNV)], text, f"{law}, Điều 24")


def _cstdcs(r: Regime, htxsnv_alternative: bool) -> Rule:
    has_ldtt = ConsecutiveAwards(("LDTT",), 1)
    initiative: Requirement = InitiativeRecognised(_GRASSROOTS)
    if r.old:
        needs = (has_ldtt, initiative, WithinCstdcsCap(Decimal("0.15")))
        text = "CSTĐCS: đạt LĐTT, có sáng kiến cấp cơ sở; không quá 15% số LĐTT"
        # The cap is in the Interior Ministry's circular guiding NĐ 65/2014: "không quá 15%
        # tổng số cá nhân đạt Danh hiệu “Lao động tiên tiến”, “Chiến sĩ tiên tiến”" [2].
        # NĐ 91/2017 sets the title's criteria in Điều 9 khoản 3 [3]; where it or its
        # circular keeps the 15 % was not found: the code assumes the cap carried over.
        verify = ["tỷ lệ 15%: có ở văn bản hướng dẫn NĐ 65/2014; điều khoản trong NĐ 91/2017"]
        return _rule(r, "CSTDCS", needs, text, f"{_OLD_LAW}, Điều 23", verify=verify)
    if htxsnv_alternative:
        initiative = AnyOf((initiative, RatingAtLeast(Rating.HTXSNV)))
    needs = (has_ldtt, initiative, WithinCstdcsCap())
    text = "CSTĐCS: đạt LĐTT và có sáng kiến được công nhận cấp cơ sở"
    # Law 06/2022 Art 23 was not found in the pages searched: by default the code asks for
    # the initiative; the option lets HTXSNV stand for it.
    verify = ["HTXSNV thay cho sáng kiến (tùy chọn cstdcs_htxsnv_alternative)"]
    return _rule(r, "CSTDCS", needs, text, f"{_LAW}, Điều 23", verify=verify)


def _cstd_bt(r: Regime, code: str) -> Rule:
    needs = (ConsecutiveAwards(("CSTDCS",), 3), InitiativeRecognised(_MP, years=3))
    text = "CSTĐ bộ/tỉnh: 3 năm liên tục CSTĐCS và sáng kiến có hiệu quả cấp bộ/tỉnh"
    law = _OLD_LAW if r.old else _LAW
    return _rule(r, code, needs, text, f"{law}, Điều 22", period=3)


def _cstdtq(r: Regime) -> Rule:
    needs = (ConsecutiveAwards(CSTD_BT, 2, step=3), InitiativeRecognised(_NATIONAL, years=6))
    text = "CSTĐ toàn quốc: 2 lần liên tục CSTĐ bộ/tỉnh và sáng kiến có ảnh hưởng toàn quốc"
    # Supported for the 2014–2017 texts: the circular guiding NĐ 65/2014 reads "2 lần liên tục
    # đạt Danh hiệu Chiến sĩ thi đua cấp bộ … trong đó có 6 năm liên tục đạt Danh hiệu “Chiến
    # sĩ thi đua cơ sở”" [2]: two titles of 3 years each. Not found
    # for Law 06/2022 and its decrees: the code reads them the same way.
    verify = ["CSTĐ bộ/tỉnh ghi một năm được hiểu là 3 năm kết thúc năm đó (Luật 2022)"]
    law = _OLD_LAW if r.old else _LAW
    return _rule(r, "CSTDTQ", needs, text, f"{law}, Điều 21", period=6, verify=verify)


OWN_RATING_VERIFY = "số khoản, điểm của tiêu chuẩn tự xếp loại của tập thể (Điều 27, 28)"
"""The collective's own rating is point a of Art 27 and 28 in both laws; the numbering of the
2003 law (amended 2013) and of Law 06/2022 is read from secondary sources."""


def _own_rating(law: str, article: int, minimum: Rating) -> OwnRatingAtLeast:
    return OwnRatingAtLeast(minimum, basis=f"{law}, Điều {article} khoản 1 điểm a")


def _ttldtt(r: Regime) -> Rule:
    law = _OLD_LAW if r.old else _LAW
    needs: list[Requirement] = [
        _own_rating(law, 28, Rating.HTTNV),
        ShareOfMembersWithAward("LDTT", Decimal("0.5"), strict=True),
    ]
    if r.old:
        needs.append(NoMemberHeld())
    text = "TTLĐTT: tập thể hoàn thành tốt nhiệm vụ, trên 50% thành viên đạt LĐTT"
    # Neither reading was found in the pages searched: the code counts "trên 50%" strictly and,
    # under the 2003 law, treats any hold on a member (not only discipline) as barring it.
    verify = ["mọi tạm hoãn coi như kỷ luật"] if r.old else ["câu chữ 'trên 50%' của Điều 28"]
    verify.append(OWN_RATING_VERIFY)
    return _rule(r, "TTLDTT", needs, text, f"{law}, Điều 28", kind=_UNIT, verify=verify)


def _ttldxs(r: Regime) -> Rule:
    law = _OLD_LAW if r.old else _LAW
    needs: list[Requirement] = [
        _own_rating(law, 27, Rating.HTXSNV),
        AllMembersCompletedTasks(),
        ShareOfMembersWithAward("LDTT", Decimal("0.7")),
        MembersWithAwardAtLeast("CSTDCS"),
    ]
    if r.old:
        needs.append(NoMemberHeld())
    text = (
        "TTLĐXS: tập thể hoàn thành xuất sắc nhiệm vụ, 100% thành viên hoàn thành nhiệm vụ, "
        "≥70% LĐTT, có CSTĐCS"
    )
    verify = ["mọi tạm hoãn coi như kỷ luật"] if r.old else []  # not found: as for TTLĐTT
    verify.append(OWN_RATING_VERIFY)
    return _rule(r, "TTLDXS", needs, text, f"{law}, Điều 27", kind=_UNIT, verify=verify)


def _bk_bt(r: Regime, code: str) -> Rule:
    excellent = AllOf((RatingsInWindow(Rating.HTXSNV, 2), InitiativeRecognised(_GRASSROOTS, 2, 2)))
    if r.old:
        text = "Bằng khen bộ/tỉnh: 2 năm liên tục HTXSNV với 2 sáng kiến cấp cơ sở"
        # Not found in the pages searched: the code assumes Điều 39 as first recorded.
        basis, verify = "NĐ 91/2017/NĐ-CP, Điều 39", ["số điều của NĐ 91/2017"]
        return _rule(r, code, [excellent], text, basis, period=2, verify=verify)
    needs = (AnyOf((ConsecutiveAwards(("CSTDCS",), 2), excellent)),)
    text = "Bằng khen bộ/tỉnh: 2 lần liên tục CSTĐCS, hoặc 2 năm HTXSNV với 2 sáng kiến"
    return _rule(r, code, needs, text, f"{_LAW}, Điều 74 khoản 1 điểm d", period=2)


def _bk_ttg(r: Regime) -> Rule:
    basis = "NĐ 91/2017/NĐ-CP, Điều 38 khoản 1 điểm c" if r.old else f"{_LAW}, Điều 73"
    prior = PriorAward(BK_BT, 5, optional=r.prior_award_optional, basis=basis)
    if r.old:
        text = "Bằng khen Thủ tướng: có Bằng khen bộ/tỉnh, 5 năm tiếp theo HTXSNV, 5 sáng kiến"
        # Confirmed for NĐ 65/2014, Điều 23 khoản 1 điểm c: "Đã được tặng Bằng khen cấp bộ,
        # ngành, tỉnh, đoàn thể Trung ương, 05 năm tiếp theo liên tục hoàn thành xuất sắc nhiệm
        # vụ, trong thời gian đó có 05 sáng kiến …" [1]: HTXSNV. NĐ 91/2017 Điều 38 was not
        # found: the code assumes it kept the wording.
        verify = ["NĐ 91/2017 Điều 38 giữ câu chữ “hoàn thành xuất sắc nhiệm vụ” của NĐ 65/2014"]
        needs = (prior, RatingsInWindow(Rating.HTXSNV, 5), InitiativeRecognised(_GRASSROOTS, 5, 5))
        return _rule(r, "BK_TTG", needs, text, basis, period=5, verify=verify)
    text = "Bằng khen Thủ tướng: có Bằng khen bộ/tỉnh, 5 năm tiếp theo HTTNV+, 3 lần CSTĐCS"
    chain = (prior, RatingsInWindow(Rating.HTTNV, 5), AwardsInWindow(("CSTDCS",), 3, 5))
    notes = _prior_basis(r)
    return _rule(r, "BK_TTG", chain, text, basis, period=5, verify=_prior_note(r), notes=notes)


def _hcld3(r: Regime) -> Rule:
    basis = "NĐ 91/2017/NĐ-CP, Điều 24" if r.old else f"{_LAW}, Điều 44 khoản 1 điểm e"
    prior = PriorAward(("BK_TTG",), 5, optional=r.prior_award_optional, basis=basis)
    if r.old:
        text = "HCLĐ hạng Ba: có Bằng khen Thủ tướng, 5 năm tiếp theo xuất sắc, 2 sáng kiến cấp bộ"
        # Not found in the pages searched: the code reads "xuất sắc" as HTXSNV, as NĐ 65/2014
        # words the Bằng khen Thủ tướng it builds on ("hoàn thành xuất sắc nhiệm vụ").
        verify = ["'thành tích xuất sắc' đọc là HTXSNV"]
        needs = (prior, RatingsInWindow(Rating.HTXSNV, 5), InitiativeRecognised(_MP, 2, 5))
        return _rule(r, "HCLD3", needs, text, basis, period=5, verify=verify)
    text = "HCLĐ hạng Ba: có Bằng khen Thủ tướng, 5 năm HTTNV+ (≥1 năm HTXSNV), 3 lần CSTĐCS"
    window = RatingsInWindow(Rating.HTTNV, 5, excellent=1)
    chain = (prior, window, AwardsInWindow(("CSTDCS",), 3, 5))
    notes = _prior_basis(r)
    return _rule(r, "HCLD3", chain, text, basis, period=5, verify=_prior_note(r), notes=notes)


def _prior_basis(r: Regime) -> list[str]:
    return [] if r.prior_award_optional else [PRIOR_AWARD_BASIS]


def _prior_note(r: Regime) -> list[str]:
    if r.prior_award_optional:
        return ["bỏ yêu cầu khen thưởng mức thấp hơn (tùy chọn lower_award_optional_from_2025)"]
    if r.start >= date(2025, 4, 1):
        return ["điều tương ứng của Luật Ban hành VBQPPL 64/2025/QH15 (thay Luật 80/2015)"]
    return []


_TITLE_KINDS = (
    (
        frozenset({"LDTT", "CSTDCS", "CSTD_BO", "CSTD_TINH", "CSTDTQ"}),
        frozenset({CommendationKind.REGULAR}),
        "Điều 21–24: danh hiệu thi đua cá nhân xét tặng theo kết quả thi đua hằng năm",
    ),
    (
        frozenset({"TTLDTT", "TTLDXS"}),
        frozenset({CommendationKind.REGULAR}),
        "Điều 27, 28: danh hiệu thi đua tập thể xét tặng hằng năm",
    ),
    (
        frozenset({"CO_THI_DUA_BO", "CO_THI_DUA_TINH", "CO_THI_DUA_CP"}),
        frozenset({CommendationKind.REGULAR, CommendationKind.THEMATIC}),
        "Điều 25, 26: cờ thi đua tặng hằng năm, hoặc khi tổng kết phong trào thi đua theo "
        "chuyên đề từ 05 năm (Cờ Chính phủ) hoặc 03 năm (cờ bộ/tỉnh) trở lên",
    ),
)


def kind_limits() -> tuple[KindLimit, ...]:
    """The kinds of commendation the law gives each title as: a yearly title (LĐTT, CSTĐ,
    TTLĐTT, TTLĐXS) only as regular merit, a flag also at the close of a thematic campaign.

    The 2003 law (amended 2013) numbers these articles as the 2022 law does [verify]: found for
    Điều 22 only, "Danh hiệu Chiến sĩ thi đua cấp bộ, ngành, tỉnh, đoàn thể trung ương được xét
    tặng cho cá nhân … ba lần liên tục đạt danh hiệu “Chiến sĩ thi đua cơ sở”" [4]; the others are
    assumed to follow."""
    spans = (
        (date(2014, 6, 1), date(2023, 12, 31), f"{_OLD_LAW} [verify số điều, trừ Điều 22]"),
        (date(2024, 1, 1), None, _LAW),
    )
    return tuple(
        KindLimit(codes, kinds, start, end, f"{law}, {basis}")
        for start, end, law in spans
        for codes, kinds, basis in _TITLE_KINDS
    )


PRINCIPLES: tuple[Requirement, ...] = (
    NotAlreadyAwarded(),
    NotUnderDiscipline(),
    RegisteredIfRequired(),
)
"""Checked for every award, after its own requirements."""


def build_rulebook(
    *,
    cstdcs_htxsnv_alternative: bool = False,
    lower_award_optional_from_2025: bool = False,
    regular_merit_only_before_2025: bool = False,
) -> Rulebook:
    """The rulebook, with the [verify] readings chosen by the options (defaults as documented
    in DOMAIN.md)."""
    rules: list[Rule] = []
    for r in regimes(
        lower_award_optional_from_2025=lower_award_optional_from_2025,
        regular_merit_only_before_2025=regular_merit_only_before_2025,
    ):
        rules += [_ldtt(r), _cstdcs(r, cstdcs_htxsnv_alternative)]
        rules += [_cstd_bt(r, code) for code in CSTD_BT]
        rules += [_cstdtq(r), _ttldtt(r), _ttldxs(r)]
        rules += [_bk_bt(r, code) for code in BK_BT]
        rules += [_bk_ttg(r), _hcld3(r)]
    return Rulebook(
        rules=tuple(rules),
        principles=PRINCIPLES,
        kind_limits=kind_limits(),
        regime_basis=f"{TRANSITION_BASIS} [verify: {TRANSITION_VERIFY}]",
    )


RULEBOOK = build_rulebook()
"""The default rulebook."""
