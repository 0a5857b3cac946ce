"""Tests against a real AWS account: opt in with ``pytest -m e2e tests/e2e``.

They run only when ``-m e2e`` is given, with credentials and a region from the standard
boto3 chain (use a sandbox account: they create and delete a model package group). Every
other run skips them, so `make test` never needs an account.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "e2e" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="needs a real AWS account: run with -m e2e")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)
