"""Coverage reads the whole lower plan: its paragraphs, 专栏 rows and tasks, by jieba words with
education synonyms; each verdict cites a passage, says how sure it is and why; garbled text
lowers the confidence instead of deciding 未承接."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from planwatch.analyze import Plan, PlanTask, coverage
from planwatch.analyze.passages import HEADING, PARAGRAPH, ROW, garbled, passages
from planwatch.analyze.targets import compared
from planwatch.analyze.words import programmes, synonym_groups, words
from planwatch.records import Indicator, Item, Span

CATALOG = {"preschool": Indicator("preschool", "学前教育毛入园率", [], "%", "higher", "学前教育")}
_ids = iter(range(1, 10_000))


def plan(pid: int, source: str = "", tasks: list[PlanTask] | None = None, **kw: Any) -> Plan:
    return Plan(
        id=pid,
        name=f"plan{pid}.txt",
        source=source,
        text=source,
        tasks=tasks or [],
        period_start=2018,
        period_end=2020,
        **kw,
    )


def task(source: str, title: str, section: str = "（一）开放") -> PlanTask:
    """The task of ``source`` whose paragraph opens with ``title``: its span and body."""
    start = source.index(title)
    end = source.find("\n\n", start)
    end = len(source) if end < 0 else end
    return PlanTask(next(_ids), "1", title, section, source[start:end], start, end)


def test_the_worked_example_of_passages() -> None:
    text = "一、目标\n\n到2020年，……。\n专栏1 项目\n名称\t学位\n一小\t900"
    found = [(text[p.start : p.end], p.kind) for p in passages(text)]
    assert found == [
        ("一、目标", HEADING),
        ("到2020年，……。", PARAGRAPH),
        ("专栏1 项目", HEADING),
        ("名称\t学位", ROW),
        ("一小\t900", ROW),
    ]


def test_a_table_exported_cell_by_cell_is_one_row_and_a_page_break_keeps_a_paragraph() -> None:
    broken = "建立健全校本教研制度，加强以问题为导向的培训，深化教学方式改革，促\n\n进教师发展。"
    text = "\t钦州市第十七中学\n\t2400\n\t公办\n\n" + broken
    found = [(text[p.start : p.end], p.kind) for p in passages(text)]
    assert found == [("\t钦州市第十七中学\n\t2400\n\t公办", ROW), (broken, PARAGRAPH)]


def test_synonyms_give_two_wordings_a_shared_word() -> None:
    assert "§study_abroad" in words("加强双向留学工作")
    assert "§study_abroad" in words("出台《南宁市国际友好城市留学生奖学金管理办法》")
    building = set(words("开展百校建设大会战")) & set(words("推进一批普通高中的新建、改扩建"))
    assert "§build_schools" in building


def test_every_synonym_group_says_why_and_gives_an_example() -> None:
    groups = synonym_groups()
    assert len({g.id for g in groups}) == len(groups) >= 20
    assert all(g.terms and g.reason and "~" in g.example for g in groups)


def test_unknown_words_give_their_pairs_but_garbled_debris_does_not() -> None:
    assert {"师德", "师风"} <= set(words("加强师德师风建设"))
    assert words("增强高??萍纰撔潞头漳芰?") == ("增强",)
    assert garbled("增强高??萍纰撔潞头漳芰?。大力推进科教结合")
    assert not garbled("是否？全面推进。")


def test_stop_words_and_counting_numerals_name_no_task() -> None:
    assert words("加强和推进，积极落实") == ()
    assert "星级" in words("晋升自治区一星级、二星级幼儿园") and "一星级" not in words("一星级")


def test_programmes_are_the_names_a_text_quotes() -> None:
    names = programmes("继续开展“一师一优课、一课一名师”活动，消除“大班额”，落实《实施办法》")
    assert names == {"一师一优课、一课一名师", "实施办法"}


HIGHER = """（六）实施教育开放发展工程。

2.加强双向留学工作。扩大来华留学规模，完善留学生奖学金制度，鼓励出国留学访学。

3.加强学校体育工作。开齐开足体育课，建设校园足球特色学校，保障学生每天锻炼一小时。"""

LOWER = """二、主要任务

着力推进“留学绿城”计划，出台留学生奖学金管理办法，扩大留学生奖学金名额和发放范围，支持教师出国访学。

