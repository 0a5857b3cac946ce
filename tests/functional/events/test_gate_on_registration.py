"""The handler on a new version: the gate runs, its outcome is recorded, nothing is approved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sm_governance.events import Runtime, handle
from sm_governance.ledger import subject_digest
from sm_governance.testing import People

from .conftest import GROUP, POLICY, state_change, tag_group


def _describe(people: People, arn: str) -> dict[str, Any]:
    client = people.registrant.session.client("sagemaker")
    return dict(client.describe_model_package(ModelPackageName=arn))


def test_a_passing_version_is_marked_passed_and_stays_pending(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    # GIVEN a new version whose card meets the policy
    arn = register(fairness=0.91)
    # WHEN SageMaker announces it
    result = handle(state_change(arn), runtime())
    # THEN the gate ran and passed, its outcome is on the version, and nothing was approved
    assert result["action"] == "gate"
    assert result["recorded"] == "recorded"
    assert result["gate"]["passed"] is True
    described = _describe(people, arn)
    assert described["ModelApprovalStatus"] == "PendingManualApproval"
    meta = described["CustomerMetadataProperties"]
    assert meta["governance:gate_check"] == "passed"
    assert meta["governance:gate_check_policy"] == "retail-credit"
    assert meta["governance:gate_check_subject"] == subject_digest(described)
    assert meta["governance:gate_check_digest"] == result["gate"]["digest"]


def test_a_failing_version_is_marked_failed_with_the_rule(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    arn = register(fairness=0.41)
    result = handle(state_change(arn), runtime())
    assert result["gate"]["passed"] is False
    assert any("fairness_score" in f for f in result["gate"]["failures"])
    described = _describe(people, arn)
    assert described["CustomerMetadataProperties"]["governance:gate_check"] == "failed"
    assert described["ModelApprovalStatus"] == "PendingManualApproval"


def test_the_same_event_twice_writes_once(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    # GIVEN an event handled once
    arn = register()
    rt = runtime()
    first = handle(state_change(arn), rt)
    modified = _describe(people, arn)["LastModifiedTime"]
    # WHEN SageMaker delivers it again
    second = handle(state_change(arn), rt)
    # THEN nothing is written the second time
    assert first["recorded"] == "recorded"
    assert second["recorded"] == "unchanged"
    assert _describe(people, arn)["LastModifiedTime"] == modified


def test_a_changed_card_is_gated_again(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    # GIVEN a gated version whose card the registrant then changes
    arn = register(fairness=0.91)
    rt = runtime()
    handle(state_change(arn), rt)
    described = _describe(people, arn)
    content = described["ModelCard"]["ModelCardContent"].replace("0.91", "0.42")
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardContent": content}
    )
    # WHEN an event comes for it
    result = handle(state_change(arn), rt)
    # THEN the new subject is gated and recorded as failed
    assert result["recorded"] == "recorded"
    assert result["gate"]["passed"] is False
    assert (
        result["gate"]["subject_digest"]
        != described["CustomerMetadataProperties"]["governance:gate_check_subject"]
    )


def test_a_version_without_a_card_fails_the_gate(
    people: People, runtime: Callable[..., Runtime]
) -> None:
    client = people.registrant.session.client("sagemaker")
    arn = client.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": "1.dkr.ecr.us-east-1.amazonaws.com/x:1"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    )["ModelPackageArn"]
    result = handle(state_change(arn), runtime())
    assert result["gate"]["passed"] is False
    assert result["gate"]["failures"] == ["the version has no model card"]


@pytest.mark.parametrize(
    "event",
    [
        {},
        None,
        "text",
        {"source": "aws.events", "detail-type": "Other Event", "detail": {}},
        {"source": "aws.sagemaker", "detail-type": "SageMaker Model Package State Change"},
        {
            "source": "aws.sagemaker",
            "detail-type": "SageMaker Model Package State Change",
            "detail": {"ModelPackageArn": "arn:aws:sagemaker:us-east-1:1:model-package/x"},
        },
    ],
)
def test_other_events_are_ignored(event: Any, runtime: Callable[..., Runtime]) -> None:
    assert handle(event, runtime())["action"] == "ignored"


def test_a_deleted_version_is_ignored(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    arn = register()
    people.registrant.session.client("sagemaker").delete_model_package(ModelPackageName=arn)
    result = handle(state_change(arn), runtime())
    assert result == {"arn": arn, "action": "ignored", "reason": "the version no longer exists"}


def test_an_unreadable_policy_fails_the_gate_closed_and_is_reported_not_raised(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy: x\nmetrics: {auc: 0.9}\n", encoding="utf-8")
    arn = register()
    result = handle(state_change(arn), runtime(policy=str(bad)))
    assert result["action"] == "gate"
    assert result["gate"]["passed"] is False
    assert "threshold" in result["policy_unavailable"]
    assert _describe(people, arn)["CustomerMetadataProperties"]["governance:gate_check"] == "failed"


def test_a_policy_folder_in_s3_is_chosen_by_the_group_tag(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    # GIVEN policies in an S3 folder, and the group naming one with its tag
    s3 = people.registrant.session.client("s3")
    s3.create_bucket(Bucket="policies")
    s3.put_object(Bucket="policies", Key="gates/retail-credit.yaml", Body=POLICY.encode())
    tag_group(people, "retail-credit")
    # WHEN a version is announced
    result = handle(state_change(register(fairness=0.5)), runtime(policy="s3://policies/gates/"))
    # THEN that policy gated it
    assert result["gate"]["policy"] == "retail-credit"
    assert result["gate"]["passed"] is False


def test_a_group_without_a_policy_tag_fails_the_gate_closed(
    register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    result = handle(state_change(register()), runtime(policy="s3://policies/gates/"))
    assert result["action"] == "gate"
    assert result["gate"]["passed"] is False
    assert "governance:policy" in result["policy_unavailable"]


def test_without_a_policy_the_gate_is_not_run(
    register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    result = handle(state_change(register()), runtime(policy=None))
    assert result["action"] == "ignored"
    assert "SMGOV_POLICY" in result["reason"]
