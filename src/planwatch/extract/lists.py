"""Subjects read across a list of figures: 分别, 比2015年提高, 升学率 after 就业率.

Worked example: in ``"毛入园率94.67%、巩固率100%，分别比2015年提高20.67%、6%"`` the two
rises first read the subject 分别比2015年提高; ``refine_subjects`` names them after the rates
they follow: 毛入园率比2015年提高 and 巩固率比2015年提高.
"""

from __future__ import annotations

import re

from planwatch.extract.context import sentence_start
from planwatch.extract.quantities import Quantity
from planwatch.extract.rules import RELATION_AFTER_ALT
from planwatch.records import Item

# A change against an earlier time: 比2015年提高, 较上年增长, 较2015年分别提高.
_COMPARISON = re.compile(
    r"^(?:比|较)(?:(?:19|20)\d\d年(?:底|末)?|上年|去年|上一年|同期|上年同期"
    r"|(?:规划)?基期（(?:19|20)\d\d年）)(?:分别)?"
    r"(?:提高|增加|增长|下降|减少|上升)"
)
_COMPARISON_IN = re.compile(_COMPARISON.pattern.removeprefix("^"))
# A list of names, then 分别, right before figures listed with 、 or 和.
_NAMED_LIST = re.compile(
    r"(?P<names>[^，。；、\s]{1,12}(?:、[^，。；、\s]{1,12})+)分别[^，。；、]{0,8}$"
)
_JOINER = re.compile("[和与及]")
_LIST_GAP = re.compile(rf"[ \t]*(?:{RELATION_AFTER_ALT})?[ \t]*[、和及与][ \t]*")
_LEVELS = "普通高中|高中|初中|小学|幼儿园|中职|学前"
_LEVEL_HEAD = re.compile(rf"^(?:{_LEVELS})(?:每生每年|每生)?$")  # a level alone: 初中
_LEVEL_TAIL = re.compile(rf"(?:{_LEVELS})(?:每生每年|每生)?$")
_BARE_RATE = re.compile(r"^[\u4e00-\u9fff]{1,3}率$")


