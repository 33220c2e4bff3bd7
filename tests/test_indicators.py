"""The indicator catalog is well-formed; an item links only when its subject names one."""

from __future__ import annotations

import pytest

from planwatch.extract.indicators import link_items, load_catalog, match_subject
from planwatch.records import Item, Span

REQUIRED = {
    "preschool_gross_enrolment_rate",
    "upper_secondary_gross_enrolment_rate",
    "higher_education_gross_enrolment_rate",
    "nine_year_compulsory_retention_rate",
    "inclusive_kindergarten_coverage",
    "public_kindergarten_share",
    "primary_student_teacher_ratio",
    "junior_secondary_student_teacher_ratio",
    "senior_secondary_student_teacher_ratio",
    "vocational_secondary_student_teacher_ratio",
    "higher_education_student_teacher_ratio",
    "large_class_share",
    "oversized_class_share",
    "compulsory_school_standardization_rate",
    "disabled_children_compulsory_enrolment_rate",
    "dual_qualified_teacher_share",
    "teacher_training_participations",
    "higher_education_enrolment",
    "student_fitness_good_rate",
    "school_internet_access_rate",
    "multimedia_classroom_share",
    "general_vocational_enrolment_ratio",
    "fiscal_education_spending_share_of_gdp",
    "vocational_graduate_employment_rate",
    "teacher_vacancy_rate",
    "research_staff_ratio",
}


def item(subject: str, unit: str = "%") -> Item:
    return Item(Span(0, 1), "1", 1.0, unit, subject=subject)


def linked(subject: str, unit: str = "%") -> str | None:
    match = match_subject(subject, unit)
    return match.indicator if match else None


def test_catalog_has_the_required_indicators() -> None:
    ids = [i.id for i in load_catalog()]
    assert len(ids) == len(set(ids))
    assert REQUIRED <= set(ids)


def test_every_indicator_is_defined_with_direction_and_unit() -> None:
    for ind in load_catalog():
        assert ind.name and ind.aliases and ind.definition, ind.id
        assert ind.direction in {"higher", "lower", "balanced"}, ind.id
        assert ind.unit in {"%", "‰", "ratio", "人", "人次", "学时"}, ind.id


def test_rates_state_numerator_and_denominator() -> None:
    for ind in load_catalog():
        if ind.unit in {"%", "‰", "ratio"}:
            assert ind.numerator and ind.denominator, ind.id


def test_gross_enrolment_rate_follows_ministry_formula() -> None:
    rate = next(i for i in load_catalog() if i.id == "preschool_gross_enrolment_rate")
    assert "在园幼儿数" in rate.numerator
    assert "3—5" in rate.denominator
    assert {"学前三年毛入园率", "学前教育三年毛入园率"} <= set(rate.aliases)


def test_no_alias_belongs_to_two_indicators() -> None:
    seen: dict[str, str] = {}
    for ind in load_catalog():
        for alias in ind.aliases:
            assert seen.setdefault(alias, ind.id) == ind.id, alias


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param("学前三年毛入园率", "preschool_gross_enrolment_rate", id="preschool-3y"),
        pytest.param(
            "学前教育三年毛入园率", "preschool_gross_enrolment_rate", id="preschool-3y-edu"
        ),
        pytest.param("全市学前教育毛入园率", "preschool_gross_enrolment_rate", id="prefix"),
        pytest.param("學前教育三年毛入園率", "preschool_gross_enrolment_rate", id="traditional"),
        pytest.param("高中阶段教育毛入学率", "upper_secondary_gross_enrolment_rate", id="hs-edu"),
        pytest.param("高中阶段毛入学率", "upper_secondary_gross_enrolment_rate", id="hs"),
        pytest.param("职业教育“双师型”教师占比", "dual_qualified_teacher_share", id="quotes"),
        pytest.param("职业教育＂双师型＂教师占比", "dual_qualified_teacher_share", id="fullwidth"),
        pytest.param("残疾儿童义务教育阶段入学率", "disabled_children_compulsory_enrolment_rate"),
        pytest.param("义务教育学校互联网接入率", "school_internet_access_rate", id="internet"),
    ],
)
def test_subject_naming_an_indicator_links_to_it(subject: str, expected: str) -> None:
    assert linked(subject) == expected


def test_longest_alias_wins_over_a_contained_one() -> None:
    assert linked("初中义务教育巩固率") == "junior_secondary_retention_rate"
    assert linked("九年义务教育巩固率") == "nine_year_compulsory_retention_rate"


def test_generic_student_teacher_ratio_needs_the_level_word() -> None:
    assert linked("小学生师比", "ratio") == "primary_student_teacher_ratio"
    assert linked("普通高中生师比", "ratio") == "senior_secondary_student_teacher_ratio"
    assert linked("初中阶段生师比", "ratio") == "junior_secondary_student_teacher_ratio"
    assert linked("生师比", "ratio") is None


def test_unit_must_fit_the_indicator() -> None:
    assert linked("学前三年毛入园率", "所") is None
    assert linked("教师培训", "人次") == "teacher_training_participations"
    assert linked("县区学科骨干教师培训比例", "%") is None


def test_subject_naming_no_indicator_stays_unlinked() -> None:
    assert linked("义务教育学校", "所") is None
    assert linked("新建公办幼儿园", "所") is None
    assert linked("义务教育优质均衡发展县奖励", "元") is None


def test_a_stated_change_is_not_the_indicator_level() -> None:
    assert linked("学前三年毛入园率比2015年提高") is None


def test_linking_sets_each_item_s_indicator_and_evidence() -> None:
    items = [item("新建公办幼儿园", "所"), item("学前三年毛入园率"), item("小学生师比", "ratio")]
    link_items(items)
    assert [(i.indicator, i.link_evidence) for i in items] == [
        (None, ""),
        ("preschool_gross_enrolment_rate", "学前三年毛入园率"),
        ("primary_student_teacher_ratio", "小学生师比"),
    ]
