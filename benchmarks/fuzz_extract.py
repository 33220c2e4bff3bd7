"""Fuzz the extractor's text path with Hypothesis for a while: no input may raise, and none
may be slow for its length.

    .venv/bin/python benchmarks/fuzz_extract.py --minutes 10

Inputs are texts built from the pieces plans are made of (numbers in every notation, units,
relation words, years, headings, table cells, HTML markup, traditional characters, pinyin in
brackets, control characters, long runs without a sentence end) and arbitrary Unicode, as
plain text and as HTML. Each goes through ``ingest.normalize`` and ``extract_document``
(all of parse and extract). Printed: inputs tried, characters read, exceptions (none is the
aim), and the slowest input's characters per second.
"""

from __future__ import annotations

import argparse
import time
import traceback

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.errors import PlanWatchError
from planwatch.extract.document import extract_document
from planwatch.ingest import normalize

PIECES = [
    "到2025年",
    "力争到2023年，",
    "2020年，",
    "目前",
    "累计",
    "新建",
    "改扩建",
    "达到",
    "不低于",
    "控制在",
    "以上",
    "以内",
    "左右",
    "约",
    "分别为",
    "学前教育毛入园率",
    "九年义务教育巩固率",
    "生师比",
    "公办幼儿园",
    "所",
    "个",
    "万人",
    "亿元",
    "元",
    "%",
    "‰",
    "个百分点",
    "：1",
    "19：1",
    "92.4%",
    "150所",
    "3.5亿多元",
    "2 560个",
    "一两项",
    "三分之一",
    "一半",
    "1—2所",
    "3-5个",
    "100万—800万元",
    "〔2021〕34号",
    "桂政发〔2021〕34号",
    "《广西教育提升三年行动计划》",
    "\n一、总体要求\n",
    "\n（一）主要目标\n",
    "\n1．",
    "\n专栏1 ",
    "\t",
    "\n\n",
    "。",
    "；",
    "、",
    "學前教育",
    "毛入園率",
    "學(xué)時",
    "<p>",
    "</p>",
    "<script>x</script>",
    "&nbsp;",
    "\x0c",
    "\u3000",
    "９２．４％",
    "牵头单位：",
    "配合单位：",
    "十四五",
    "5年内",
    "每生每年",
]
TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12), st.from_regex(r"\d{1,6}(\.\d{1,3})?")),
    max_size=400,
).map("".join)


class Fuzz:
    """Counts and the slowest input seen."""

    def __init__(self) -> None:
        self.tried = self.chars = 0
        self.errors: list[str] = []
        self.slowest = (0.0, 0)  # seconds, characters

    def one(self, text: str, fmt: str) -> None:
        self.tried += 1
        self.chars += len(text)
        started = time.perf_counter()
        try:
            extract_document(normalize("fuzz.txt", text, fmt))
        except PlanWatchError:
            pass  # a refusal in Chinese is an answer, not a failure
        except Exception:
            self.errors.append(f"{fmt} {text[:200]!r}\n{traceback.format_exc()}")
        took = time.perf_counter() - started
        if len(text) >= 200 and took / len(text) > self.slowest[0] / max(1, self.slowest[1]):
            self.slowest = (took, len(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    fuzz = Fuzz()
    deadline = time.monotonic() + args.minutes * 60

    @settings(
        max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(TEXT, st.sampled_from(["txt", "html"]))
    def run(text: str, fmt: str) -> None:
        if time.monotonic() < deadline:  # after the deadline the rest of a round is skipped
            fuzz.one(text, fmt)

    while time.monotonic() < deadline:  # rounds of 500 inputs, each from a fresh seed
        run()
    took, size = fuzz.slowest
    print(f"minutes {args.minutes:g}  inputs {fuzz.tried}  characters {fuzz.chars}")
    print(f"exceptions {len(fuzz.errors)}")
    if size:
        print(
            f"slowest input: {size} characters in {took * 1000:.1f} ms = {size / took:,.0f} chars/s"
        )
    for error in fuzz.errors[:5]:
        print(error)


if __name__ == "__main__":
    main()
