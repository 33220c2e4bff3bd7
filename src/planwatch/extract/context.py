"""Read an item's relation, deadline year, kind and subject from the words around it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from planwatch.extract.numbers import parse_number
from planwatch.extract.quantities import Quantity
from planwatch.extract.rules import (
    CLAUSE_RELATIONS,
    RELATION_AFTER,
    RELATION_AFTER_ALT,
    RELATION_BEFORE,
    REVIEW_HEADINGS,
    SUBJECT_TRAILING_WORDS,
)

_RELATION_AFTER_RE = re.compile(rf"[ \t]*({RELATION_AFTER_ALT})")
# Words before the number, matched on the reversed clause: the longest word first.
_RELATION_BEFORE_RE = re.compile(
    "|".join(w[::-1] for w in sorted(RELATION_BEFORE, key=len, reverse=True))
)
# Words that hold for a figure anywhere later in their clause (不少于每生每年200元).
_CLAUSE_RELATION_RE = re.compile("|".join(sorted(CLAUSE_RELATIONS, key=len, reverse=True)))

# Years are found from their 年 (fast to scan), then read backwards: 2023年, 5年内.
_YEAR_CHAR = re.compile("年")
_YEAR_DIGITS = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)[ \t]*\Z|(?<!\d)(?P<within>[1-9一二三四五六七八九十])\Z"
)
_YEAR_POST = re.compile("底|末|前|以来|起|内")
# A year of comparison is no date for the figures after it: 比2015年提高, 较2020年,
# 比规划基期（2020年）提高了3.3个百分点, 在2018年基础上每年降低1个百分点.
_COMPARISON_BEFORE = ("比", "较", "基期（", "基期(", "基数（", "基准（", "基准年（")
_COMPARISON_AFTER = ("基础上", "的基础上", "水平上", "的水平上")
_PLAN_PERIOD = re.compile(
    r"(?P<plan>十[一二三四五六七八九]五|十五)(?!年)[”\"]?(?P<ppost>期间|时期|末|以来|初)?"
)
_CLAUSE_DELIMS = "，。；;：:！？\n（(、,"
_DELIM_BACKWARDS = re.compile("[" + re.escape(_CLAUSE_DELIMS) + "）]")
# Where the noun phrase after a figure ends: punctuation, a joined figure, a verb of
# reaching or a modal (生产劳动实践方可毕业 → 生产劳动实践; 农村学校未达到… → 农村学校).
_SUBJECT_STOP = re.compile(
    r"[，。；;：:！？\n、,+＋]|[和及与](?=\s*\d)|通过|达到|实现|建设成效|进行|方可|才能|即可"
    r"|未(?:达到|达标|建成|通过)"
)
# A denominator per head and period ending the phrase before a sum (每生每年600元): the
# unit of the figure, not the thing it pays for; a bare frequency (每年, 每天) stays.
_PER_HEAD_TRAIL = re.compile(r"[ \t]*每(?:生|人|校|所|班|名)每(?:年|学年|学期|月|天|日|周)$")
# 面向全体学生开设…: the people a measure is for, before the verb that names the measure.
_FACING = re.compile(r"面向[^，。；\n]{1,10}?(?:开设|开展|组织|实施|提供|设置)")
# A short name before a 、 (no figure, no punctuation): one of a list of names.
_NAME_BEFORE_PAUSE = re.compile(r"(?<![^，。；;：:！？\n（(、,])[\u4e00-\u9fff]{1,6}$")
_PUNCTUATION_STOP = re.compile(r"[，。；;：:！？\n,、]")
_NOTE = re.compile(r"[ \t]*[（(][^（()）。；\n]{1,40}[）)][ \t]*")  # （详见专栏1）, （含…）
_OPEN = re.compile("[（(]")
_CLOSE = re.compile("[）)]")
_ETC_TAIL = re.compile(r"[^，。；;：:！？\n\d]{1,20}?等[^，。；;：:！？\n、\d]{1,20}")
_CHANGE_VERBS = (
    "新改扩建",
    "新建扩建",
    "新建、改扩建",
    "改扩建",
    "新建",
    "扩建",
    "新增",
    "新认定",
    "改造",
    "迁建",
)
# An item's list marker (一、 （二） 3． ④) opens its sentence but never names what is measured.
_LIST_MARKER = (
    r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}[、．.](?!\d)|[①-⑳]"
)
_LEADING_NOISE = re.compile(
    rf"^(?:{_LIST_MARKER}|(?:到|至|在)?\s*(?:19|20)\d\d\s*年(?:底|末)?(?:前)?，?|全市|全区|全县|全省|全国|我市|我区|"
    r"我县|力争|确保|努力|基本|逐步|进一步|并|其中|同时|使|推动|推进|其|要|目前|截至目前|当前|"
    r"已有|共有|仍有|尚有|(?:严格)?按照|"
    r"[“\"]?十[一二三四五六七八九]?五[”\"]?(?:期间|时期|末)?，?)+"
)
# Words at the end of the phrase before a figure that are not its subject: the relation words
# and the verbs and adverbs of reaching (达到, 分别, 将, 由2015年的 …).
_TRAILING_VERB = re.compile(
    "(?:"
    + "|".join(
        sorted(
            [re.escape(w) for w in (*RELATION_BEFORE, *SUBJECT_TRAILING_WORDS)]
            + [r"由(?:19|20)\d\d年的?", r"从(?:19|20)\d\d年的?"]
            # 由2015年的12.3%下降到2020年的1.8%: the second figure is the same measure's
            + [r"(?:提高|下降|降|增加|增长|上升|提升)(?:到|至)(?:19|20)\d\d年(?:底|末)?的?"],
            key=len,
            reverse=True,
        )
    )
    + ")+$"
)
_PAST_SECTION = re.compile("|".join(REVIEW_HEADINGS))
_AFTER_WORDS = sorted(RELATION_AFTER, key=len, reverse=True)
PLAN_PERIOD_END = {
    "十一五": 2010,
    "十二五": 2015,
    "十三五": 2020,
    "十四五": 2025,
    "十五五": 2030,
    "十五": 2005,
}


@dataclass(slots=True)
class YearMention:
    """A year named in the text: where, which year, and whether it is a deadline."""

    start: int
    end: int
    year: int
    deadline: bool  # 到2023年 / 2023年 / 十四五期间; False for 比2015年 and 2014年以来
    plan_period: bool = False  # 十四五 etc.
    within: int = 0  # 5年内: a span of years from the plan's start, year left 0
    origin: bool = False  # 由2015年的12.3%: the year of the next figure only


def find_years(text: str) -> list[YearMention]:
    """Every year mention of the text, in order."""
    mentions = [y for n in _YEAR_CHAR.finditer(text) if (y := _year_at(text, n.start()))]
    for p in _PLAN_PERIOD.finditer(text):
        end = PLAN_PERIOD_END.get(p["plan"])
        if end and (p["ppost"] or "规划" not in text[p.end() : p.end() + 3]):
            since = p["ppost"] == "以来"  # “十四五”以来: up to now, not a deadline
            mentions.append(YearMention(p.start(), p.end(), end, not since, plan_period=True))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _year_at(text: str, nian: int) -> YearMention | None:
    """The year mention whose 年 stands at ``nian``: 到2023年底, 比2015年, 5年内."""
    digits = _YEAR_DIGITS.search(text, max(0, nian - 6), nian)
    if digits is None:
        return None
    post = _YEAR_POST.match(text, nian + 1)
    after = post.group() if post else ""
    end = post.end() if post else nian + 1
    if digits["within"]:
        if after != "内":
            return None
        within = int(parse_number(digits["within"]) or 0)
        return YearMention(digits.start(), end, 0, True, within=within)
    if text.startswith(("—", "-", "－", "–", "~", "～"), nian + 1):
        return None  # a period such as 2021年—2023年 is read by its end year
    before = text[max(0, digits.start() - 4) : digits.start()].rstrip(" \t")
    deadline = (
        not before.endswith(_COMPARISON_BEFORE)
        and after not in ("以来", "起")
        and not text.startswith(_COMPARISON_AFTER, end)
    )
    origin = before.endswith(("由", "从")) and text.startswith("的", end)
    return YearMention(digits.start(), end, int(digits["year"]), deadline, origin=origin)


def relation_of(text: str, q: Quantity, clause_lo: int | None = None) -> str:
    """>=, <=, ~ or = from the words right after and right before the quantity.

    ``clause_lo`` is where the clause before the quantity starts, when already known.
    """
    if q.relation:
        return q.relation
    after = _RELATION_AFTER_RE.match(text, q.end, q.end + 6)
    if after:
        return RELATION_AFTER[after.group(1)]
    lo = clause_start(text, q.start) if clause_lo is None else clause_lo
    clause = text[lo : q.start]
    before = _RELATION_BEFORE_RE.match(clause.rstrip()[::-1])
    if before:
        return RELATION_BEFORE[before.group()[::-1]]
    if clause.rstrip().endswith("的"):  # X 不超过 Y 的 1.5倍: the word before the whole
        share = _RELATION_BEFORE_RE.findall(clause[::-1])
        if share:
            return RELATION_BEFORE[share[0][::-1]]
    anywhere = _CLAUSE_RELATION_RE.findall(clause)
    return CLAUSE_RELATIONS[anywhere[-1]] if anywhere else "="


def clause_start(text: str, pos: int, limit: int = 40) -> int:
    """Where the clause ending at pos starts; a soft line break does not end it."""
    floor = max(0, pos - limit)
    hi = pos
    while hi > floor:
        m = _DELIM_BACKWARDS.search(text[floor:hi][::-1])
        if m is None:
            return floor
        i = hi - 1 - m.start()
        if text[i] == "\n" and soft_break(text, i):
            hi = _skip_newlines_back(text, i) + 1
        elif text[i] == "）" and (opened := text.rfind("（", floor, i)) >= 0:
            hi = opened  # 县（市）: a bracket does not end the clause
        elif text[i] == "）":
            hi = i
        elif text[i] == "、" and text.endswith(_CHANGE_VERBS, max(floor, i - 4), i):
            hi = i  # 新建、改扩建公办幼儿园30所: the verbs are one phrase
        else:
            return i + 1
    return floor


def _skip_newlines_back(text: str, i: int) -> int:
    while i >= 0 and text[i] == "\n":
        i -= 1
    return i


def soft_break(text: str, newline: int) -> bool:
    """A line break inside a sentence: a long line ending in a character, the next going on.

    Plans pasted from Word sometimes break a paragraph mid-word (九年义务教育巩固⏎⏎率达到96%).
    """
    before = _skip_newlines_back(text, newline)
    after = newline
    while after < len(text) and text[after] == "\n":
        after += 1
    if before < 0 or after >= len(text):
        return False
    long_line = before >= 20 and text.find("\n", before - 20, before) < 0  # 20 characters or more
    return _is_cjk(text[before]) and _is_cjk(text[after]) and long_line


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# The longest sentence read back from a figure: a run-on text without 。 (a page of
# "95% 95% …") is read in windows, so that reading each figure costs the same.
SENTENCE_MAX = 600


def sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding pos (a soft line break does not end a sentence), at
    most SENTENCE_MAX characters back."""
    floor = max(0, pos - SENTENCE_MAX)
    start = max(text.rfind("。", floor, pos), text.rfind("\n", floor, pos)) + 1
    while start > floor and text[start - 1] == "\n" and soft_break(text, start - 1):
        end = _skip_newlines_back(text, start - 1) + 1
        start = max(text.rfind("。", floor, end), text.rfind("\n", floor, end)) + 1
    return max(start, floor)


