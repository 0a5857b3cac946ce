"""The one reader of user files: card JSON, policy YAML, evaluation reports, templates.

Every file the product reads on a user's behalf goes through :func:`read_bytes`, so the same
rules hold everywhere:

- only regular files are read: a directory, a named pipe (FIFO), a socket or a device is
  refused before a single byte is read (the file is opened without blocking, so a FIFO with
  no writer cannot hang the command);
- the size is checked before reading, against :func:`max_file_bytes` (10 MiB unless the
  ``SMGOV_MAX_FILE_BYTES`` environment variable or the caller's ``limit`` says otherwise),
  and reading stops one byte past the limit, so a file that grows while it is read cannot
  exhaust memory either;
- text must be UTF-8 (a byte order mark is allowed and dropped); the error names the offset
  of the first bad byte;
- JSON is read strictly (:func:`loads_json`): no duplicate keys, no ``NaN``/``Infinity``, no
  number a 64-bit float cannot hold, integers of at most :data:`MAX_INT_DIGITS` digits, and
  at most ``max_depth`` levels of nesting.

Every failure is a :class:`~sm_governance.errors.ValidationError` with one problem, which the
command line prints as one line with exit code 2.
"""

from __future__ import annotations

import json
import math
import os
import stat
from typing import Any

from sm_governance.errors import Problem, ValidationError

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_FILE_BYTES",
    "MAX_CONTAINERS",
    "MAX_FILE_BYTES_ENV",
    "MAX_INT_DIGITS",
    "TOO_DEEP",
    "JsonProblem",
    "decode_text",
    "loads_json",
    "max_file_bytes",
    "parse_json",
    "read_bytes",
    "read_json",
    "read_text",
    "too_deep",
]

#: The size limit of a file the product reads, unless ``SMGOV_MAX_FILE_BYTES`` says otherwise.
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILE_BYTES_ENV = "SMGOV_MAX_FILE_BYTES"
#: Python's own default limit for turning digits into an integer (``sys.int_info``), applied
#: whatever the interpreter's setting: longer integers are refused, not converted.
MAX_INT_DIGITS = 4300
#: The most objects and lists one JSON text may hold: ten times what the largest card can
#: (SageMaker's 100,000-character content limit allows about 50,000). It bounds the memory
#: a file within the size limit can take once parsed; braces and brackets inside strings
#: count too, which only a file no card resembles comes near.
MAX_CONTAINERS = 500_000
#: Nesting limit of JSON read by :func:`read_json` (a card nests about ten levels).
DEFAULT_MAX_DEPTH = 64
_CHUNK = 1 << 16
#: Said of JSON that nests deeper than the parser can follow (about a thousand levels).
TOO_DEEP = "nests too deeply to be read"

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class JsonProblem(ValueError):
    """JSON text that :func:`loads_json` refuses; the message says why in a few words."""


