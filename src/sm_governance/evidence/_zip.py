"""Zip files the bundle is made of: written deterministically, read defensively.

Writing: members sorted by name, every timestamp 1980-01-01 00:00:00, mode 0644, DEFLATE at
level 9, no extra fields and no comment, so the same files always give the same bytes.

Reading never extracts to disk and refuses, before reading a member: more than
:data:`MAX_MEMBERS` members (counted before the central directory is parsed); a member name
that is absolute, climbs out (``..``), uses backslashes, drive letters or control characters,
or repeats; directories, symbolic links and
encrypted members; a member larger than :data:`MAX_MEMBER_BYTES` or all of them larger than
:data:`MAX_TOTAL_BYTES`; a member whose compression ratio exceeds :data:`MAX_RATIO` (a zip
bomb). Each member is read in chunks and stops at its declared size, so a lying header cannot
make it read more.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MAX_ZIP_BYTES",
    "UnsafeZipError",
    "read_zip",
    "write_zip",
]

MAX_ZIP_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small members may compress well: the ratio counts above 1 MiB
_EPOCH = (1980, 1, 1, 0, 0, 0)
_CHUNK = 1024 * 1024
_SAFE_PART = re.compile(r"[A-Za-z0-9._-]+")
_DIRECTORY_RECORD = b"PK\x01\x02"  # the signature a central directory record starts with


class UnsafeZipError(ValueError):
    """The file is not a zip this reader accepts; the message says why, naming the member."""


def write_zip(files: Mapping[str, bytes]) -> bytes:
    """The zip of ``files`` (name to content), byte-for-byte reproducible."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            _check_name(name)
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read the same everywhere
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def _check_name(name: str) -> None:
    parts = name.split("/")
    if not name or any(not _SAFE_PART.fullmatch(p) or p in (".", "..") for p in parts):
        raise UnsafeZipError(f"member {name!r}: not a plain relative path (no .., /, \\ or :)")


def read_zip(path: str | os.PathLike[str]) -> dict[str, bytes]:
    """Every member of a bundle zip, name to content, checked as the module doc says.

    Raises:
        UnsafeZipError: the file is unreadable, not a zip, or breaks one of the rules.
    """
    source = Path(path)
    handle = _open_regular(source)
    try:
        with handle, zipfile.ZipFile(_few_records(handle)) as archive:
            infos = archive.infolist()
            _check_infos(infos)
            return {info.filename: _read_checked(archive, info) for info in infos}
    except UnsafeZipError:
        raise
    except zipfile.BadZipFile as exc:
        raise UnsafeZipError(f"{source} is not a readable zip file: {exc}") from exc
    except (
        OSError,
        EOFError,
        zipfile.LargeZipFile,
        NotImplementedError,  # a zip version or compression method Python does not read
        ValueError,  # a member name that is not UTF-8 although flagged so, for one
        struct.error,
    ) as exc:
        raise UnsafeZipError(f"{source} could not be read: {exc}") from exc


def _open_regular(source: Path) -> BinaryIO:
    """``source`` opened for reading once it is a regular file within :data:`MAX_ZIP_BYTES`;
    opened without blocking, so a named pipe with no writer cannot hang the reader."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.fdopen(os.open(source, flags), "rb")
    except OSError as exc:
        raise UnsafeZipError(f"cannot read {source}: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(handle.fileno())
    except OSError as exc:
        handle.close()
        raise UnsafeZipError(f"cannot read {source}: {exc.strerror or exc}") from exc
    problem = (
        f"{source} is not a regular file"
        if not stat.S_ISREG(info.st_mode)
        else f"{source} is larger than {MAX_ZIP_BYTES:,} bytes"
        if info.st_size > MAX_ZIP_BYTES
        else None
    )
    if problem is not None:
        handle.close()
        raise UnsafeZipError(problem)
    return handle


def _few_records(handle: BinaryIO) -> BinaryIO:
    """``handle``, rewound, once it holds at most :data:`MAX_MEMBERS` central directory
    records. Every record starts with its signature, so counting the signatures bounds what
    any zip reader parses, whatever the end record claims, before a single record becomes
    an object (a 256 MiB file could hold five million)."""
    count, carry = 0, b""
    while chunk := handle.read(_CHUNK):
        window = carry + chunk
        count += window.count(_DIRECTORY_RECORD)
        if count > MAX_MEMBERS:
            raise UnsafeZipError(f"more than {MAX_MEMBERS:,} members")
        carry = window[1 - len(_DIRECTORY_RECORD) :]  # a signature cut in two is counted next
    handle.seek(0)
    return handle


def _check_infos(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UnsafeZipError(f"more than {MAX_MEMBERS:,} members")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name)
        if name in seen:
            raise UnsafeZipError(f"member {name!r} appears twice")
        seen.add(name)
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the maker set no file type
        if info.is_dir() or (kind and kind != stat.S_IFREG):
            raise UnsafeZipError(f"member {name!r} is not a regular file")
        if info.flag_bits & 0x1:
            raise UnsafeZipError(f"member {name!r} is encrypted")
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnsafeZipError(f"member {name!r} is larger than {MAX_MEMBER_BYTES:,} bytes")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise UnsafeZipError(f"member {name!r} expands more than {MAX_RATIO}x (a zip bomb)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise UnsafeZipError(f"members larger than {MAX_TOTAL_BYTES:,} bytes in all")


def _read_checked(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return _read_member(archive, info)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,  # encrypted after all, whatever the flags said
        struct.error,
    ) as exc:
        raise UnsafeZipError(f"member {info.filename!r} could not be read: {exc}") from exc


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    chunks: list[bytes] = []
    left = info.file_size
    with archive.open(info) as member:
        while left >= 0:
            chunk = member.read(min(_CHUNK, left + 1))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    if left < 0:
        raise UnsafeZipError(f"member {info.filename!r} is longer than its header says")
    return b"".join(chunks)
