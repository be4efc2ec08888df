"""Fixtures shared by the recognition tests."""

from __future__ import annotations

import pytest

from bashu.recognition.tests.factories import neijiang_title


@pytest.fixture
def title(settings, tmp_path, make_account):  # type: ignore[no-untyped-def]
    """刘建国's registered title from 内江 (``NJ-2021-0001``), his seeker account ``liu``; the
    data directory (where signed documents are kept) is the test's own."""
    settings.DATA_DIR = tmp_path
    return neijiang_title(account=make_account("liu", "seeker"))
