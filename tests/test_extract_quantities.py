"""A quantity is a number with its unit; years, ages, codes, slogans and thresholds are not."""

from __future__ import annotations

import pytest

from planwatch.extract.quantities import find_quantities


def found(text: str) -> list[tuple[str, float, float | None, str]]:
    return [(text[q.start : q.end], q.value, q.value_max, q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("新建150所公办幼儿园", [("150所", 150, None, "所")], id="count"),
        pytest.param("新建 150 所公办幼儿园", [("150 所", 150, None, "所")], id="spaced"),
        pytest.param("毛入园率达92.4%", [("92.4%", 92.4, None, "%")], id="percent"),
        pytest.param(
            "给予100万—800万元补助", [("100万—800万元", 1e6, 8e6, "元")], id="money-range"
        ),
        pytest.param(
            "400万元—600万元", [("400万元—600万元", 4e6, 6e6, "元")], id="range-unit-twice"
        ),
        pytest.param("新增学位2.532万个", [("2.532万个", 25320, None, "个")], id="wan"),
        pytest.param("投入约23亿元", [("23亿元", 2.3e9, None, "元")], id="yi"),
        pytest.param("培训30万人次", [("30万人次", 3e5, None, "人次")], id="person-times"),
        pytest.param("3-5个产教联合体", [("3-5个", 3, 5, "个")], id="hyphen-range"),
        pytest.param("1—2所", [("1—2所", 1, 2, "所")], id="dash-range"),
        pytest.param("规模为6－18个班", [("6－18个班", 6, 18, "班")], id="classifier-noun"),
        pytest.param("修满6个学分", [("6个学分", 6, None, "学分")], id="credits"),
        pytest.param("改扩建10所（次）普通高中", [("10所（次）", 10, None, "所次")], id="suo-ci"),
        pytest.param(
            "奖补1704（所次）幼儿园", [("1704（所次）", 1704, None, "所次")], id="paren-suo-ci"
        ),
        pytest.param("项目1 122个", [("1 122个", 1122, None, "个")], id="space-thousands"),
        pytest.param("资金1,000万元", [("1,000万元", 1e7, None, "元")], id="comma-thousands"),
        pytest.param("小学生师比19：1", [("19：1", 19, None, "ratio")], id="ratio"),
        pytest.param("生师比12.84∶1", [("12.84∶1", 12.84, None, "ratio")], id="ratio-sign"),
        pytest.param("提高5个百分点", [("5个百分点", 5, None, "pp")], id="points"),
        pytest.param("配比不低于6‰", [("6‰", 6, None, "‰")], id="per-mille"),
        pytest.param("培养5000余名教师", [("5000余名", 5000, None, "人")], id="yu"),
        pytest.param("办好一所特殊教育学校", [("一所", 1, None, "所")], id="chinese-one"),
        pytest.param("建设两所高中", [("两所", 2, None, "所")], id="chinese-two"),
        pytest.param("每年至少组织两次研讨", [("两次", 2, None, "次")], id="chinese-times"),
        pytest.param("每年选派五十名骨干教师", [("五十名", 50, None, "人")], id="chinese-fifty"),
        pytest.param("出口带宽达到100M", [("100M", 100, None, "M")], id="bandwidth"),
        pytest.param("每天体育活动1小时", [("1小时", 1, None, "小时")], id="hour"),
        pytest.param("建设1500所以上足球学校", [("1500所", 1500, None, "所")], id="suo-yishang"),
        pytest.param("全区建设10个县级示范区", [("10个", 10, None, "个")], id="county-level-kind"),
        pytest.param(
            "巩固率达到百分之九十五", [("百分之九十五", 95, None, "%")], id="percent-words"
        ),
        pytest.param(
            "达到百分之九十二点五", [("百分之九十二点五", 92.5, None, "%")], id="percent-words-dot"
        ),
        pytest.param("受教育年限达到10.9年", [("10.9年", 10.9, None, "年")], id="years-of-school"),
    ],
)
def test_quantities_are_found_with_value_and_unit(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("到2023年底", id="year"),
        pytest.param("（2021—2023年）", id="period"),
        pytest.param("3—6岁幼儿", id="age"),
        pytest.param("服务半径0—3公里", id="distance"),
        pytest.param("桂政发〔2021〕34号", id="document-number"),
        pytest.param("第57次常务会议", id="ordinal"),
        pytest.param("“十四五”规划", id="plan-name"),
        pytest.param("推行1+X证书制度", id="one-plus-x"),
        pytest.param("“四个一百”建设", id="slogan-in-quotes"),
        pytest.param("“双千计划”", id="double-thousand"),
        pytest.param("20万人口以上县", id="population-threshold"),
        pytest.param("1500人以上大村", id="village-threshold"),
        pytest.param("随班就读5人以上的普通学校", id="school-threshold"),
        pytest.param("3万以上人口的镇", id="town-threshold"),
        pytest.param("每0.5－1.2万人口设置", id="per-population"),
        pytest.param("消除56人以上大班额", id="class-size-definition"),
        pytest.param("全区14个设区市和111个县", id="territory"),
        pytest.param("全市7个县区同步推进", id="territory-county"),
        pytest.param("每100名学生配备", id="per-denominator"),
        pytest.param("扶持一批民办高中", id="bare-batch"),
        pytest.param("培养一支高素质教师队伍", id="a-team"),
        pytest.param("常住人口3000人以上的行政村设置幼儿园", id="village-selector"),
        pytest.param("出口带宽100M以上的学校占比", id="bandwidth-selector"),
        pytest.param("就业率连续两年低于70%的专业予以撤并", id="rate-selector"),
        pytest.param("全国首批28家之一", id="rank"),
        pytest.param("高新区B1地块", id="code"),
        pytest.param("电话：0771-3247898", id="phone"),
        pytest.param("十九届二中全会", id="congress"),
        pytest.param("一师一优课", id="slogan-chinese-numerals"),
        pytest.param("5G网络", id="5g"),
        pytest.param("三年行动计划", id="duration"),
    ],
)
def test_non_items_are_not_found(text: str) -> None:
    assert found(text) == []


def test_a_figure_too_large_for_a_number_is_not_an_item() -> None:
    assert found("达到" + "9" * 400 + "%") == []
