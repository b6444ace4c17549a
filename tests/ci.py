"""Under ``CI=true`` a missing service (Chromium, PostgreSQL) fails the run; elsewhere it skips."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(reason: str, what: str) -> None:
    """Skip with ``reason``, or fail under CI: ``what`` names the service (``a browser``)."""
    if in_ci():
        pytest.fail(f"{reason} CI=true, so a missing {what} is a failure, not a skip.", pytrace=False)
    pytest.skip(reason)
