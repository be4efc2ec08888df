"""GB/T 2260 code arithmetic, plain Python (used by models, matching and the generator)."""

from __future__ import annotations


def region_prefix(code: str) -> str:
    """``510000`` → ``51``; ``510100`` → ``5101``; ``510117`` → ``510117``: the subtree's prefix."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code
