"""The errors of the track stage: a bad period, a refused import and the problems it names.

They live here until the lead engineer moves them into ``planwatch.errors``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.errors import PlanWatchError

__all__ = ["BadPeriod", "ImportProblem", "ImportRefused"]

# A refusal message lists this many problems; the rest are counted (all are in ``problems``).
SHOWN_PROBLEMS = 50


class BadPeriod(PlanWatchError):
    """A period that is not a year, a quarter or a month; names the text and the accepted forms."""

    def __init__(self, text: str, reason: str) -> None:
        self.text, self.reason = text, reason
        super().__init__(f"无法识别的期间「{text}」：{reason}")


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason an import row (or header) is refused, naming the file, row and column.

    ``str(problem)`` reads ``进度.xlsx:17:D: 百分比应在0到100之间，实为 924``; ``kind`` is the
    code of the rule that refused it (see ``planwatch.track.validate.RULES``).
    """

    file: str
    row: int
    column: str  # column letter, "-" when the column itself is missing
    reason: str
    kind: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.reason}"


class ImportRefused(PlanWatchError):
    """A file refused as a whole because some rows are bad; nothing of it is imported."""

    def __init__(self, file: str, problems: Sequence[ImportProblem]) -> None:
        self.file, self.problems = file, list(problems)
        shown = [str(p) for p in self.problems[:SHOWN_PROBLEMS]]
        more = len(self.problems) - len(shown)
        tail = [f"……另有 {more} 处问题"] if more > 0 else []
        head = f"{file}：发现 {len(self.problems)} 处问题，未导入任何数据，请改正后重新导入"
        super().__init__("\n".join([head, *shown, *tail]))
