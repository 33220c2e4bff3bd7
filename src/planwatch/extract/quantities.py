"""Find number-and-unit quantities in normalized plan text, and drop what is not an item.

Worked example: in ``"新建150所公办幼儿园、100万—800万元补助，1500人以上大村"`` the
scanner finds ``150所`` (150, 所), ``100万—800万元`` (1000000–8000000, 元) and
``1500人`` (1500, 人); the last is a threshold (人以上 followed by a place) and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.extract.numbers import normalize_unit, parse_chinese, parse_number

# 1,000 and 1 122 (a space between thousands, as some offices write) are one number.
_AR = r"\d+(?:(?:,|[ \u00a0](?=\d{3}(?!\d)))\d{3})*(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]{1,3}"
_SP = r"[ \t\u3000]*"
_UNIT_PATTERNS = [
    r"个百分点",
    r"百分点",
    r"个学分",
    r"个学时",
    r"个课时",
    r"个班(?![级子主])",
    r"万人次",
    r"人次",
    r"万元",
    r"亿元",
    r"元(?!旦)",
    r"万人(?![口民均])",
    r"人(?![口民均员])",
    r"名(?![师称单额校])",
    r"所（次）",
    r"所\(次\)",
    r"（所次）",
    r"\(所次\)",
    r"所次",
    r"所(?!以(?![上下内]))(?![有属在得需谓])",
    r"个(?![人性体别月工])",
    r"间(?![隔])",
    r"门(?![户槛类])",
    r"节(?![日约能点])",
    r"项",
    r"家(?![庭长乡])",
    r"座",
    r"台(?![阶])",
    r"套",
    r"本(?![科土市地区])",
    r"学时",
    r"课时",
    r"班(?![级子主])",
    r"平方米",
    r"亩",
    r"次(?![数要])",
    r"批(?![次准])",
    r"条(?![件例])",
    r"支(?![持出撑部])",
    r"册",
    r"GB",
    r"Mbps",
    r"M(?![A-Za-z])",
    r"届",
    r"学分",
    r"分钟",
    r"小时",
    r"天",
    r"%",
    r"％",
    r"‰",
]
_UNITS = "|".join(_UNIT_PATTERNS)
_DASH = r"[—–\-－~～至]"
# The first characters a unit can start with: a cheap test before trying every unit.
_UNIT_FIRST = "(?=[" + re.escape("".join({p.lstrip("\\")[0] for p in _UNIT_PATTERNS})) + "])"
QUANTITY = re.compile(  # never starts inside a number or a code such as B1
    rf"(?<![\dA-Za-z.])(?P<num>{_AR})(?P<mult>{_SP}[万亿])?"
    rf"(?:(?:{_SP}{_UNIT_FIRST}(?P<unit1>{_UNITS}))?\s*{_DASH}+\s*(?P<num2>{_AR})"
    rf"(?P<mult2>{_SP}[万亿])?)?"
    rf"{_SP}(?P<yu>余|多)?{_SP}{_UNIT_FIRST}(?P<unit>{_UNITS})"
)
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only (normalized text): faster than \d
# 百分之九十五, 百分之九十二点五, 百分之百: a percentage written in words.
PERCENT_WORDS = re.compile(
    r"百分之(?P<num>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
)
_NEVER_AFTER_NUMBER = frozenset("年月日号")
# A ratio N：1 is found from its colon (fast to scan), then its number read backwards.
RATIO_COLON = re.compile(r"[:：∶]1(?![\d.])")
RATIO_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\Z")
# Years of schooling are a measure, not a date: 平均受教育年限达到10.9年.
SCHOOLING_YEARS = re.compile(r"年限[^，。；\n\d]{0,6}?(?P<num>\d{1,2}(?:\.\d+)?)[ \t]*年(?![\d])")

# A Chinese numeral counts only right after a verb of providing: 办好一所, 建设两个.
_CN_TRIGGERS = (
    "办好|新建|建设|建成|设置|举办|至少|创建|增加|培育|设立|打造|组织|选派|培养|培训|招聘|"
    "引进|遴选|增设|开设|安排|举行|开展|办"
)
QUANTITY_CN = re.compile(
    rf"(?:{_CN_TRIGGERS})[ \t]*(?P<num>{_CN})(?P<mult>{_SP}[万亿])?"
    rf"{_SP}(?P<yu>余|多)?{_SP}(?P<unit>{_UNITS})"
)
_THRESHOLD_AFTER = re.compile(
    r"^(?:及?以上|以下)?的?(?:[县市区镇乡村校]|大村|普通学校|学校|规模|超?大班额|班额)"
)
# 县 in 县级示范区, 县域, 县城 names a kind of thing, not the counties themselves.
_TERRITORY_AFTER = re.compile(
    r"(?:设区市|地级市|县（市|县区|区县|乡镇|街道|[市县区镇])(?![级域城属直])"
)
_WHOLE_BEFORE = re.compile(r"(?:全[省市区县国]|所辖|下辖|辖)[^，。；：\n]*$")
_SELECTOR_AFTER = re.compile(r"(?:及以上|以上|以下)的")
_BANDWIDTH_BEFORE = re.compile(r"带宽|宽带|出口|网速|接入")


@dataclass(slots=True)
class Quantity:
    """A number with its unit found in the normalized text: [start, end) covers both."""

    start: int
    end: int
    value: float
    unit: str
    value_max: float | None = None
    relation: str = ""  # from inside the match: 余/多 → >=


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of the text that may be an item, in text order."""
    found = [q for m in _arabic_matches(text) if (q := _quantity(text, m)) is not None]
    found += [q for m in QUANTITY_CN.finditer(text) if (q := _quantity(text, m)) is not None]
    found += [q for m in RATIO_COLON.finditer(text) if (q := _ratio(text, m)) is not None]
    found += [q for m in PERCENT_WORDS.finditer(text) if (q := _percent_words(m)) is not None]
    found += [
        Quantity(m.start("num"), m.end(), float(m["num"]), "年")
        for m in SCHOOLING_YEARS.finditer(text)
    ]
    found.sort(key=lambda q: q.start)
    return found


