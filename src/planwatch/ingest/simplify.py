"""Traditional → simplified Chinese with OpenCC, only for text that looks traditional."""

from __future__ import annotations

import difflib
import re
from functools import cache
from operator import ne
from typing import Any

from planwatch.ingest.offsets import Edit, Mapped, apply_edits, same_length

# Frequent characters that exist only in traditional script (a cheap first test).
TRADITIONAL = frozenset(
    "來個們價優兩劃動務區參員問國園學實將專對導師廳後從應擔數於時書會東業極構標機權歲準為無營現"
    "環產當發確種積範籌級統經縣總義習聯職聽與處衛見規視計設話認說識變責費資質輔辦這進過達遠還邊鄉"
    "鎮長門開關際電項頭類體點"
)
_TRADITIONAL_RE = re.compile("[" + "".join(sorted(TRADITIONAL)) + "]")
_NOT_CJK = re.compile("[^\u4e00-\u9fff]+")
SAMPLE = 20_000
MIN_SHARE = 0.02
_CHUNK = 1000


@cache
def _converter() -> Any:
    """The OpenCC t2s converter (imported and built once, on first need)."""
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """A short text in simplified characters (学前教育三年毛入園率 → 学前教育三年毛入园率),
    converted only when a frequent traditional character shows that it needs it."""
    return str(_converter().convert(text)) if _TRADITIONAL_RE.search(text) else text


def looks_traditional(text: str) -> bool:
    """A text where OpenCC t2s changes a noticeable share of the CJK characters."""
    sample = text[:SAMPLE]
    if _surely_simplified(sample):
        return False
    return _changes_enough(sample, _converter().convert(sample))


def _surely_simplified(sample: str) -> bool:
    """Fast path: a long sample without any frequent traditional character."""
    return len(sample) > 200 and not _TRADITIONAL_RE.search(sample)


def _changes_enough(sample: str, converted: str) -> bool:
    """Whether ``converted`` (t2s of ``sample``) changes a noticeable share of its CJK chars."""
    cjk = len(_NOT_CJK.sub("", sample))
    if not cjk:
        return False
    if len(converted) != len(sample):
        return True
    needed = max(1, MIN_SHARE * cjk)
    changed = 0
    # Counted by chunks, to stop early: a traditional text shows its changes soon.
    for at in range(0, len(sample), _CHUNK):
        changed += sum(map(ne, sample[at : at + _CHUNK], converted[at : at + _CHUNK]))
        if changed >= needed:
            return True
    return False


def to_simplified(doc: Mapped) -> Mapped:
    """Convert to simplified when the text looks traditional; lengths changes are aligned."""
    text = doc.text
    if len(text) > SAMPLE:
        if not looks_traditional(text):
            return doc
        converted = _converter().convert(text)
    else:  # the sample is the whole text: convert it once for the test and the result
        if _surely_simplified(text):
            return doc
        converted = _converter().convert(text)
        if not _changes_enough(text, converted):
            return doc
    if len(converted) == len(text):
        return same_length(doc, converted)
    return apply_edits(doc, _edits(text, converted))


def _edits(text: str, converted: str) -> list[Edit]:
    """Edits turning ``text`` into its conversion ``converted``, line by line."""
    old_lines = text.split("\n")
    new_lines = converted.split("\n")
    if len(new_lines) != len(old_lines):
        convert = _converter().convert
        new_lines = [convert(line) for line in old_lines]
    edits: list[Edit] = []
    pos = 0
    for old, new in zip(old_lines, new_lines, strict=True):
        if old != new:
            edits += _line_edits(old, new, pos)
        pos += len(old) + 1
    return edits


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