def max_file_bytes() -> int:
    """The size limit of a file: ``SMGOV_MAX_FILE_BYTES`` (a positive integer) or 10 MiB.

    Raises:
        ValidationError: the variable is set but is not a positive whole number of bytes.
    """
    raw = os.environ.get(MAX_FILE_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_FILE_BYTES
    if not raw.isdigit() or len(raw) > 18 or int(raw) < 1:
        raise ValidationError(
            [Problem("", f"must be a positive whole number of bytes, got {raw[:40]!r}")],
            subject=MAX_FILE_BYTES_ENV,
        )
    return int(raw)


def _refuse(subject: str, name: str, why: str) -> ValidationError:
    return ValidationError([Problem("", f"cannot read {name}: {why}")], subject=subject)


def read_bytes(
    path: str | os.PathLike[str],
    *,
    subject: str = "file",
    name: str | None = None,
    limit: int | None = None,
) -> bytes:
    """The bytes of the regular file ``path``, refused when larger than ``limit``.

    Args:
        path: the file.
        subject: what the file is, for the error (``"policy file"``, ``"card source"``).
        name: how the file is named in the error (default: the path).
        limit: the size limit in bytes (default: :func:`max_file_bytes`).

    Raises:
        ValidationError: the file is missing, unreadable, not a regular file or too large.
    """
    shown = os.fspath(path) if name is None else name
    cap = max_file_bytes() if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise _refuse(subject, shown, why) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a file")
            raise _refuse(subject, shown, f"it is {kind}, not a regular file")
        if info.st_size > cap:
            raise _refuse(subject, shown, _too_large(info.st_size, cap))
        chunks: list[bytes] = []
        size = 0
        while size <= cap:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > cap:
            raise _refuse(subject, shown, _too_large(size, cap, grew=True))
        return b"".join(chunks)
    except OSError as exc:
        raise _refuse(subject, shown, exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)


def _too_large(size: int, cap: int, *, grew: bool = False) -> str:
    amount = "it grew past" if grew else f"it is {size:,} bytes, more than"
    return f"{amount} the limit of {cap:,} bytes (set {MAX_FILE_BYTES_ENV} to change it)"


def decode_text(data: bytes, *, subject: str = "file", name: str = "it") -> str:
    """``data`` as UTF-8 text (a leading byte order mark dropped).

    Raises:
        ValidationError: naming the offset of the first byte that is not UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        why = f"{name} is not UTF-8 text (bad byte 0x{data[exc.start]:02x} at offset {exc.start})"
        raise ValidationError([Problem("", why)], subject=subject) from None


def read_text(
    path: str | os.PathLike[str],
    *,
    subject: str = "file",
    name: str | None = None,
    limit: int | None = None,
) -> str:
    """The UTF-8 text of the regular file ``path`` (see :func:`read_bytes`)."""
    shown = os.fspath(path) if name is None else name
    data = read_bytes(path, subject=subject, name=shown, limit=limit)
    return decode_text(data, subject=subject, name=shown)


def _no_constant(name: str) -> Any:
    raise JsonProblem(f"{name} is not valid JSON")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JsonProblem(f"the key {key[:80]!r} appears twice in one object")
        out[key] = value
    return out


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonProblem(f"an integer has more than {MAX_INT_DIGITS:,} digits")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JsonProblem(f"the number {text[:40]} is too large for a 64-bit float")
    return value


def too_deep(data: Any, limit: int) -> bool:
    """Whether lists and objects in ``data`` nest more than ``limit`` levels (no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, (list, tuple)):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def loads_json(text: str | bytes, *, max_depth: int | None = None) -> Any:
    """Parse JSON strictly (see the module docs); ``max_depth`` limits nesting when given.

    Raises:
        JsonProblem: the text is not JSON or breaks one of the rules; the message says which.
    """
    opening = ("[", "{") if isinstance(text, str) else (b"[", b"{")
    if text.count(opening[0]) + text.count(opening[1]) > MAX_CONTAINERS:  # type: ignore[arg-type]
        raise JsonProblem(f"it holds more than {MAX_CONTAINERS:,} objects and lists")
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_int=_integer,
            parse_float=_float,
        )
    except JsonProblem:
        raise
    except RecursionError:
        raise JsonProblem(TOO_DEEP) from None
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"is not JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (ValueError, TypeError) as exc:  # e.g. bytes that are not UTF-8
        raise JsonProblem(f"is not JSON: {exc}") from None
    if max_depth is not None and too_deep(data, max_depth):
        raise JsonProblem(f"nests deeper than {max_depth} levels")
    return data


def parse_json(
    text: str | bytes,
    *,
    subject: str = "file",
    name: str = "it",
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Any:
    """:func:`loads_json`, its refusal turned into a one-problem ``ValidationError``."""
    try:
        return loads_json(text, max_depth=max_depth)
    except JsonProblem as exc:
        message = str(exc)
        message = f"{name} {message}" if message.startswith("is ") else f"{name}: {message}"
        raise ValidationError([Problem("", message)], subject=subject) from None


def read_json(
    path: str | os.PathLike[str],
    *,
    subject: str = "file",
    name: str | None = None,
    limit: int | None = None,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Any:
    """The strictly parsed JSON of the regular file ``path`` (see :func:`read_bytes`).

    Raises:
        ValidationError: the file cannot be read, is not UTF-8, or is not strict JSON.
    """
    shown = os.fspath(path) if name is None else name
    text = read_text(path, subject=subject, name=shown, limit=limit)
    return parse_json(text, subject=subject, name=shown, max_depth=max_depth)
