"""What the seed articles tell besides awards: campaigns, registered models, initiatives, the
bloc and its pacts, and proposals still pending, as the demo sends them to the registry and
the awards service.

The articles name these without dates, authors or ids. Where the API needs a value the
article does not give, the value chosen is marked "plausible" next to it; no figure an
article states is changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tooling.demo.seeds import BAC_KAN, HA_NOI, HA_TINH


@dataclass(frozen=True)
class SeedCampaign:
    """A campaign an article names. The agency ran it: its own level and scope (form 0601.N
    "Cơ quan, tổ chức, đơn vị"), whatever higher campaign it answers."""

    title: str
    start: str
    end: str
    form: str = "regular"


FIVE_YEARS = ("2016-01-01", "2020-12-31")  # plausible: the articles' 2016–2020 period

# Seed 000: "Các phong trào thi đua được Sở Công Thương phát động … như: …" (8 named).
HA_NOI_000 = [
    SeedCampaign("Toàn dân chung sức xây dựng nông thôn mới", *FIVE_YEARS),
    SeedCampaign("Cả nước chung tay vì người nghèo không ai bị bỏ lại phía sau", *FIVE_YEARS),
    SeedCampaign("Doanh nghiệp Việt Nam hội nhập và phát triển", *FIVE_YEARS),
    SeedCampaign("Thi đua đảm bảo an toàn thực phẩm", *FIVE_YEARS),
    SeedCampaign("Thi đua trong công tác phòng chống tham nhũng, lãng phí", *FIVE_YEARS),
    SeedCampaign("Thi đua cải cách hành chính", *FIVE_YEARS),
    # Plausible dates: the national movement against plastic waste started in mid-2019.
    SeedCampaign(
        "Chung tay chống rác thải nhựa trong lĩnh vực sản xuất – phân phối – tiêu dùng",
        "2019-06-01",
        "2020-12-31",
        "thematic",
    ),
    # Plausible dates: the pandemic's "new phase" of 2020.
    SeedCampaign(
        "Thúc đẩy phát triển công nghiệp, thương mại trong giai đoạn mới phòng, chống dịch "
        "Covid - 19",
        "2020-05-01",
        "2020-12-31",
        "thematic",
    ),
]
# Seed 001: "Điển hình như các phong trào thi đua "4 đổi mới kỹ thuật", "Quản lý giỏi", "Lao
# động giỏi", "Sáng kiến, sáng tạo, tiết kiệm trong sản xuất", "Luyện tay nghề, thi thợ giỏi",
# "Bàn tay vàng"".
HA_NOI_001 = [
    SeedCampaign(title, *FIVE_YEARS)
    for title in (
        "4 đổi mới kỹ thuật",
        "Quản lý giỏi",
        "Lao động giỏi",
        "Sáng kiến, sáng tạo, tiết kiệm trong sản xuất",
        "Luyện tay nghề, thi thợ giỏi",
        "Bàn tay vàng",
    )
]

# Seed 000: "các đơn vị còn chủ động đăng ký 18 mô hình, giải pháp để thực hiện các phong trào
# thi đua … như: Thi đua thực hiện các đề án …; Thi đua thực hiện các chương trình: …". Each is
# a thematic campaign of the department's own level (DOMAIN.md, "The yearly cycle"), over the
# 2016–2020 of the programmes' names. The article names 12; the other 6 are not named.
_PROJECTS = (
    "Thí điểm quản lý các cửa hàng kinh doanh trái cây trên địa bàn các quận nội thành của "
    "TP. Hà Nội",
    "Tổ chức, triển khai mô hình điểm Hệ thống phân phối sản phẩm an toàn",
    "Xây dựng, hoàn thiện và quản lý hệ thống xử lý nước thải tại các cụm công nghiệp trên địa "
    "bàn TP. Hà Nội giai đoạn 2016-2020",
    "Đầu tư và quản lý hệ thống chợ đầu mối và trung tâm logistics trên địa bàn TP. Hà Nội "
    "giai đoạn 2016-2020",
    "Phát triển văn minh thương mại trên địa bàn thành phố",
)
_PROGRAMMES = (
    "Hội nhập kinh tế TP. Hà Nội giai đoạn 2016-2020",
    "Đề án phát triển thị trường trong nước gắn với Cuộc vận động “Người Việt Nam ưu tiên dùng "
    "hàng Việt Nam”",
    "Kích cầu nội địa tăng tổng mức bán lẻ và doanh thu dịch vụ trên địa bàn thành phố",
    "Sản xuất và tiêu dùng bền vững",
    "Phát triển sản phẩm công nghiệp chủ lực",
    "Sử dụng năng lượng tiết kiệm và hiệu quả",
    "Hà Nội với cả nước, cả nước với Hà Nội",
)
MODELS_REGISTERED = 18
HA_NOI_MODELS = [
    *(
        SeedCampaign(f"Thi đua thực hiện đề án “{name}”", *FIVE_YEARS, "thematic")
        for name in _PROJECTS
    ),
    *(
        SeedCampaign(f"Thi đua thực hiện chương trình “{name}”", *FIVE_YEARS, "thematic")
        for name in _PROGRAMMES
    ),
    *(
        SeedCampaign(
            f"Mô hình, giải pháp thi đua số {n} do các đơn vị đăng ký (bài viết không nêu tên)",
            *FIVE_YEARS,
            "thematic",
        )
        for n in range(len(_PROJECTS) + len(_PROGRAMMES) + 1, MODELS_REGISTERED + 1)
    ),
]

# Seed 003: the department's campaigns, "… đều gắn liền với Cuộc vận động “Học tập và làm theo
# tấm gương đạo đức Hồ Chí Minh” theo chuyên đề hàng năm".
HCM_STUDY = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
BAC_KAN_CAMPAIGNS = [
    SeedCampaign(title, *FIVE_YEARS)
    for title in (
        "Lao động giỏi, lao động sáng tạo, phát huy sáng kiến, cải tiến phương pháp làm việc "
        "nhằm nâng cao chất lượng và hiệu quả công việc",
        "Thực hành tiết kiệm, chống lãng phí và các tệ nạn xã hội trong cơ quan",
        "Đền ơn đáp nghĩa, xóa đói giảm nghèo",
        "Bắc Kạn chung sức xây dựng nông thôn mới",
        "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
        "Doanh nghiệp Việt Nam hội nhập và phát triển",
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
        "Cải cách thủ tục hành chính và nâng cao năng lực cạnh tranh",
    )
] + [SeedCampaign(HCM_STUDY, *FIVE_YEARS, "thematic")]

# Seed 004: "Các phong trào luôn bám sát phong trào thi đua của bộ, của tỉnh phát động như: …".
HA_TINH_CAMPAIGNS = [
    SeedCampaign(title, *FIVE_YEARS)
    for title in (
        "Phong trào tình nguyện của thanh niên tham gia “Người Việt Nam ưu tiên dùng hàng "
        "Việt Nam”",
        "Tích cực đấu tranh phòng, chống buôn lậu, gian lận thương mại",
        "Cả tỉnh chung sức xây dựng nông thôn mới",
    )
]

SEED_CAMPAIGNS: dict[str, list[SeedCampaign]] = {
    HA_NOI: [*HA_NOI_000, *HA_NOI_001, *HA_NOI_MODELS],
    BAC_KAN: BAC_KAN_CAMPAIGNS,
    HA_TINH: HA_TINH_CAMPAIGNS,
}


@dataclass(frozen=True)
class SeedInitiative:
    """An initiative an article names, applied and recognised at grassroots level."""

    title: str
    year: int  # plausible: the article gives none; spread over 2016–2020


# Seed 003: "Nhiều sáng kiến, cải tiến được áp dụng trong thực tế đem lại hiệu quả thiết thực
# như: …" (8 named, each "áp dụng": recognised at the department's level).
_BAC_KAN_INITIATIVES = (
    "Đổi mới phương pháp thu thập thông tin và cập nhật dữ liệu về số thôn, hộ chưa được sử "
    "dụng điện lưới quốc gia trên địa bàn tỉnh giai đoạn 2016- 2020 và giải pháp thực hiện "
    "Tiêu chí số 4 về điện trên địa bàn tỉnh Bắc Kạn giai đoạn 2016- 2020",
    "Ứng dụng công nghệ thông tin cung cấp dịch vụ công trực tuyến cấp độ 3 lĩnh vực Công Thương",
    "Vận dụng Microsoft Office Excel sáng tạo, linh hoạt vào công tác tổng hợp",
    "Giải pháp quản lý nhà nước về an toàn thực phẩm thuộc phạm vi quản lý của ngành Công Thương "
    "trên địa bàn tỉnh Bắc Kạn",
    "Đề án nâng cao hiệu quả sản xuất công nghiệp trên địa bàn tỉnh Bắc Kạn",
    "Đề án quản lý khối lượng khoáng sản kim loại vận chuyển tại các bàn cân điện tử, cửa mỏ "
    "thông qua hệ thống camera giám sát trên địa bàn tỉnh Bắc Kạn",
    "Giải pháp nhằm nâng cao chỉ số cải cách hành chính của Sở Công Thương",
    "Giải pháp nhằm nâng cao hiệu quả thực hiện nhiệm vụ về duy trì và cải tiến ISO 9001-2008",
)
BAC_KAN_INITIATIVES = [
    SeedInitiative(title, 2016 + i % 5) for i, title in enumerate(_BAC_KAN_INITIATIVES)
]
SEED_INITIATIVES: dict[str, list[SeedInitiative]] = {BAC_KAN: BAC_KAN_INITIATIVES}

# Seed 003: "… ký giao ước thi đua trong đơn vị và Khối thi đua Kinh tế – Kỹ thuật". Both are
# recorded, one pact a year each: the pact within the department (its units), and the
# province's bloc, whose other members are departments of other sectors, named as members
# outside the product. The article names none of them: these are plausible.
BLOC_NAME = "Khối thi đua các phòng, đơn vị thuộc Sở Công Thương Bắc Kạn"
PROVINCE_BLOC_NAME = "Khối thi đua Kinh tế – Kỹ thuật tỉnh Bắc Kạn"
PROVINCE_BLOC_OUTSIDE_MEMBERS = (  # plausible: the article names no other member
    "Sở Xây dựng Bắc Kạn",
    "Sở Giao thông vận tải Bắc Kạn",
    "Sở Tài nguyên và Môi trường Bắc Kạn",
    "Sở Khoa học và Công nghệ Bắc Kạn",
)
PACT_YEARS = range(2016, 2021)


@dataclass(frozen=True)
class SeedProposal:
    """A proposal an article says is pending, and how far it went."""

    key: str
    award: str
    nominees: tuple[tuple[str, str], ...]  # (nominee_kind, nominee_id)
    submitted_on: str
    forwarded_on: str | None = None  # reviewed by the province's council, sent to the PM


# Seed 000 (article of 03/09/2020): "Sở Công Thương Hà Nội đang được thành phố trình Chính phủ
# tặng Bằng khen tập thể Sở và 1 cá nhân trong công tác phòng, chống dịch - Covid 19; đề nghị
# thành phố, Bộ Công Thương tặng Bằng khen cho 5 tập thể nhỏ, 25 cá nhân." Plausible: dates in
# the summer of 2020, all for the pandemic work (thematic), and the split of the 5 collectives
# and 25 individuals between the city (3 and 15) and the ministry (2 and 10).
def _people(kind: str, first: int, count: int) -> tuple[tuple[str, str], ...]:
    """``count`` units or members of Hà Nội's history codes, from ``first`` on."""
    return tuple((kind, f"{HA_NOI}-{kind}-{k:03d}") for k in range(first, first + count))


HA_NOI_PENDING = [
    SeedProposal(
        "covid-pm",
        "BK_TTG",
        (("agency", HA_NOI), *_people("member", 201, 1)),
        "2020-07-20",
        forwarded_on="2020-08-14",
    ),
    SeedProposal(
        "covid-city",
        "BK_TINH",
        (*_people("unit", 201, 3), *_people("member", 202, 15)),
        "2020-08-20",
    ),
    SeedProposal(
        "covid-ministry",
        "BK_BO",
        (*_people("unit", 204, 2), *_people("member", 217, 10)),
        "2020-08-20",
    ),
]
SEED_PROPOSALS: dict[str, list[SeedProposal]] = {HA_NOI: HA_NOI_PENDING}
