"""How a target's observations add up: a level judged on the latest value, or a cumulative count.

A level (学前教育毛入园率达到92.4%, 大班额控制在5%以内, 生师比) is a state reached at a time:
its latest observation is compared with the target. A count of things to do (新建150所公办
幼儿园, 培训3万人次, 投入10亿元) adds up: each observation is what was done in its period and
the target is compared with their sum since the plan began.

The rules are tried in order; the first that applies decides. Each carries its reason and a
sentence it decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.track.model import Measure

__all__ = ["MEASURE_RULES", "MeasureRule", "measure_of"]

# Units that name a proportion or a ratio: their value is a state, never something summed.
RATE_UNITS = frozenset({"%", "‰", "pp", "ratio"})
_CLAUSE_END = re.compile(r"[，,；;。！!？?\n]")


@dataclass(frozen=True, slots=True)
class MeasureRule:
    """One rule: where it looks, the words it looks for, what it decides, why, an example."""

    name: str
    measure: Measure
    pattern: re.Pattern[str] | None  # None: the rule decides by unit alone
    units: frozenset[str]  # empty: any unit
    reason: str
    example: str


def _rule(
    name: str, measure: Measure, words: str | None, units: frozenset[str], *notes: str
) -> MeasureRule:
    """A rule from its words (a regular expression) and its notes: the reason, an example."""
    why, example = notes
    return MeasureRule(name, measure, re.compile(words) if words else None, units, why, example)


MEASURE_RULES: tuple[MeasureRule, ...] = (
    _rule(
        "rate unit",
        "level",
        None,
        RATE_UNITS,
        "A proportion or ratio is a state at a time; adding two years of it means nothing.",
        "学前教育毛入园率达到92.4%",
    ),
    _rule(
        "ratio subject",
        "level",
        r"生师比|师生比|比例|比率|占比|覆盖率|[入升巩]学率|入园率|达标率|优良率",
        frozenset(),
        "The subject names a ratio even when the unit was lost (生师比 written 19:1 → 19).",
        "小学生师比不高于19",
    ),
    _rule(
        "per year or per head",
        "level",
        r"每|年均|平均",
        frozenset(),
        "An amount per year, per head or per school (每年, 每五年, 每生, 每所) is a standard met "
        "period by period or unit by unit: the latest figure is judged, never a sum.",
        "每年培训教师1万人次；教师每五年培训不少于360学时",
    ),
    _rule(
        "running total",
        "cumulative",
        r"累计|共计|总计|合计",
        frozenset(),
        "累计 states outright that the figure adds up over the plan period.",
        "累计培训校长教师10万人次",
    ),
    _rule(
        "doing words",
        "cumulative",
        r"新建|改建|扩建|改扩建|新增|增加|增设|建成|建设|创建|打造|培育|遴选|认定|招聘|"
        r"补充|培训|轮训|资助|投入|安排|下达|筹措|完成|实施|开展|举办|消除|化解|减少",
        frozenset(),
        "A count of things to do is done bit by bit: each report is what was done in it.",
        "新建150所公办幼儿园；培训3万人次；投入资金10亿元",
    ),
    _rule(
        "state words",
        "level",
        r"达到|保持|稳定在|控制在|不低于|不少于|不超过|以上|以内|以下",
        frozenset(),
        "A state to reach or keep (在园幼儿达到200万人) is a stock, judged on its latest value.",
        "在园幼儿达到200万人",
    ),
    _rule(
        "default",
        "level",
        None,
        frozenset(),
        "Without a word of doing, a figure describes a state to reach: judged on the latest value.",
        "示范性高中30所",
    ),
)


def _last_clause(text: str) -> str:
    """The clause that holds the figure: the text after the last clause break."""
    return _CLAUSE_END.split(text)[-1]


def _applies(rule: MeasureRule, words: str, unit: str) -> bool:
    if rule.units and unit not in rule.units:
        return False
    return rule.pattern is None or rule.pattern.search(words) is not None


def measure_of(subject: str, text_around: str, unit: str) -> Measure:
    """How the target's observations add up: ``"level"`` or ``"cumulative"``.

    ``subject`` is the item's subject (学前教育毛入园率, 公办幼儿园); ``text_around`` the text
    before the figure in its sentence — only its last clause is read, so that 新建 in an
    earlier clause does not make a later rate cumulative; ``unit`` the normalized unit.

    >>> measure_of("公办幼儿园", "到2025年，新建", "所")
    'cumulative'
    >>> measure_of("学前教育毛入园率", "新建150所幼儿园，学前教育毛入园率达到", "%")
    'level'
    """
    words = _last_clause(text_around) + subject
    for rule in MEASURE_RULES:
        if _applies(rule, words, unit):
            return rule.measure
    return "level"