def refine_subjects(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """Rename the subjects of figures that take their name from figures around them."""
    _pair_respectively(text, quantities, items)
    _name_comparisons(text, quantities, items)
    _pair_named_list(text, quantities, items)
    _complete_elliptical_rates(text, quantities, items)
    _complete_levels(text, quantities, items)
    _measure_before_levels(text, quantities, items)
    _name_shares(text, quantities, items)


def _one_sentence(text: str, start: int, end: int) -> bool:
    return "。" not in text[start:end]


def _name_comparisons(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """毛入园率达到88.6%，比2015年提高8.2个百分点: the rise is the rate's rise."""
    for i in range(1, len(items)):
        if (
            _COMPARISON.match(items[i].subject)
            and "分别" not in items[i].subject
            and _one_sentence(text, quantities[i - 1].end, quantities[i].start)
        ):
            base = items[i - 1].subject  # its own rise, not the rise of a rise
            earlier = _COMPARISON_IN.search(base)
            items[i].subject = (base[: earlier.start()] if earlier else base) + items[i].subject


def _pair_named_list(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """小学、初中生师比分别控制在19：1和13.5：1: the k-th figure belongs to the k-th name.

    Names joined by 和, 与 or 及 pair the same way: 覆盖率和占比分别达到88%和55%.
    """
    i = 0
    while i < len(quantities):
        start = quantities[i].start
        respectively = text.find("分别", max(0, start - 20), start) >= 0
        named = (  # the regex only where 分别 stands right before the figure
            _NAMED_LIST.search(text, sentence_start(text, start), start) if respectively else None
        )
        n = 1
        while i + n < len(quantities) and _LIST_GAP.fullmatch(
            text, quantities[i + n - 1].end, quantities[i + n].start
        ):
            n += 1
        names = _listed_names(named["names"] if named else "", n)
        if respectively and len(names) != n:
            names = _listed_names(items[i].subject, n)
        if len(names) == n > 1:
            noun = _shared_noun(names)
            for k, name in enumerate(names):
                items[i + k].subject = name + noun if k < len(names) - 1 else name
        i += n


def _listed_names(names: str, n: int) -> list[str]:
    """The names of a list of n: A、B、C, or with the last two joined: A和B, A、B及C.

    A 和 splits only as the one 和/与/及 of the last part: in 教学和科研人员、管理人员 it is
    inside a name.
    """
    parts = names.split("、") if names and "分别" not in names else []
    if parts and len(parts) + 1 == n:
        last = _JOINER.split(parts[-1])
        if len(last) == 2 and all(last):
            return [*parts[:-1], *last]
    return parts


def _shared_noun(names: list[str]) -> str:
    """小学、初中生师比: the last name carries the noun the others share (生师比).

    Only short names (levels, places) share a noun; 毛入园率、巩固率 are names of their own.
    """
    short = max(len(n) for n in names[:-1])
    extra = len(names[-1]) - short
    return names[-1][-extra:] if short <= 4 and extra >= 2 else ""


def _complete_elliptical_rates(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """毕业生就业率达97%，升学率66%: 升学率 is the graduates' too (毕业生升学率)."""
    for i in range(1, len(items)):
        item, before = items[i], items[i - 1]
        if not _BARE_RATE.match(item.subject) or before.unit != item.unit:
            continue
        head = before.subject[: -len(item.subject)]
        if (
            before.subject.endswith("率")
            and len(head) >= 2
            and _one_sentence(text, quantities[i - 1].end, quantities[i].start)
        ):
            item.subject = head + item.subject


def _pair_respectively(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """A率94.67%、B率100%，分别比2015年提高20.67%、6%: each rise takes its own rate's name."""
    i = 0
    while i < len(items):
        subject = items[i].subject
        if not (subject.startswith("分别") or ("分别" in subject and _COMPARISON.match(subject))):
            i += 1
            continue
        n = 1
        while i + n < len(items) and items[i + n].subject == subject:
            n += 1
        earlier = range(i - n, i)
        if i >= n and _one_sentence(text, quantities[i - n].start, quantities[i].start):
            for k, j in enumerate(earlier):
                items[i + k].subject = items[j].subject + subject.replace("分别", "", 1)
        i += n


def _complete_levels(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """生均用房面积小学达到4.5平方米、初中达到5.8平方米: 初中 is the same measure's."""
    for i in range(1, len(items)):
        item, before = items[i], items[i - 1]
        level = _LEVEL_HEAD.match(item.subject)
        if not level or before.unit != item.unit:
            continue
        previous = _LEVEL_TAIL.search(before.subject)
        if (
            previous
            and previous.start() >= 2
            and _one_sentence(text, quantities[i - 1].end, quantities[i].start)
        ):
            item.subject = before.subject[: previous.start()] + item.subject


_LEVELS_ONLY = re.compile(rf"^(?:{_LEVELS})(?:[、和与及](?:{_LEVELS}))*$")
_LEVEL_START = re.compile(rf"(?:{_LEVELS})")
# A measure named in the clause before a list of levels: 生均教学及辅助用房面积，小学、初中
# 分别达到4.5平方米、5.8平方米 (it ends like a measure: 数, 率, 面积, 比例, 定额 …).
_MEASURE_CLAUSE = re.compile(
    r"(?:^|[，；：:。\n])(?P<measure>[^，；：:。\n]{2,24}?"
    r"(?:数|率|面积|比例|额|标准|定额|经费|时间|规模))$"
)


def _measure_before_levels(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """每百名学生拥有高于规定学历教师数，小学、初中分别达到4.2人、5.3人: each level's figure
    is that measure's (小学每百名学生拥有高于规定学历教师数)."""
    for q, item in zip(quantities, items, strict=True):
        if not _LEVELS_ONLY.match(item.subject):
            continue
        lo = max(0, q.start - 60)
        cut = max(text.rfind("，", lo, q.start), text.rfind("：", lo, q.start))
        if cut < 0 or "；" in text[cut : q.start] or not _LEVEL_START.match(text, cut + 1):
            continue
        measure = _MEASURE_CLAUSE.search(text, max(0, cut - 30), cut)
        if measure is not None:
            item.subject += measure["measure"]


def _name_shares(text: str, quantities: list[Quantity], items: list[Item]) -> None:
    """共有省等级幼儿园1 032所，占比达98.4%; 86所中小学开设了…，占中小学总数的14.2%: a share
    with no subject of its own is of the figure before it (省等级幼儿园占比)."""
    for i in range(1, len(items)):
        subject = items[i].subject
        if not subject.startswith("占") or items[i].unit != "%":
            continue
        if not _one_sentence(text, quantities[i - 1].end, quantities[i].start):
            continue
        share = subject.removesuffix("的")
        if share != "占比" and not share.endswith("比例"):
            share += "比例"
        items[i].subject = items[i - 1].subject + share
