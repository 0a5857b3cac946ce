"""The one file reader: regular files only, size checked before reading, strict JSON."""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance._files import (
    DEFAULT_MAX_FILE_BYTES,
    MAX_INT_DIGITS,
    JsonProblem,
    loads_json,
    max_file_bytes,
    read_bytes,
    read_json,
    read_text,
)
from sm_governance.errors import ValidationError


def _message(info: pytest.ExceptionInfo[ValidationError]) -> str:
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "policy.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("target", "kind"),
    [("/dev/zero", "a character device"), ("/dev/urandom", "a character device")],
)
def test_devices_are_refused_before_reading(target: str, kind: str) -> None:
    if not Path(target).exists():
        pytest.skip(f"{target} is not on this system")
    with pytest.raises(ValidationError) as info:
        read_bytes(target, subject="card source")
    assert _message(info) == f"cannot read {target}: it is {kind}, not a regular file"


def test_a_fifo_without_a_writer_is_refused_at_once(fifo: Path) -> None:
    # GIVEN a named pipe nobody writes to: opening it for reading would normally block
    result: list[BaseException] = []

    def attempt() -> None:
        try:
            read_text(fifo, subject="policy file")
        except BaseException as exc:
            result.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=10)
    # THEN it returns at once with a clear refusal, never a hang
    assert not worker.is_alive(), "reading a FIFO hung"
    assert isinstance(result[0], ValidationError)
    assert "it is a named pipe (FIFO), not a regular file" in str(result[0].problems[0])


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        read_bytes(tmp_path)
    assert "it is a directory, not a regular file" in _message(info)


def test_a_missing_file_names_the_reason(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        read_bytes(tmp_path / "nope.json", name="it")
    assert _message(info) == "cannot read it: No such file or directory"


def test_the_size_is_checked_before_reading(tmp_path: Path) -> None:
    # GIVEN a sparse file of 20 GiB: reading it would take minutes and all the memory
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(20 << 30)
    with pytest.raises(ValidationError) as info:
        read_bytes(path)
    assert "it is 21,474,836,480 bytes, more than the limit of 10,485,760 bytes" in _message(info)
    assert "SMGOV_MAX_FILE_BYTES" in _message(info)


def test_the_limit_is_10_mib_and_the_environment_changes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert max_file_bytes() == DEFAULT_MAX_FILE_BYTES == 10 * 1024 * 1024
    path = tmp_path / "card.json"
    path.write_bytes(b"x" * 101)
    monkeypatch.setenv("SMGOV_MAX_FILE_BYTES", "100")
    with pytest.raises(ValidationError, match="more than the limit of 100 bytes"):
        read_bytes(path)
    assert read_bytes(path, limit=200) == b"x" * 101
    monkeypatch.setenv("SMGOV_MAX_FILE_BYTES", "lots")
    with pytest.raises(ValidationError) as info:
        max_file_bytes()
    assert info.value.subject == "SMGOV_MAX_FILE_BYTES"


def test_text_must_be_utf8_and_a_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(b"\xef\xbb\xbfok")
    assert read_text(path) == "ok"
    path.write_bytes(b"ok \xff")
    with pytest.raises(ValidationError) as info:
        read_text(path, name="t.yaml")
    assert _message(info) == "t.yaml is not UTF-8 text (bad byte 0xff at offset 3)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1, "a": 2}', "the key 'a' appears twice in one object"),
        ('{"a": NaN}', "NaN is not valid JSON"),
        ('{"a": -Infinity}', "-Infinity is not valid JSON"),
        ('{"a": 1e400}', "the number 1e400 is too large for a 64-bit float"),
        ("[" + "9" * (MAX_INT_DIGITS + 1) + "]", "an integer has more than 4,300 digits"),
        ("[" * 10_000 + "]" * 10_000, "nests too deeply to be read"),
        ("[" * 65 + "]" * 65, "nests deeper than 64 levels"),
        ("{oops", "is not JSON: line 1 column 2"),
        ('"\\ud800" x', "is not JSON: line 1 column 10: Extra data"),
    ],
)
def test_json_is_strict(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "card.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_json(path, subject="card source")
    assert message in _message(info)
    assert info.value.subject == "card source"


def test_integers_up_to_the_limit_and_lone_surrogate_escapes_read() -> None:
    assert loads_json("[" + "9" * MAX_INT_DIGITS + "]")[0] == int("9" * MAX_INT_DIGITS)
    assert loads_json('"\\ud800"') == "\ud800"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_data_or_one_json_problem(data: bytes) -> None:
    problem = ""
    try:
        loads_json(data)
    except JsonProblem as exc:
        problem = str(exc)
    assert "\n" not in problem


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda children: st.lists(children) | st.dictionaries(st.text(), children),
        max_leaves=20,
    )
)
def test_valid_json_round_trips(value: object) -> None:
    assert loads_json(json.dumps(value)) == value


def test_messages_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"a":\n\n nope}', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_json(path)
    assert re.fullmatch(r"[^\n]+", _message(info))
