"""The words of a plan's text for coverage: jieba's words, stop words left out, synonyms as one
shared word (data/synonyms.json), and the programmes a text names (“留学绿城”计划, 《…办法》).

Worked example: ``words("加强双向留学工作")`` is ``["加强", "双向", "留学", "工作",
"§study_abroad"]`` and ``words("出台留学生奖学金管理办法")`` holds ``"§study_abroad"`` too,
so the two texts share a word although jieba cuts them differently.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

SYNONYM_MARK = "§"  # a synonym group's shared word: §study_abroad
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKUP = re.compile(r"<[^>\n]{0,200}>")
_DIGITS = re.compile(r"[0-9０-９.．%％]+")
# A Chinese numeral before a measure word counts, it does not name: 一星级、二星级 are 星级,
# 三级 is 级 (一流, 一带一路, 两教一保 stay).
_COUNTING = re.compile(r"[一二三四五六七八九十两百千]+(?=[个所项批类级星期名万千百亿]|次(?!性))")
_SENTENCES = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_QUOTED = re.compile(r"[“\"《「]([^”\"》」\n]{2,30})[”\"》」]")
# Quoted words that name no programme: the plan's own slogans of a problem or a quality.
_NOT_A_PROGRAMME = re.compile(r"^(?:大班额|超大班额|大通铺|小学化|入园难|入园贵|空心化)$")
SENTENCE_CACHE = 20_000
TEXT_CACHE = 5_000


@dataclass(frozen=True, slots=True)
class SynonymGroup:
    """Terms a plan may use for one thing, why, and an example of two plans."""

    id: str
    terms: tuple[str, ...]
    reason: str
    example: str


@cache
def synonym_groups() -> tuple[SynonymGroup, ...]:
    """The education synonym groups shipped in data/synonyms.json."""
    text = resources.files("planwatch").joinpath("data", "synonyms.json").read_text("utf-8")
    return tuple(
        SynonymGroup(g["id"], tuple(g["terms"]), g["reason"], g["example"])
        for g in json.loads(text)["groups"]
    )


@cache
def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern of every term, longest first, and each term's group."""
    group_of: dict[str, str] = {}
    for group in synonym_groups():
        for term in group.terms:
            group_of.setdefault(term, group.id)
    terms = sorted(group_of, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms)), group_of


@cache
def stop_words() -> frozenset[str]:
    """Words every plan uses whatever the task (data/stopwords.json)."""
    text = resources.files("planwatch").joinpath("data", "stopwords.json").read_text("utf-8")
    return frozenset(w for entry in json.loads(text)["lists"] for w in entry["words"])


@cache
def _tokenizer() -> Any:
    """A jieba tokenizer of our own (the global one untouched), knowing the synonym terms."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for group in synonym_groups():
        for term in group.terms:
            if len(term) > 1 and _CJK.search(term):
                tokenizer.add_word(term)
    return tokenizer


def load_dictionary() -> None:
    """Load jieba's dictionary now (a process that forks workers shares it with them)."""
    _tokenizer()


@lru_cache(maxsize=SENTENCE_CACHE)
def _sentence_words(sentence: str) -> tuple[str, ...]:
    """The words of one sentence (digits already blanked).

    jieba's dictionary cut, and as in its search-engine cut the dictionary words inside a long
    word (改扩建 also gives 扩建, 服务水平 服务 and 水平). Characters jieba leaves single (a word it
    does not know: 师德师风 → 师 德 师 风) give their pairs (师德 德师 师风), unless they touch a
    garbled mark (?): those are decoding debris, not words.
    """
    tokenizer = _tokenizer()
    freq = tokenizer.FREQ
    stop = stop_words()
    cut = list(tokenizer.cut(sentence, HMM=False))
    out: list[str] = []
    run: list[str] = []
    debris = False
    for n, word in enumerate([*cut, ""]):
        if len(word) == 1 and _CJK.match(word):
            debris = debris or (n > 0 and _is_mark(cut[n - 1]))
            run.append(word)
            continue
        if len(run) > 1 and not debris and not _is_mark(word):
            out += [a + b for a, b in pairwise(run)]
        run, debris = [], False
        if len(word) < 2 or not _CJK.search(word):
            continue
        for size in (2, 3):
            if len(word) > size:
                out += [
                    word[i : i + size]
                    for i in range(len(word) - size + 1)
                    if freq.get(word[i : i + size])
                ]
        out.append(word)
    out = [w for w in out if w not in stop]
    pattern, group_of = _synonym_pattern()
    out += sorted({SYNONYM_MARK + group_of[m.group(0)] for m in pattern.finditer(sentence)})
    # one string object per distinct word, however many cached sentences hold it (a worker
    # of a 30,000-plan coverage: 27 MB less)
    return tuple(map(sys.intern, out))


def _is_mark(word: str) -> bool:
    """A garbled-text mark jieba leaves as a word of its own (?, U+FFFD, private use)."""
    return bool(word) and all(c in "?\ufffd" or "\ue000" <= c <= "\uf8ff" for c in word)


def words(text: str) -> tuple[str, ...]:
    """The words of a text for matching, sentence by sentence (texts and sentences cached:
    plans repeat their higher plan's sentences, and a passage is read more than once)."""
    return _text_words(text)


@lru_cache(maxsize=TEXT_CACHE)
def _text_words(text: str) -> tuple[str, ...]:
    text = _COUNTING.sub(" ", _DIGITS.sub(" ", _MARKUP.sub(" ", text)))
    out: list[str] = []
    for m in _SENTENCES.finditer(text):
        sentence = m.group(0).strip()
        if sentence:
            out += _sentence_words(sentence)
    return tuple(out)


def clear_caches() -> None:
    """Forget the words read so far (a benchmark's cold run; memory after a large batch)."""
    _text_words.cache_clear()
    _sentence_words.cache_clear()


def programmes(text: str) -> set[str]:
    """The names a text quotes (“留学绿城”, 《南宁市…办法》, “两教一保”): programmes, plans and
    slogans a lower plan takes up by name."""
    return {
        name
        for name in (m.group(1).strip() for m in _QUOTED.finditer(text))
        if _CJK.search(name) and not _NOT_A_PROGRAMME.match(name)
    }


def synonyms_of(tokens: Iterable[str]) -> list[SynonymGroup]:
    """The synonym groups among a text's words (to say which shared words a verdict rests on)."""
    ids = {t[len(SYNONYM_MARK) :] for t in tokens if t.startswith(SYNONYM_MARK)}
    return [g for g in synonym_groups() if g.id in ids]