@dataclass(slots=True)
class YearIndex:
    """Year mentions of a text, searchable by position."""

    mentions: list[YearMention]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> YearIndex:
        mentions = find_years(text)
        return cls(mentions, [m.start for m in mentions])

    def last_before(self, lo: int, hi: int) -> YearMention | None:
        """The last deadline-like year mention inside [lo, hi) that holds at ``hi``.

        由2015年的12.3%下降到1.8%: 2015 holds for 12.3% only, not for 1.8%.
        """
        i = bisect_right(self.starts, hi - 1) - 1
        while i >= 0 and self.mentions[i].start >= lo:
            mention = self.mentions[i]
            if (
                mention.deadline
                and mention.end <= hi
                and not (mention.origin and hi - mention.end > 2)
            ):
                return mention
            i -= 1
        return None


def past_section(titles: list[str]) -> bool:
    """True when a heading says the section reviews what was achieved (发展基础…)."""
    return bool(titles) and _PAST_SECTION.search(" ".join(titles)) is not None


def subject_after(text: str, end: int, whole_clause: bool = False) -> tuple[int, int]:
    """The noun phrase right after a quantity: [start, end) in the text, maybe empty.

    With ``whole_clause`` the phrase runs to the end of the clause, verbs included: the
    share of 20%的县（市、区）通过…认定 is of the counties that pass.
    """
    pos = _past_note(text, end)
    if text.startswith(("、", "，", ","), pos):
        return pos, pos  # 中等职业学校28所、高等职业院校6所: the next figure's noun
    for word in _AFTER_WORDS:
        if text.startswith(word, pos):
            pos = _past_note(text, pos + len(word))
            break
    if text.startswith("的", pos):
        pos += 1
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    stops = _PUNCTUATION_STOP if whole_clause else _SUBJECT_STOP
    limit = min(len(text), pos + 30)
    stop = stops.search(text, pos, limit)
    if stop and stop.start() == pos and stop.group() in ("通过", "达到", "实现"):
        # 达到全国性标准的实践中心 is a noun phrase; 方可毕业 is none
        stop = stops.search(text, stop.end(), limit)
    if whole_clause and stop and (closed := _closing_bracket(text, pos, stop.start())) > 0:
        stop = stops.search(text, closed, limit)  # 县（市、区）通过…: go on past the bracket
    stop_at = stop.start() if stop else limit
    if text.startswith("、", stop_at):
        etc = _ETC_TAIL.match(text, stop_at)
        if etc:
            stop_at = etc.end()
    return pos, _balance_brackets(text, pos, stop_at)


