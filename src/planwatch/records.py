"""DESIGN's words as plain typed records passed between the stages."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["target", "baseline"]
LEAD_ROLES = ("牵头单位", "责任单位", "组织实施单位")
COOPERATING_ROLES = ("配合单位", "具体实施单位")
Relation = Literal[">=", "<=", "~", "="]


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets [start, end) into the decoded source text."""

    start: int
    end: int


@dataclass(slots=True)
class SourceText:
    """A decoded plan file and its normalized text for analysis.

    ``source`` is the text as decoded from the file (for .docx/.pdf: the plain text
    read from it). ``text`` is the normalized text the parsers read. ``offsets[i]``
    is the source offset of ``text[i]``; ``offsets`` has one extra entry at the end,
    ``len(source)``, so that spans ending at the end of the text map too.

    Worked example: source ``"达到９２.４％"`` normalizes to text ``"达到92.4%"`` with
    offsets ``[0, 1, 2, 3, 4, 5, 6, 7]``; ``to_source(2, 7)`` is ``Span(2, 7)`` and
    ``source[2:7] == "９２.４％"``. Where normalization drops characters (a PDF line
    break inside a paragraph), ``text`` skips them and ``to_source`` spans them.
    """

    name: str
    source: str
    text: str
    offsets: list[int]
    fmt: str = "txt"
    encoding: str = "utf-8"

    @classmethod
    def identity(cls, name: str, source: str, fmt: str = "txt") -> SourceText:
        """A source text analysed as it is (no normalization)."""
        return cls(name, source, source, list(range(len(source) + 1)), fmt)

    def to_source(self, start: int, end: int) -> Span:
        """The source span of the normalized range [start, end)."""
        if end <= start:
            pos = self.offsets[start]
            return Span(pos, pos)
        return Span(self.offsets[start], self.offsets[end - 1] + 1)

    def to_text(self, source_pos: int) -> int:
        """The normalized position of the first character at or after a source offset."""
        return bisect_right(self.offsets, source_pos - 1)


@dataclass(slots=True)
class Metadata:
    """What a plan says about itself."""

    title: str = ""
    doc_number: str = ""  # 文号, e.g. 桂政发〔2021〕34号
    issuer: str = ""
    issue_date: str = ""  # ISO date, e.g. 2021-10-20
    period_start: int | None = None
    period_end: int | None = None
    region: str = ""  # e.g. 广西壮族自治区, 钦州市
    level: str = ""  # 自治区 / 省 / 市 / 县
    implements: list[str] = field(default_factory=list)  # titles of higher plans, 《》 stripped
    implements_numbers: list[str] = field(default_factory=list)  # their 文号 (桂政发〔2018〕5号)


@dataclass(slots=True)
class Section:
    """A node of the outline: 第一章, 第一节, 一、, （一）, 1．, 专栏N, 附表.

    ``start``/``end`` are normalized-text offsets of the heading line and of the end of
    the section's body; ``parent`` indexes the enclosing section in the outline list.
    """

    kind: str  # chapter, section, cn, paren, arabic, box, annex
    label: str  # 第一章, 一, （一）, 1, 专栏7, 附表
    title: str
    level: int
    start: int
    end: int
    title_end: int = 0  # normalized offset just after the heading's title line
    parent: int | None = None


@dataclass(slots=True)
class Cell:
    """One table cell: its text and normalized span; ``filled`` when copied from above."""

    text: str
    start: int
    end: int
    filled: bool = False


@dataclass(slots=True)
class Table:
    """A table as rows of cells; ``header`` holds the header rows' cell texts."""

    title: str
    start: int
    end: int
    header: list[list[str]]
    rows: list[list[Cell]]
    section: int | None = None


@dataclass(slots=True)
class Task:
    """A numbered work item with the units responsible for it."""

    label: str
    title: str
    start: int
    end: int
    section: int | None = None
    units: dict[str, list[str]] = field(default_factory=dict)  # 牵头单位 → [names]

    @property
    def lead(self) -> list[str]:
        """Units that lead: 牵头单位, 责任单位, 组织实施单位."""
        return [u for role in LEAD_ROLES for u in self.units.get(role, [])]

    @property
    def cooperating(self) -> list[str]:
        """Units that take part: 配合单位, 具体实施单位."""
        return [u for role in COOPERATING_ROLES for u in self.units.get(role, [])]


@dataclass(slots=True)
class Item:
    """A quantity the plan commits to (target) or reports (baseline), grounded."""

    span: Span
    text: str
    value: float
    unit: str
    kind: Kind = "target"
    relation: Relation = "="
    year: int | None = None
    subject: str = ""
    value_max: float | None = None
    section: str = ""  # heading path, e.g. "二、主要任务 / （一）…"
    task: str = ""  # label of the enclosing task


@dataclass(slots=True)
class Project:
    """A planned construction project from a table row."""

    name: str
    level: str
    district: str
    seats: float | None
    start_year: int | None
    end_year: int | None
    ownership: str = ""
    mode: str = ""


@dataclass(slots=True)
class Document:
    """One plan file read through all the stages."""

    name: str
    source: SourceText
    meta: Metadata
    outline: list[Section]
    tables: list[Table]
    tasks: list[Task]
    items: list[Item]


@dataclass(slots=True)
class Indicator:
    """A catalog entry: a standard education indicator."""

    id: str  # canonical id, e.g. preschool_gross_enrolment_rate
    name: str  # 学前教育毛入园率
    aliases: list[str]
    unit: str  # %, ratio, 人, 人次 …
    direction: str  # higher / lower
    level: str  # 学前教育, 义务教育, 高中阶段, 职业教育, 高等教育, 特殊教育, 教师, 综合
    definition: str = ""
    numerator: str = ""
    denominator: str = ""


@dataclass(slots=True)
class IndicatorLink:
    """An item linked to a catalog indicator, with the words that justify the link."""

    item: int  # index of the item in its document's item list
    indicator: str  # Indicator.id
    evidence: str  # the alias found in the item's subject, e.g. 学前三年毛入园率


@dataclass(slots=True)
class OrgUnit:
    """A region (province → city → county) or a body of a region (市教育局)."""

    code: str  # administrative division code (12 digits for regions) or region code + body name
    name: str
    level: str  # province / city / county / body
    parent: str | None = None  # parent code
