"""The extraction rules are tables: every row's example reads as the row says.

A new relation word, unit or stop context is one row of ``planwatch.extract.rules`` and
these tests check its example; the named tests below are the rows added for plans the
seeds did not show.
"""

from __future__ import annotations

import re

import pytest

from helpers import assert_grounded
from planwatch.extract import extract_items
from planwatch.extract.quantities import find_quantities
from planwatch.extract.rules import RELATION_WORDS, STOP_CONTEXTS, UNITS, RelationWord, UnitWord
from planwatch.ingest import normalize
from planwatch.records import Item, Metadata

PLAN = Metadata(period_start=2021, period_end=2025, issue_date="2022-07-11")


def items_of(text: str) -> list[Item]:
    src = normalize("t.txt", text)
    items = extract_items(src, PLAN, [])
    assert_grounded(src, items)
    return items


@pytest.mark.parametrize("row", RELATION_WORDS, ids=lambda r: r.word)
def test_every_relation_word_gives_its_relation(row: RelationWord) -> None:
    items = [i for i in items_of(row.example + "。") if i.unit != "ratio" or "：" in row.example]
    assert items, row.example
    assert items[-1].relation == row.relation, (row.example, items[-1])


@pytest.mark.parametrize("row", [u for u in UNITS if u.prose], ids=lambda u: u.written)
def test_every_unit_is_read_with_its_normalized_unit(row: UnitWord) -> None:
    found = [(q.unit, q.value) for q in find_quantities(row.example)]
    assert any(unit == row.unit for unit, _ in found), (row.example, found)


@pytest.mark.parametrize(
    ("example", "dropped"),
    [(e, stop.dropped) for stop in STOP_CONTEXTS for e in stop.example.split("; ")],
)
def test_every_stop_context_drops_the_figure_of_its_example(example: str, dropped: str) -> None:
    at = example.index(dropped) if dropped else re.search(r"\d", example).start()  # type: ignore[union-attr]
    assert all(q.start != at for q in find_quantities(example)), example


def test_a_new_relation_word_is_one_row() -> None:
    assert items_of("心理辅导室使用面积不小于15平方米。")[0].relation == ">="


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("考核权重不得低于5%。", ">="),
        ("每学期应保证劳动教育不少于10课时。", ">="),
        ("每年培训不少于72个学时。", ">="),
        ("至少每学期到校指导1次。", ">="),
        ("每班不得超过45人。", "<="),
        ("研究生学历教师比例提高到12%。", "="),
        ("大班额比例已降至4.1%。", "="),
        ("标准化学校比例保持100%。", "="),
        ("巩固率保持在96%以上。", ">="),
    ],
)
def test_relation_words_as_the_tables_say(text: str, relation: str) -> None:
    assert items_of(text)[0].relation == relation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("推动每名学生熟练掌握一两项运动技能", ("一两项", 1, 2, "项"), id="yi-liang"),
        pytest.param("掌握一至两项艺术特长", ("一至两项", 1, 2, "项"), id="yi-zhi-liang"),
        pytest.param("每所学校打造三五个特色项目", ("三五个", 3, 5, "个"), id="san-wu"),
        pytest.param("培育两三个骨干专业", ("两三个", 2, 3, "个"), id="liang-san"),
        pytest.param("建设三到五个实践项目", ("三到五个", 3, 5, "个"), id="san-dao-wu"),
        pytest.param("投入专项资金3.5亿多元", ("3.5亿多元", 3.5e8, None, "元"), id="yi-duo"),
        pytest.param("惠及2400多万人次", ("2400多万人次", 2.4e7, None, "人次"), id="duo-wan"),
        pytest.param("新建幼儿园2 560个", ("2 560个", 2560, None, "个"), id="space-thousands"),
        pytest.param("床位缺口约5 100张", ("5 100张", 5100, None, "张"), id="zhang"),
        pytest.param("举办招聘会20场", ("20场", 20, None, "场"), id="chang"),
        pytest.param("完成两轮督导评估", ("两轮", 2, None, "轮"), id="lun"),
        pytest.param("每人选学3个模块", ("3个模块", 3, None, "模块"), id="mokuai"),
        pytest.param("不超过公办园的1.5倍", ("1.5倍", 1.5, None, "倍"), id="bei"),
        pytest.param("体育中考分值不低于60分", ("60分", 60, None, "分"), id="fen"),
        pytest.param("比例不低于三分之一", ("三分之一", 33.33, None, "%"), id="third"),
        pytest.param("覆盖一半以上的城区学校", ("一半", 50, None, "%"), id="half"),
        pytest.param("人均受教育年限达到11.2年", ("11.2年", 11.2, None, "年"), id="years"),
    ],
)
def test_numbers_plans_write_in_words_and_units_kept_as_written(
    text: str, expected: tuple[str, float, float | None, str]
) -> None:
    found = [(text[q.start : q.end], q.value, q.value_max, q.unit) for q in find_quantities(text)]
    assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("“十三五”期间", id="plan-name"),
        pytest.param("3—6岁适龄儿童", id="age-range"),
        pytest.param("十五个", id="fifteen-is-not-a-range"),
        pytest.param("二十个", id="twenty-is-not-a-range"),
        pytest.param("第60分", id="ordinal"),
        pytest.param("考试时间为60分", id="not-a-score-word"),
    ],
)
def test_written_ranges_and_new_units_do_not_catch_other_words(text: str) -> None:
    assert [(text[q.start : q.end], q.value_max) for q in find_quantities(text)] in (
        [],
        [("十五个", None)],
        [("二十个", None)],
    )


def test_more_after_wan_is_at_least() -> None:
    assert items_of("累计惠及2400多万人次。")[0].relation == ">="


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        pytest.param(
            "全省105个县（市、区）全部通过评估认定", "105个", id="territory-that-achieved"
        ),
        pytest.param("全省仍有12个县（市、区）入园率低于80%", "12个", id="territory-left"),
        pytest.param("每年遴选50名市级职业教育骨干教师", "50名", id="persons-of-a-level"),
        pytest.param("按照每生每年不低于400元的标准给予补助", "400元", id="floor-of-a-standard"),
    ],
)
def test_stop_contexts_leave_look_alikes_that_are_items(text: str, figure: str) -> None:
    assert figure in [text[q.start : q.end] for q in find_quantities(text)]


def test_a_headline_and_its_subtitle_hold_no_items_but_the_body_does() -> None:
    text = "某省：到2025年学前教育毛入园率将超92%\n——解读《某省规划》\n\n毛入园率将超过92%。"
    assert [i.text for i in items_of(text)] == ["92%"]
    assert items_of(text)[0].span.start > 30
