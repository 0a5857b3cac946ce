"""Findings: kinds, severities, classification of verify's problems, SARIF 2.1.0."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sm_governance.audit._findings import (
    KINDS,
    SEVERITIES,
    Finding,
    findings_from_verification,
    severity_at_least,
    to_sarif,
)

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/3"


def test_every_kind_has_a_known_severity() -> None:
    assert set(KINDS) >= {
        "unverified_approval",
        "drift",
        "card_not_approved",
        "approval_expired",
        "quorum_missing",
        "self_approved",
        "no_datazone_project",
    }
    assert all(severity in SEVERITIES for severity, _ in KINDS.values())


@pytest.mark.parametrize(
    ("severity", "threshold", "reached"),
    [("critical", "low", True), ("low", "low", True), ("medium", "high", False)],
)
def test_severity_order(severity: str, threshold: str, reached: bool) -> None:
    assert severity_at_least(severity, threshold) is reached


def test_verify_problems_become_one_finding_per_kind() -> None:
    problems = [
        "drift: the card changed since the decision of 2026-01-01 by bob (entry 1)",
        "drift: the inference specification changed since ...",
        "self-approved: arn:aws:iam::1:user/alice also registered the version",
        "no ledger entry for " + ARN,
    ]
    found = {f.kind: f for f in findings_from_verification(ARN, problems)}
    assert set(found) == {"drift", "self_approved", "unverified_approval"}
    assert "inference" in found["drift"].message
    assert found["drift"].to_json() == {
        "arn": ARN,
        "kind": "drift",
        "severity": "critical",
        "message": found["drift"].message,
    }


@pytest.fixture(scope="module")
def sarif_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema, from the sdist of sarif-om on PyPI (never committed)."""
    folder = tmp_path_factory.mktemp("sarif")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            "sarif-om==1.0.4",
            "-d",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    with tarfile.open(next(Path(folder).glob("sarif_om-*.tar.gz"))) as sdist:
        member = next(m for m in sdist.getmembers() if m.name.endswith("sarif-2.1.0-rtm.4.json"))
        handle = sdist.extractfile(member)
        assert handle is not None
        schema: dict[str, Any] = json.load(handle)
    return schema


def test_sarif_is_valid_against_the_official_schema(sarif_schema: dict[str, Any]) -> None:
    findings = [Finding(ARN, kind, f"a {kind} finding") for kind in KINDS]
    log = to_sarif(findings, version="0.2.0")
    jsonschema.Draft7Validator(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["ruleId"] for r in results] == list(KINDS)
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_an_empty_audit_is_a_valid_sarif_log(sarif_schema: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(sarif_schema).validate(to_sarif([], version="0.2.0"))


def test_sarif_messages_carry_no_link_placeholder_or_bidi_override() -> None:
    # GIVEN a finding whose message holds text someone else wrote
    message = "entry 2 has an unknown format '[x](https://e.example)\\' {1} \u202eevil'"
    (result,) = to_sarif([Finding(ARN, "unverified_approval", message)], version="0.2.0")["runs"][
        0
    ]["results"]
    # THEN brackets and backslashes are escaped, braces doubled, the override made visible
    assert result["message"]["text"] == (
        "entry 2 has an unknown format '\\[x\\](https://e.example)\\\\' {{1}} \\\\u202eevil'"
    )


@pytest.mark.parametrize("planted", ["quorum", "self-approved", "Self approval"])
def test_text_someone_planted_does_not_choose_the_kind(planted: str) -> None:
    # GIVEN verify's problems name an object someone put in the ledger folder, and an entry
    # whose format field they chose
    problems = [
        f"unexpected object decisions/111122223333/us-east-1/credit-risk/3/{planted} in the ledger",
        f"entry 2 has an unknown format '{planted}'",
    ]
    # THEN the finding is what it is, an approval without a valid signed decision
    (finding,) = findings_from_verification(ARN, problems)
    assert finding.kind == "unverified_approval"


# what verify says of the anomaly an approval records when SageMaker shows the registrant
# wrote it (a self-approval seen only by its SourceIdentity, after the status write)
SELF_APPROVAL_ANOMALY = (
    "anomaly at 2: self-approval: SageMaker saw arn:aws:sts::111122223333:assumed-role/"
    "Officer/alice (the registrant, arn:aws:iam::111122223333:user/alice) write the approval"
)


def test_a_recorded_self_approval_anomaly_is_a_self_approval() -> None:
    # GIVEN verify's problem for a signed self-approval anomaly in the ledger
    # THEN the finding is the critical self-approval, so `audit --fail-on critical` fails
    (finding,) = findings_from_verification(ARN, [SELF_APPROVAL_ANOMALY])
    assert (finding.kind, finding.severity) == ("self_approved", "critical")


@pytest.mark.parametrize(
    "unproven",
    [
        ["signature invalid at 2"],
        ["chain broken at 2: it does not link to entry 1"],
        # planted as entry 3, claiming to be entry 2 (verify names an anomaly by its seq)
        ["chain broken at 3: the entry says seq 2", "signature invalid at 3"],
    ],
)
def test_an_unsigned_self_approval_anomaly_is_not_a_self_approval(unproven: list[str]) -> None:
    # GIVEN the same anomaly in an entry that does not verify (planted by someone who may
    # write to the bucket but not sign)
    found = findings_from_verification(ARN, [SELF_APPROVAL_ANOMALY, *unproven])
    # THEN nothing is said on its word: the approval is unverified, no more
    assert [f.kind for f in found] == ["unverified_approval"]
