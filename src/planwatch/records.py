"""DESIGN's words as plain typed records passed between the stages."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Kind = Literal["target", "baseline"]
# A record field whose own fields stand for it in a flat row (json, csv): an Item's span is
# its start and end.
FLATTEN = {"flatten": True}
# An offset into the normalized text (SourceText.text): what the parsers work with, never
# shown to people or written out; a record's ``span`` holds its source offsets for that.
NORMALIZED = {"normalized": True}
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
    # True when the plan states no period and it was inferred (issue year → last deadline)
    period_inferred: bool = False
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
    start: int = field(metadata=NORMALIZED)
    end: int = field(metadata=NORMALIZED)
    title_end: int = field(default=0, metadata=NORMALIZED)  # just after the title line
    parent: int | None = None
    span: Span | None = field(default=None, metadata=FLATTEN)  # source offsets, from extract
    doc: str = ""


@dataclass(slots=True)
class Cell:
    """One table cell: its text and normalized span; ``filled`` when copied from above."""

    text: str
    start: int = field(metadata=NORMALIZED)
    end: int = field(metadata=NORMALIZED)
    filled: bool = False


@dataclass(slots=True)
class Table:
    """A table as rows of cells; ``header`` holds the header rows' cell texts.

    ``section_index`` indexes the outline node the table sits in (its 专栏 heading).
    """

    title: str
    start: int = field(metadata=NORMALIZED)
    end: int = field(metadata=NORMALIZED)
    header: list[list[str]]
    rows: list[list[Cell]]
    section_index: int | None = None


@dataclass(slots=True)
class Task:
    """A numbered work item with the units responsible for it.

    ``start``/``end`` are normalized-text offsets and ``section_index`` indexes the task's
    own outline node, as the parser finds them; ``span`` (source offsets) and ``section``
    (the heading the task sits under, e.g. （一）实施学前教育普及普惠工程) are filled in by
    ``extract``; ``id``, ``document_id`` and ``doc`` when the task is read from the ledger.
    """

    label: str
    title: str
    start: int = field(metadata=NORMALIZED)
    end: int = field(metadata=NORMALIZED)
    section_index: int | None = None
    units: dict[str, list[str]] = field(default_factory=dict)  # 牵头单位 → [names]
    span: Span | None = field(default=None, metadata=FLATTEN)
    section: str = ""
    id: int | None = None
    document_id: int | None = None
    doc: str = ""

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
    """A quantity the plan commits to (target) or reports (baseline), grounded.

    The one record of an item from the extractor to the page. ``extract`` fills every field
    but the ledger's ids: the figure and its words (SPEC.md), where it stands (``section``,
    the heading path; ``task``, the label of the enclosing task, and ``task_index``, its
    index in the document's task list), the catalog indicator its subject names, the
    words around it (``quote``, centred on the figure) and the document's region. The store
    writes these fields as they are and reads them back with ``id`` and ``document_id``.
    """

    span: Span = field(metadata=FLATTEN)
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
    task_index: int | None = None
    indicator: str | None = None  # Indicator.id
    link_evidence: str = ""  # the words of the subject that name the indicator
    quote: str = ""
    # A target of the plan before this one, recorded by this document (a 规划数 column of a
    # 十三五完成情况 table, 十三五目标完成情况 prose): not this plan's promise.
    previous_plan: bool = False
    doc: str = ""  # the document's file name
    doc_title: str = ""
    region: str = ""  # the document's region, as it names it
    region_code: str | None = None  # its org unit code
    id: int | None = None
    document_id: int | None = None


@dataclass(slots=True)
class Project:
    """A planned construction project from a table row."""

    name: str
    level: str = ""
    district: str = ""
    seats: float | None = None
    start_year: int | None = None
    end_year: int | None = None
    ownership: str = ""
    mode: str = ""
    document_id: int | None = None  # set when read from the ledger
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """A higher plan a document names (贯彻《title》（文号）), and the ledger's document it
    resolves to once that plan is ingested."""

    title: str
    doc_number: str = ""
    target_id: int | None = None
    target_name: str = ""


@dataclass(slots=True)
class Document:
    """One plan file read through all the stages: everything the ledger stores of it."""

    name: str
    source: SourceText
    meta: Metadata
    outline: list[Section]
    tables: list[Table]
    tasks: list[Task]
    items: list[Item]
    projects: list[Project] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    region: OrgUnit | None = None
    units: dict[str, OrgUnit] = field(default_factory=dict)  # body named in a task → unit
    extracted_with: str = ""  # the extractor's version (extract.EXTRACTOR_VERSION)


@dataclass(slots=True)
class LedgerDocument:
    """A document as the ledger holds it: its row (identity, metadata as stored, times),
    how many items, targets and tasks it has, and the higher plans it implements."""

    id: int
    name: str  # the file name
    path: str  # its identity: folder name/relative path, or an absolute path
    sha256: str = ""
    fmt: str = ""
    encoding: str = ""
    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    issue_date: str = ""
    period_start: int | None = None
    period_end: int | None = None
    period_inferred: bool = False
    region: str = ""
    level: str = ""
    org_unit_code: str | None = None
    ingested_at: datetime | None = None
    updated_at: datetime | None = None
    items: int = 0
    targets: int = 0
    tasks: int = 0
    implements: list[Reference] = field(default_factory=list)


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
class IndicatorUse:
    """A catalog indicator and how many items and documents of the ledger link it."""

    indicator: Indicator = field(metadata=FLATTEN)
    items: int = 0
    documents: int = 0


@dataclass(slots=True)
class OrgUnit:
    """A region (province → city → county) or a body of a region (市教育局)."""

    code: str  # administrative division code (12 digits for regions) or region code + body name
    name: str
    level: str  # province / city / county / body
    parent: str | None = None  # parent code


# --- progress tracking ----------------------------------------------------------------------

# A template's hidden column holds "<item id>|<region code>" under this header: written by
# present.template, read back by track.read.
TEMPLATE_KEY_HEADER = "planwatch_key"
TEMPLATE_KEY_SEPARATOR = "|"

Measure = Literal["level", "cumulative"]
Direction = Literal["higher", "lower"]
SourceKind = Literal["file", "person", "plan", "api"]
ObservationStatus = Literal["draft", "submitted", "approved", "rejected"]
StatusCode = Literal[
    "achieved", "on_track", "lagging", "off_track", "overdue", "no_data", "not_due"
]
Anticipated = Literal["will_meet", "will_miss"]

STATUS_LABELS: dict[StatusCode, str] = {
    "achieved": "已达成",
    "on_track": "正常推进",
    "lagging": "滞后",
    "off_track": "严重滞后",
    "overdue": "逾期未完成",
    "no_data": "无数据",
    "not_due": "未到期",
}


@dataclass(slots=True, kw_only=True)
class Observation:
    """A reported value of an indicator (or of one target) for an org unit and a period.

    ``period`` is canonical (``str(Period)``: 2022, 2022Q3, 2022-09); ``region`` is the org
    unit's code; ``indicator`` is a catalog id and ``item`` a target's id (one of them at
    least). ``source`` says where the figure comes from (``进度.xlsx:17``, a URL, a plan
    sentence); for a figure read from a plan, ``document_id``, ``span`` and ``quote`` ground it.
    """

    period: str
    value: float
    region: str
    indicator: str | None = None
    item: int | None = None
    source: str = ""
    source_kind: SourceKind = "file"
    recorded_by: str = ""
    recorded_at: datetime | None = None
    status: ObservationStatus = "submitted"
    note: str = ""
    document_id: int | None = None
    span: Span | None = None
    quote: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Baseline:
    """The value a target starts from: 2020年毛入园率89.2% → Baseline(89.2, "2020", source)."""

    value: float
    period: str
    source: str = ""


@dataclass(slots=True, kw_only=True)
class TrackedTarget:
    """What evaluation needs of a target item: its value, deadline, series and plan frame.

    ``measure`` says how observations add up (``track.measure.measure_of``): a ``level`` is
    judged on the latest value, a ``cumulative`` target on the sum since the plan began — or,
    when ``running_total`` is set, on the latest running total (累计数) reported.
    ``direction`` is the catalog's (None when the indicator has none or is not linked).
    ``previous_plan`` marks a look-back target of an earlier plan that a later document records.
    """

    item_id: int
    document_id: int
    subject: str
    indicator: str | None
    region: str
    value: float
    unit: str
    year: int | None
    value_max: float | None = None
    relation: Relation = "="
    direction: Direction | None = None
    measure: Measure = "level"
    running_total: bool = False
    plan_start: int | None = None
    plan_end: int | None = None
    baseline: Baseline | None = None
    quote: str = ""
    span: Span | None = None
    section: str = ""
    task: str = ""
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    previous_plan: bool = False

    @property
    def deadline(self) -> int | None:
        """The year by which the target is due: its own year, else the plan's last year."""
        return self.year if self.year is not None else self.plan_end


