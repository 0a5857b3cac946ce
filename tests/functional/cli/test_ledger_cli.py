"""The ledger on the command line: verify as the deployment gate, --subject-digest, history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sm_governance.cli import EXIT_AWS, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from sm_governance.testing import LocalLedger, People

from .conftest import Smgov


def test_approve_then_verify_exits_0_and_tampering_makes_it_exit_1(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger
) -> None:
    # GIVEN an approval recorded in the ledger
    shown = smgov.json("show", arn, who=people.officer)
    decision = smgov.json(
        "approve",
        arn,
        "--reason",
        "ok",
        "--no-policy",
        "--subject-digest",
        shown["subject_digest"],
        who=people.officer,
    )
    assert decision["verified"] is True
    assert decision["subject_digest"] == shown["subject_digest"]
    # THEN verify passes, in JSON and as text
    result = smgov.json("verify", arn, who=people.officer)
    assert result["verified"] is True
    assert result["problems"] == []
    assert result["decision"]["decision"] == "Approved"
    text = smgov("verify", arn, who=people.officer)
    assert text.exit_code == EXIT_OK
    assert "VERIFIED" in text.stdout
    # WHEN the registrant changes the card afterwards
    client = people.registrant.session.client("sagemaker")
    content = client.describe_model_package(ModelPackageName=arn)["ModelCard"]["ModelCardContent"]
    client.update_model_package(
        ModelPackageArn=arn,
        ModelCard={"ModelCardContent": content.replace("0.91", "0.41")},
    )
    # THEN verify exits 1 and names the drift
    failed = smgov.json("verify", arn, who=people.officer, code=EXIT_REFUSED)
    assert failed["verified"] is False
    assert any(p.startswith("drift: the card changed") for p in failed["problems"])
    text = smgov("verify", arn, who=people.officer)
    assert text.exit_code == EXIT_REFUSED
    assert "NOT VERIFIED" in text.stdout
    assert "drift: the card changed" in text.stdout


def test_verify_without_any_decision_exits_1(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger
) -> None:
    result = smgov.json("verify", arn, who=people.officer, code=EXIT_REFUSED)
    assert f"no ledger entry for {arn}" in result["problems"]
    assert "not approved: SageMaker shows PendingManualApproval" in result["problems"]


def test_verify_offline_with_a_public_key_file(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger, tmp_path: Path
) -> None:
    smgov("approve", arn, "--reason", "ok", "--no-policy", who=people.officer)
    public = people.officer.session.client("kms").get_public_key(KeyId=ledger_env.key_id)[
        "PublicKey"
    ]
    key_file = tmp_path / "ledger-key.der"
    key_file.write_bytes(public)
    smgov.monkeypatch.delenv("SMGOV_SIGNING_KEY")
    result = smgov.json("verify", arn, "--public-key", str(key_file), who=people.officer)
    assert result["verified"] is True
    bad = tmp_path / "not-a-key.pem"
    bad.write_text("hello", encoding="utf-8")
    error = smgov.json("verify", arn, "--public-key", str(bad), code=EXIT_USAGE)
    assert "--public-key: not a PEM or DER public key" in error["error"]["message"]


def test_verify_without_a_ledger_is_a_usage_error(
    smgov: Smgov, people: People, arn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMGOV_LEDGER", raising=False)
    error = smgov.json("verify", arn, code=EXIT_USAGE)
    assert "--ledger" in error["error"]["message"]


@pytest.mark.parametrize("command", ["verify", "history", "approve"])
def test_a_ledger_bucket_that_does_not_exist_is_named_as_the_ledger_not_the_version(
    smgov: Smgov,
    people: People,
    arn: str,
    *,
    ledger_env: LocalLedger,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    # GIVEN SMGOV_LEDGER names a bucket that does not exist (a typo)
    monkeypatch.setenv("SMGOV_LEDGER", "s3://no-such-ledger-bucket/decisions")
    extra = ["--reason", "ok", "--no-policy"] if command == "approve" else []
    # THEN the error names the ledger option, as an AWS error (exit 4), not "not found" (exit
    # 3: the version or group named does not exist), and nothing was decided
    error = smgov.json(command, arn, *extra, who=people.officer, code=EXIT_AWS)["error"]
    assert error["kind"] == "aws"
    assert "no-such-ledger-bucket" in error["message"]
    assert "--ledger" in error["message"]
    client = people.officer.session.client("sagemaker")
    status = client.describe_model_package(ModelPackageName=arn)["ModelApprovalStatus"]
    assert status == "PendingManualApproval"


def test_global_ledger_options_on_the_command_line(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMGOV_LEDGER")
    monkeypatch.delenv("SMGOV_SIGNING_KEY")
    options = ["--ledger", ledger_env.uri, "--signing-key", ledger_env.key_id]
    done = smgov(*options, "--output", "json", "reject", arn, "--reason", "no", who=people.officer)
    assert done.exit_code == EXIT_OK, done.output
    bad = smgov("--ledger", "bucket-without-scheme", "show", arn)
    assert bad.exit_code == EXIT_USAGE
    assert "s3://BUCKET/PREFIX" in bad.output


def test_review_then_change_is_refused_on_the_command_line(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger, policy_file: Path
) -> None:
    reviewed = smgov.json("check", arn, "--policy", str(policy_file), who=people.officer)
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, CustomerMetadataProperties={"datazone_project_id": "elsewhere"}
    )
    refused = smgov.json(
        "approve",
        arn,
        "--reason",
        "ok",
        "--no-policy",
        "--subject-digest",
        reviewed["subject_digest"],
        who=people.officer,
        code=EXIT_REFUSED,
    )
    assert "changed since it was reviewed" in refused["error"]["message"]
    malformed = smgov(
        "approve", arn, "--reason", "ok", "--no-policy", "--subject-digest", "sha256:abc"
    )
    assert malformed.exit_code == EXIT_USAGE
    assert "--subject-digest" in malformed.output


def test_history_marks_signed_decisions_and_claims(
    smgov: Smgov, people: People, arn: str, ledger_env: LocalLedger
) -> None:
    smgov("approve", arn, "--reason", "ok", "--no-policy", who=people.officer)
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ApprovalDescription="Approved by the board"
    )
    data = smgov.json("history", arn, who=people.officer)
    kinds = {(e["kind"], e["verified"]) for e in data["events"]}
    assert ("decision", True) in kinds
    assert ("claim", False) in kinds
    assert data["ledger"] == ledger_env.uri
    table = smgov("history", arn, who=people.officer)
    assert table.exit_code == EXIT_OK
    assert "✓" in table.stdout
    assert "unverified approval description" in table.stdout


def test_without_a_ledger_the_decision_output_says_unverified(
    smgov: Smgov, people: People, arn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMGOV_LEDGER", raising=False)
    done = smgov("approve", arn, "--reason", "ok", "--no-policy", who=people.officer)
    assert done.exit_code == EXIT_OK
    assert "unverified" in done.stdout
    history = smgov("history", arn)
    assert "nothing is verified" in history.stdout


def test_a_group_named_in_upper_case_is_approved_and_verified_by_group_slash_version(
    smgov: Smgov, people: People, ledger_env: LocalLedger
) -> None:
    # GIVEN Credit-Risk/1: SageMaker keeps the group's name, its ARN says credit-risk/1
    from sm_governance.card import ModelCard
    from sm_governance.registry import ModelRegistry
    from sm_governance.testing import demo_card

    registry = ModelRegistry(session=people.registrant.session)
    registry.ensure_group("Credit-Risk", datazone_project_id="c4x7p2demo9prj")
    card = ModelCard.from_content(demo_card(1, auc=0.84, fairness=0.91))
    arn = registry.register(
        "Credit-Risk", card, image_uri="img:1", model_data_url="s3://m/model.tar.gz"
    ).arn
    assert arn.endswith("/credit-risk/1")
    # WHEN the officer approves it as the group is named THEN the decision is SageMaker's ARN
    decision = smgov.json(
        "approve", "Credit-Risk/1", "--reason", "ok", "--no-policy", who=people.officer
    )
    assert decision["arn"] == arn
    assert decision["verified"] is True
    # AND verify and history find it under either name
    for ref in ("Credit-Risk/1", "credit-risk/1", arn):
        assert smgov.json("verify", ref, who=people.officer)["verified"] is True


def test_render_shows_an_override_written_into_metadata_by_the_registrant_as_a_claim(
    smgov: Smgov,
    people: People,
    register: Callable[..., str],
    policy_file: Path,
    ledger_env: LocalLedger,
) -> None:
    # GIVEN a version that fails the gate, approved by the officer without an override
    arn = register(fairness=0.5)
    smgov.json("approve", arn, "--reason", "ok", "--no-policy", who=people.officer)
    # AND the registrant then writes a fake override and its justification into the metadata
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn,
        CustomerMetadataProperties={
            "governance:gate": "overridden",
            "governance:override": "Waived by the chief risk officer",
        },
    )
    # WHEN anyone renders the version with the policy
    result = smgov("render", arn, "--policy", str(policy_file), who=people.officer)
    assert result.exit_code == EXIT_OK, result.output
    text = " ".join(result.stdout.split())
    # THEN the override is shown as the metadata's unverified claim, not the officer's word
    assert "overridden by the approval" not in text
    assert "Policy gate: failed (override claimed, unverified)" in text
    assert "Unverified claim in the version's metadata" in text
    assert "Waived by the chief risk officer" in text
