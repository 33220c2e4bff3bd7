"""Traditional → simplified Chinese with OpenCC, only for text that looks traditional."""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Any

from planwatch.ingest.offsets import Edit, Mapped, apply_edits, same_length

# Frequent characters that exist only in traditional script (a cheap first test).
TRADITIONAL = frozenset(
    "這個們會為國學發時對說來東經過實現關開問體點機還與於區電動種後應長見進業義當從門將產頭無"
    "兩話認書價變際數統設計劃聯總務構計質級職廳縣鄉區處辦費識標準環擔範確責導師輔習營類項積極"
    "學園達義務與辦優質衛視聽歲們邊遠鎮統籌規劃實施專業職員參與資源權"
)
_NOT_CJK = re.compile("[^\u4e00-\u9fff]+")
SAMPLE = 20_000
MIN_SHARE = 0.02


@cache
def _converter() -> Any:
    """The OpenCC t2s converter (imported and built once, on first need)."""
    import opencc

    return opencc.OpenCC("t2s")


def looks_traditional(text: str) -> bool:
    """A text where OpenCC t2s changes a noticeable share of the CJK characters."""
    sample = text[:SAMPLE]
    if len(sample) > 2000 and not any(map(TRADITIONAL.__contains__, sample)):
        return False  # fast path: a long text without any frequent traditional character
    cjk = len(_NOT_CJK.sub("", sample))
    if not cjk:
        return False
    converted = _converter().convert(sample)
    if len(converted) != len(sample):
        return True
    changed = sum(1 for a, b in zip(sample, converted, strict=True) if a != b)
    return changed >= max(1, MIN_SHARE * cjk)


def to_simplified(doc: Mapped) -> Mapped:
    """Convert to simplified when the text looks traditional; lengths changes are aligned."""
    if not looks_traditional(doc.text):
        return doc
    convert = _converter().convert
    converted = convert(doc.text)
    if len(converted) == len(doc.text):
        return same_length(doc, converted)
    old_lines = doc.text.split("\n")
    new_lines = converted.split("\n")
    if len(new_lines) != len(old_lines):
        new_lines = [convert(line) for line in old_lines]
    edits: list[Edit] = []
    pos = 0
    for old, new in zip(old_lines, new_lines, strict=True):
        if old != new:
            edits += _line_edits(old, new, pos)
        pos += len(old) + 1
    return apply_edits(doc, edits)


def _line_edits(old: str, new: str, base: int) -> list[Edit]:
    """Edits turning one line into its conversion, aligned inside when lengths differ."""
    if len(old) == len(new):
        return [Edit(base, base + len(old), new)]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(base + i1, base + i2, new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
