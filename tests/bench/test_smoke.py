"""``python -m benchmarks --smoke``: every benchmark runs end to end at tiny sizes.

The figures of a smoke run mean nothing; what this checks is that ``make bench`` still works:
each benchmark reaches its report section, the AWS call counts are the exact ones, and the
report names the machine and versions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[2]


def test_the_smoke_run_writes_a_report_with_every_section(tmp_path: Path) -> None:
    # GIVEN no AWS setting in the environment (only local servers are used)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    # AND no bytecode of the CLI that an import could write: only the run itself may make it
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    shutil.rmtree(ROOT / "src" / "sm_governance" / "cli" / "__pycache__", ignore_errors=True)
    report = tmp_path / "RESULTS.md"
    # WHEN the benchmarks run at smoke sizes
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--output", str(report)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # THEN they finish and the report holds every section
    assert done.returncode == 0, done.stderr[-2000:]
    text = report.read_text(encoding="utf-8")
    for heading in (
        "## Goals",
        "## AWS calls per operation",
        "## Card throughput",
        "## Cold start",
        "## Commands versus a boto3 script",
        "## Service model",
        "## Review scan",
        "## Listing versions",
        "## Memory",
        "## Where the time goes",
    ):
        assert heading in text
    assert "- Machine: " in text
    assert "- Python 3." in text
    # AND the call counts are SPEC section 5's
    assert "| register (card attached) | 1 | 1 |" in text
    assert "| approve, first decision of the process | 4 | 4 |" in text
    assert "| approve, later decisions | 3 | 3 |" in text
    # AND the review queue costs one call per 100 waiting versions, groups named or not
    assert "| pending, all 5 groups, 4 pending | 1 | 1 |" in text
    assert "| pending, 5 named groups, 4 pending in the account | 1 | 1 |" in text
    assert "| pending --details, all groups, 4 pending | 1 | 1 |" in text
    # AND the product's bytecode was written first, as pip writes it for an installed wheel
    assert list((ROOT / "src" / "sm_governance" / "cli" / "__pycache__").glob("_app.*.pyc"))
    # AND every decision and read command was compared with its boto3 script
    for command in ("approve", "reject", "show", "history", "pending"):
        assert f"| `{command}` |" in text
    # AND what validating a card costs is measured beside them, before any rule runs
    assert "| the script, also importing pydantic-core |" in text
    assert "| the script, also importing pydantic-core and Jinja2 |" in text
    assert "| `smgov history` (the same request, no card validated) |" in text
    # AND the cold start measured the CLI's own peak memory
    assert "| `smgov --help` |" in text
    assert "MiB" in text


def test_an_unknown_benchmark_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "nothing"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "invalid choice: 'nothing'" in done.stderr
