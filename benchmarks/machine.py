"""The machine a benchmark ran on, as markdown lines for BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path


def machine() -> list[str]:
    """uname, CPU model and count, Python version."""
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"- machine: `{uname}`",
        f"- CPU: {cpu} ({os.cpu_count()} logical CPUs)",
        f"- Python: {platform.python_version()} ({platform.python_implementation()})",
    ]