@dataclass(slots=True, kw_only=True)
class Evaluation:
    """A target compared with its observations at a date: one row of the status table.

    ``progress`` is (latest − baseline) / (target − baseline); ``expected_progress`` the share
    of the time from the baseline to the end of the deadline year that has passed at the date.
    ``pace_ratio`` is progress over the progress expected when the latest figure was measured
    (the end of its period); ``anticipated_ratio`` the forecast change over the required change
    (UN ESCAP's anticipated progress). ``reason`` explains the status in Chinese and
    ``status_label`` names it (已达成, 正常推进, 滞后, 严重滞后, 逾期未完成, 无数据, 未到期).
    ``evidence`` are the observations the evaluation used.
    """

    item_id: int
    document_id: int
    subject: str
    indicator: str | None
    region: str
    unit: str
    relation: Relation
    measure: Measure
    target_value: float
    target_value_max: float | None
    target_year: int | None
    baseline_value: float | None
    baseline_period: str | None
    latest_value: float | None
    latest_period: str | None
    progress: float | None
    expected_progress: float | None
    pace_ratio: float | None
    anticipated_ratio: float | None
    status: StatusCode
    reason: str
    forecast_value: float | None = None
    forecast_method: str = ""
    anticipated: Anticipated | None = None
    evidence: list[Observation] = field(default_factory=list)
    section: str = ""
    task: str = ""
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    previous_plan: bool = False
    quote: str = ""  # the target's words in the plan, and where they stand
    span: Span | None = field(default=None, metadata=FLATTEN)
    status_label: str = field(init=False, default="")  # 已达成, 正常推进, 滞后 … (from status)

    def __post_init__(self) -> None:
        self.status_label = STATUS_LABELS[self.status]


