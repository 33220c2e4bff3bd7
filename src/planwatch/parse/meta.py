"""What a plan says about itself: title, 文号, issuer, date, period, region, higher plans.

Most is read from the head of the text, before the first outline heading: the
印发通知 wrapper ("广西壮族自治区人民政府关于印发X的通知") gives issuer and title X; a
title such as 宜昌市人民政府办公室关于…的实施意见 gives its issuer; the 文号 is the one on a
line of its own there or in the signature (``signature``), never one a title or a sentence
cites; the issue date is a date line in the head or the signature at the end, else a web
page's header date; the period comes from the title (2021—2023年, 十四五 → 2021–2025), a
实施期 sentence, or is inferred from the goals (``period``); region and level come from the
issuer, title or signature (国务院, 教育部 → 全国, 国家); higher plans are the 《…》 titles
named after 贯彻落实 / 根据 / 依据 in the preamble.
"""

from __future__ import annotations

import re

from planwatch.parse._lines import SPACE, clean_inline
from planwatch.parse.outline import parse_outline
from planwatch.parse.period import find_period, infer_period, stated_period
from planwatch.parse.signature import (
    TAIL,
    find_doc_number,
    header_date,
    header_source,
    own_doc_number,
    signature,
)
from planwatch.records import Metadata, Section, SourceText

__all__ = ["NATIONAL", "find_doc_number", "find_period", "find_region", "parse_meta"]

_HEAD_MAX = 6000  # the head is read up to the first heading, and never beyond this

_WRAPPER_RE = re.compile(
    r"^[#*\s]*(?P<issuer>[^\n《》。，,]{0,40}?)[关關][于於]印[发發]\s*(?P<title>[^。；]{2,200}?)"
    r"\s*的通知",
    re.MULTILINE,
)
_TRIGGER = r"(?:贯彻落实|贯彻|落实|根据|依据|按照)"

_IMPLEMENTS_RE = re.compile(
    rf"{_TRIGGER}\s*(?P<run>(?:《(?:[^《》\n]|《[^《》\n]*》){{2,150}}》"
    r"(?:\s*[（(][^（）()\n]{0,30}[）)])?\s*[、和及与,，]?\s*)+)"
)
_BOOK_RE = re.compile(
    r"《(?P<t>(?:[^《》\n]|《[^《》\n]*》){2,150})》(?:\s*[（(](?P<note>[^（）()\n]{0,30})[）)])?"
)
_REGION_RE = re.compile(
    r"^(?![全各本我]|自治区)(?P<r>[\u4e00-\u9fff]{2,10}?(?:自治区|自治州|省|市|县|区|盟|旗))(?![市县区州])"
)
# 攸县, 沛县, 蠡县: only counties have one-character names (城区, 郊区 are words). The
# character is not a determiner (全县, 本县, 该县) nor a level word (市县, 区县, 州县, 知县);
# 沙县区, 辉县市 are longer names and are left to _REGION_RE.
_NOT_A_COUNTY_NAME = "全各本我该每此某其这那两诸他外邻属附省市州郡区县乡镇村城郊府知"
_ONE_CHARACTER_COUNTY_RE = re.compile(
    rf"^(?![{_NOT_A_COUNTY_NAME}])(?P<r>[\u4e00-\u9fff]县)(?![市县区州旗])"
)
_PROVINCES = {
    "广西": "广西壮族自治区",
    "内蒙古": "内蒙古自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    **{
        p: p + "省"
        for p in (
            "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
            "四川 贵州 云南 陕西 甘肃 青海 台湾"
        ).split()
    },
    **{p: p + "市" for p in ("北京", "天津", "上海", "重庆")},
}
_SKIP_TITLE_LINE_RE = re.compile(
    r"^(?:<|---|发表时间|发布时间|作者|来源|（征求意见稿）|\(征求意见稿\))"
)
_PERIOD_LINE_RE = re.compile(
    r"^[（(]\s*(?:19|20)\d{2}\s*[—–\-－~～至到]+\s*(?:19|20)\d{2}\s*年\s*[）)]$"
)


