"""ingest stage: a file becomes a SourceText with its offset map."""

from __future__ import annotations

from pathlib import Path

from planwatch.errors import UnreadableFile
from planwatch.records import SourceText


def read_source(path: Path) -> SourceText:
    """Interim: read a UTF-8 text file as it is (replaced by the real reader)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"无法读取文件（{exc.strerror}）") from exc
    return SourceText.identity(Path(path).name, raw.decode("utf-8-sig", errors="replace"))
