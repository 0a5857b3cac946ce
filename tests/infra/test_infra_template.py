"""infra/governance.yaml and infra/README.md: what must stay true whatever else changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from tests.infra.infra_stack import (
    MOTO_UNSUPPORTED_TYPES,
    TEMPLATE_PATH,
    load_template,
    moto_template,
)

from sm_governance.approval import (
    COUNT_KEY,
    DECIDED_AT_KEY,
    DECIDED_BY_KEY,
    DECISION_ID_KEY,
    DECISION_KEY,
    GATE_DIGEST_KEY,
    GATE_KEY,
    OVERRIDE_KEY,
)
from sm_governance.registry import DATAZONE_DOMAIN_TAG, DATAZONE_PROJECT_TAG

README = TEMPLATE_PATH.parent / "README.md"
ROLE_POLICIES = ("BuilderPolicy", "OfficerPolicy", "AuditorPolicy", "DeployGatePolicy")
WRITE = re.compile(r"^sagemaker:(Create|Update|Delete|Put|Add)", re.IGNORECASE)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


def _resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {n: r for n, r in template["Resources"].items() if r["Type"] == kind}


def _statements(template: dict[str, Any], policy: str) -> list[dict[str, Any]]:
    document = template["Resources"][policy]["Properties"]["PolicyDocument"]
    return list(document["Statement"])


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return action if isinstance(action, list) else [action]


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_every_parameter_and_output_is_described(template: dict[str, Any]) -> None:
    for section in ("Parameters", "Outputs"):
        for name, entry in template[section].items():
            assert str(entry.get("Description", "")).strip(), f"{section}.{name}"


def test_readme_documents_every_parameter_and_output_and_nothing_else(
    template: dict[str, Any],
) -> None:
    documented = set(re.findall(r"^\| `([A-Za-z]+)` \|", README.read_text(), re.MULTILINE))
    expected = set(template["Parameters"]) | set(template["Outputs"])
    # The README's resource table names resources in the same form; those are documented too.
    assert expected <= documented
    assert documented - expected <= set(template["Resources"])


def test_the_rule_matches_approvals_of_the_group_only(template: dict[str, Any]) -> None:
    rule = template["Resources"]["ApprovedRule"]["Properties"]
    assert rule["State"] == "ENABLED"
    assert rule["EventPattern"] == {
        "source": ["aws.sagemaker"],
        "detail-type": ["SageMaker Model Package State Change"],
        "detail": {
            "ModelPackageGroupName": [{"Ref": "ModelPackageGroupName"}],
            "ModelApprovalStatus": ["Approved"],
        },
    }
    # The raw event is a claim: it starts the deployment gate (which runs smgov verify), never
    # the topic deployment automation listens to.
    (target,) = rule["Targets"]
    assert target["Id"] == "deploy-gate"
    assert target["Arn"] == {
        "Fn::Sub": "arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}"
        ":project/${ModelPackageGroupName}-deploy-gate"
    }
    project = template["Resources"]["DeployGate"]["Properties"]
    assert project["Name"] == {"Fn::Sub": "${ModelPackageGroupName}-deploy-gate"}
    assert template["Resources"]["ApprovedRule"]["DependsOn"] == "DeployGate"
    (statement,) = template["Resources"]["ApprovedRuleRole"]["Properties"]["Policies"][0][
        "PolicyDocument"
    ]["Statement"]
    assert (statement["Action"], statement["Resource"]) == ("codebuild:StartBuild", target["Arn"])


def test_topic_is_encrypted_and_only_the_gate_publishes(template: dict[str, Any]) -> None:
    topic = template["Resources"]["ApprovalTopic"]["Properties"]
    assert topic["KmsMasterKeyId"] == {"Ref": "NotificationsKey"}
    policy = template["Resources"]["ApprovalTopicPolicy"]["Properties"]["PolicyDocument"]
    gate = {"Fn::GetAtt": ["DeployGateRole", "Arn"]}
    allow, deny = policy["Statement"]
    assert (allow["Effect"], allow["Principal"], allow["Action"]) == (
        "Allow",
        {"AWS": gate},
        "sns:Publish",
    )
    # every other principal, administrators included, is refused
    assert (deny["Effect"], deny["Principal"], deny["Action"]) == ("Deny", "*", "sns:Publish")
    assert deny["Condition"] == {"ArnNotEquals": {"aws:PrincipalArn": gate}}
    publishers = [
        s
        for s in template["Resources"]["DeployGatePolicy"]["Properties"]["PolicyDocument"][
            "Statement"
        ]
        if s["Effect"] == "Allow" and "sns:Publish" in _actions(s)
    ]
    assert [s["Resource"] for s in publishers] == [{"Ref": "ApprovalTopic"}]


def test_keys_rotate_and_the_trail_keys_are_retained(template: dict[str, Any]) -> None:
    keys = _resources(template, "AWS::KMS::Key")
    assert set(keys) == {"CardKey", "NotificationsKey", "LedgerKey", "SigningKey"}
    symmetric = {name: key for name, key in keys.items() if name != "SigningKey"}
    assert all(key["Properties"]["EnableKeyRotation"] is True for key in symmetric.values())
    for name in ("CardKey", "LedgerKey", "SigningKey"):
        assert keys[name]["DeletionPolicy"] == keys[name]["UpdateReplacePolicy"] == "Retain"
    group = template["Resources"]["ModelPackageGroup"]
    assert group["DeletionPolicy"] == group["UpdateReplacePolicy"] == "Retain"


def test_only_denies_have_a_wildcard_principal(template: dict[str, Any]) -> None:
    statements = [
        statement
        for key, value in _walk(template["Resources"])
        if key == "Statement" and isinstance(value, list)
        for statement in value
        if isinstance(statement, dict) and "Principal" in statement
    ]
    assert statements
    wildcards = 0
    for statement in statements:
        principal = statement["Principal"]
        if principal == "*" or "*" in (principal.get("AWS"), principal.get("Service")):
            assert statement["Effect"] == "Deny", statement["Sid"]
            wildcards += 1
    assert wildcards >= 5  # the ledger bucket's and the signing key's denies


def test_denies_cover_every_resource_and_writes_are_conditioned(
    template: dict[str, Any],
) -> None:
    for policy in ROLE_POLICIES:
        for statement in _statements(template, policy):
            if statement["Effect"] == "Deny":
                assert statement["Resource"] == "*", statement["Sid"]
            elif any(WRITE.match(action) for action in _actions(statement)):
                # An allowed write either states the approval status or carries none.
                assert "sagemaker:AddTags" in _actions(statement) or (
                    "sagemaker:ModelApprovalStatus" in str(statement.get("Condition", {}))
                ), statement["Sid"]


def test_the_officer_and_auditor_are_granted_no_registration(template: dict[str, Any]) -> None:
    for policy in ("OfficerPolicy", "AuditorPolicy"):
        allowed = {
            action
            for statement in _statements(template, policy)
            if statement["Effect"] == "Allow"
            for action in _actions(statement)
        }
        assert "sagemaker:CreateModelPackage" not in allowed
    auditor_writes = [
        action
        for statement in _statements(template, "AuditorPolicy")
        for action in _actions(statement)
        if WRITE.match(action)
    ]
    assert auditor_writes == []


def test_every_fixed_key_of_the_decision_record_is_protected(template: dict[str, Any]) -> None:
    protected = {
        key.removeprefix("sagemaker:CustomerMetadataProperties/")
        for statement in _statements(template, "BuilderPolicy")
        if statement["Effect"] == "Deny"
        for key in statement.get("Condition", {}).get("Null", {})
        if key.startswith("sagemaker:CustomerMetadataProperties/")
    }
    assert protected == {
        DECISION_KEY,
        DECISION_ID_KEY,
        DECIDED_BY_KEY,
        DECIDED_AT_KEY,
        GATE_KEY,
        GATE_DIGEST_KEY,
        OVERRIDE_KEY,
        COUNT_KEY,
    }


def test_cross_account_registration_has_the_builders_condition(template: dict[str, Any]) -> None:
    group_policy = template["Resources"]["ModelPackageGroup"]["Properties"][
        "ModelPackageGroupPolicy"
    ]
    statements = [branch[1] for key, branch in _walk(group_policy["Fn::If"][1]) if key == "Fn::If"]
    registering = [s for s in statements if "sagemaker:CreateModelPackage" in str(s["Action"])]
    (register,) = registering
    builder = next(
        s for s in _statements(template, "BuilderPolicy") if s["Sid"] == "RegisterPendingOnly"
    )
    assert register["Condition"] == builder["Condition"]
    assert all("UpdateModelPackage" not in str(s["Action"]) for s in statements)


def test_group_tags_use_the_registrys_datazone_keys(template: dict[str, Any]) -> None:
    tags = template["Resources"]["ModelPackageGroup"]["Properties"]["Tags"]
    assert {"Key": DATAZONE_PROJECT_TAG, "Value": {"Ref": "DataZoneProjectId"}} in tags
    conditional = [tag["Fn::If"][1] for tag in tags if "Fn::If" in tag]
    assert {"Key": DATAZONE_DOMAIN_TAG, "Value": {"Ref": "DataZoneDomainId"}} in conditional


def test_every_checkov_skip_says_why(template: dict[str, Any]) -> None:
    for name, resource in template["Resources"].items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert str(skip.get("id", "")).startswith("CKV"), name
            assert len(str(skip.get("comment", "")).strip()) > 10, f"{name}: {skip}"


def test_the_moto_subset_drops_only_what_moto_lacks() -> None:
    full = load_template()
    subset, removed = moto_template()
    assert removed == sorted(
        n for n, r in full["Resources"].items() if r["Type"] in MOTO_UNSUPPORTED_TYPES
    )
    assert set(subset["Resources"]) == set(full["Resources"]) - set(removed)
    assert set(full["Outputs"]) - set(subset["Outputs"]) == {
        "ModelPackageGroupArn",
        "DeployGateProjectName",
    }
    assert "DependsOn" not in subset["Resources"]["ApprovedRule"]