def parse_meta(src: SourceText, outline: list[Section] | None = None) -> Metadata:
    """The metadata of ``src``: from its head (before the first outline heading), its
    signature at the end, a web page's header lines, and the goals for an unstated period."""
    if outline is None:
        outline = parse_outline(src)
    text = src.text
    head_end = min(outline[0].start if outline else len(text), _HEAD_MAX)
    head, tail = text[:head_end], text[max(head_end, len(text) - TAIL) :]
    meta = Metadata()
    wrapper = _WRAPPER_RE.search(head)
    if wrapper is not None:
        meta.title = _clean_title(wrapper.group("title"))
        meta.issuer = _clean_issuer(wrapper.group("issuer"))
    title_lines = _title_lines(head)
    if not meta.title:
        meta.title = title_lines[0] if title_lines else ""
    meta.doc_number = own_doc_number(head, tail)
    signed = signature(head) or signature(tail, last=True)
    meta.issuer = meta.issuer or _issuer_in_title(meta.title) or (signed.issuer if signed else "")
    meta.issue_date = signed.date if signed else header_date(src.source)
    if not meta.issuer and _is_report(title_lines):
        meta.issuer = header_source(src.source)
    _find_period(meta, text, outline, " ".join(title_lines[:2]))
    meta.region, meta.level = find_region(meta.issuer or meta.title, meta.title)
    if not meta.region and signed is not None:
        meta.region, meta.level = find_region(signed.issuer)
    if _is_national(meta):
        meta.region, meta.level = NATIONAL
    _find_implements(head, meta)
    return meta


def _find_period(meta: Metadata, text: str, outline: list[Section], titles: str) -> None:
    """The stated period (title, then a 实施期 sentence), else the inferred one."""
    start, end = find_period(meta.title)
    if end is None:
        start, end = find_period(titles)  # a report's subtitle: ——解读《…“十四五”…规划》
    if end is None:
        start, end = stated_period(text)
    if end is None:
        issue = meta.issue_date[:4]
        start, end = infer_period(text, outline, int(issue) if issue.isdigit() else None)
        meta.period_inferred = end is not None
    meta.period_start, meta.period_end = start, end


# A title broken over two lines between Chinese characters (…提质扩容\n行动计划…) is one word.
_TITLE_BREAK_RE = re.compile(
    r"(?<=[\u4e00-\u9fff（）“”])[ \t\u3000]*\n\s*(?=[\u4e00-\u9fff（）“”])"
)


def _clean_title(raw: str) -> str:
    text = _TITLE_BREAK_RE.sub("", raw)
    text = re.sub(r"^[#*\s]+|[#*]+", "", text, flags=re.MULTILINE)
    text = clean_inline(text)
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        text = text[1:-1]
    return text


def _clean_issuer(raw: str) -> str:
    return clean_inline(raw.strip("#* \t\u3000")).replace(" ", "")


_PLAN_KIND_RE = re.compile(r"规划|计划|方案|纲要|意见|行动|工程")


# A line of a web page's navigation or a report's header, never a title.
_NAVIGATION_RE = re.compile(r"首页|当前位置|今天是|[|>]|(?:\S+ ){3,}")
# A news report's or a review's title (its figures are a headline's, its issuer the outlet).
_REPORT_RE = re.compile(r"[：:]|解读|发布|报告|讲话")


def _title_lines(head: str) -> list[str]:
    """The title-like lines of the head, the title first, each with a following
    （2023—2025年） line joined to it.

    A line that names a kind of plan (规划, 计划, 方案…) wins over lines before it, so a
    web page's navigation (首页|政务公开) is not taken for the title; a news headline
    (安徽：到2025年…) is a title too, and a subtitle (——解读《…》) comes after it.
    """
    lines = [ln.strip(SPACE + "\t#*") for ln in head.split("\n")]
    lines = [ln for ln in lines if ln]
    candidates = []
    for i, line in enumerate(lines):
        if _SKIP_TITLE_LINE_RE.match(line) or len(line) > 60 or re.search(r"[。，,；]", line):
            continue
        if line.endswith(("：", ":")) or not re.search(r"[\u4e00-\u9fff]{4}", line):
            continue
        if line.endswith("文件") or line.startswith("——") or _NAVIGATION_RE.search(line):
            continue
        if i + 1 < len(lines) and _PERIOD_LINE_RE.match(lines[i + 1]):
            line += lines[i + 1]
        candidates.append(_clean_title(line))
    named = [c for c in candidates if _PLAN_KIND_RE.search(c) and not _REPORT_RE.search(c)]
    first = named[:1] or candidates[:1]
    subtitles = [_clean_title(ln) for ln in lines[:4] if ln.startswith("——")]
    return first + subtitles + [c for c in candidates if c not in first]


