"""Published weights and thresholds (指数编制方法参数), versioned data in ``data/methodology.json``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "methodology.json"


@dataclass(frozen=True)
class Methodology:
    version: str
    effective_from: str
    source: str
    min_cell: int
    sections: dict[str, Any]

    def __getitem__(self, index: str) -> dict[str, Any]:
        section: dict[str, Any] = self.sections[index]
        return section


@cache
def load(path: Path = DATA) -> Methodology:
    """Read the methodology file; weights of each composite must add up to one."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    sections = {k: v for k, v in raw.items() if isinstance(v, dict)}
    for name, section in sections.items():
        weights = section.get("weights")
        if weights is None and "indicators" in section:
            weights = {i["id"]: i["weight"] for i in section["indicators"]}
        if weights is not None and abs(sum(weights.values()) - 1) > 1e-9:
            raise ValueError(f"{name}: weights add up to {sum(weights.values())}, not 1")
    return Methodology(
        version=raw["version"],
        effective_from=raw["effective_from"],
        source=raw["source"],
        min_cell=int(raw["min_cell"]),
        sections=sections,
    )
