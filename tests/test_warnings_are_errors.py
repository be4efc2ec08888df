"""A warning the project's own code raises fails the test that caused it (``filterwarnings``
in pyproject.toml); third-party warnings are ignored only by name."""

from __future__ import annotations

import warnings

import pytest


def test_a_warning_from_our_code_is_an_error() -> None:
    with pytest.raises(DeprecationWarning, match="old spelling"):
        warnings.warn("old spelling", DeprecationWarning, stacklevel=1)