（一）加强师德师风建设。完善教师荣誉制度。"""


def test_a_task_taken_up_in_a_paragraph_that_is_no_task_is_found_and_cited() -> None:
    higher = plan(1, HIGHER, [task(HIGHER, "加强双向留学工作"), task(HIGHER, "加强学校体育工作")])
    lower = plan(2, LOWER, [task(LOWER, "（一）加强师德师风建设")])
    abroad, sport = coverage(higher, [lower], CATALOG).tasks
    assert abroad.status in ("covered", "partial") and abroad.citation is not None
    cited = LOWER[abroad.citation.start : abroad.citation.end]
    assert cited.startswith("着力推进“留学绿城”计划") and abroad.match is None
    assert "留学生" in abroad.reason and abroad.confidence in ("high", "medium")
    assert (sport.status, sport.citation, sport.confidence) == ("not_covered", None, "high")
    assert "未见承接" in sport.reason


def test_a_garbled_task_is_read_around_and_never_judged_not_taken_up() -> None:
    source = "4.增强高??萍纰撔潞头漳芰?。启动科技创新基地试点，共建重点实验室和智库。"
    higher = plan(1, source, [task(source, "4.增强高??萍纰撔潞头漳芰?")])
    lower = plan(2, "（一）加强师德师风建设。完善教师荣誉制度。")
    (match,) = coverage(higher, [lower], CATALOG).tasks
    assert (match.status, match.confidence) == ("partial", "low")
    assert "增强高??" in match.garbled and "乱码" in match.reason


def test_a_short_task_is_not_taken_up_by_a_word_or_two() -> None:
    higher_text = "1.加强平安校园建设。办学条件达标率达到100%。"
    lower_text = "改扩建中等职业学校7所，办学条件达标率达到85%。"
    higher = plan(1, higher_text, [task(higher_text, "1.加强平安校园建设")])
    (match,) = coverage(higher, [plan(2, lower_text)], CATALOG).tasks
    assert match.status != "covered"


def test_a_lower_target_of_the_task_s_indicator_is_cited_when_its_words_are_elsewhere() -> None:
    higher_text = "1.普及学前教育。毛入园率达到92%。"
    goal = Item(Span(12, 15), "92%", 92, "%", indicator="preschool", year=2020, id=1)
    higher = plan(1, higher_text, [task(higher_text, "1.普及学前教育")], items=[goal])
    mine = Item(Span(5, 8), "95%", 95, "%", indicator="preschool", year=2020, id=2, quote="达到95%")
    (match,) = coverage(higher, [plan(2, "总体目标：达到95%。", items=[mine])], CATALOG).tasks
    assert match.status == "partial" and match.indicators == ("preschool",)
    assert match.citation is not None and (match.citation.kind, match.citation.start) == ("目标", 5)


def test_a_target_reached_sooner_is_not_weaker_and_a_stage_on_the_way_is_not_compared() -> None:
    higher = Item(Span(0, 1), "90%", 90, "%", relation=">=", year=2022)
    sooner = Item(Span(0, 1), "95%", 95, "%", relation=">=", year=2021)
    stage = Item(Span(0, 1), "88%", 88, "%", relation=">=", year=2021)
    later = Item(Span(0, 1), "88%", 88, "%", relation=">=", year=2022)
    assert compared(higher, [sooner], "higher") == "consistent"
    assert compared(higher, [stage], "higher") == ""
    assert compared(higher, [stage, later], "higher") == "weaker"


def test_standards_per_student_or_class_are_compared_by_their_words() -> None:
    def standard(value: float, subject: str, relation: str = "=", unit: str = "元") -> Item:
        return Item(Span(0, 1), "", value, unit, relation=relation, year=2022, subject=subject)

    fund = standard(650, "生均公用经费基准定额小学每生每年")
    higher = plan(1, "", items=[replace(fund, id=1)])
    for value, verdict in ((650, "consistent"), (600, "weaker")):
        lower = plan(2, "", items=[replace(fund, value=value, id=2)])
        (match,) = coverage(higher, [lower], CATALOG).targets
        assert (match.how, match.verdict) == ("文字", verdict)
    ceiling = standard(45, "新入学年级小学每班", "<=", "人")
    higher = plan(1, "", items=[replace(ceiling, id=1)])
    for value, verdict in ((40, "consistent"), (50, "weaker")):
        lower = plan(2, "", items=[replace(ceiling, value=value, id=2)])
        (match,) = coverage(higher, [lower], CATALOG).targets
        assert match.verdict == verdict and match.reason


def test_a_review_of_the_past_takes_no_task_up() -> None:
    """发展基础 says what was done and 近年来 opens a look back: no taking up of a task there."""
    text = (
        "一、发展基础\n\n全市新建普通高中5所，改善了高中办学条件。\n\n"
        "二、主要任务\n\n（三）振兴县域普通高中。新建普通高中，扩大优质高中学位。\n\n"
        "近年来，全市高中办学条件明显改善。"
    )
    review = [text[p.start : p.end][:4] for p in passages(text) if p.review]
    assert review == ["全市新建", "近年来，"]


def test_a_target_whose_indicator_the_catalog_lacks_is_matched_by_its_words() -> None:
    goal = Item(Span(0, 1), "", 95, "%", relation=">=", year=2020, subject="巩固率", id=1)
    higher = plan(1, "", items=[replace(goal, indicator="retired_indicator")])
    (match,) = coverage(higher, [plan(2, "", items=[replace(goal, id=2)])], CATALOG).targets
    assert (match.how, match.status, match.verdict) == ("文字", "covered", "consistent")
