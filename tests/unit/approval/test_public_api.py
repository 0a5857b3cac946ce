"""sm_governance.approval: one curated ``__all__``, complete and importable."""

from __future__ import annotations

import inspect

from sm_governance import approval


def test_every_exported_name_resolves() -> None:
    for name in approval.__all__:
        assert getattr(approval, name) is not None, name


def test_every_public_class_and_function_is_exported() -> None:
    public = {
        name
        for name, value in vars(approval).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and getattr(value, "__module__", "").startswith("sm_governance.approval")
    }
    assert public <= set(approval.__all__)
