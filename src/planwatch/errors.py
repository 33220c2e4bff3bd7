"""PlanWatchError and its children: errors a user can cause, Chinese first, naming the place."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass


def brief(text: str, limit: int = 40) -> str:
    """What a user typed, as a message repeats it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 字）"


class PlanWatchError(Exception):
    """Root of every error a user can cause; the message is shown as is."""


class UnreadableFile(PlanWatchError):
    """A file that cannot be read as a plan: names the file and the reason."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}：{reason}")


_OS_REASONS = (
    (FileNotFoundError, "文件夹不存在"),
    (IsADirectoryError, "这是一个文件夹"),
    (NotADirectoryError, "路径中有一段不是文件夹"),
    (PermissionError, "没有权限"),
    (FileExistsError, "文件已存在"),
)
# errno → words, for the OSErrors without a class of their own.
_ERRNO_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EROFS: "文件系统是只读的",
    errno.ELOOP: "符号链接循环",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "磁盘读写错误",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese words (the common ones), else as the system says."""
    for kind, words in _OS_REASONS:
        if isinstance(exc, kind):
            return words
    if exc.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[exc.errno]
    return exc.strerror or str(exc)


# What the databases say (SQLite, PostgreSQL), in Chinese: (words in their message, reason).
_DATABASE_REASONS = (
    ("database is locked", "数据库正被其他程序写入（已锁定），请稍后重试"),
    ("disk I/O error", "磁盘读写错误"),
    ("unable to open database file", "无法打开数据库文件（文件夹不存在或没有权限）"),
    ("readonly database", "数据库是只读的"),
    ("database disk image is malformed", "数据库文件已损坏"),
    ("file is not a database", "这不是数据库文件"),
    ("database or disk is full", "磁盘空间不足"),
    ("no such table", "数据库缺少台账的表"),
    ("Connection refused", "连接被拒绝（数据库服务器未启动或地址有误）"),
    ("could not translate host name", "无法解析数据库服务器的主机名"),
    ("password authentication failed", "数据库用户名或密码错误"),
    ("does not exist", "数据库或用户不存在"),
    ("timeout expired", "连接数据库超时"),
    ("canceling statement due to statement timeout", "数据库语句执行超时"),
    ("could not serialize access", "并发写入冲突"),
    ("deadlock detected", "并发写入死锁"),
)


def database_reason(exc: BaseException) -> str:
    """A database error in Chinese words (the message of the driver's error when it has one),
    the driver's first line kept in brackets."""
    first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    said = first[0] if first else type(exc).__name__
    for words, reason in _DATABASE_REASONS:
        if words.lower() in said.lower():
            return f"{reason}（{said}）"
    return said


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


# --- the ledger ------------------------------------------------------------------------


class UnknownDocument(PlanWatchError):
    """DOC names no document of the ledger."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"台账中没有文件「{brief(ref)}」（可用 planwatch docs 查看文件名或编号）")


class AmbiguousDocument(PlanWatchError):
    """DOC names several documents of the ledger (the same file name in two folders)."""

    def __init__(self, ref: str, ids: Sequence[int]) -> None:
        numbers = "、".join(map(str, ids))
        super().__init__(
            f"台账中有 {len(ids)} 个文件都叫「{brief(ref)}」（编号 {numbers}），请用编号或路径指明"
        )


class NoLedger(PlanWatchError):
    """A command that reads the ledger was pointed at an SQLite file that does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"台账文件 {path} 不存在：请先用 planwatch ingest 读入规划，或用 --db 指明台账"
        )


class UnknownUnit(PlanWatchError):
    """No task of the plan names the unit asked for a template."""

    def __init__(self, unit: str, known: Sequence[str]) -> None:
        names = "、".join(known[:12]) or "（本规划的任务未写明牵头单位）"
        super().__init__(f"本规划没有由「{brief(unit)}」牵头的目标；牵头单位有：{names}")


class DatabaseError(PlanWatchError):
    """The ledger's database cannot be used: a bad URL or an unreachable server."""


# --- accounts and the write side of the web app -------------------------------------------


class NotSignedIn(PlanWatchError):
    """A request that needs an account came without valid credentials (HTTP 401)."""

    def __init__(
        self, reason: str = "请先登录（或在 Authorization: Bearer 中给出接口令牌）"
    ) -> None:
        super().__init__(reason)


class Forbidden(PlanWatchError):
    """The account may not do this: outside its region, its role or its assignments (403)."""


class TooManyAttempts(PlanWatchError):
    """Too many failed logins for an account or from an address (HTTP 429)."""


class Conflict(PlanWatchError):
    """The observation is not in a state that allows this (HTTP 409)."""
