"""A time budget for reading one file: a text that takes too long fails that file alone.

Extraction is linear in the length of its text (every window it reads is bounded), but a
text of hundreds of thousands of figures without a full stop still takes long. The budget
is checked as the readers go; past it, ``UnreadableFile`` names the file and says why in
Chinese, and a batch reports it and goes on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from planwatch.errors import UnreadableFile

EXTRACT_SECONDS = 60.0  # a real plan of 8 million characters (the size cap) reads in ~4 s


@dataclass(slots=True)
class Budget:
    """Seconds allowed to read one file, counted from its creation."""

    name: str
    seconds: float = EXTRACT_SECONDS
    started: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        """Raise UnreadableFile when the time is spent."""
        if time.monotonic() - self.started > self.seconds:
            raise UnreadableFile(
                self.name,
                f"读取超时（超过 {self.seconds:g} 秒）：文本可能异常，例如大段无标点的重复数字；"
                "已跳过该文件，其余文件照常处理",
            )
