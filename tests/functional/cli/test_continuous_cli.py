"""smgov due and smgov audit on the command line: JSON, tables, SARIF, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sm_governance.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from sm_governance.testing import LocalLedger, People

from .conftest import Smgov

CADENCE = "policy: cadence\nreview_every: {Medium: 90d, default: 1y}\n"


@pytest.fixture
def cadence(tmp_path: Path) -> Path:
    path = tmp_path / "cadence.yaml"
    path.write_text(CADENCE, encoding="utf-8")
    return path


def _approve(smgov: Smgov, people: People, arn: str) -> None:
    result = smgov("approve", arn, "--reason", "Reviewed", "--no-policy", who=people.officer)
    assert result.exit_code == EXIT_OK, result.output


def test_due_lists_the_approval_once_its_interval_has_passed(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger, cadence: Path
) -> None:
    # GIVEN an approval of a Medium-risk card, reviewed every 90 days
    _approve(smgov, people, arn)
    # THEN nothing is due today, and it is overdue in 100 days
    today = smgov.json("due", "--policy", str(cadence), who=people.officer)
    assert today["due"] == []
    later = smgov.json("due", "--policy", str(cadence), "--as-of", "2099-01-01", who=people.officer)
    assert [(d["arn"], d["status"], d["review_every"]) for d in later["due"]] == [
        (arn, "overdue", "90d")
    ]
    soon = smgov.json("due", "--policy", str(cadence), "--within", "91d", who=people.officer)
    assert [d["status"] for d in soon["due"]] == ["due"]
    table = smgov("due", "--policy", str(cadence), "--as-of", "2099-01-01", who=people.officer)
    assert table.exit_code == EXIT_OK
    assert "credit-risk/1" in table.stdout
    assert "overdue" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "next tuesday"], "--as-of"),
        (["--within", "soon"], "--within"),
    ],
)
def test_due_refuses_bad_options_in_one_line(
    smgov: Smgov,
    people: People,
    *,
    ledger_env: LocalLedger,
    cadence: Path,
    args: list[str],
    message: str,
) -> None:
    result = smgov("due", "--policy", str(cadence), *args, who=people.officer)
    assert result.exit_code == EXIT_USAGE
    assert message in result.output
    assert "Traceback" not in result.output


def test_due_needs_a_policy_with_review_every_and_a_ledger(
    smgov: Smgov, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMGOV_POLICY", raising=False)
    assert smgov("due", who=people.officer).exit_code == EXIT_USAGE
    monkeypatch.delenv("SMGOV_LEDGER", raising=False)
    cadence = tmp_path / "cadence.yaml"
    cadence.write_text(CADENCE, encoding="utf-8")
    result = smgov("due", "--policy", str(cadence), who=people.officer)
    assert result.exit_code == EXIT_USAGE
    assert "--ledger" in result.output
    # AND the ledger key, since only entries whose signatures verify give approval times
    monkeypatch.setenv("SMGOV_LEDGER", "s3://ledger/decisions")
    monkeypatch.delenv("SMGOV_SIGNING_KEY", raising=False)
    result = smgov("due", "--policy", str(cadence), who=people.officer)
    assert result.exit_code == EXIT_USAGE
    assert "--public-key" in result.output
    # AND, those given, a policy that says when reviews fall due
    monkeypatch.setenv("SMGOV_SIGNING_KEY", "alias/ledger")
    plain = tmp_path / "plain.yaml"
    plain.write_text("policy: p\nrequire: [intended_uses.purpose_of_model]\n", encoding="utf-8")
    result = smgov("due", "--policy", str(plain), who=people.officer)
    assert result.exit_code == EXIT_USAGE
    assert "review_every" in result.output


def test_audit_exits_1_with_findings_and_writes_sarif(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger, tmp_path: Path
) -> None:
    # GIVEN one version approved outside the tool
    people.officer.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved"
    )
    sarif = tmp_path / "audit.sarif"
    # WHEN the account is audited
    result = smgov("--output", "json", "audit", "--sarif", str(sarif), who=people.officer)
    # THEN it fails with one finding naming the version and its kind
    assert result.exit_code == EXIT_REFUSED, result.output
    report = json.loads(result.stdout)
    assert {(f["arn"], f["kind"]) for f in report["findings"]} == {
        (arn, "unverified_approval"),
        (arn, "card_not_approved"),
    }
    assert report["failed"] is True
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {
        "unverified_approval",
        "card_not_approved",
    }
    # AND a threshold above the finding's severity passes
    assert smgov("audit", "--fail-on", "critical", who=people.officer).exit_code == EXIT_OK
    assert smgov("audit", "--fail-on", "none", who=people.officer).exit_code == EXIT_OK
    table = smgov("audit", who=people.officer)
    assert "unverified_approval" in table.stdout


def test_audit_of_a_clean_account_exits_0(
    smgov: Smgov, people: People, register: Callable[..., str], ledger_env: LocalLedger
) -> None:
    arn = register(card_status="PendingReview")
    result = smgov(
        "approve",
        arn,
        "--reason",
        "Reviewed",
        "--card-status",
        "Approved",
        "--no-policy",
        who=people.officer,
    )
    assert result.exit_code == EXIT_OK, result.output
    report = smgov.json("audit", who=people.officer)
    assert report["findings"] == []
    assert (report["versions"], report["approved"], report["failed"]) == (1, 1, False)


def test_audit_refuses_an_unknown_severity(smgov: Smgov, people: People) -> None:
    result = smgov("audit", "--fail-on", "severe", who=people.officer)
    assert result.exit_code == EXIT_USAGE
    assert "--fail-on" in result.output


def test_approve_says_how_far_the_quorum_is(
    smgov: Smgov, people: People, ledger_env: LocalLedger, tmp_path: Path
) -> None:
    from sm_governance.card import ModelCard
    from sm_governance.registry import ModelRegistry
    from sm_governance.testing import demo_card

    from .conftest import GROUP, IMAGE

    card = ModelCard.from_content(demo_card(1, auc=0.84, fairness=0.91, risk="High"))
    arn = (
        ModelRegistry(session=people.registrant.session)
        .register(GROUP, card, image_uri=IMAGE, model_data_url="s3://m/high.tar.gz")
        .arn
    )
    policy = tmp_path / "quorum.yaml"
    policy.write_text(
        "policy: q\nrequire: [intended_uses.purpose_of_model]\napprovals_required: {High: 2}\n",
        encoding="utf-8",
    )
    result = smgov("approve", arn, "--reason", "First", "--policy", str(policy), who=people.officer)
    assert result.exit_code == EXIT_OK, result.output
    assert "1 of 2 approvals" in result.stdout
    verify = smgov.json("verify", arn, who=people.officer, code=EXIT_REFUSED)
    assert any(p.startswith("quorum: 1 of 2") for p in verify["problems"])


def test_due_refuses_a_date_past_the_year_9000(
    smgov: Smgov, people: People, ledger_env: LocalLedger, cadence: Path
) -> None:
    result = smgov(
        "due",
        "--policy",
        str(cadence),
        "--as-of",
        "9999-12-31",
        "--within",
        "30d",
        who=people.officer,
    )
    assert result.exit_code == EXIT_USAGE
    assert "--as-of" in result.output


def test_audit_sarif_shows_planted_text_as_text_never_a_link(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger, tmp_path: Path
) -> None:
    # GIVEN an approved version, and someone who may write to the ledger bucket (not sign)
    # who puts an object with a link-shaped key into the version's folder
    _approve(smgov, people, arn)
    s3 = people.officer.session.client("s3")
    (entry,) = s3.list_objects_v2(Bucket=ledger_env.bucket, Prefix=ledger_env.prefix)["Contents"]
    folder = entry["Key"].rsplit("/", 1)[0]
    planted = f"{folder}/[Re-approve here](https://evil.example/x) {{0}}"
    s3.put_object(Bucket=ledger_env.bucket, Key=planted, Body=b"{}")
    sarif = tmp_path / "audit.sarif"
    # WHEN the account is audited into SARIF
    result = smgov("audit", "--sarif", str(sarif), who=people.officer)
    assert result.exit_code == EXIT_REFUSED, result.output
    # THEN the finding names the object, but a SARIF viewer shows its key as written: no
    # embedded link (SARIF 2.1.0 3.11.6) and no placeholder (3.11.5)
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    (text,) = [r["message"]["text"] for r in results if r["ruleId"] == "unverified_approval"]
    assert "\\[Re-approve here\\](https://evil.example/x) {{0}}" in text
    assert "](" not in text.replace("\\](", "")


def test_audit_with_a_ledger_but_no_ledger_key_is_a_usage_error(
    smgov: Smgov,
    people: People,
    arn: str,
    ledger_env: LocalLedger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN an approved version, and an audit told where the ledger is but not its key
    _approve(smgov, people, arn)
    monkeypatch.delenv("SMGOV_SIGNING_KEY", raising=False)
    # WHEN it runs, even with --fail-on none (where exit 1 would mean findings)
    result = smgov("audit", "--fail-on", "none", who=people.officer)
    # THEN it is refused as a usage error naming the options, before any call
    assert result.exit_code == EXIT_USAGE, result.output
    assert "--signing-key" in result.output
    assert "--public-key" in result.output
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("ledger_env")
@pytest.mark.parametrize("named_by", ["SMGOV_POLICY", "--policy"])
def test_due_and_audit_read_a_policy_from_s3_as_approve_does(
    smgov: Smgov,
    people: People,
    arn: str,
    monkeypatch: pytest.MonkeyPatch,
    named_by: str,
) -> None:
    # GIVEN the team's policy in S3, named by SMGOV_POLICY or --policy (approve reads it there)
    s3 = people.officer.session.client("s3")
    s3.create_bucket(Bucket="policies")
    s3.put_object(Bucket="policies", Key="cadence.yaml", Body=CADENCE.encode())
    where = "s3://policies/cadence.yaml"
    option: tuple[str, ...] = ()
    if named_by == "SMGOV_POLICY":
        monkeypatch.setenv("SMGOV_POLICY", where)
    else:
        option = ("--policy", where)
    _approve(smgov, people, arn)
    # WHEN due and audit run THEN they read it from S3 (the option keeps the URI's "//")
    later = smgov.json("due", *option, "--as-of", "2099-01-01", who=people.officer)
    assert [(d["arn"], d["review_every"]) for d in later["due"]] == [(arn, "90d")]
    audit = smgov("--output", "json", "audit", *option, "--fail-on", "none", who=people.officer)
    assert audit.exit_code == EXIT_OK, audit.output


@pytest.mark.usefixtures("ledger_env")
@pytest.mark.parametrize("command", ["due", "audit"])
def test_a_missing_ledger_key_is_said_before_an_s3_policy_is_fetched(
    smgov: Smgov, people: People, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # GIVEN a ledger but no ledger key, and a policy in S3 that cannot be read (no such bucket)
    monkeypatch.delenv("SMGOV_SIGNING_KEY", raising=False)
    # WHEN due or audit runs
    result = smgov(command, "--policy", "s3://no-such-policies/cadence.yaml", who=people.officer)
    # THEN the missing option is the usage error, found before any call (the policy is not
    # fetched only to be thrown away)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "--signing-key" in result.output
