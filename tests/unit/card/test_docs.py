"""The examples in the docstrings of the card package, the card sources and the shared
text and type helpers run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import sm_governance.card
import sm_governance.sources

MODULES = [
    "sm_governance.card",
    *(f"sm_governance.card.{m.name}" for m in pkgutil.iter_modules(sm_governance.card.__path__)),
    "sm_governance.sources",
    *(
        f"sm_governance.sources.{m.name}"
        for m in pkgutil.iter_modules(sm_governance.sources.__path__)
    ),
    "sm_governance._untrusted",
    "sm_governance._types",
    "sm_governance._time",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(importlib.import_module(name), optionflags=flags)
    assert result.failed == 0