def _past_note(text: str, pos: int) -> int:
    """Just past a note in brackets right after a figure, else pos.

    新增学位5400个（详见专栏1）; 新增公办学位3000个（含民办转公办800个）: the note says where
    to look or what the figure holds; it does not name what is counted.
    """
    note = _NOTE.match(text, pos)
    return note.end() if note else pos


def _closing_bracket(text: str, start: int, stop: int) -> int:
    """Just past the ） that closes a bracket open at ``stop``, or -1."""
    opened = text.rfind("（", start, stop)
    if opened < 0 or text.find("）", opened, stop) >= 0:
        return -1
    close = text.find("）", stop, stop + 10)
    return close + 1 if close >= 0 else -1


def _balance_brackets(text: str, start: int, stop: int) -> int:
    """Extend a phrase over a 、 inside brackets: 示范县（市、区） stays whole.

    A bracket closing one opened before the phrase ends it: （其中向上申报资金4564.7万元）.
    """
    closed = _CLOSE.search(text, start, stop)
    if closed and not _OPEN.search(text, start, closed.start()):
        return closed.start()
    opened = text.rfind("（", start, stop)
    if opened >= 0 and text.find("）", opened, stop) < 0:
        close = text.find("）", stop, stop + 10)
        if close >= 0:
            return close + 1
        return opened
    return stop


