"""Personal data never reaches a log in clear."""

from __future__ import annotations

import logging

from bashu.core.logging import MaskPersonalDataFilter, mask_text


def test_mask_text_masks_ids_and_phones_but_not_other_numbers() -> None:
    text = "person 510104199001011237 phone 13812345678 order 2024001 id 11010519491231002X"
    assert (
        mask_text(text)
        == "person 510104********1237 phone 138****5678 order 2024001 id 110105********002X"
    )


def test_filter_rewrites_records(caplog) -> None:  # type: ignore[no-untyped-def]
    logger = logging.getLogger("bashu.test")
    logger.addFilter(MaskPersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="bashu.test"):
        logger.info("lookup %s by %s", "510104199001011237", "13812345678")
    assert "510104199001011237" not in caplog.text and "13812345678" not in caplog.text
    assert "510104********1237" in caplog.text
