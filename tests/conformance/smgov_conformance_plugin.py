"""pytest plugin for moto's own SageMaker tests: the governance extension on for the whole run.

Loaded with ``-p smgov_conformance_plugin`` by ``test_moto_suite.py``; moto's tests then run
their ``mock_aws`` (and their own fixtures) against the local SageMaker.
"""

from __future__ import annotations

from typing import Any


def pytest_configure(config: Any) -> None:
    from sm_governance.testing import _patch

    _patch.install()


def pytest_unconfigure(config: Any) -> None:
    from sm_governance.testing import _patch

    _patch.uninstall()