@dataclass(slots=True, kw_only=True)
class AuditEntry:
    """One change to an observation, as the append-only audit log keeps it."""

    id: int
    observation_id: int
    at: datetime
    by: str
    action: str  # create, update, submit, approve, reject
    old_value: float | None = None
    new_value: float | None = None
    old_status: str | None = None
    new_status: str | None = None
    source: str = ""
    reason: str = ""
    # the observation's series, for people
    region: str = ""
    indicator: str | None = None
    item: int | None = None
    period: str = ""


# --- accounts of the web app ------------------------------------------------------------------

Role = Literal["admin", "supervisor", "reporter", "viewer"]
ROLES: dict[str, str] = {
    "admin": "管理员",
    "supervisor": "督导",
    "reporter": "填报人",
    "viewer": "查看人",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    """A person of the web app: a role over an org unit and every unit below it.

    ``region_path`` is the subtree the account reads and writes: its unit's path, or for a
    body (县教育局) the path of the region it belongs to (阳朔县 and the units below it).
    """

    id: int
    name: str
    role: Role
    org_unit: str  # org unit code
    org_name: str
    org_path: str  # 000000000000/450000000000/…/ (org_units.path)
    region_path: str
    disabled: bool = False

    @property
    def role_name(self) -> str:
        return ROLES[self.role]

    def covers(self, path: str) -> bool:
        """Whether a unit of this path lies within the account's region (admins: all)."""
        return self.role == "admin" or path.startswith(self.region_path)
