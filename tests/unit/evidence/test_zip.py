"""Reading a bundle zip defensively: every unsafe shape refused before its content is read."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sm_governance.evidence import UnsafeZipError, verify_bundle
from sm_governance.evidence import _zip as Z


def make_zip(tmp_path: Path, *members: tuple[str | zipfile.ZipInfo, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    path = tmp_path / "b.zip"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any member's content is read."""

    def refuse(*_: object) -> bytes:
        raise AssertionError("a member was read before the checks")

    monkeypatch.setattr(Z, "_read_checked", refuse)


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "/etc/passwd", "a/../../b", "a\\..\\b", "C:/x", "a//b", "./a", "a/\x07"],
)
def test_names_that_leave_the_bundle_are_refused(
    tmp_path: Path, name: str, no_reading: None
) -> None:
    with pytest.raises(UnsafeZipError, match="not a plain relative path"):
        Z.read_zip(make_zip(tmp_path, (name, b"x")))


def test_a_symbolic_link_is_refused(tmp_path: Path, no_reading: None) -> None:
    link = zipfile.ZipInfo("ledger/public-key.der")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(UnsafeZipError, match="not a regular file"):
        Z.read_zip(make_zip(tmp_path, (link, b"/etc/passwd")))


def test_a_name_twice_is_refused(tmp_path: Path, no_reading: None) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = make_zip(tmp_path, ("manifest.json", b"{}"), ("manifest.json", b"[]"))
    with pytest.raises(UnsafeZipError, match="appears twice"):
        Z.read_zip(path)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path, no_reading: None) -> None:
    with pytest.raises(UnsafeZipError, match="expands more than 200x"):
        Z.read_zip(make_zip(tmp_path, ("card/card.pdf", bytes(4 * 1024 * 1024))))


def test_caps_apply_to_the_declared_sizes_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_reading: None
) -> None:
    path = make_zip(tmp_path, ("a", b"x" * 2000), ("b", b"y" * 2000))
    monkeypatch.setattr(Z, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(UnsafeZipError, match="member 'a' is larger than 1,000 bytes"):
        Z.read_zip(path)
    monkeypatch.setattr(Z, "MAX_MEMBER_BYTES", 10_000)
    monkeypatch.setattr(Z, "MAX_TOTAL_BYTES", 3000)
    with pytest.raises(UnsafeZipError, match="larger than 3,000 bytes in all"):
        Z.read_zip(path)
    monkeypatch.setattr(Z, "MAX_MEMBERS", 1)
    with pytest.raises(UnsafeZipError, match="more than 1 members"):
        Z.read_zip(path)
    monkeypatch.setattr(Z, "MAX_ZIP_BYTES", 10)
    with pytest.raises(UnsafeZipError, match="larger than 10 bytes"):
        Z.read_zip(path)


def central_directory_flood(path: Path, records: int) -> Path:
    """A zip whose end record claims one member while its central directory holds
    ``records`` entries (46 bytes each, all naming one empty local file)."""
    import struct

    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + b"a"
    fields = (20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)
    entry = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *fields) + b"a"
    directory = entry * records
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(local), 0)
    path.write_bytes(local + directory + end)
    return path


def test_a_flooded_central_directory_is_refused_in_bounded_memory(
    tmp_path: Path, no_reading: None
) -> None:
    import tracemalloc

    # GIVEN a 9 MB zip with 200,000 central directory entries whose end record says 1
    path = central_directory_flood(tmp_path / "flood.zip", 200_000)
    # WHEN it is read
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeZipError, match="more than 10,000 members"):
            Z.read_zip(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # THEN it is refused without an object per entry (a 256 MiB file of them would take GBs)
    assert peak < 8 * 1024 * 1024, f"{peak:,} bytes"


def test_an_encrypted_member_is_refused(tmp_path: Path, no_reading: None) -> None:
    path = make_zip(tmp_path, ("a", b"x"))
    data = bytearray(path.read_bytes())
    # set bit 0 (encrypted) of the general purpose flags in the central directory entry
    central = data.rindex(b"PK\x01\x02")
    data[central + 8] |= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeZipError, match="encrypted"):
        Z.read_zip(path)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(b"%PDF-1.7 not a zip")
    with pytest.raises(UnsafeZipError, match="not a readable zip file"):
        Z.read_zip(path)
    result = verify_bundle(path)
    assert result.problems[0].startswith("bundle refused:")


def test_a_corrupted_member_is_named(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(Z.write_zip({"card/card.json": b"{" + b"a" * 100 + b"}"}))
    data = bytearray(path.read_bytes())
    offset = data.index(b"card/card.json") + len("card/card.json") + 2
    data[offset] ^= 0xFF  # one byte of the compressed content
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeZipError, match=r"card/card\.json"):
        Z.read_zip(path)


def test_written_names_must_be_plain_paths() -> None:
    with pytest.raises(UnsafeZipError):
        Z.write_zip({"../x": b""})


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2048))
def test_any_bytes_are_a_bundle_or_one_clear_refusal(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.zip"
    path.write_bytes(data)
    result = verify_bundle(path)  # never raises for what the file holds
    assert not result.verified
    assert result.problems


NAMES = st.from_regex(r"[A-Za-z0-9_-]{1,8}(/[A-Za-z0-9._-]{1,8}){0,3}", fullmatch=True).filter(
    lambda name: all(part not in (".", "..") for part in name.split("/"))
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=st.dictionaries(NAMES, st.binary(max_size=256), max_size=8))
def test_written_zips_read_back_exactly_and_identically(
    tmp_path: Path, files: dict[str, bytes]
) -> None:
    blob = Z.write_zip(files)
    assert Z.write_zip(dict(reversed(list(files.items())))) == blob
    path = tmp_path / "round.zip"
    path.write_bytes(blob)
    assert Z.read_zip(path) == files


@pytest.fixture(scope="module")
def small_bundle() -> bytes:
    from sm_governance.evidence import assemble_bundle

    description = {
        "ModelPackageArn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/g/1",
        "ModelPackageGroupName": "g",
        "ModelPackageVersion": 1,
        "ModelCard": {"ModelCardContent": '{"intended_uses":{"risk_rating":"High"}}'},
    }
    return assemble_bundle(description, pdf=False).to_zip()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_a_corrupted_bundle_never_raises(
    tmp_path: Path, small_bundle: bytes, position: int, value: int
) -> None:
    data = bytearray(small_bundle)
    data[position % len(data)] = value
    path = tmp_path / "corrupt.zip"
    path.write_bytes(bytes(data))
    result = verify_bundle(path)
    assert not result.verified  # this bundle has no ledger entry: it never verifies


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from sm_governance.errors import ValidationError

    # GIVEN a named pipe where a bundle is expected (nobody ever writes to it)
    pipe = tmp_path / "bundle.zip"
    os.mkfifo(pipe)
    # WHEN an auditor verifies it THEN one line says what it is, not that it does not exist
    with pytest.raises(ValidationError, match="it is not a regular file"):
        verify_bundle(pipe)
    # AND the reader itself refuses it at once (it could be swapped in after that check)
    code = f"from sm_governance.evidence._zip import read_zip; read_zip({str(pipe)!r})"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert "UnsafeZipError" in done.stderr
    assert "is not a regular file" in done.stderr
