"""The service model's patterns, matched the way SageMaker matches them.

The ``pattern`` of a member in botocore's SageMaker service model is a Java regular expression
that SageMaker applies to the **whole** value (Java's ``Pattern.matches``): an unanchored
``[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`` refuses ``my_group`` although ``my`` matches. The service
answers such a value with "Member must satisfy regular expression pattern"; public reports show
it refusing values whose prefix alone matches (for example a notebook name with an underscore
against ``^[a-zA-Z0-9](-*[a-zA-Z0-9])*``, data-dot-all/dataall#177).

Java and Python read most of these expressions alike. Where they differ, this module reads them
as Java does:

* ``\\w``, ``\\d``, ``\\s`` are ASCII in Java (no ``UNICODE_CHARACTER_CLASS`` flag): compiled
  with ``re.ASCII``;
* ``\\p{L}``, ``\\p{N}``, ... (Unicode categories) do not exist in ``re``: such patterns are
  compiled with the ``regex`` module, which has them;
* ``\\p{Alnum}`` is Java's POSIX class, ASCII letters and digits;
* ``\\uD800\\uDC00-\\uDBFF\\uDFFF`` is a range of UTF-16 surrogate pairs, the supplementary
  planes ``U+10000``-``U+10FFFF``;
* ``${1,128}`` quantifies the end anchor, which Java allows and which matches as ``$``.

One deliberate difference: Java's ``.`` matches no line terminator, so a line break would fail
``.*`` (the pattern of ``ModelCardContent``, ``ApprovalDescription``, ``SourceUri``, ...). No
evidence shows SageMaker refusing a line break there, and refusing pretty-printed card JSON
would make the local SageMaker stricter than the service, so ``.`` matches every character.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

__all__ = ["matcher"]

_SURROGATE_PAIRS = r"\uD800\uDC00-\uDBFF\uDFFF"
_SUPPLEMENTARY = r"\U00010000-\U0010FFFF"
_QUANTIFIED_END = re.compile(r"\$\{\d+(?:,\d*)?\}")
_POSIX_CLASSES = {
    r"\p{Alnum}": "a-zA-Z0-9",
    r"\p{Alpha}": "a-zA-Z",
    r"\p{Digit}": "0-9",
    r"\p{Upper}": "A-Z",
    r"\p{Lower}": "a-z",
}
_UNICODE_CATEGORY = re.compile(r"\\p\{[A-Z][a-z]?\}")


def _translated(pattern: str) -> str:
    source = pattern.replace(_SURROGATE_PAIRS, _SUPPLEMENTARY)
    source = _QUANTIFIED_END.sub("$", source)
    for java, chars in _POSIX_CLASSES.items():
        source = source.replace(java, chars)  # every use in the model is inside [...]
    return source


@cache
def matcher(pattern: str) -> Callable[[str], bool]:
    """A function telling whether a whole value satisfies a service-model pattern.

    Args:
        pattern: the ``pattern`` of a shape in botocore's SageMaker model (Java syntax).

    Raises:
        re.error: for an expression ``re`` cannot compile; ``regex.error`` instead when the
            pattern uses a Unicode category (``\\p{...}``) and goes to the ``regex`` module
            (a test checks every pattern of the model compiles).

    Example:
        >>> ok = matcher("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
        >>> ok("credit-risk"), ok("credit_risk")
        (True, False)
    """
    source = _translated(pattern)
    if _UNICODE_CATEGORY.search(source):
        import regex

        compiled_unicode = regex.compile(source, regex.DOTALL | regex.VERSION0)
        return lambda value: compiled_unicode.fullmatch(value) is not None
    compiled = re.compile(source, re.ASCII | re.DOTALL)
    return lambda value: compiled.fullmatch(value) is not None
