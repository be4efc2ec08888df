"""Request data shared by the load test (locustfile.py) and the cost profiler (costs.py)."""

from __future__ import annotations

from typing import Any

PRECHECKS: list[dict[str, Any]] = [
    {
        "kind": "title",
        "series": "工程",
        "level": "中级",
        "issuing_region": "511002",
        "host_region": "510302",
        "issued_on": "2021-05-01",
    },
    {
        "kind": "title",
        "series": "卫生",
        "level": "副高级",
        "issuing_region": "500112",
        "host_region": "510104",
    },
    {"kind": "skill", "level": "高级工", "issuing_region": "510100", "host_region": "500000"},
    {"kind": "talent_card", "card_class": "A", "issuing_region": "510100", "host_region": "500112"},
    {
        "kind": "agency_licence",
        "issuing_region": "510104",
        "host_region": "510603",
        "expires_on": "2030-12-31",
    },
]
