"""Metadata: read from the head of a plan, before its first outline heading.

The 印发通知 wrapper gives the issuer and the plan's own title (the wrapper itself is
kept out); the 文号 is normalized to 〔〕 with no spaces; the date line gives the ISO
issue date; the period comes from the title (2021—2023年, 十四五 → 2021–2025); region
and level come from the issuer or title; higher plans are the 《》 titles named after
贯彻落实 / 根据 / 依据, with the 文号 noted after them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import read_source
from planwatch.parse import parse_meta
from planwatch.records import Metadata, SourceText

WRAPPED = (
    "广西壮族自治区人民政府文件\n桂政发〔2021〕34 号\n\n"
    "广西壮族自治区人民政府关于印发\n\n广西教育提质振兴三年行动计划\n\n（2021—2023 年）的通知\n\n"
    "各市、县人民政府：\n现将《广西教育提质振兴三年行动计划（2021—2023 年）》印发给你们。\n\n"
    "2021 年 10 月 20 日\n\n广西教育提质振兴三年行动计划\n（2021—2023年）\n\n"
    "为贯彻落实自治区党委有关部署，制定本行动计划。\n\n一、总体要求\n"
)


def meta_of(text: str) -> Metadata:
    return parse_meta(SourceText.identity("t.txt", text))


def test_title_is_the_plan_inside_the_wrapper_not_the_notice() -> None:
    meta = meta_of(WRAPPED)
    assert meta.title == "广西教育提质振兴三年行动计划（2021—2023年）"
    assert meta.issuer == "广西壮族自治区人民政府"


def test_a_title_broken_between_two_lines_is_one_word() -> None:
    text = "江西省人民政府关于印发江西省基础教育提质扩容\n行动计划（2022—2025年）的通知\n\n正文。"
    assert meta_of(text).title == "江西省基础教育提质扩容行动计划（2022—2025年）"


def test_doc_number_loses_its_space_before_hao() -> None:
    assert meta_of(WRAPPED).doc_number == "桂政发〔2021〕34号"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        pytest.param("南府办函〔2018〕402号", "南府办函〔2018〕402号", id="hexagonal"),
        pytest.param("钦政发[2022]13号", "钦政发〔2022〕13号", id="ascii-brackets"),
        pytest.param("钦政发［2022］13号", "钦政发〔2022〕13号", id="fullwidth-brackets"),
        pytest.param("（桂政发〔2018〕5号）", "桂政发〔2018〕5号", id="in-parentheses"),
        pytest.param(
            "关于印发某计划的通知青松政发〔2024〕12号", "青松政发〔2024〕12号", id="run-on"
        ),
        pytest.param("人民政府文件桂政发〔2021〕34号", "桂政发〔2021〕34号", id="after-letterhead"),
    ],
)
def test_doc_number_variants_are_normalized(line: str, number: str) -> None:
    assert meta_of(f"{line}\n\n一、总体要求\n").doc_number == number


def test_issue_date_is_a_line_holding_only_a_date() -> None:
    assert meta_of(WRAPPED).issue_date == "2021-10-20"
    text = "发表时间：2018年06月20日 11:05\n通知\n    2018年1月11日\n一、总体要求\n"
    assert meta_of(text).issue_date == "2018-01-11"


def test_period_from_title_years_or_five_year_plan() -> None:
    meta = meta_of(WRAPPED)
    assert (meta.period_start, meta.period_end) == (2021, 2023)
    meta = meta_of("钦州市人民政府关于印发\n钦州市教育事业发展“十四五”规划的通知\n一、总体\n")
    assert (meta.period_start, meta.period_end) == (2021, 2025)
    meta = meta_of("某市教育事业发展“十三五”规划\n\n一、总体\n")
    assert (meta.period_start, meta.period_end) == (2016, 2020)


def test_region_and_level_from_issuer_or_title() -> None:
    meta = meta_of(WRAPPED)
    assert (meta.region, meta.level) == ("广西壮族自治区", "自治区")
    meta = meta_of("南宁市人民政府办公厅关于印发南宁市实施方案的通知\n一、总体\n")
    assert (meta.region, meta.level) == ("南宁市", "市")
    meta = meta_of(
        "柳州市推进教育优先优质发展实施方案\n\n（2023—2025年）\n\n（征求意见稿）\n一、总体\n"
    )
    assert (meta.region, meta.level) == ("柳州市", "市")
    assert meta.title == "柳州市推进教育优先优质发展实施方案（2023—2025年）"
    assert meta.doc_number == ""


def test_implements_lists_titles_after_trigger_words_with_their_numbers() -> None:
    text = (
        "南宁市贯彻实施方案\n\n为贯彻落实《广西壮族自治区人民政府关于印发广西教育提升三年行动计划"
        "（2018—2020年）的通知》（桂政发〔2018〕5号）精神，全面推进《南宁市教育规划》，制定本方案。\n"
        "一、指导思想\n"
    )
    meta = meta_of(text)
    assert meta.implements == [
        "广西壮族自治区人民政府关于印发广西教育提升三年行动计划（2018—2020年）的通知",
        "广西教育提升三年行动计划（2018—2020年）",
    ]
    assert meta.implements_numbers == ["桂政发〔2018〕5号"]


def test_implements_normalizes_inner_angle_brackets_and_takes_each_title_of_a_run() -> None:
    text = (
        "某方案\n\n依据《中共中央办公厅印发<关于构建体系的意见>》"
        "《教育部关于实施行动计划的意见》及《某市规划》，制定。\n一、总体\n"
    )
    assert meta_of(text).implements == [
        "中共中央办公厅印发《关于构建体系的意见》",
        "教育部关于实施行动计划的意见",
        "某市规划",
    ]


def test_titles_after_other_verbs_or_after_the_first_heading_are_not_implemented() -> None:
    text = "某方案\n\n全面推进《某市教育规划》。\n一、总体\n根据《后文规划》。\n"
    assert meta_of(text).implements == []


def test_seed_000_metadata(seeds: dict[str, Path]) -> None:
    meta = parse_meta(read_source(seeds["000"]))
    assert meta.title == "广西教育提质振兴三年行动计划（2021—2023年）"
    assert meta.doc_number == "桂政发〔2021〕34号"
    assert (meta.period_start, meta.period_end) == (2021, 2023)
    assert meta.issue_date == "2021-10-20"
    assert (meta.region, meta.level) == ("广西壮族自治区", "自治区")


def test_seed_001_metadata(seeds: dict[str, Path]) -> None:
    meta = parse_meta(read_source(seeds["001"]))
    assert meta.doc_number == "南府办函〔2018〕402号"
    assert meta.issuer == "南宁市人民政府办公厅"
    assert "广西教育提升三年行动计划（2018—2020年）" in meta.implements
    assert any(t.endswith("的通知") for t in meta.implements)
    assert meta.implements_numbers == ["桂政发〔2018〕5号"]
    assert (meta.region, meta.level) == ("南宁市", "市")


def test_seed_002_metadata(seeds: dict[str, Path]) -> None:
    meta = parse_meta(read_source(seeds["002"]))
    assert meta.region == "柳州市"
    assert (meta.period_start, meta.period_end) == (2023, 2025)
    assert meta.doc_number == ""
    assert len(meta.implements) == 3


def test_seed_003_metadata_after_simplification(seeds: dict[str, Path]) -> None:
    src = read_source(seeds["003"])
    if "廣西" in src.text:
        pytest.skip("ingest does not yet convert traditional to simplified characters")
    meta = parse_meta(src)
    assert meta.doc_number == "桂政发〔2018〕5号"
    assert meta.title == "广西教育提升三年行动计划（2018—2020年）"
    assert (meta.period_start, meta.period_end) == (2018, 2020)
    assert meta.issue_date == "2018-01-11"


def test_seed_004_metadata(seeds: dict[str, Path]) -> None:
    meta = parse_meta(read_source(seeds["004"]))
    assert meta.doc_number == "钦政发〔2022〕13号"
    assert meta.title == "钦州市教育事业发展“十四五”规划"
    assert (meta.period_start, meta.period_end) == (2021, 2025)
    assert (meta.region, meta.level, meta.issuer) == ("钦州市", "市", "钦州市人民政府")
    assert meta.implements == ["广西教育事业发展“十四五”规划"]
    assert meta.implements_numbers == ["桂政发〔2021〕35号"]


def test_a_bare_autonomous_region_department_names_no_region() -> None:
    meta = meta_of("自治区教育厅关于印发某某工作方案的通知\n一、总体\n")
    assert meta.region == ""


def test_a_plan_title_wins_over_web_navigation_above_it() -> None:
    src = SourceText.identity(
        "p.html", "首页|政务公开\n某市学前教育发展提升行动计划（2023—2025年）\n"
    )
    meta = parse_meta(src)
    assert (meta.title, meta.period_start, meta.period_end) == (
        "某市学前教育发展提升行动计划（2023—2025年）",
        2023,
        2025,
    )


@pytest.mark.parametrize(
    "county",
    [
        pytest.param("攸县", id="you"),
        pytest.param("沛县", id="pei"),
        pytest.param("滑县", id="hua"),
        pytest.param("礼县", id="li-gansu"),
        pytest.param("萧县", id="xiao"),
        pytest.param("蠡县", id="li-hebei"),
    ],
)
def test_a_county_with_a_one_character_name_is_a_region(county: str) -> None:
    text = (
        f"{county}人民政府关于印发{county}教育事业发展“十四五”规划的通知\n\n"
        f"{county}人民政府\n2021年9月1日\n\n一、发展基础\n"
    )
    assert (meta_of(text).region, meta_of(text).level) == (county, "县")
    title_only = f"{county}教育事业发展“十四五”规划\n\n一、发展基础\n"
    assert (meta_of(title_only).region, meta_of(title_only).level) == (county, "县")


def test_a_one_character_county_stops_at_its_own_name() -> None:
    meta = meta_of("攸县教育局城区学校布局规划\n\n一、现状\n")
    assert meta.region == "攸县"


@pytest.mark.parametrize(
    ("title", "region"),
    [
        pytest.param("沙县区教育事业发展规划", "沙县区", id="district-named-after-a-county"),
        pytest.param("辉县市教育事业发展规划", "辉县市", id="city-named-after-a-county"),
        pytest.param("茶陵县教育事业发展规划", "茶陵县", id="two-character-county"),
    ],
)
def test_a_longer_name_holding_xian_is_kept_whole(title: str, region: str) -> None:
    assert meta_of(f"{title}\n\n一、现状\n").region == region


@pytest.mark.parametrize(
    "word",
    [
        "全县",
        "本县",
        "各县",
        "该县",
        "我县",
        "市县",
        "区县",
        "该区",
        "市区",
        "城区",
        "郊区",
        "全旗",
    ],
)
def test_words_for_the_county_or_district_are_not_regions(word: str) -> None:
    meta = meta_of(f"{word}中小学布局规划\n\n一、现状\n")
    assert (meta.region, meta.level) == ("", "")


# --- documents without a letterhead: own 文号, signature, national bodies, periods ---------

OPINION = (
    "某省人民政府办公厅关于贯彻国办发〔2019〕12号文件精神加快推进教育发展的实施意见\n\n"
    "（某政办发〔2019〕30号）\n\n各市人民政府：\n\n"
    "为贯彻落实《国务院办公厅关于加快推进教育发展的意见》（国办发〔2019〕12号）精神，提出如下意见。\n\n"
    "一、总体要求\n\n（一）主要目标。到2020年，巩固率达到95%；到2022年，巩固率达到96%。\n\n"
    "二、重点工作\n\n（一）扩大学位供给。到2035年，全面实现现代化。\n\n"
    "某省人民政府办公厅\n2019年9月20日\n"
)


def test_a_doc_number_cited_in_the_title_is_not_the_documents_own() -> None:
    meta = meta_of(OPINION)
    assert meta.doc_number == "某政办发〔2019〕30号"
    assert meta.implements_numbers == ["国办发〔2019〕12号"]


def test_a_doc_number_cited_in_a_sentence_is_not_the_documents_own() -> None:
    text = "某市规划评估报告\n\n对《某市规划》（某政发〔2021〕28号）开展评估。\n一、进展\n"
    assert meta_of(text).doc_number == ""


def test_a_doc_number_under_the_signature_is_the_documents_own() -> None:
    text = "某区课后服务工作方案\n\n为提升服务，制定本方案。\n\n一、目标\n到2023年建成20所。\n\n"
    text += "某区人民政府办公室\n2021年8月25日\n某府办发〔2021〕37号\n"
    meta = meta_of(text)
    assert (meta.doc_number, meta.issuer, meta.issue_date) == (
        "某府办发〔2021〕37号",
        "某区人民政府办公室",
        "2021-08-25",
    )


def test_issuer_and_date_come_from_the_title_and_the_signature_at_the_end() -> None:
    meta = meta_of(OPINION)
    assert (meta.issuer, meta.issue_date) == ("某省人民政府办公厅", "2019-09-20")


def test_two_bodies_signing_on_one_line_are_both_issuers() -> None:
    text = "到2022年，达标率达到50%以上。\n\n湖北省教育厅　湖北省体育局\n2021年9月3日\n"
    meta = meta_of(text)
    assert (meta.issuer, meta.issue_date, meta.region) == (
        "湖北省教育厅、湖北省体育局",
        "2021-09-03",
        "湖北省",
    )


def test_an_unstated_period_runs_from_the_issue_year_to_the_last_goal() -> None:
    meta = meta_of(OPINION)
    assert (meta.period_start, meta.period_end, meta.period_inferred) == (2019, 2022, True)


def test_a_period_stated_in_a_sentence_is_stated() -> None:
    text = OPINION.replace("（一）主要目标。", "（一）主要目标。本实施意见实施期为2019—2021年。")
    meta = meta_of(text)
    assert (meta.period_start, meta.period_end, meta.period_inferred) == (2019, 2021, False)


def test_without_goals_the_last_deadline_of_the_text_within_ten_years_ends_the_period() -> None:
    text = "某市实施方案\n\n到2021年，建成10所；到2023年，建成20所；到2035年，全面实现现代化。\n\n"
    text += "某市人民政府\n2020年3月1日\n"
    assert (meta_of(text).period_start, meta_of(text).period_end) == (2020, 2023)


def test_a_text_without_date_or_deadline_has_no_period() -> None:
    meta = meta_of("（一）配齐教师。每所学校至少配备1名心理教师。\n")
    assert (meta.period_start, meta.period_end, meta.issue_date) == (None, None, "")


@pytest.mark.parametrize(
    "head",
    [
        "国务院办公厅关于进一步加强义务教育薄弱环节建设的意见\n\n国办发〔2019〕29号\n",
        "教育部关于加强中小学教师队伍建设的意见\n\n教师〔2020〕3号\n",
        "某某工作方案\n\n国办发〔2019〕29号\n",
    ],
)
def test_documents_of_the_national_bodies_are_national(head: str) -> None:
    meta = meta_of(head + "\n一、总体要求\n")
    assert (meta.region, meta.level) == ("全国", "国家")


def test_of_nested_regions_the_innermost_names_the_document() -> None:
    meta = meta_of("成都市武侯区义务教育阶段学校课后服务提质工作方案\n\n一、基础\n")
    assert (meta.region, meta.level) == ("武侯区", "区")


def test_a_news_report_gives_its_headline_outlet_date_and_the_plan_it_reports() -> None:
    src = SourceText.identity(
        "n.txt",
        "某省：到2025年学前教育毛入园率将超92%\n——解读《某省“十四五”教育事业发展规划》\n\n"
        "2021-11-18 09:32　来源：某省日报　记者 张三\n\n日前，省政府印发规划。\n",
    )
    meta = parse_meta(src)
    assert meta.title == "某省：到2025年学前教育毛入园率将超92%"
    assert (meta.issuer, meta.issue_date) == ("某省日报", "2021-11-18")
    assert (meta.period_start, meta.period_end, meta.period_inferred) == (2021, 2025, False)


def test_a_web_page_navigation_line_is_not_the_title() -> None:
    text = "首页 范文大全 工作方案 实施方案 VIP会员\n\n某市教师继续教育工作实施方案\n\n一、现状\n"
    assert meta_of(text).title == "某市教师继续教育工作实施方案"


def test_a_web_pages_signing_date_comes_before_its_publication_date() -> None:
    src = SourceText.identity(
        "p.html", "<td>成文日期：</td><td>2022-05-16</td><td>发布日期：2022-05-20</td>\n正文。\n"
    )
    assert parse_meta(src).issue_date == "2022-05-16"
