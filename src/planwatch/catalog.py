"""The indicator catalog shipped with the package (data/indicators.json), as records."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from planwatch.records import Indicator


@cache
def catalog_data() -> tuple[dict[str, Any], ...]:
    """The raw catalog entries, with their matching patterns (read once)."""
    text = resources.files("planwatch").joinpath("data", "indicators.json").read_text("utf-8")
    return tuple(json.loads(text)["indicators"])


def load_catalog() -> list[Indicator]:
    """The standard education indicators shipped with PlanWatch."""
    fields = Indicator.__dataclass_fields__
    return [
        Indicator(**{k: v for k, v in entry.items() if k in fields}) for entry in catalog_data()
    ]


@cache
def indicator_names() -> dict[str, str]:
    """Catalog id → Chinese name (preschool_gross_enrolment_rate → 学前教育毛入园率)."""
    return {entry["id"]: entry["name"] for entry in catalog_data()}
