"""Untrusted text made safe to show: the one place that decides which characters are escaped.

Card text, approval descriptions, stage descriptions, trail entries and file names come from
people the officer does not control. Shown raw, some characters act instead of showing: an
escape sequence clears the screen or sets the window title, a carriage return overwrites a
line, a bidirectional override makes ``Approved`` read backwards. :func:`visible` replaces
each such character with a visible escape; :func:`safe_json` writes JSON in which the same
characters are ``\\uXXXX`` escapes.

The characters escaped (:data:`UNSAFE`):

- C0 controls U+0000-U+001F except newline (U+000A) and tab (U+0009); a CR LF pair is shown
  as a newline;
- DEL U+007F and the C1 controls U+0080-U+009F (U+009B is a one-byte CSI on some terminals);
- bidirectional formatting: embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069,
  and the marks U+200E, U+200F and U+061C (a mark alone can reorder the digits and
  punctuation around it);
- the line and paragraph separators U+2028 and U+2029 (some terminals break the line);
- lone surrogates U+D800-U+DFFF (they cannot be written as UTF-8 at all).

Zero-width joiners and spaces are kept: they are part of ordinary text in several scripts
and in emoji, and they cannot move or hide anything but themselves.

Each escaped character is written as ``\\xHH`` (below U+0100) or ``\\uHHHH``, so a reader
sees exactly which character the text held. A backslash is not itself escaped: text that
already reads ``\\x1b`` looks the same as an escaped ESC, which is ambiguous but harmless.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "UNSAFE",
    "has_surrogate",
    "replace_surrogates",
    "safe_json",
    "utf8_problem",
    "visible",
]

#: A character class of everything :func:`visible` escapes.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (text no UTF-8, and so no AWS API, carries)."""
    return _SURROGATE.search(text) is not None


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, as a UTF-8 reader replaces it.

    Example:
        >>> replace_surrogates("a\\ud800b")
        'a\\ufffdb'
    """
    return _SURROGATE.sub("\ufffd", text)


def utf8_problem(text: str) -> str | None:
    """Why ``text`` cannot be sent as UTF-8 (it holds a lone surrogate), or ``None``.

    Python hands a command-line argument holding bytes that are not UTF-8 (``$'\\xff'`` in a
    shell) over as lone surrogates; no AWS API can carry them.

    Example:
        >>> utf8_problem("ok"), utf8_problem("bad \\udcff")
        (None, 'is not valid UTF-8 text (character 5 is U+DCFF, a byte that is not UTF-8)')
    """
    found = _SURROGATE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    what = "a byte that is not UTF-8" if 0xDC80 <= code <= 0xDCFF else "a lone surrogate"
    return f"is not valid UTF-8 text (character {found.start() + 1} is U+{code:04X}, {what})"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: object) -> str:
    """``text`` (or ``str(text)``) with every character of :data:`UNSAFE` shown as an escape.

    Example:
        >>> visible("ok\\x1b[2J\\u202eevil\\r\\n")
        'ok\\\\x1b[2J\\\\u202eevil\\n'
    """
    value = text if isinstance(text, str) else str(text)
    if value.isascii() and value.isprintable():
        return value
    return UNSAFE.sub(_escape, value.replace("\r\n", "\n"))


def safe_json(data: Any, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """``data`` as JSON text with every character of :data:`UNSAFE` written as ``\\uXXXX``.

    Non-ASCII text stays readable (``ensure_ascii`` is off for everything else); values JSON
    cannot hold are written with ``str()``. Parsing the result gives back the same data.

    Example:
        >>> safe_json({"a": "x\\u202ey"}, indent=None)
        '{"a": "x\\\\u202ey"}'
    """
    text = json.dumps(data, indent=indent, sort_keys=sort_keys, ensure_ascii=False, default=str)
    # Outside strings JSON text is plain ASCII, so every match is inside a string, where a
    # \\uXXXX escape stands for the same character.
    return UNSAFE.sub(_json_escape, text)
