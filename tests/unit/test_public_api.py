"""The public surface: one curated ``__all__``, complete and importable."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sm_governance


def test_every_exported_name_resolves() -> None:
    for name in sm_governance.__all__:
        assert getattr(sm_governance, name) is not None, name


def test_all_is_exactly_the_export_table() -> None:
    assert sorted(sm_governance.__all__) == sorted([*sm_governance._EXPORTS, "__version__"])
    assert dir(sm_governance) == sm_governance.__all__


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        sm_governance.NoSuchThing  # noqa: B018


def test_importing_the_package_loads_no_heavy_modules() -> None:
    # GIVEN a fresh interpreter WHEN it imports the package THEN neither boto3 nor pydantic load
    code = (
        "import sys, sm_governance; "
        "print(','.join(m for m in ('boto3', 'botocore', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
