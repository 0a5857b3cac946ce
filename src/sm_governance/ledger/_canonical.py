"""Canonical JSON: one byte string per value, so hashes and signatures are reproducible.

The rules (the ledger's entry format and the subject digest depend on them, so they never
change within a format version):

- objects: keys must be strings, sorted by code point; no insignificant whitespace
  (``,`` and ``:`` separators);
- strings: UTF-8, non-ASCII written as itself (not ``\\u`` escapes); JSON's mandatory escapes
  only; a string that is not valid Unicode (a lone surrogate) is refused;
- numbers: an ``int`` is written as an integer (``1``), a ``float`` with Python's shortest
  round-trip form (``1.0``, ``1e+16``), so ``1`` and ``1.0`` differ; NaN and infinities are
  refused; ``True``/``False`` are booleans, never numbers;
- lists and tuples are arrays in their order; ``None`` is ``null``; anything else is refused.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["canonical_json"]


def _check(value: Any, path: str) -> None:
    if value is None or isinstance(value, (bool, int, str)):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(f"{path or '$'}: a string that is not valid Unicode") from exc
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{path or '$'}: {value!r} has no JSON form")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path or '$'}: object key {key!r} is not a string")
            _check(key, path)
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    raise ValueError(f"{path or '$'}: {type(value).__name__} has no canonical JSON form")


def canonical_json(obj: Any) -> bytes:
    """The canonical JSON encoding of ``obj`` (see the module doc), as UTF-8 bytes.

    Raises:
        ValueError: ``obj`` holds NaN or an infinity, a non-string key, a string that is
            not valid Unicode, or a value JSON cannot carry (bytes, datetime, ...).

    Example:
        >>> canonical_json({"b": [1, 1.0], "a": "é"})
        b'{"a":"\\xc3\\xa9","b":[1,1.0]}'
    """
    _check(obj, "")
    text = json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")
