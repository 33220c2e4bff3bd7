"""The report's charts as PNG images (for Word), drawn with matplotlib and a CJK font.

The font is Noto Sans CJK (Debian's fonts-noto-cjk, which scripts/setup-system.sh installs),
found through ``matplotlib.font_manager``. Without a CJK font a chart is drawn without its
Chinese words (the caption in the document names it), never with boxes for characters:
``cjk_font()`` is None then and ``FONT_MISSING`` says so.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from functools import cache
from typing import Any

from planwatch.present.report.layout import SERIES_COLOURS, STATUS_COLOURS, SUMMARY_ORDER
from planwatch.present.report.record import Trend
from planwatch.records import STATUS_LABELS

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
)
FONT_MISSING = (
    "未找到中文字体（Noto Sans CJK，Debian 软件包 fonts-noto-cjk）：图中不显示中文文字，"
    "图题见正文；运行 scripts/setup-system.sh 可安装该字体"
)
DPI = 200
MM = 1 / 25.4  # inches per millimetre
WIDTH_MM = 150


@cache
def cjk_font() -> str | None:
    """The family name of an installed CJK font matplotlib can draw with, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed.intersection(CJK_FAMILIES):  # installed after matplotlib's font cache
        for path in font_manager.findSystemFonts():
            if "CJK" in path or "wqy" in path.lower():
                font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def _rc() -> Any:
    """Matplotlib settings of every chart: the CJK font first, DejaVu Sans for the rest."""
    family = cjk_font()
    return {
        "font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "font.size": 9,
    }


def _figure(height_mm: float) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_MM * MM, height_mm * MM), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _drawn(draw: Any, *args: Any) -> bytes:
    """A chart drawn and saved under the charts' font settings."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        figure = draw(*args)
        figure.tight_layout()
        return _png(figure)


def _text(words: str) -> str:
    """Chinese words only when a CJK font can draw them (never boxes)."""
    return words if cjk_font() else ""


def status_png(counts: Mapping[str, int]) -> bytes:
    """A horizontal bar of each status's count (the six statuses, and 未到期 when present)."""
    return _drawn(_status, counts)


def _status(counts: Mapping[str, int]) -> Any:
    codes = [*SUMMARY_ORDER, *(["not_due"] if counts.get("not_due") else [])]
    figure, axes = _figure(8 + 9 * len(codes))
    _style(axes)
    values = [counts.get(code, 0) for code in codes]
    colours = ["#" + STATUS_COLOURS[code][2] for code in codes]
    positions = list(range(len(codes)))[::-1]
    axes.barh(positions, values, color=colours, height=0.65)
    axes.set_yticks(positions, [_text(STATUS_LABELS[c]) for c in codes])  # type: ignore[index]
    top = max(values, default=0) or 1
    for y, value in zip(positions, values, strict=True):
        axes.text(value + top * 0.01, y, str(value), va="center", fontsize=9)
    axes.set_xlim(0, top * 1.12)
    axes.set_xlabel(_text("目标数（个）"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    return figure


def _style(axes: Any) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.tick_params(labelsize=9)


def trend_png(trend: Trend) -> bytes:
    """Observations (a line), baselines, targets and forecasts of one indicator on one axis."""
    return _drawn(_trend, trend)


def _trend(trend: Trend) -> Any:
    figure, axes = _figure(70)
    _style(axes)
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    obs = trend.observations
    axes.plot(
        [p.t for p in obs],
        [p.value for p in obs],
        marker="o",
        color=SERIES_COLOURS["observations"],
        label=_text("监测值") or "obs",
        zorder=3,
    )
    _points(axes, trend.baselines, "s", "baselines", "基数", size=9, hollow=True)
    _points(axes, trend.targets, "*", "targets", "目标", size=12)
    if trend.forecasts and obs:
        last = obs[-1]
        for point in trend.forecasts:
            axes.plot(
                [last.t, point.t],
                [last.value, point.value],
                linestyle="--",
                color=SERIES_COLOURS["forecasts"],
            )
        _points(axes, trend.forecasts, "D", "forecasts", "预测值", hollow=True)
    for point in trend.targets:
        axes.annotate(
            _text(point.label) or _number(point.value),
            (point.t, point.value),
            textcoords="offset points",
            xytext=(4, 6),
            fontsize=8,
        )
    _year_axis(axes, trend)
    axes.set_ylabel(trend.unit)
    axes.legend(loc="best", fontsize=8, frameon=False)
    return figure


def _points(  # noqa: PLR0913 - one keyword per look of a series
    axes: Any,
    points: Any,
    marker: str,
    key: str,
    words: str,
    size: float = 7,
    hollow: bool = False,
) -> None:
    if not points:
        return
    colour = SERIES_COLOURS[key]
    axes.plot(
        [p.t for p in points],
        [p.value for p in points],
        linestyle="none",
        marker=marker,
        markersize=size,
        color=colour,
        markerfacecolor="white" if hollow else colour,
        label=_text(words) or key,
    )


def _year_axis(axes: Any, trend: Trend) -> None:
    every = [*trend.observations, *trend.baselines, *trend.targets, *trend.forecasts]
    first = math.floor(min(p.t for p in every))
    last = math.ceil(max(p.t for p in every))
    step = max(1, math.ceil((last - first) / 10))
    axes.set_xlim(first - 0.5, last + 0.5)
    axes.set_xticks(range(first, last + 1, step))
    axes.set_xlabel(_text("年份"))


def _number(value: float) -> str:
    return f"{value:g}"
