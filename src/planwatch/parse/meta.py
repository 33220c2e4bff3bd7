"""What a plan says about itself: title, 文号, issuer, date, period, region, higher plans.

Everything is read from the head of the text, before the first outline heading: the
印发通知 wrapper ("广西壮族自治区人民政府关于印发X的通知") gives issuer and title X; the
文号 is the first 〔年〕号 number there; the issue date is a line holding only a date;
the period comes from the title (2021—2023年, 十四五 → 2021–2025); higher plans are the
《…》 titles named after 贯彻落实 / 根据 / 依据 in the preamble.
"""

from __future__ import annotations

import re

from planwatch.parse._lines import SPACE, clean_inline
from planwatch.parse.outline import parse_outline
from planwatch.records import Metadata, Section, SourceText

_HEAD_MAX = 6000  # the head is read up to the first heading, and never beyond this

_DOC_NO_RE = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<prefix>[\u4e00-\u9fff]{1,20})\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})"
    r"\s*[〕\]］】)）]\s*(?P<no>\d{1,4})\s*[号號]"
)
# Words before a 文号 that are not part of it: "…的通知桂政发〔…", "根据桂政发〔…".
_LEAD_IN_RE = re.compile(
    r"^.*(?:通知|印发|转发|根据|按照|依据|贯彻|落实|参照|执行|文件|及|和|与|见)"
)
_WRAPPER_RE = re.compile(
    r"^[#*\s]*(?P<issuer>[^\n《》。，,]{0,40}?)[关關][于於]印[发發]\s*(?P<title>[^。；]{2,200}?)"
    r"\s*的通知",
    re.MULTILINE,
)
_DATE_LINE_RE = re.compile(
    rf"^[{SPACE}\t(（]*(?P<y>(?:19|20)\d{{2}})[{SPACE}]*年[{SPACE}]*(?P<m>\d{{1,2}})[{SPACE}]*月"
    rf"[{SPACE}]*(?P<d>\d{{1,2}})[{SPACE}]*日[{SPACE}\t)）]*$",
    re.MULTILINE,
)
_PERIOD_RE = re.compile(
    r"(?P<a>(?:19|20)\d{2})\s*年?\s*[—–\-－~～至到]+\s*(?P<b>(?:19|20)\d{2})\s*年?"
)
_FIVE_YEAR_RE = re.compile(r"[“\"]?十(?P<n>[一二三四五六七八九])五[”\"]?")
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
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
    """The metadata of ``src`` read from its head (before the first outline heading)."""
    if outline is None:
        outline = parse_outline(src)
    head_end = min(outline[0].start if outline else len(src.text), _HEAD_MAX)
    head = src.text[:head_end]
    meta = Metadata()
    wrapper = _WRAPPER_RE.search(head)
    if wrapper is not None:
        meta.title = _clean_title(wrapper.group("title"))
        meta.issuer = _clean_issuer(wrapper.group("issuer"))
    if not meta.title:
        meta.title = _first_title_line(head)
    meta.doc_number = find_doc_number(head)
    if not meta.issuer:
        meta.issuer = _signature(head)
    meta.issue_date = _issue_date(head)
    meta.period_start, meta.period_end = find_period(meta.title)
    meta.region, meta.level = find_region(meta.issuer or meta.title, meta.title)
    _find_implements(head, meta)
    return meta


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


def find_doc_number(text: str) -> str:
    """The first 文号 of ``text``, normalized: 桂政发〔2021〕34号."""
    m = _DOC_NO_RE.search(text)
    if m is None:
        return ""
    prefix = _LEAD_IN_RE.sub("", m.group("prefix").replace("發", "发"))
    return f"{prefix}〔{m.group('year')}〕{m.group('no')}号"


_PLAN_KIND_RE = re.compile(r"规划|计划|方案|纲要|意见|行动|工程")


def _first_title_line(head: str) -> str:
    """The first title-like line (and a following （2023—2025年） line) of the head.

    A line that names a kind of plan (规划, 计划, 方案…) wins over lines before it, so a
    web page's navigation (首页|政务公开) is not taken for the title.
    """
    lines = [ln.strip(SPACE + "\t#*") for ln in head.split("\n")]
    lines = [ln for ln in lines if ln]
    candidates = []
    for i, line in enumerate(lines):
        if _SKIP_TITLE_LINE_RE.match(line) or len(line) > 60 or re.search(r"[。，,：:]", line):
            continue
        if not re.search(r"[\u4e00-\u9fff]{4}", line) or line.endswith("文件"):
            continue
        if i + 1 < len(lines) and _PERIOD_LINE_RE.match(lines[i + 1]):
            line += lines[i + 1]
        candidates.append(line)
    named = [c for c in candidates if _PLAN_KIND_RE.search(c)]
    return _clean_title((named or candidates or [""])[0])


def _issue_date(head: str) -> str:
    m = _DATE_LINE_RE.search(head)
    if m is None:
        return ""
    return f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"


def _signature(head: str) -> str:
    """The issuing body signed on the line above the date line."""
    m = _DATE_LINE_RE.search(head)
    if m is None:
        return ""
    above = [ln.strip(SPACE + "\t") for ln in head[: m.start()].split("\n")]
    above = [ln for ln in above if ln]
    if above and re.search(r"(?:政府|办公厅|厅|局|委员会)$", above[-1]) and len(above[-1]) < 30:
        return above[-1]
    return ""


def find_period(title: str) -> tuple[int | None, int | None]:
    """The plan period from a title: 2021—2023年, or 十四五 → (2021, 2025)."""
    m = _PERIOD_RE.search(title)
    if m is not None:
        return int(m.group("a")), int(m.group("b"))
    m = _FIVE_YEAR_RE.search(title)
    if m is not None:
        start = 1956 + 5 * (_CN_DIGIT[m.group("n")] + 10 - 1)  # 十四五 → 2021
        return start, start + 4
    return None, None


def find_region(*texts: str) -> tuple[str, str]:
    """Region and level named at the start of the issuer or title (钦州市, 攸县, 沙县区)."""
    for text in texts:
        m = _ONE_CHARACTER_COUNTY_RE.match(text) or _REGION_RE.match(text)
        if m is not None:
            region = m.group("r")
            return region, _level_of(region)
        for short, full in _PROVINCES.items():
            if text.startswith(short):
                return full, _level_of(full)
    return "", ""


def _level_of(region: str) -> str:
    if region.endswith("自治区"):
        return "自治区"
    if region.endswith("省"):
        return "省"
    if region.endswith(("市", "州", "盟")):
        return "市"
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
