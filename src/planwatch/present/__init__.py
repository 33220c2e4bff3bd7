"""present stage: views (parts of records with their columns) rendered as a text table, csv,
jsonl, json or xlsx; one renderer for every listing, page and report."""

from planwatch.present.render import FORMATS, Part, View, render, save

__all__ = ["FORMATS", "Part", "View", "render", "save"]
