"""Reading a bundle zip defensively: every unsafe shape refused before its content is read."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

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
