"""The committed corpus (plus devices, a FIFO, a directory and oversized files) through every
command that reads a file or an argument: no traceback, no hang, bounded memory.

The commands run in one subprocess (``driver.py``) under the local SageMaker, with an
address-space limit, so a regression that reads without bound fails here instead of
exhausting the machine. The figures are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sm_governance

DRIVER = Path(__file__).parent / "driver.py"
#: The address space the driver may use: several times what it needs (about 250 MiB resident),
#: far below what reading /dev/zero or a 20 GiB file would take.
ADDRESS_SPACE = 3 << 30
#: The peak resident memory allowed, parsing a 10 MiB file of small JSON objects included.
PEAK_RSS_MIB = 500


@pytest.fixture(scope="module")
def summary() -> dict[str, Any]:
    source = str(Path(sm_governance.__file__).parents[1])
    # The product's memory is measured, not a coverage tracer's: the driver runs untraced.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("COVERAGE_", "COV_CORE_"))},
        "PYTHONPATH": source,
        "SMGOV_MAX_FILE_BYTES": "",
    }
    done = subprocess.run(
        [sys.executable, str(DRIVER), "--timeout", "30", "--address-space", str(ADDRESS_SPACE)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data: dict[str, Any] = json.loads(done.stdout)
    print(  # the figures, for the record
        f"\nfuzz corpus: {data['runs']} runs over {data['inputs']} inputs in {data['seconds']} s; "
        f"tracebacks {len(data['tracebacks'])}, hangs {len(data['hangs'])}, "
        f"raw control characters {len(data['raw_control'])}; exit codes {data['exit_codes']}; "
        f"peak RSS {data['peak_rss_mib']} MiB (baseline {data['baseline_rss_mib']} MiB); "
        f"slowest {data['slowest']['seconds']} s ({data['slowest']['input']})"
    )
    return data


def test_no_input_gives_a_traceback(summary: dict[str, Any]) -> None:
    assert summary["tracebacks"] == []


def test_no_input_hangs(summary: dict[str, Any]) -> None:
    assert summary["hangs"] == []
    assert summary["slowest"]["seconds"] < 30


def test_memory_stays_bounded(summary: dict[str, Any]) -> None:
    assert summary["peak_rss_mib"] < PEAK_RSS_MIB


def test_no_raw_control_character_reaches_the_output(summary: dict[str, Any]) -> None:
    assert summary["raw_control"] == []


def test_only_documented_exit_codes_and_one_line_errors(summary: dict[str, Any]) -> None:
    assert set(summary["exit_codes"]) <= {0, 1, 2, 3}
    # Errors of the option parser itself (a directory given as --policy) print its usage.
    assert [r for r in summary["multi_line_errors"] if not r["usage"]] == []


def test_every_hostile_file_is_refused(summary: dict[str, Any]) -> None:
    # Files that are not cards, policies or templates at all are refused with exit 2.
    refused = {r["input"] for r in summary["refusals"]}
    for name in (
        "card-deep-nesting.json",
        "card-big-integer.json",
        "card-huge-float.json",
        "card-nan.json",
        "card-duplicate-keys.json",
        "card-invalid-utf8.json",
        "policy-alias-bomb.yaml",
        "policy-python-tag.yaml",
        "template-escape-sandbox.md.j2",
        "zero",
        "urandom",
        "fifo.yaml",
        "sparse-20GiB.json",
        "over-limit.json",
    ):
        assert name in refused, name


def test_an_argument_of_bytes_that_are_not_utf8_is_one_line(tmp_path: Path) -> None:
    # GIVEN the real command, given a reason the shell passed as the byte 0xff
    source = str(Path(sm_governance.__file__).parents[1])
    env = {**os.environ, "PYTHONPATH": source, "AWS_DEFAULT_REGION": "us-east-1"}
    arn = b"arn:aws:sagemaker:us-east-1:111122223333:model-package/credit/1"
    done = subprocess.run(
        [
            sys.executable,
            b"-m",
            b"sm_governance.cli",
            b"approve",
            arn,
            b"--reason",
            b"\xff",
            b"--no-policy",
        ],
        capture_output=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    # THEN it exits 2 before any AWS call, with one line naming the option
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode().strip() == (
        "error: decision request is invalid: --reason: is not valid UTF-8 text "
        "(character 1 is U+DCFF, a byte that is not UTF-8)"
    )
