"""The examples in the card package's docstrings run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import sm_governance.card

MODULES = [
    "sm_governance.card",
    *(f"sm_governance.card.{m.name}" for m in pkgutil.iter_modules(sm_governance.card.__path__)),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(importlib.import_module(name), optionflags=flags)
    assert result.failed == 0
