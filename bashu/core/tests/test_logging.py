"""Personal data never reaches a log in clear."""

from __future__ import annotations

import io
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


def test_every_configured_handler_masks(client, settings) -> None:  # type: ignore[no-untyped-def]
    """Django's request and development-server loggers print URL paths, which can hold an ID."""
    loggers = [
        logging.getLogger(name)
        for name in ("", "django", "django.request", "django.server", "bashu")
    ]
    handlers = {h for logger in loggers for h in logger.handlers}
    assert handlers, "logging is configured"
    for handler in handlers:
        if type(handler).__module__.startswith("_pytest"):  # pytest's own capture handlers
            continue
        assert any(isinstance(f, MaskPersonalDataFilter) for f in handler.filters), handler


def test_access_log_line_is_masked() -> None:
    server_logger = logging.getLogger("django.server")
    handler = next(
        h
        for h in server_logger.handlers
        if isinstance(h, logging.StreamHandler) and not type(h).__module__.startswith("_pytest")
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        server_logger.info(
            '"%s" %s %s', "GET /api/v1/validate/resident-id/510104199001011237 HTTP/1.1", 200, 120
        )
    finally:
        handler.setStream(previous)  # type: ignore[arg-type]
    line = stream.getvalue()
    assert "510104********1237" in line and "510104199001011237" not in line
