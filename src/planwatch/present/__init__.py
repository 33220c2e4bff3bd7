"""present stage: views (rows of plain values) rendered as jsonl, json, csv or a text table."""

from planwatch.present.render import FORMATS, render

__all__ = ["FORMATS", "render"]