def _is_report(titles: list[str]) -> bool:
    """A news report or a speech: its headline names no plan kind, or reports on one."""
    return bool(titles) and (
        not _PLAN_KIND_RE.search(titles[0]) or _REPORT_RE.search(titles[0]) is not None
    )


# 宜昌市人民政府办公室关于全面加强…的实施意见: the body before 关于 issues it.
_ISSUER_IN_TITLE_RE = re.compile(
    r"^(?P<who>[\u4e00-\u9fff、 ]{2,40}?(?:政府|办公厅|办公室|厅|局|委员会|委|部|院))[关關][于於]"
)


def _issuer_in_title(title: str) -> str:
    m = _ISSUER_IN_TITLE_RE.match(title)
    return m["who"].replace(" ", "") if m is not None else ""


NATIONAL = ("全国", "国家")
# The bodies of the nation: a document they issue is national (region 全国, level 国家).
_NATIONAL_BODY_RE = re.compile(
    r"^(?:中共中央|国务院|教育部|国家[\u4e00-\u9fff]{0,8}(?:委|局|部|署)|财政部|人力资源社会保障部"
    r"|中央[\u4e00-\u9fff]{0,6}(?:部|办公厅))"
)
# 文号 of national bodies: 国发, 国办发, 国办函, 中发, 教基〔…〕, 教发〔…〕 …
_NATIONAL_NUMBER_RE = re.compile(r"^(?:国发|国办[发函]|中发|中办发|教[\u4e00-\u9fff]{0,3}〔)")


def _is_national(meta: Metadata) -> bool:
    if meta.region and meta.region != "全国":
        return False
    return bool(
        _NATIONAL_BODY_RE.match(meta.issuer or meta.title)
        or _NATIONAL_NUMBER_RE.match(meta.doc_number)
    )


def find_region(*texts: str) -> tuple[str, str]:
    """Region and level named at the start of the issuer or title (钦州市, 攸县, 沙县区); of
    nested names the innermost (成都市武侯区 → 武侯区)."""
    for text in texts:
        m = _ONE_CHARACTER_COUNTY_RE.match(text) or _REGION_RE.match(text)
        if m is not None:
            region = m.group("r")
            inner = _REGION_RE.match(text[m.end() :])
            if inner is not None and not inner.group("r").startswith(("人民", "教育")):
                region = inner.group("r")
            return region, _level_of(region)
        for short, full in _PROVINCES.items():
            if text.startswith(short):
                return full, _level_of(full)
    return "", ""


def _level_of(region: str) -> str:
    """The level word of a region: 自治区, 省, 市 (城市, 自治州, 盟), 区 (市辖区) or 县."""
    if region.endswith("自治区"):
        return "自治区"
    if region.endswith("省"):
        return "省"
    if region.endswith(("市", "州", "盟")):
        return "市"
    if region.endswith("区"):
        return "区"
    return "县"


def _find_implements(head: str, meta: Metadata) -> None:
    """Titles in 《》 named after 贯彻落实/根据/依据, and the 文号 noted after them."""
    own = meta.title
    for run in _IMPLEMENTS_RE.finditer(head):
        for book in _BOOK_RE.finditer(run.group("run")):
            title = _clean_title(book.group("t").replace("<", "《").replace(">", "》"))
            title = title.replace("〈", "《").replace("〉", "》")
            for t in (title, *_wrapped_titles(title)):
                if t != own and t not in meta.implements:
                    meta.implements.append(t)
            number = find_doc_number(book.group("note") or "")
            if number and number not in meta.implements_numbers:
                meta.implements_numbers.append(number)


def _wrapped_titles(title: str) -> list[str]:
    """The plan inside a 印发通知 title: 关于印发X的通知 → X."""
    m = _WRAPPER_RE.search(title)
    return [_clean_title(m.group("title"))] if m is not None else []
