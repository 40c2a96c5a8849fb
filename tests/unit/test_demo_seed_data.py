"""The demo's seed data says what the articles say, checked without services: the decisions
as the awards import reads them, and what the loader sends for a seed agency."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from services.awards.commands.decisions import IssueDecision
from services.awards.imports.columns import locate_columns
from services.awards.imports.grouping import group_rows
from services.awards.imports.rows import parse_row
from services.awards.imports.spreadsheet import read_sheet
from tests.unit.test_demo_loader import load_one
from tooling.demo import seed_records, seeds
from tooling.demo.loader import agencies


def decisions(agency: str) -> list[IssueDecision]:
    """The seed decisions of ``agency`` as the awards service imports them."""
    sheet = read_sheet(seeds.to_csv(list(seeds.seed_rows(agency, seeds.SEED_BATCHES[agency]))))
    columns = locate_columns(sheet.header)
    groups, errors = group_rows(agency, [parse_row(row, columns) for row in sheet.rows])
    assert errors == []
    return [group.command for group in groups]


def held(agency: str, code: str) -> dict[str, list[tuple[int, int]]]:
    """Recipient → the (first, last) achievement years of each ``code`` award they hold."""
    found: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for decision in decisions(agency):
        for award in decision.awards:
            if award.award_code == code:
                found[award.recipient_id].append((award.year_from, award.year_to))
    return dict(found)


def test_ha_nois_four_cstd_of_the_city_are_four_people_on_their_own_cstdcs_years() -> None:
    """ "4 cá nhân đạt danh hiệu Chiến sỹ thi đua cấp thành phố": four people, one title each,
    each on three consecutive CSTĐCS years of their own (Art 5: one achievement, one award)."""
    cstd = held(seeds.HA_NOI, "CSTD_TINH")
    cstdcs = held(seeds.HA_NOI, "CSTDCS")

    assert len(cstd) == 4
    for person, [(first, last)] in cstd.items():
        assert last - first == 2
        assert set(range(first, last + 1)) <= {year for year, _ in cstdcs[person]}


def test_counts_without_luot_are_distinct_recipients() -> None:
    """ "23 tập thể được tặng Cờ thi đua xuất sắc của thành phố; 19 tập thể và 26 cá nhân được
    tặng Bằng khen của Bộ Công Thương; 16 tập thể và 16 cá nhân … của UBND thành phố"."""
    holders = {
        (code, kind): [awards for who, awards in held(seeds.HA_NOI, code).items() if kind in who]
        for code in ("CO_THI_DUA_TINH", "BK_BO", "BK_TINH")
        for kind in ("-unit-", "-member-")
    }
    distinct = {key: len(found) for key, found in holders.items()}
    instances = {key: sum(map(len, found)) for key, found in holders.items()}

    assert distinct == instances
    assert distinct[("CO_THI_DUA_TINH", "-unit-")] == 23
    assert (distinct[("BK_BO", "-unit-")], distinct[("BK_BO", "-member-")]) == (19, 26)
    assert (distinct[("BK_TINH", "-unit-")], distinct[("BK_TINH", "-member-")]) == (16, 16)


def test_bac_kans_giay_khen_are_the_conferences_the_hcm_ones_thematic() -> None:
    """ "Ngày 14/5/2020 … tặng giấy khen … 03 tập thể và 12 cá nhân … giai đoạn 2015-2020 và …
    01 tập thể, 02 cá nhân … trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí
    Minh năm 2020"."""
    told = sorted(
        (len(d.awards), d.commendation_kind.value, d.signed_on, d.awards[0].year_from)
        for d in decisions(seeds.BAC_KAN)
    )

    assert told == [
        (1, "thematic", date(2020, 5, 14), 2020),
        (2, "thematic", date(2020, 5, 14), 2020),
        (3, "regular", date(2020, 5, 14), 2015),
        (12, "regular", date(2020, 5, 14), 2015),
    ]


def test_ha_tinhs_order_and_flag_were_decided_within_2016_2020() -> None:
    """ "Trong 5 năm qua, ngành đã được … tặng … Huân chương Lao động hạng Nhất, Cờ thi đua
    xuất sắc" (conference of 26/6/2020), and the 2 collectives and 6 individuals commended."""
    signed = {
        (d.awards[0].award_code, d.awards[0].recipient_kind.value): (d.signed_on, len(d.awards))
        for d in decisions(seeds.HA_TINH)
    }

    for code in ("HCLD1", "CO_THI_DUA_TINH"):
        on, count = signed[(code, "agency")]
        assert date(2016, 1, 1) <= on < date(2020, 6, 26)
        assert count == 1
    assert signed[("GIAY_KHEN", "unit")] == (date(2020, 6, 26), 2)
    assert signed[("GIAY_KHEN", "member")] == (date(2020, 6, 26), 6)


def test_the_articles_named_campaigns_models_and_initiatives() -> None:
    titles = [c.title for c in seed_records.SEED_CAMPAIGNS[seeds.HA_NOI]]

    assert len(titles) == len(set(titles)) == 8 + 6 + 18
    assert {"Sáng kiến, sáng tạo, tiết kiệm trong sản xuất", "Luyện tay nghề, thi thợ giỏi"} <= (
        set(titles)
    )
    assert len(seed_records.HA_NOI_MODELS) == 18
    assert len(seed_records.BAC_KAN_INITIATIVES) == 8
    pending = [kind for p in seed_records.HA_NOI_PENDING for kind, _ in p.nominees]
    assert (pending.count("agency"), pending.count("unit"), pending.count("member")) == (1, 5, 26)


def bodies(calls: list[tuple[str, Any]], suffix: str) -> list[Any]:
    return [body for path, body in calls if path.endswith(suffix)]


async def test_bac_kan_loads_its_initiatives_pacts_and_a_dated_directory() -> None:
    spec = next(s for s in agencies(small=True) if s.code == seeds.BAC_KAN)
    recorder, found = await load_one(spec, ratings=True)

    assert len(bodies(recorder.calls, "/recognitions")) == 8
    within, province = bodies(recorder.calls, "/v1/blocs")
    assert (within["kind"], within["member_ids"]) == ("units", found.units[1:])
    assert (province["kind"], province["member_ids"]) == ("agencies", ["06"])
    assert "Sở Xây dựng Bắc Kạn" in province["outside_members"]
    years = [p["year"] for p in bodies(recorder.calls, "/pacts")]
    assert years == [2016, 2017, 2018, 2019, 2020] * 2
    added = bodies(recorder.calls, "/v1/units") + bodies(recorder.calls, "/v1/members")
    assert {body["added_on"] for body in added} == {"2015-01-01"}


async def test_ha_noi_loads_its_pending_dossiers_one_forwarded_to_the_prime_minister() -> None:
    spec = next(s for s in agencies(small=True) if s.code == seeds.HA_NOI)
    recorder, _ = await load_one(spec)

    submitted = bodies(recorder.calls, "/v1/proposals")
    assert sorted(len(p["nominees"]) for p in submitted) == [2, 12, 18]
    assert [f["to_level"] for f in bodies(recorder.calls, "/forward")] == ["prime_minister"]
    campaigns = bodies(recorder.calls, "/v1/campaigns")
    assert {(c["launching_level"], c["scope"]) for c in campaigns} == {("unit", "unit")}