def _arabic_matches(text: str) -> list[re.Match[str]]:
    """QUANTITY tried at the start of each run of digits only (much faster than finditer)."""
    matches, end = [], 0
    for run in _DIGITS.finditer(text):
        if run.start() < end or text[run.end() : run.end() + 1] in _NEVER_AFTER_NUMBER:
            continue  # inside the previous match (92.4%, 100万—800万元), or a date (2023年)
        m = QUANTITY.match(text, run.start())
        if m is not None:
            matches.append(m)
            end = m.end()
    return matches


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    if not _acceptable(text, m):
        return None
    unit_written = m["unit"]
    if unit_written.startswith("个") and len(unit_written) > 1:
        unit_written = unit_written[1:]
    unit, factor = normalize_unit(unit_written)
    if unit_written == "％":
        unit = "%"
    first = parse_number(m["num"] + (m["mult"] or ""))
    if first is None:
        return None
    value, value_max = first * factor, None
    groups = m.groupdict()
    if groups.get("num2"):
        second = parse_number(groups["num2"] + (groups["mult2"] or ""))
        if second is None or second <= first:
            return None
        value_max = second * factor
        if groups["unit1"] and normalize_unit(groups["unit1"])[0] != unit:
            return None
    relation = ">=" if m["yu"] else ""
    return Quantity(m.start("num"), m.end(), value, unit, value_max, relation)


def _acceptable(text: str, m: re.Match[str]) -> bool:
    """False for ordinals, per-denominators, parts of codes, slogans and thresholds."""
    start = m.start("num")
    before = text[start - 1] if start else ""
    if before in ("第", "每"):
        return False
    if not m["num"][0].isdigit() and not _chinese_allowed(text, m):
        return False
    if _in_short_quote(text, start, m.end()):
        return False
    unit = m["unit"]
    if unit in ("M", "GB", "Mbps") and not _BANDWIDTH_BEFORE.search(
        text, max(0, start - 20), start
    ):
        return False
    if unit == "届" and not text[max(0, start - 4) : start].endswith(("举办", "办")):
        return False
    after = text[m.end() : m.end() + 8]
    if after.startswith("之一"):
        return False  # 全国首批28家之一: a rank, not a commitment
    if _SELECTOR_AFTER.match(after) and unit not in ("%", "％", "‰"):
        return False  # 3000人以上的行政村, 100M以上的学校: who a rule is for, not a target
    if text.endswith(("低于", "不足", "高于"), max(0, start - 2), start) and after.startswith("的"):
        return False  # 就业率低于70%的专业: a property of each member, not a target
    if (
        unit == "个"
        and _TERRITORY_AFTER.match(after)
        and _WHOLE_BEFORE.search(text, max(0, start - 14), start)
    ):
        return False  # 全区14个设区市: the territory the plan covers, not a figure of it
    return not (unit.endswith(("人", "名")) and _THRESHOLD_AFTER.match(after))


def _chinese_allowed(text: str, m: re.Match[str]) -> bool:
    """A Chinese numeral is not a slogan (一师一优课) nor a bare 一批."""
    if m["num"] == "一" and m["unit"] in ("批", "支"):
        return False  # a bare 一批, 一支（队伍） is not an item
    tail = text[m.end() : m.end() + 2]
    return not tail.startswith(("一", "性", "万人"))


def _in_short_quote(text: str, start: int, end: int, limit: int = 12) -> bool:
    """True inside a short quoted name such as “四个一百” or “双千计划”."""
    line_start = text.rfind("\n", 0, start) + 1
    opened = text.rfind("“", line_start, start)
    if opened < 0 or text.rfind("”", line_start, start) > opened:
        return False
    closed = text.find("”", end, end + limit)
    return closed >= 0 and closed - opened <= limit


def _percent_words(m: re.Match[str]) -> Quantity | None:
    whole, _, decimals = m["num"].partition("点")
    value = 100.0 if whole == "百" else parse_chinese(whole)
    if value is None:
        return None
    digits = "".join(str(int(parse_chinese(d) or 0)) for d in decimals)
    return Quantity(m.start(), m.end(), float(f"{int(value)}.{digits}") if digits else value, "%")


def _ratio(text: str, colon: re.Match[str]) -> Quantity | None:
    """19：1 as a quantity of unit ratio, where the text speaks of a ratio."""
    lo = max(0, colon.start() - 12)
    number = RATIO_NUMBER.search(text, lo, colon.start())
    if number is None or not _ratio_context(text, number.start()):
        return None
    return Quantity(number.start(), colon.end(), float(number.group()), "ratio")


def _ratio_context(text: str, start: int) -> bool:
    """A ratio N：1 counts where the text speaks of a ratio (生师比, 配比, 比 …)."""
    window = text[max(0, start - 40) : start]
    return "比" in window
