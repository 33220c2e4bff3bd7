"""Deadlines in a plan's sentences that run past its period: a year with no figure beside it
(力争到2026年所有县通过国家认定) and a time counted from the issue date (力争在3－5年内,
用3—5年时间, 5年内).

Worked example: seed 004 (钦州, 2021—2025, issued 2022-07-11) says 力争在3－5年内办学条件有较大
改善，全面化解“大班额”问题; counted from 2022, 3－5年 runs to 2025—2027, so the goal may fall
after the period: a warning. 计划三年内分期建设10所幼儿园 (2022 + 3 = 2025) stays inside.
"""

from __future__ import annotations

import re

from planwatch.analyze.plans import Confidence, Evidence, Finding, Plan, Severity

VISION_GAP = 5  # a target this many years past the period is a 远景目标 (2035 in a 十四五 plan)
QUOTE_LIMIT = 80

_DEADLINE = re.compile(
    r"(?:到|至|力争|争取|確保|确保|爭取|于|於)\s*((?:19|20)\d\d)\s*年(?:底|末|前)?"
)
_NUMERAL = "0-9一二三四五六七八九十两"
# 用3—5年时间, 力争在3－5年内, 5年内, 三年内; not 每5年 (a cycle), 5年以来, 近5年, 5年级.
_RELATIVE = re.compile(
    rf"(?<![每近前后满第连续])(?<![{_NUMERAL}.])([{_NUMERAL}]{{1,2}})"
    rf"(?:\s*[—－\-~～至到]\s*([{_NUMERAL}]{{1,2}}))?\s*年(?:左右)?(?:之内|内|时间)"
)
_CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"两": 2}
# A sentence ends at 。；！？ or a blank line; a single line break may be a PDF's.
_SENTENCE_END = re.compile(r"[。；;！？]|\n[ \t\u3000]*\n")
_NOT_A_GOAL = re.compile(r"有效期|施行|截至|截止|廢止|废止")  # 本方案有效期至2027年
# A heading after which the text explains other documents (名词解释): not the plan's goals.
_GLOSSARY = re.compile(r"\n[ \t\u3000#]*(?:附件\s*\d*\s*[：:]?\s*)?名词解释")
_MARKUP = re.compile(r"<[^>]*>")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")  # a line break between words


def years_in_words(text: str) -> int | None:
    """3 → 3, 三 → 3, 十 → 10, 两 → 2; None when the numeral is not one of these."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in _CN_DIGITS:
        return 10 + _CN_DIGITS[text[1]]
    return None


def deadlines_outside_period(plan: Plan) -> list[Finding]:
    """Goals without a figure dated after the plan's period: 力争到2026年所有县（市、区）通过
    国家认定, in a 2022—2025 plan. A sentence holding a figure is left to
    ``years_outside_period``; a year inside 《》 is a cited title's.
    """
    end = plan.period_end
    if end is None or not plan.source:
        return []
    text, out = plan.text or plan.source, []  # simplified: 確保 → 确保, same offsets
    seen: set[int] = set()
    glossary = _glossary_start(text)
    for m in _DEADLINE.finditer(text, 0, glossary):
        year = int(m.group(1))
        first = sentence_start(text, m.start())
        if year <= end or first in seen or _in_title(text, m.start()):
            continue
        last = sentence_end(text, m.end())
        sentence = _clean(text[first:last])
        if _NOT_A_GOAL.search(sentence) or any(first <= i.span.start < last for i in plan.items):
            continue
        seen.add(first)
        severity: Severity = "info" if year - end >= VISION_GAP else "warning"
        why = "晚于规划期（远景目标）" if severity == "info" else "晚于规划期"
        quote = _quote(sentence)
        message = f"目标「{quote}」的年份{year}年{why}，规划期为{plan.period_words()}"
        evidence = Evidence(
            "本级目标", plan.id, plan.name, m.group(0), quote, m.start(), m.end(), year=year
        )
        confidence, reason = _period_confidence(plan, "句中写明年份")
        out.append(
            Finding(
                "year_outside_period",
                severity,
                plan.id,
                plan.name,
                message,
                (evidence,),
                year=year,
                confidence=confidence,
                reason=reason,
            )
        )
    return out


def relative_deadlines(plan: Plan) -> list[Finding]:
    """Goals given a time from now (用3—5年时间, 力争在3－5年内, 5年内) that, counted from the
    issue year, may end after the period; the latest end of a range counts. A sentence whose
    figures already carry a year after the period is left to ``years_outside_period``."""
    end, issued = plan.period_end, plan.issue_year
    if end is None or issued is None or not plan.source:
        return []
    text, out = plan.text or plan.source, []  # simplified: 3年內 → 3年内, same offsets
    seen: set[int] = set()
    for m in _RELATIVE.finditer(text, 0, _glossary_start(text)):
        low, high = years_in_words(m.group(1)), years_in_words(m.group(2) or m.group(1))
        if low is None or high is None or issued + high <= end:
            continue
        first = sentence_start(text, m.start())
        last = sentence_end(text, m.end())
        late = [i for i in plan.targets if first <= i.span.start < last and (i.year or 0) > end]
        if first in seen or late or _in_title(text, m.start()):
            continue
        seen.add(first)
        out.append(
            _relative_finding(plan, m, _clean(text[first:last]), issued + low, issued + high)
        )
    return out


def _relative_finding(
    plan: Plan, m: re.Match[str], sentence: str, soonest: int, latest: int
) -> Finding:
    end = plan.period_end or latest
    runs = f"{soonest}—{latest}年" if soonest != latest else f"{latest}年"
    quote = _quote(sentence)
    message = (
        f"「{quote}」中的「{m.group(0)}」从{plan.issue_year}年印发起算至{runs}，"
        f"超出规划期{plan.period_words()}"
    )
    evidence = Evidence(
        "本级目标", plan.id, plan.name, m.group(0), quote, m.start(), m.end(), year=latest
    )
    confidence, reason = _period_confidence(
        plan,
        f"相对期限按印发年份{plan.issue_year}年起算"
        + ("；区间最早也晚于规划期" if soonest > end else "；按区间的最晚年份"),
    )
    return Finding(
        "year_outside_period",
        "warning",
        plan.id,
        plan.name,
        message,
        (evidence,),
        year=latest,
        confidence=confidence,
        reason=reason,
    )


def _period_confidence(plan: Plan, how: str) -> tuple[Confidence, str]:
    if plan.period_inferred:
        return "medium", f"{how}；规划期是推定的（文件未写明）"
    return "high", f"{how}；规划期为文件所写"


def _glossary_start(text: str) -> int:
    m = _GLOSSARY.search(text)
    return m.start() if m else len(text)


def sentence_start(text: str, pos: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, pos - 300), pos)]
    return ends[-1] if ends else max(0, pos - 300)


def sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


def _in_title(text: str, pos: int) -> bool:
    """Whether pos lies inside 《…》."""
    opened = text.rfind("《", max(0, pos - 100), pos)
    return opened >= 0 and text.find("》", opened, pos) < 0


def _clean(sentence: str) -> str:
    return _CJK_GAP.sub("", " ".join(_MARKUP.sub("", sentence).split()))


def _quote(sentence: str) -> str:
    return sentence if len(sentence) <= QUOTE_LIMIT else sentence[:QUOTE_LIMIT] + "…"