def subject_before(
    text: str, start: int, floor: int, region: str = "", clause_lo: int | None = None
) -> tuple[int, int]:
    """The noun phrase before a quantity, without verbs of reaching, time words and the
    plan's own region name (济宁市学前教育毛入学率 → 学前教育毛入学率)."""
    lo = max(clause_start(text, start) if clause_lo is None else clause_lo, floor)
    lo = max(_names_before(text, lo), floor)
    phrase = text[lo:start].rstrip()
    for _ in range(2):  # 标准不低于每生每年600元: the verb, the denominator, the verb again
        trail = _TRAILING_VERB.search(phrase)
        phrase = phrase[: trail.start()] if trail else phrase
        per = _PER_HEAD_TRAIL.search(phrase)
        if per is None or per.start() < 2:
            break
        phrase = phrase[: per.start()]
    hi = lo + len(phrase)
    if text.startswith("含", lo) and text[lo - 1 : lo] in ("（", "("):
        lo += 1  # （含民办转公办800个）: what the figure before holds
    lead = _LEADING_NOISE.match(text[lo:hi])
    if lead:
        lo += lead.end()
    for name in _region_names(region):
        if text.startswith(name, lo) and hi - lo > len(name) + 1:
            lo += len(name)
            break
    while lo < hi and text[lo] in " \t、":
        lo += 1
    face = _FACING.match(text, lo, hi)  # 面向全体学生开设劳动课程: who it is for, not what
    if face is not None and face.end() < hi:
        lo = face.end()
    return lo, max(lo, hi)


def _names_before(text: str, lo: int) -> int:
    """Back over a list of short names joined by 、 that opens the phrase: 音乐、体育、美术
    课程开课率 is one subject (the names hold no figure of their own)."""
    while lo > 0 and text[lo - 1] == "、":
        name = _NAME_BEFORE_PAUSE.search(text, max(0, lo - 9), lo - 1)
        if name is None:
            break
        lo = name.start()
    return lo


def _region_names(region: str) -> tuple[str, ...]:
    """A region as plans name it: 钦州市 and 钦州; 广西壮族自治区, 广西 and 自治区."""
    if not region:
        return ()
    short = re.sub(r"(壮族|回族|维吾尔|藏族)?(自治区|省|市|县|区)$", "", region)
    return tuple(n for n in (region, short, "自治区" if "自治区" in region else "") if n)


def change_verb_before(text: str, start: int) -> str:
    """新建 / 改扩建 / 新增 … written right before the number, else ''."""
    head = text[max(0, start - 8) : start].rstrip()
    if not head.endswith(_CHANGE_VERBS):
        return ""
    return next(verb for verb in _CHANGE_VERBS if head.endswith(verb))
