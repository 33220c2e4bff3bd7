"""Pages rendered on the server: one Jinja2 environment with autoescaping on, the filters
the templates share (figures, statuses, names), and a view's JSON for the API.

Nothing from a plan reaches a page unescaped: templates never use ``|safe``; data for the
charts travels as JSON in ``<script type="application/json">`` (``|tojson`` escapes <, >
and &), and the page's scripts are files of this package (the Content-Security-Policy of
``app.py`` forbids inline scripts).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from typing import Any
from urllib.parse import quote

from planwatch.catalog import indicator_names
from planwatch.present.columns import Column, ordered
from planwatch.present.figures import figure, number, unit_text
from planwatch.present.names import (
    COVERAGE_STATUS_NAMES,
    FINDING_KIND_NAMES,
    ITEM_KIND_NAMES,
    LEVEL_NAMES,
    OUTLINE_KIND_NAMES,
    SEVERITY_NAMES,
)
from planwatch.present.render import machine
from planwatch.present.tracking import OBSERVATION_STATUS_NAMES, SOURCE_KIND_NAMES, STATUS_ORDER
from planwatch.records import STATUS_LABELS

RELATIONS = {">=": "≥", "<=": "≤", "~": "约", "=": "="}


def share(value: Any) -> str:
    """0.634 → 63%."""
    if value is None or not isinstance(value, int | float) or not math.isfinite(value):
        return ""
    return f"{value * 100:.0f}%"


def valued(value: Any, unit: str = "") -> str:
    """A value with its unit, to two decimals: 92.4%, 19∶1."""
    if value is None:
        return ""
    shown = number(round(float(value), 2))
    return f"{shown}∶1" if unit == "ratio" else f"{shown}{unit_text(unit)}"


def marked(quote: str, figure_text: str) -> list[tuple[str, bool]]:
    """The quote cut around the figure's words (first occurrence): [(text, is_figure)]."""
    words = " ".join((figure_text or "").split())
    at = quote.find(words) if words else -1
    if at < 0:
        return [(quote, False)]
    end = at + len(words)
    return [(quote[:at], False), (quote[at:end], True), (quote[end:], False)]


def cells(columns: Sequence[Column], rows: Sequence[Any]) -> dict[str, Any]:
    """A table of rows as the text table shows them: the people's columns, their cells."""
    shown = ordered(columns, for_table=True)
    return {
        "headers": [c.header for c in shown],
        "keys": [c.key for c in shown],
        "rows": [[_cell(c.table_cell(r)) for c in shown] for r in rows],
    }


def _cell(value: Any) -> str:
    from planwatch.present.columns import plain

    return str(plain(value))


@cache
def environment() -> Any:
    """The Jinja2 environment of the package's templates, autoescaping every template."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("planwatch.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        figure=figure,
        number=number,
        share=share,
        valued=valued,
        unit=unit_text,
        url=lambda v: quote(str(v), safe=""),
        indicator=lambda code: indicator_names().get(code or "", code or ""),
        marked=marked,
    )
    env.globals.update(
        version=_version(),
        cells=cells,
        STATUS_LABELS=STATUS_LABELS,
        STATUS_ORDER=STATUS_ORDER,
        KIND_NAMES=ITEM_KIND_NAMES,
        LEVEL_NAMES=LEVEL_NAMES,
        OUTLINE_KIND_NAMES=OUTLINE_KIND_NAMES,
        SEVERITY_NAMES=SEVERITY_NAMES,
        FINDING_KIND_NAMES=FINDING_KIND_NAMES,
        COVERAGE_STATUS_NAMES=COVERAGE_STATUS_NAMES,
        OBSERVATION_STATUS_NAMES=OBSERVATION_STATUS_NAMES,
        SOURCE_KIND_NAMES=SOURCE_KIND_NAMES,
        RELATIONS=RELATIONS,
    )
    return env


def _version() -> str:
    from planwatch import __version__

    return __version__


def render_page(template: str, **context: Any) -> str:
    """A page of the package's templates, every value escaped."""
    rendered: str = environment().get_template(template).render(**context)
    return rendered


def finite(value: Any) -> Any:
    """JSON data with NaN and infinities as null (JSON has neither)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def as_json(value: Any, columns: Sequence[Column] = ()) -> Any:
    """A view (or a list of rows) as the API answers it: ``present.render.machine``'s data."""
    if isinstance(value, list | tuple):
        return finite([machine(v, columns) for v in value])
    return finite(machine(value, columns))


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
