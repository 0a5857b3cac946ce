"""The pytest plugin (``pytest11`` entry point ``sm_governance``).

pytest imports entry-point plugins before any other plugin (coverage included) starts, so this
module only registers :mod:`sm_governance.testing._fixtures` once pytest is configured.
"""

from __future__ import annotations

from typing import Any


def pytest_configure(config: Any) -> None:
    """Register the local SageMaker fixtures."""
    config.pluginmanager.import_plugin("sm_governance.testing._fixtures")
