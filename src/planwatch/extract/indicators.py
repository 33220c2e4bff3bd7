"""Indicator catalog loading and linking of items to catalog indicators by their subject."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from planwatch.catalog import catalog_data, load_catalog
from planwatch.ingest.simplify import simplified
from planwatch.records import Item

__all__ = ["Match", "link_items", "load_catalog", "match_subject", "normalize_subject"]

# Punctuation and spacing that never changes which indicator a subject names.
_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉<>()\[\]【】〔〕{}·・、,.，。:：;；!！?？_\-—–‑]+")
# A subject that goes on to state a change (比2015年提高) names a difference, not the level.
_CHANGE = re.compile(r"^(?:比.{0,8}?)?(?:提高|增长|增加|下降|降低|减少|提升|上升)")
_MAX_GAP = 6  # characters allowed between the words of a pattern


@dataclass(frozen=True, slots=True)
class Match:
    """The indicator a subject names and the words of the subject that name it."""

    indicator: str
    evidence: str
    start: int
    end: int
    exact: bool  # an alias, not a pattern of words


@dataclass(frozen=True, slots=True)
class _Entry:
    """A catalog indicator prepared for matching."""

    id: str
    aliases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    units: frozenset[str]


@cache
def normalize_subject(text: str) -> str:
    """A subject as matched: NFKC width, simplified script, no punctuation or spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = simplified(text)  # converted only when it holds traditional characters
    return _NOISE.sub("", text).upper()


def _pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Words that must appear in order, each at most _MAX_GAP characters after the last."""
    gap = f"[^，。；]{{0,{_MAX_GAP}}}?"
    return re.compile(gap.join(re.escape(normalize_subject(w)) for w in words))


@cache
def _entries() -> tuple[_Entry, ...]:
    """The catalog prepared for matching (built once)."""
    return tuple(
        _Entry(
            id=raw["id"],
            aliases=tuple(dict.fromkeys(normalize_subject(a) for a in raw["aliases"])),
            patterns=tuple(_pattern(p) for p in raw.get("patterns", [])),
            units=frozenset(raw.get("units") or [raw["unit"]]),
        )
        for raw in catalog_data()
    )


def _candidates(entry: _Entry, subject: str) -> list[Match]:
    """Every place where the subject names this entry, by alias or by pattern."""
    found = []
    for alias in entry.aliases:
        at = subject.find(alias)
        if at >= 0:
            found.append(Match(entry.id, alias, at, at + len(alias), True))
    for pattern in entry.patterns:
        m = pattern.search(subject)
        if m:
            found.append(Match(entry.id, m.group(), m.start(), m.end(), False))
    return found


def _best(subject: str) -> tuple[Match, _Entry] | None:
    """The longest naming of any indicator in the subject (an alias wins a tie)."""
    best: tuple[Match, _Entry] | None = None
    for entry in _entries():
        for match in _candidates(entry, subject):
            if best is None or (len(match.evidence), match.exact) > (
                len(best[0].evidence),
                best[0].exact,
            ):
                best = (match, entry)
    return best


@lru_cache(maxsize=8192)
def match_subject(subject: str, unit: str) -> Match | None:
    """The indicator an item's subject names, if its unit fits and it is not a change
    (remembered per subject: a plan names the same things many times)."""
    text = normalize_subject(subject)
    best = _best(text)
    if best is None:
        return None
    match, entry = best
    if unit not in entry.units or _CHANGE.match(text[match.end :]):
        return None
    return match


def link_items(items: Sequence[Item]) -> None:
    """Set ``indicator`` and ``link_evidence`` of each item whose subject names a catalog
    indicator (the words matched are the evidence)."""
    for item in items:
        match = match_subject(item.subject, item.unit)
        if match is not None:
            item.indicator, item.link_evidence = match.indicator, match.evidence
