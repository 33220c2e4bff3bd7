"""Render rows (lists of dicts) as jsonl, json, csv or an aligned text table."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

FORMATS = ("jsonl", "json", "csv", "table")


def render(rows: Sequence[dict[str, Any]], fmt: str, headers: dict[str, str] | None = None) -> str:
    """Rows as text; ``headers`` maps keys to the Chinese column names of csv and table."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    keys = list(headers) if headers else _keys(rows)
    names = [headers.get(k, k) for k in keys] if headers else keys
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # a byte-order mark, so that Excel reads the UTF-8 as UTF-8
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([_cell(r.get(k)) for k in keys] for r in rows)
        return out.getvalue()
    if fmt == "table":
        return text_table(names, [[_cell(r.get(k)) for k in keys] for r in rows])
    raise ValueError(f"未知的输出格式：{fmt}")


def _keys(rows: Iterable[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for r in rows:
        keys.update(dict.fromkeys(r))
    return list(keys)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value).replace("\n", "⏎")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out: list[str] = []
    used = 0
    for ch in text:
        w = display_width(ch)
        if used + w > width:
            return "".join(out)[:-1] + "…" if out else ""
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


def text_table(names: list[str], cells: list[list[str]], max_width: int = 40) -> str:
    """An aligned plain-text table that CJK text does not break."""
    widths = [
        min(max_width, max([display_width(n)] + [display_width(r[i]) for r in cells]))
        for i, n in enumerate(names)
    ]
    lines = ["  ".join(_fit(n, w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_fit(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"
