"""Plan titles and 文号 match across punctuation, spacing, full/half width and 简繁."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.parse.references import doc_number_key, find_references, plan_key

PLAN_2018 = "广西教育提升三年行动计划（2018—2020年）"


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("《广西教育提升三年行动计划（2018—2020年）》", id="book-marks"),
        pytest.param("广西教育提升三年行动计划(2018-2020年)", id="half-width"),
        pytest.param("广西教育提升三年行动计划（2018— 2020年）", id="pdf-space"),
        pytest.param("廣西教育提升三年行動計劃 (2018—2020年)", id="traditional"),
        pytest.param("〈广西教育提升三年行动计划（2018–2020年）〉", id="angle-en-dash"),
        pytest.param("广西教育提升三年行动计划（2018至2020年）", id="year-span-word"),
        pytest.param(
            "广西壮族自治区人民政府关于印发广西教育提升三年行动计划（2018—2020年）的通知",
            id="issuing-notice",
        ),
    ],
)
def test_title_variants_share_the_plan_key(title: str) -> None:
    assert plan_key(title) == plan_key(PLAN_2018)


def test_quotes_do_not_change_the_plan_key() -> None:
    assert plan_key("广西教育事业发展“十四五”规划") == plan_key('广西教育事业发展"十四五"规划')


def test_different_plans_have_different_keys() -> None:
    assert plan_key(PLAN_2018) != plan_key("广西教育提质振兴三年行动计划（2021—2023年）")
    assert plan_key("南宁市教育事业发展“十三五”规划") != plan_key("南宁市教育事业发展“十四五”规划")


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("桂政发〔2018〕5号", id="standard"),
        pytest.param("桂政发[2018]5号", id="square-brackets"),
        pytest.param("桂政發〔2018〕5 號", id="traditional-space"),
        pytest.param("桂政发（2018）第5号", id="paren-ordinal"),
        pytest.param("桂政发［2018］05号", id="fullwidth-leading-zero"),
    ],
)
def test_doc_number_variants_share_the_key(number: str) -> None:
    assert doc_number_key(number) == "桂政发〔2018〕5号"


def test_doc_numbers_of_other_years_or_numbers_differ() -> None:
    assert doc_number_key("桂政发〔2018〕5号") != doc_number_key("桂政发〔2021〕5号")
    assert doc_number_key("桂政发〔2018〕5号") != doc_number_key("桂政发〔2018〕15号")


def test_references_in_text_are_found_with_their_spans() -> None:
    text = "根据《广西教育提升三年行动计划（2018—2020年）》（桂政发〔2018〕5号）精神"
    refs = find_references(text)
    assert [(r.kind, text[r.start : r.end]) for r in refs] == [
        ("title", "广西教育提升三年行动计划（2018—2020年）"),
        ("doc_number", "桂政发〔2018〕5号"),
    ]
    assert refs[1].key == "桂政发〔2018〕5号"


def test_lead_in_word_is_not_part_of_the_doc_number() -> None:
    (ref,) = find_references("根据桂政发〔2018〕5号文件")
    assert (ref.text, ref.key) == ("桂政发〔2018〕5号", "桂政发〔2018〕5号")


def test_seed_001_reference_matches_seed_003_traditional_title(
    seeds: dict[str, Path],
) -> None:
    refs = find_references(seeds["001"].read_text("utf-8"))
    lines = seeds["003"].read_text("utf-8").splitlines()
    title = next(line for line in lines if line.startswith("廣西教育提升三年行動計劃 ("))
    assert plan_key(title) in {r.key for r in refs if r.kind == "title"}


def test_seed_001_doc_number_matches_seed_003_traditional_one(seeds: dict[str, Path]) -> None:
    cited = {r.key for r in find_references(seeds["001"].read_text("utf-8"))}
    own = find_references(seeds["003"].read_text("utf-8"))
    assert any(r.text == "桂政發〔2018〕5號" and r.key in cited for r in own)


def test_a_doc_number_inside_a_cited_title_is_part_of_the_title() -> None:
    text = (
        "为贯彻落实《四川省人民政府办公厅关于贯彻国办发〔2019〕29号文件精神加强建设的实施意见》"
        "（川办发〔2019〕58号）精神"
    )
    found = [(r.kind, r.key) for r in find_references(text)]
    assert found == [
        (
            "title",
            plan_key("四川省人民政府办公厅关于贯彻国办发〔2019〕29号文件精神加强建设的实施意见"),
        ),
        ("doc_number", "川办发〔2019〕58号"),
    ]
