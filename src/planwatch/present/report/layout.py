"""A report laid out once, as headings, paragraphs, tables and charts, for docx, html and md.

``plan_layout(report)`` and ``region_layout(report)`` decide what the reader sees and in
which order (一、总体情况 … 附件); each format only draws the blocks. Headings carry their
numbers (一、, （一）) as a 公文 writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from planwatch.present.columns import Column
from planwatch.present.report.columns import plan_columns, region_columns
from planwatch.present.report.record import PlanReport, RegionReport, Trend
from planwatch.present.tracking import STATUS_ORDER
from planwatch.records import STATUS_LABELS, StatusCode

CN_NUMBERS = "一二三四五六七八九十"
# The six statuses the summary always names, then 未到期 when any target is not yet due.
SUMMARY_ORDER: tuple[StatusCode, ...] = (
    "achieved",
    "on_track",
    "lagging",
    "off_track",
    "overdue",
    "no_data",
)
# Each status's colours: (cell fill, cell text, chart), as hex RGB without #.
STATUS_COLOURS: dict[str, tuple[str, str, str]] = {
    "achieved": ("C6EFCE", "006100", "2E7D32"),
    "on_track": ("DDEBF7", "1F4E79", "1E88E5"),
    "lagging": ("FFEB9C", "9C5700", "F9A825"),
    "off_track": ("FFC7CE", "9C0006", "E53935"),
    "overdue": ("F8CBAD", "833C0B", "8E2424"),
    "no_data": ("EDEDED", "404040", "9E9E9E"),
    "not_due": ("F2F2F2", "595959", "C8C8C8"),
}
# The series of a trend chart: observations, baselines, targets, forecasts.
SERIES_COLOURS = {
    "observations": "#1E88E5",
    "baselines": "#6D4C41",
    "targets": "#C62828",
    "forecasts": "#F9A825",
}
METHOD = (
    "进度＝（最新值－基数）÷（目标值－基数）；应达进度＝自基数期末至目标年份年末，评估日已过时间"
    "所占比例；预测值按已有监测值的趋势外推至目标年份年末（比率按年均增长率，累计数按线性趋势）。"
    "状态依次判定：已达成、未到期、无数据（基数之后没有监测值）、逾期未完成、严重滞后、滞后、"
    "正常推进，阈值与 planwatch status 相同。"
)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: level 1 一、 (黑体), level 2 （一） (楷体)."""

    level: int
    text: str
    new_page: bool = False  # an appendix starts on a page of its own


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    note: bool = False  # an explanation in smaller type


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under their columns; ``widths`` in mm for the docx type area (156 mm);
    ``subhead`` names a row's sub-heading (a full-width row when it changes); ``status``
    the status code of a row, for the coloured status cell."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Any]
    widths: Sequence[float]
    subhead: Callable[[Any], str] | None = None
    status: Callable[[Any], str | None] | None = None
    compact: bool = False  # many narrow columns: smaller type


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart: the status distribution (``counts``) or a trend (``trend``)."""

    number: int
    caption: str
    kind: Literal["status", "trend"]
    counts: Mapping[str, int] = field(default_factory=dict)
    trend: Trend | None = None


Block = Heading | Paragraph | Table | Chart


@dataclass(slots=True)
class Layout:
    """A whole report: its title, the line below it and its blocks."""

    title: str
    subtitle: str
    blocks: list[Block]
    key: str  # a short name for file titles and element ids

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (headings of up to 99 parts)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_NUMBERS[tens - 1] + "十"
    return head + (CN_NUMBERS[ones - 1] if ones else "")


def day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def counts_sentence(counts: Mapping[str, int], whole: str) -> str:
    """共有92个目标：已达成1个、正常推进1个、滞后1个、严重滞后1个、逾期未完成0个、无数据87个，
    另有未到期1个。 — every status the summary names, zeros included."""
    total = sum(counts.values())
    parts = [f"{STATUS_LABELS[c]}{counts.get(c, 0)}个" for c in SUMMARY_ORDER]
    tail = f"，另有未到期{counts['not_due']}个" if counts.get("not_due") else ""
    return f"{whole}共有{total}个目标：" + "、".join(parts) + tail + "。"


def status_of(row: Any) -> str | None:
    return getattr(row, "status", None)


class _Numbers:
    """Numbers headings and charts as the report goes."""

    def __init__(self) -> None:
        self.part = 0
        self.sub = 0
        self.chart = 0

    def part_heading(self, text: str) -> Heading:
        self.part += 1
        self.sub = 0
        return Heading(1, f"{cn_number(self.part)}、{text}")

    def sub_heading(self, text: str) -> Heading:
        self.sub += 1
        return Heading(2, f"（{cn_number(self.sub)}）{text}")

    def next_chart(self) -> int:
        self.chart += 1
        return self.chart


# --- a plan's report -----------------------------------------------------------------------

PROGRESS_WIDTHS = (12, 44, 20, 20, 13, 13, 19, 15)
SUPERVISED_WIDTHS = (12, 36, 20, 13, 13, 17, 45)
QUOTE_WIDTHS = (12, 36, 78, 30)
SOURCE_WIDTHS = (10, 22, 16, 11, 12, 35, 14, 14, 12, 10)


def plan_title(report: PlanReport) -> str:
    title = report.document.title or report.document.name
    return f"{title}实施进展情况报告" if "《" in title else f"《{title}》实施进展情况报告"


def plan_layout(report: PlanReport) -> Layout:
    """The plan report: summary, a table per part, the 督办 list, trends, sources."""
    numbers = _Numbers()
    blocks: list[Block] = [Paragraph(_plan_intro(report))]
    blocks += _plan_summary(report, numbers)
    blocks += _plan_sections(report, numbers)
    blocks += _plan_supervision(report, numbers)
    blocks += _plan_trends(report, numbers)
    blocks += _plan_sources(report)
    doc = report.document
    return Layout(plan_title(report), f"（截至{day_text(report.as_of)}）", blocks, f"plan-{doc.id}")


def _plan_intro(report: PlanReport) -> str:
    doc = report.document
    facts = [f for f in (doc.doc_number, doc.issuer) if f]
    if doc.period_start and doc.period_end:
        facts.append(f"规划期{doc.period_start}—{doc.period_end}年")
    told = f"（{'，'.join(facts)}）" if facts else ""
    return (
        f"本报告依据《{doc.title or doc.name}》{told}和截至{day_text(report.as_of)}的监测数据，"
        f"评估规划所列每个目标的进展，于{day_text(report.generated.date())}由规划监测系统生成。"
        "报告中的每个数字均可在附件中查到其规划原文和数据来源。"
    )


def _plan_summary(report: PlanReport, numbers: _Numbers) -> list[Block]:
    out: list[Block] = [numbers.part_heading("总体情况")]
    whole = f"截至{day_text(report.as_of)}，本规划"
    out.append(Paragraph(counts_sentence(report.counts, whole)))
    if not report.rows:
        out.append(Paragraph("本规划在台账中没有可评估的目标（未识别出带数字的目标）。"))
        return out
    if not report.observed:
        out.append(
            Paragraph(
                f"本规划尚无监测数据：{len(report.rows)}个目标均为无数据，进度无法评估。"
                "请各牵头单位按报送模板（planwatch template）报送数据后重新生成本报告。"
            )
        )
    out.append(Chart(numbers.next_chart(), "各状态目标数", "status", dict(report.counts)))
    lagging = {r.item_id for g in report.supervision for r in g.rows}
    if lagging:
        out.append(
            Paragraph(
                f"滞后、严重滞后和逾期未完成的目标共{len(lagging)}个，涉及{len(report.supervision)}"
                "个牵头单位，见督办清单。"
            )
        )
    return out


def _plan_sections(report: PlanReport, numbers: _Numbers) -> list[Block]:
    columns = plan_columns(report)
    out: list[Block] = [
        numbers.part_heading("各部分目标进展情况"),
        Paragraph(
            "下表按规划章节列出每个目标：规划原文（括号内为目标年份）、基数、最新值及其期间、"
            "进度、应达进度、状态和按趋势的预测值。",
            note=True,
        ),
    ]
    for table in report.sections:
        out.append(numbers.sub_heading(table.title))
        out.append(
            Table(
                table.title,
                columns.progress,
                table.rows,
                PROGRESS_WIDTHS,
                subhead=table.subheading,
                status=status_of,
            )
        )
    return out


def _plan_supervision(report: PlanReport, numbers: _Numbers) -> list[Block]:
    columns = plan_columns(report)
    out: list[Block] = [numbers.part_heading("督办清单")]
    if not report.supervision:
        out.append(Paragraph("没有滞后、严重滞后或逾期未完成的目标，无须督办。"))
        return out
    out.append(
        Paragraph(
            "以下目标滞后、严重滞后或逾期未完成，按牵头单位列出，请牵头单位会同配合单位"
            "查明原因、加快推进。有多个牵头单位的目标在每个牵头单位下各列一次。"
        )
    )
    for group in report.supervision:
        out.append(numbers.sub_heading(group.lead))
        partners = "、".join(group.cooperating) or "（未注明）"
        out.append(Paragraph(f"牵头单位：{group.lead}；配合单位：{partners}。"))
        out.append(
            Table(group.lead, columns.supervised, group.rows, SUPERVISED_WIDTHS, status=status_of)
        )
    return out


def _plan_trends(report: PlanReport, numbers: _Numbers) -> list[Block]:
    out: list[Block] = [numbers.part_heading("重点指标趋势")]
    if not report.trends:
        out.append(Paragraph("尚无监测数据，未绘制重点指标趋势图。"))
        return out
    out.append(
        Paragraph(
            "下图画出每个重点比率指标的监测值、基数、目标值和按趋势外推的预测值（横轴为年份，"
            "年度数据位于该年刻度）。",
            note=True,
        )
    )
    for trend in report.trends:
        place = report.region_names.get(trend.region, trend.region)
        out.append(Chart(numbers.next_chart(), f"{trend.name}（{place}）", "trend", trend=trend))
    if report.trends_left_out:
        out.append(Paragraph(f"另有{report.trends_left_out}项比率指标未绘图，其数据见附件。"))
    return out


def _plan_sources(report: PlanReport) -> list[Block]:
    columns = plan_columns(report)
    out: list[Block] = [
        Heading(1, "附件：数据来源", new_page=True),
        Paragraph(METHOD, note=True),
        Heading(2, "（一）目标原文"),
        Table("目标原文", columns.quotes, report.rows, QUOTE_WIDTHS),
        Heading(2, "（二）监测数据"),
    ]
    if report.sources:
        out.append(Table("监测数据", columns.sources, report.sources, SOURCE_WIDTHS, compact=True))
    else:
        out.append(
            Paragraph("无：本规划的目标尚无监测数据，规划文本中也没有可作为监测值的完成数。")
        )
    return out


# --- a region's report ---------------------------------------------------------------------

COUNT_WIDTHS = tuple([11.0] * len(STATUS_ORDER))
PLAN_WIDTHS = (46, 18, 12, *COUNT_WIDTHS)
REGION_WIDTHS = (36, 14, 12, 12, *COUNT_WIDTHS)
LAGGING_WIDTHS = (40, 26, 20, 20, 12, 12, 14, 10)
WEAKER_WIDTHS = (28, 20, 10, 38, 30, 30)


def region_layout(report: RegionReport) -> Layout:
    """The supervisor's report: summary and plans, regions, lagging regions and indicators,
    lower plans weaker than higher ones, sources."""
    numbers = _Numbers()
    columns = region_columns(report)
    blocks: list[Block] = [Paragraph(_region_intro(report))]
    blocks.append(numbers.part_heading("总体情况"))
    whole = f"截至{day_text(report.as_of)}，{report.name}及所辖地区的{len(report.plans)}个规划"
    blocks.append(Paragraph(counts_sentence(report.counts, whole)))
    if report.plans:
        blocks.append(Chart(numbers.next_chart(), "各状态目标数", "status", dict(report.counts)))
        blocks.append(Table("各规划", columns.plans, report.plans, PLAN_WIDTHS, compact=True))
    blocks.append(numbers.part_heading("各地区进展情况"))
    if report.regions:
        blocks.append(Table("各地区", columns.regions, report.regions, REGION_WIDTHS, compact=True))
    else:
        blocks.append(Paragraph(f"台账中没有{report.name}及所辖地区的规划。"))
    blocks += _region_lagging(report, numbers, columns.lagging)
    blocks += _region_weaker(report, numbers, columns.weaker)
    blocks.append(Heading(1, "附件：数据来源", new_page=True))
    blocks.append(Paragraph(METHOD, note=True))
    if report.sources:
        blocks.append(
            Table("监测数据", columns.sources, report.sources, SOURCE_WIDTHS, compact=True)
        )
    else:
        blocks.append(Paragraph("无：没有滞后的目标，也就没有须列出的监测数据。"))
    return Layout(
        f"{report.name}教育规划实施进展督导报告",
        f"（截至{day_text(report.as_of)}）",
        blocks,
        "region",
    )


def _region_intro(report: RegionReport) -> str:
    return (
        f"本报告汇总台账中{report.name}及其所辖市、县（区）的{len(report.plans)}个规划在"
        f"{day_text(report.as_of)}的实施进展，列出滞后的地区和指标，以及下级规划目标低于"
        f"所贯彻的上级规划之处，于{day_text(report.generated.date())}由规划监测系统生成。"
    )


def _region_lagging(
    report: RegionReport, numbers: _Numbers, columns: Sequence[Column]
) -> list[Block]:
    out: list[Block] = [numbers.part_heading("滞后的地区和指标")]
    if not report.lagging:
        out.append(Paragraph("没有滞后、严重滞后或逾期未完成的目标。"))
        return out
    lines = {line.code: line for line in report.regions}
    said = [
        f"{g.name}在{'、'.join(lines[g.code].lagging) if g.code in lines else '若干目标'}上"
        for g in report.lagging
    ]
    out.append(Paragraph("；".join(said) + "滞后、严重滞后或逾期未完成。"))
    for group in report.lagging:
        out.append(numbers.sub_heading(group.name))
        out.append(Table(group.name, columns, group.rows, LAGGING_WIDTHS, status=status_of))
    return out


def _region_weaker(
    report: RegionReport, numbers: _Numbers, columns: Sequence[Column]
) -> list[Block]:
    out: list[Block] = [numbers.part_heading("下级规划目标低于上级规划")]
    if not report.weaker:
        out.append(Paragraph("没有发现下级规划的目标低于其所贯彻的上级规划的同一指标目标。"))
        return out
    out.append(
        Paragraph(
            f"共{len(report.weaker)}处：下级规划的比率目标弱于所贯彻的上级规划同一指标、"
            "同年或更早年份的目标（planwatch check 的“下级目标低于上级”）。"
        )
    )
    out.append(Table("下级目标低于上级", columns, report.weaker, WEAKER_WIDTHS))
    return out


def layout_of(report: PlanReport | RegionReport) -> Layout:
    """The layout of either kind of report."""
    return plan_layout(report) if isinstance(report, PlanReport) else region_layout(report)
