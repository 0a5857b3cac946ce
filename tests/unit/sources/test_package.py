"""The sources package: a lazy, curated surface that imports nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sm_governance import sources


def test_every_exported_name_resolves_and_dir_is_all() -> None:
    for name in sources.__all__:
        assert getattr(sources, name) is not None, name
    assert dir(sources) == sources.__all__


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_source"):
        sources.no_such_source  # noqa: B018


def test_importing_sources_and_render_loads_neither_boto3_nor_mlflow() -> None:
    # GIVEN a fresh interpreter WHEN it imports the packages and the pure evaluation source
    code = (
        "import sys, sm_governance.sources, sm_governance.render, "
        "sm_governance.sources.evaluation; "
        "print(','.join(m for m in ('boto3', 'botocore', 'mlflow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # THEN no AWS or MLflow library was loaded
    assert out.stdout.strip() == ""
