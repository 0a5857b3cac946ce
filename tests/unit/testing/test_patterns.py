"""The service model's Java patterns, read as SageMaker reads them."""

from __future__ import annotations

import re

import pytest

from sm_governance.testing._patterns import matcher
from sm_governance.testing._rules import service_model


def _patterns() -> list[str]:
    model = service_model()
    found = {model.shape_for(n).metadata.get("pattern") for n in model.shape_names}
    return sorted(p for p in found if p is not None)


def test_every_pattern_of_the_service_model_compiles() -> None:
    patterns = _patterns()
    assert len(patterns) > 200
    for pattern in patterns:
        matcher(pattern)  # raises re.error / regex.error otherwise


def test_unicode_category_patterns_use_no_ascii_only_escapes() -> None:
    # those are compiled with the regex module, without re.ASCII: \w, \d, \s would be Unicode
    for pattern in _patterns():
        if re.search(r"\\p\{[A-Z][a-z]?\}", pattern):
            assert not re.search(r"\\[wWdDsSbB]", pattern), pattern


@pytest.mark.parametrize(
    ("pattern", "value", "ok"),
    [
        ("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", "credit-risk", True),
        ("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", "credit_risk", False),  # a prefix matches
        ("[a-zA-Z0-9-]+", "a b", False),
        (r"\d+", "١٢", False),  # Java's \d is ASCII
        (r"[\p{L}\p{Z}\p{N}_.:\/=+\-@]*", "Jörg Müller 1", True),
        (r"[\p{L}\p{Z}\p{N}_.:\/=+\-@]*", "a;b", False),
        (r"([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}", "key", True),  # quantified end anchor
        (
            r"arn:[\p{Alnum}\-]+:lambda:[\p{Alnum}\-]+:[0-9]{12}:function:.*",
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            True,
        ),
        (
            r"arn:[\p{Alnum}\-]+:lambda:[\p{Alnum}\-]+:[0-9]{12}:function:.*",
            "arn:äws:lambda:x:123456789012:function:f",
            False,
        ),
        (r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*", "ok \U0001f600\t", True),
        (r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*", "no\x00", False),
        (".*", '{\n  "pretty": true\n}', True),  # see the module: no line break is refused
    ],
)
def test_java_semantics(pattern: str, value: str, ok: bool) -> None:
    assert matcher(pattern)(value) is ok
