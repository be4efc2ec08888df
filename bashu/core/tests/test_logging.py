"""Personal data never reaches a log in clear, however it is spelt."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bashu.core.identity import resident_id_complete
from bashu.core.logging import MaskPersonalDataFilter, mask_text

ID = "510114198608170076"  # a valid resident ID (check digit 6)
BIRTH = "19860817"


def _digits(text: str) -> str:
    """The digits a reader could put back together: URL escapes dropped, separators ignored."""
    return re.sub(r"\D", "", re.sub(r"%[0-9A-Fa-f]{2}", "", text))


@pytest.mark.parametrize(
    ("spelling", "secret"),
    [
        (ID, BIRTH),
        (f"GET /jobs/?q=ID{ID} HTTP/1.1", BIRTH),
        (f"GET /jobs/?q=%20{ID} HTTP/1.1", BIRTH),
        (f"GET /jobs/?q=%2520{ID} HTTP/1.1", BIRTH),  # encoded twice: a valid ID inside a run
        ("/api/v1/validate/resident-id/510114-19860817-0076", BIRTH),
        ("510114%2D19860817%2D0076", BIRTH),
        ("5101 1419 8608 1700 76", BIRTH),
        ("510114.19860817.0076", BIRTH),
        ("身份证号：510114 19860817 0076。", BIRTH),
        ("５１０１１４１９８６０８１７００７６", "１９８６０８１７"),
        ("11010519491231002X", "19491231"),
        ("110105 19491231 002x", "19491231"),
        ("legacy 510104860817123", "860817"),  # 15 digits, no check character
        ("phone=13812345678", "13812345678"),
        ("tel:+86 138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("landline 028-12345678", "2812345678"),
        ("02312345678", "2312345678"),
        ("(028) 8765 4321", "2887654321"),
        ("0816-2345678", "8162345678"),
    ],
)
def test_every_spelling_is_masked(spelling: str, secret: str) -> None:
    masked = mask_text(spelling)
    assert "*" in masked
    assert secret not in masked and _digits(secret) not in _digits(masked)


@pytest.mark.parametrize(
    "text",
    [
        "order 2024001 page 3",
        '127.0.0.1 - - [02/Dec/2026:05:06:08 +0800] "GET /jobs/?page=2 HTTP/1.1" 200 5120 "-" "curl/7.88.1" 622ms',
        "2026-12-02 05:06:03,228 INFO posting 1234567 closed",
        "uscc 91510100MA61234567",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert mask_text(text) == text


_SEPARATORS = st.sampled_from(["", " ", "-", ".", "%20", "%2D", "+", "_", "/", "\u3000"])
_AROUND = st.sampled_from(["", "ID", "id:", "q=", "q=%20", "%20", "身份证", "No.", "/people/", " "])


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["510104", "510114", "500105", "500112", "110105", "513401"]))
    born = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    return resident_id_complete(f"{area}{born:%Y%m%d}{sequence:03d}")


@st.composite
def spelt(draw: st.DrawFn, number: str) -> str:
    """``number`` with a separator (perhaps none) between any two characters, and context."""
    out = [number[0]]
    for char in number[1:]:
        out.append(draw(_SEPARATORS) if draw(st.integers(0, 4)) == 0 else "")
        out.append(char)
    return draw(_AROUND) + "".join(out) + draw(st.sampled_from(["", " ", "&page=2", " HTTP/1.1"]))


@given(data=st.data(), number=resident_ids())
def test_property_no_spelling_of_an_id_survives(data: st.DataObject, number: str) -> None:
    text = data.draw(spelt(number))
    masked = mask_text(text)
    assert number[6:14] not in _digits(masked), (text, masked)  # the birth date
    assert number not in _digits(masked)


@given(
    data=st.data(),
    number=st.from_regex(
        r"1[3-9][0-9]{9}|0(?:10|2[0-9]|[3-9][0-9]{2})[1-9][0-9]{6,7}", fullmatch=True
    ),
)
def test_property_no_spelling_of_a_phone_survives(data: st.DataObject, number: str) -> None:
    prefix = data.draw(st.sampled_from(["", "tel:", "+86 ", "mobile=", "电话"]))
    text = prefix + data.draw(spelt(number))
    masked = mask_text(text)
    assert number not in _digits(masked), (text, masked)


def test_filter_rewrites_message_and_traceback(caplog) -> None:  # type: ignore[no-untyped-def]
    logger = logging.getLogger("bashu.test")
    logger.addFilter(MaskPersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="bashu.test"):
        logger.info("lookup %s by %s", "510114-19860817-0076", "13812345678")
        try:
            raise ValueError(f"bad person {ID}")
        except ValueError:
            logger.exception("failed")
    assert BIRTH not in caplog.text and "13812345678" not in caplog.text
    assert "ValueError" in caplog.text


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


def test_development_server_access_line_is_masked() -> None:
    server_logger = logging.getLogger("django.server")
    handler = next(
        h
        for h in server_logger.handlers
        if isinstance(h, logging.StreamHandler) and not type(h).__module__.startswith("_pytest")
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        server_logger.info('"%s" %s %s', f"GET /jobs/?q=%20{ID} HTTP/1.1", 200, 120)
    finally:
        handler.setStream(previous if previous is not None else sys.stderr)
    line = stream.getvalue()
    assert "GET /jobs/" in line and BIRTH not in line
