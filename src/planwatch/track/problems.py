"""The errors of the track stage (defined in ``planwatch.errors``)."""

from __future__ import annotations

from planwatch.errors import BadPeriod, ImportProblem, ImportRefused

__all__ = ["BadPeriod", "ImportProblem", "ImportRefused"]
