"""Conformance: moto's own SageMaker tests, run against the local SageMaker.

Every failure must be listed, with its reason, in docs/local-sagemaker.md (between the
``conformance`` markers), and every listed test must still fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conformance.moto_suite import fetch, run

DOC = Path(__file__).parents[2] / "docs" / "local-sagemaker.md"


def listed_failures() -> set[str]:
    """The moto tests docs/local-sagemaker.md lists as failing here."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("<!-- conformance:start -->", 1)[1].split("<!-- conformance:end -->")[0]
    return set(re.findall(r"`(test_sagemaker_\w+\.py::[^`]+)`", section))


def test_the_list_names_tests_and_reasons() -> None:
    listed = listed_failures()
    assert len(listed) > 10
    text = DOC.read_text(encoding="utf-8")
    section = text.split("<!-- conformance:start -->", 1)[1].split("<!-- conformance:end -->")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`test_" in line]
    assert all(line.split("|")[1].strip() for line in rows)  # every row gives a reason


@pytest.mark.conformance
def test_moto_sagemaker_suite(tmp_path: Path) -> None:
    # GIVEN moto's tests/test_sagemaker, from the sdist of the installed moto
    suite = fetch()
    # WHEN they run with the governance extension installed
    outcomes = run(suite, tmp_path / "report.xml")
    listed = listed_failures()
    # THEN every failure is listed with its reason, and every listed test still fails
    assert len(outcomes.passed) > 150
    unlisted = sorted(outcomes.failed - listed)
    assert not unlisted, f"moto tests failing without a reason in {DOC.name}: {unlisted}"
    passing = sorted(listed - outcomes.failed)
    assert not passing, f"listed in {DOC.name} but not failing (remove them): {passing}"
