"""sm_governance.testing's public surface: a curated, complete ``__all__``, imported lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sm_governance import testing


def test_every_exported_name_resolves() -> None:
    for name in testing.__all__:
        assert getattr(testing, name) is not None, name


def test_all_is_exactly_the_export_table() -> None:
    assert sorted(testing.__all__) == sorted(testing._EXPORTS)
    assert sorted(dir(testing)) == sorted(testing.__all__)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        testing.NoSuchThing  # noqa: B018


def test_loading_the_plugin_imports_neither_moto_nor_boto3() -> None:
    code = (
        "import sys, sm_governance.testing._plugin, sm_governance.testing._fixtures; "
        "print(','.join(m for m in ('moto', 'boto3', 'jsonschema') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
