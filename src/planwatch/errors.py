"""PlanWatchError and its children: errors a user can cause, Chinese first, naming the place."""

from __future__ import annotations


class PlanWatchError(Exception):
    """Root of every error a user can cause; the message is shown as is."""


class UnreadableFile(PlanWatchError):
    """A file that cannot be read as a plan: names the file and the reason."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}：{reason}")


class RowError(PlanWatchError):
    """A bad row of a spreadsheet or table: names the file, row and field."""

    def __init__(self, path: object, row: int, field: str, reason: str) -> None:
        self.path, self.row, self.field, self.reason = str(path), row, field, reason
        super().__init__(f"{self.path} 第{row}行「{field}」：{reason}")


_OS_REASONS = (
    (FileNotFoundError, "文件夹不存在"),
    (IsADirectoryError, "这是一个文件夹"),
    (PermissionError, "没有权限"),
    (FileExistsError, "文件已存在"),
)


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese words (the common ones), else as the system says."""
    for kind, words in _OS_REASONS:
        if isinstance(exc, kind):
            return words
    return exc.strerror or str(exc)
