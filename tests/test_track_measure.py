"""How a target adds up: a level (a rate, a ratio, a state to reach or keep, an amount per year
or per head) is judged on its latest value; a count of things to do (新建, 改扩建, 新增, 培训,
建成, 投入, 累计) on the sum since the plan began. Only the clause holding the figure counts."""

from __future__ import annotations

import pytest

from planwatch.track.measure import MEASURE_RULES, measure_of

SENTENCES = [
    # (subject, text before the figure, unit, measure)
    ("学前教育毛入园率", "到2023年，学前教育毛入园率达到", "%", "level"),
    ("大班额比例", "大班额比例控制在", "%", "level"),
    ("班额", "义务教育班额控制在", "人", "level"),
    ("小学生师比", "小学生师比不高于", "ratio", "level"),
    ("专职教研员配比", "专职教研员配比达到", "‰", "level"),
    ("普惠性幼儿园覆盖率", "普惠性幼儿园覆盖率提高", "pp", "level"),
    ("公办幼儿园", "到2025年，新建", "所", "cumulative"),
    ("义务教育学校", "改扩建", "所", "cumulative"),
    ("学位", "新增公办学位", "个", "cumulative"),
    ("教师", "培训中小学教师", "人次", "cumulative"),
    ("智慧校园", "建成", "所", "cumulative"),
    ("资金", "各级财政投入", "元", "cumulative"),
    ("教师", "累计培训校长教师", "人次", "cumulative"),
    ("特岗教师", "招聘", "人", "cumulative"),
    ("教师", "每年培训教师", "人次", "level"),
    ("教师培训学时", "教师每五年参加培训不少于", "学时", "level"),
    ("奖补资金", "每所新建小学奖补资金", "元", "level"),
    ("在园幼儿", "在园幼儿达到", "人", "level"),
    ("高等教育在学总规模", "高等教育在学总规模保持在", "人", "level"),
    ("示范性普通高中", "建成示范性普通高中达到", "所", "cumulative"),
    ("多样化特色高中", "全市多样化特色高中累计达到", "所", "cumulative"),
    ("示范性高中", "全市", "所", "level"),
    # a 新建 in an earlier clause does not make the rate of a later clause cumulative
    ("学前教育毛入园率", "新建150所幼儿园，学前教育毛入园率达到", "%", "level"),
    ("在园幼儿", "新建幼儿园30所；在园幼儿达到", "人", "level"),
]


@pytest.mark.parametrize(("subject", "before", "unit", "measure"), SENTENCES)
def test_a_sentence_gives_its_measure(subject: str, before: str, unit: str, measure: str) -> None:
    assert measure_of(subject, before, unit) == measure


def test_every_rule_has_a_reason_and_an_example() -> None:
    assert MEASURE_RULES[-1].name == "default"
    for rule in MEASURE_RULES:
        assert rule.reason and rule.example, rule.name


def test_a_rule_decides_its_own_first_example() -> None:
    """The examples of the table are not decorative: each rule gives the measure it states."""
    for rule in MEASURE_RULES:
        example = rule.example.split("；")[0]
        unit = "%" if example.endswith("%") else "所"
        assert measure_of("", example, unit) == rule.measure, rule.name
