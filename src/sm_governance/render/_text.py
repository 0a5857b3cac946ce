"""Turning card values into text a person reads, and making text safe for Markdown.

Card text is data, never markup: every value a template prints is escaped for the output
format. HTML relies on Jinja's autoescaping; Markdown on :func:`md_escape`, applied to every
printed expression by the Markdown environment unless the value is :class:`MdSafe` (text the
renderer itself built and already escaped).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from markupsafe import Markup

from sm_governance._untrusted import visible

__all__ = ["MdSafe", "format_number", "format_value", "md_escape", "md_inline"]

# Markdown escaping (CommonMark 0.31 and GitHub's extensions). Every ASCII punctuation
# character may be backslash-escaped, and an escaped character is always literal text, so:
# - these are escaped wherever they are: raw HTML and autolinks (<), links, images and
#   footnotes ([ ]), code spans and fences (`), table cells (|), emphasis (*), strikethrough
#   and tilde fences (~), maths on GitHub ($) and escapes themselves (\);
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in "\\<[]`|*~$"})
# - "_" opens or closes emphasis only when it is not inside a word;
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# - "&" starts a character reference only when a name or number and ";" follow;
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# - at the start of a line (after the indentation, which is dropped so that no line becomes
#   an indented code block): ATX headings ("# "), block quotes (>), bullet lists ("- ",
#   "+ "), thematic breaks and setext underlines ("---", "==="), ordered lists ("1. ", "1) ").
_LINE_START = re.compile(
    r"^(#{1,6}(?=[ \t]|$)|>|[-+](?=[ \t]|$)|-(?=-)|=(?==*[ \t]*$))"
    r"|^(\d{1,9})([.)])(?=[ \t]|$)",
    re.MULTILINE,
)
# - a run of "#" that ends a line after a space would be a heading's closing sequence.
_CLOSING_HASHES = re.compile(r"(?<=[ \t])#(?=#*[ \t]*$)", re.MULTILINE)
_INDENT = re.compile(r"^[ \t\f\v]+", re.MULTILINE)
_NEWLINES = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"\s+")


def _md_text(value: Any) -> str:
    """Card text with every Markdown-significant character escaped; newlines kept as ``\n``."""
    text = visible(_NEWLINES.sub("\n", format_value(value)))
    text = _INDENT.sub("", text.translate(_MD_ESCAPES))
    text = _ENTITY.sub("\\\\&", _UNDERSCORE.sub("\\\\_", text))
    text = _CLOSING_HASHES.sub("\\\\#", text)
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


class MdSafe(Markup):
    """Markdown text that is already escaped; the Markdown environment prints it unchanged.

    It is a :class:`markupsafe.Markup` because that is the marker Jinja's autoescaping
    honours: the Markdown environment autoescapes with :func:`md_escape` (as its
    ``finalize``), so macro output and values built here pass through unchanged.
    """

    __slots__ = ()


def format_number(value: float) -> str:
    """A number as a person writes it, never rounded: integers plainly, other values in the
    shortest form that reads back as the same number (``0.87341``, not ``0.87341000000000002``;
    ``0.79999999999``, not ``0.8``, so a document never shows a value that passes a threshold
    the gate found it failing).

    Example:
        >>> format_number(3.0), format_number(0.87341), format_number(1e-7)
        ('3', '0.87341', '1e-07')
    """
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def format_value(value: Any) -> str:
    """Any card or version value as one piece of text.

    Strings stay as they are, numbers go through :func:`format_number`, booleans read
    ``Yes``/``No``, enums print their value, dates print in ISO 8601, and anything else
    (lists, objects) prints as compact JSON with sorted keys.
    """
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return format_number(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        value = dict(value)
    elif isinstance(value, Sequence):
        value = list(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def md_escape(value: Any) -> MdSafe:
    """Escape text for Markdown prose; line breaks stay line breaks.

    Example:
        >>> print(md_escape("<b>x</b> | [y](z)"))
        \\<b>x\\</b> \\| \\[y\\](z)
    """
    if isinstance(value, Markup):
        return MdSafe(value)
    # A backslash at the end of a line is a hard line break, also on an otherwise empty line:
    # blank lines in card text stay inside the paragraph instead of starting a new block.
    lines = _md_text(value).rstrip().split("\n")
    return MdSafe("\\\n".join(line.rstrip() for line in lines))


def md_inline(value: Any) -> MdSafe:
    """Escape text for one Markdown line (a heading or a table cell): whitespace collapses."""
    if isinstance(value, Markup):
        return MdSafe(_SPACES.sub(" ", str(value)).strip())
    shown = visible(_NEWLINES.sub("\n", format_value(value)))  # controls escaped, not spaces
    return MdSafe(_md_text(_SPACES.sub(" ", shown).strip()))
