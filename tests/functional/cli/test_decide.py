"""approve, reject, check: exit codes, JSON shapes, one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sm_governance.cli import EXIT_NOT_FOUND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from sm_governance.testing import People

from .conftest import Smgov

DECISION_KEYS = {
    "arn",
    "approvals_required",
    "approvals",
    "in_effect",
    "subject_digest",
    "ledger_entry",
    "verified",
    "decision",
    "decision_id",
    "approver",
    "decided_at",
    "reason",
    "previous_status",
    "gate",
    "gate_digest",
    "override_justification",
    "description",
    "replayed",
    "report",
}
REPORT_KEYS = {
    "policy",
    "passed",
    "risk_rating",
    "digest",
    "card_digest",
    "policy_digest",
    "rules",
    "not_applicable",
}


def test_approve_prints_the_decision_as_json(
    smgov: Smgov, people: People, arn: str, policy_file: Path
) -> None:
    data = smgov.json(
        "approve", arn, "--reason", "Meets policy", "--policy", str(policy_file), who=people.officer
    )
    assert set(data) == DECISION_KEYS
    assert data["decision"] == "Approved"
    assert data["approver"] == people.officer.arn
    assert data["gate"] == "passed"
    assert set(data["report"]) == REPORT_KEYS
    assert data["replayed"] is False
    # the same command again is recognised as done
    again = smgov.json(
        "approve", arn, "--reason", "Meets policy", "--policy", str(policy_file), who=people.officer
    )
    assert again["replayed"] is True
    assert again["decision_id"] == data["decision_id"]


def test_approve_in_a_table_shows_the_decision(smgov: Smgov, people: People, arn: str) -> None:
    result = smgov("approve", arn, "--reason", "ok", "--no-policy", who=people.officer)
    assert result.exit_code == EXIT_OK, result.output
    assert "Approved" in result.stdout
    assert "decision id" in result.stdout


def test_self_approval_exits_1_with_one_line(smgov: Smgov, people: People, arn: str) -> None:
    result = smgov("approve", arn, "--reason", "mine", "--no-policy", who=people.registrant)
    assert result.exit_code == EXIT_REFUSED
    assert result.stderr.count("\n") == 1
    assert "self-approval refused" in result.stderr
    assert "Traceback" not in result.output
    error = smgov.json(
        "approve", arn, "--reason", "mine", "--no-policy", who=people.registrant, code=1
    )
    assert error == {
        "error": {
            "kind": "refused",
            "message": error["error"]["message"],
            "exit_code": EXIT_REFUSED,
        }
    }


def test_gate_failure_exits_1_with_the_failing_rules(
    smgov: Smgov, people: People, register: Callable[..., str], policy_file: Path
) -> None:
    arn = register(fairness=0.5)
    result = smgov(
        "approve", arn, "--reason", "r", "--policy", str(policy_file), who=people.officer
    )
    assert result.exit_code == EXIT_REFUSED
    assert "fairness_score" in result.stderr
    assert "approval blocked" in result.stderr
    error = smgov.json(
        "approve", arn, "--reason", "r", "--policy", str(policy_file), who=people.officer, code=1
    )["error"]
    assert error["kind"] == "policy_failed"
    assert [r["rule"] for r in error["report"]["rules"] if not r["passed"]] == [
        "metric fairness_score >= 0.8"
    ]
    # an override is recorded and shown in the trail
    data = smgov.json(
        "approve",
        arn,
        "--reason",
        "pilot",
        "--policy",
        str(policy_file),
        "--override",
        "Risk committee minute 12",
        who=people.officer,
    )
    assert data["gate"] == "overridden"
    trail = smgov.json("history", arn, who=people.officer)
    decisions = [e for e in trail["events"] if e["kind"] == "decision"]
    assert decisions[0]["details"]["override_justification"] == "Risk committee minute 12"


def test_check_exits_0_when_passing_and_1_when_failing(
    smgov: Smgov, people: People, register: Callable[..., str], policy_file: Path
) -> None:
    good, bad = register(), register(fairness=0.5)
    report = smgov.json("check", good, "--policy", str(policy_file), who=people.officer)
    assert set(report) == REPORT_KEYS | {"subject_digest"}
    assert report["subject_digest"].startswith("sha256:v1:")
    assert report["passed"] is True
    failing = smgov("check", bad, "--policy", str(policy_file), who=people.officer)
    assert failing.exit_code == EXIT_REFUSED
    assert "FAILED" in failing.stdout
    assert "FAIL" in failing.stdout


def test_reject_then_stale_approve(smgov: Smgov, people: People, arn: str) -> None:
    data = smgov.json("reject", arn, "--reason", "fairness", who=people.officer)
    assert data["decision"] == "Rejected"
    assert data["gate"] == "not-run"
    stale = smgov("approve", arn, "--reason", "ok", "--no-policy", who=people.officer)
    assert stale.exit_code == EXIT_REFUSED
    assert "is Rejected" in stale.stderr
    ok = smgov(
        "approve",
        arn,
        "--reason",
        "ok",
        "--no-policy",
        "--expected-status",
        "Rejected",
        who=people.officer,
    )
    assert ok.exit_code == EXIT_OK, ok.output
    table = smgov("reject", arn, "--reason", "no", "--expected-status", "Approved")
    assert table.exit_code == EXIT_OK
    assert "Rejected" in table.stdout


def test_usage_errors_exit_2(smgov: Smgov, arn: str, tmp_path: Path) -> None:
    assert smgov("approve", arn).exit_code == EXIT_USAGE  # no --reason
    missing = smgov("check", arn, "--policy", str(tmp_path / "none.yaml"))
    assert missing.exit_code == EXIT_USAGE
    bad_arn = smgov("approve", "credit-risk:1", "--reason", "ok", "--no-policy")
    assert bad_arn.exit_code == EXIT_USAGE
    assert "arn:" in bad_arn.stderr
    bad_status = smgov.json("reject", arn, "--reason", "x", "--expected-status", "Maybe", code=2)
    assert bad_status["error"]["kind"] == "invalid"
    assert "--expected-status: must be one of" in bad_status["error"]["message"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("policy: x\nversion: 1\nmetrics: {auc: '~ 3'}\n", encoding="utf-8")
    assert smgov("check", arn, "--policy", str(broken)).exit_code == EXIT_USAGE
    assert smgov("--output", "xml", "pending").exit_code == EXIT_USAGE
    assert smgov("nonsense").exit_code == EXIT_USAGE


def test_blank_reason_is_refused_without_aws(smgov: Smgov, arn: str) -> None:
    result = smgov("reject", arn, "--reason", "   ")
    assert result.exit_code == EXIT_REFUSED
    assert "reason" in result.stderr


def test_unknown_version_exits_3(smgov: Smgov, people: People) -> None:
    missing = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/42"
    for command in (["history", missing], ["show", missing], ["reject", missing, "-r", "x"]):
        result = smgov(*command, who=people.officer)
        assert result.exit_code == EXIT_NOT_FOUND, (command, result.output)
        assert "does not exist" in result.stderr
