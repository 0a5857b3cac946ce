"""Deploy infra/governance.yaml into moto's CloudFormation and read back what it created.

moto's CloudFormation does not implement ``AWS::SageMaker::ModelPackageGroup``,
``AWS::RAM::ResourceShare`` nor ``AWS::SNS::TopicPolicy``; :func:`moto_template` removes exactly
those (and the outputs that refer to them) and nothing else, and says which it removed. The
tests create the group on the local SageMaker themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "MOTO_UNSUPPORTED_TYPES",
    "TEMPLATE_PATH",
    "Stack",
    "deploy",
    "load_template",
    "moto_template",
    "role_policy_documents",
]

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "infra" / "governance.yaml"
MOTO_UNSUPPORTED_TYPES = frozenset(
    {"AWS::SageMaker::ModelPackageGroup", "AWS::RAM::ResourceShare", "AWS::SNS::TopicPolicy"}
)


def load_template() -> dict[str, Any]:
    """The template as plain data (it uses the long form of intrinsic functions)."""
    data = yaml.safe_load(TEMPLATE_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _refers_to(node: Any, names: set[str]) -> bool:
    if isinstance(node, dict):
        if node.get("Ref") in names:
            return True
        get_att = node.get("Fn::GetAtt")
        if isinstance(get_att, list) and get_att and get_att[0] in names:
            return True
        return any(_refers_to(value, names) for value in node.values())
    if isinstance(node, list):
        return any(_refers_to(value, names) for value in node)
    return False


def moto_template() -> tuple[dict[str, Any], list[str]]:
    """The template without the resources moto cannot create; also their logical names."""
    template = load_template()
    removed = sorted(
        name
        for name, resource in template["Resources"].items()
        if resource["Type"] in MOTO_UNSUPPORTED_TYPES
    )
    names = set(removed)
    for name in removed:
        del template["Resources"][name]
    for name, resource in template["Resources"].items():
        assert not _refers_to(resource, names), f"{name} depends on a resource moto lacks"
    template["Outputs"] = {
        key: output for key, output in template["Outputs"].items() if not _refers_to(output, names)
    }
    return template, removed


@dataclass(frozen=True)
class Stack:
    """The deployed stack's outputs, the parameters it was given, and the approval probe.

    ``probe_queue_url`` is an SQS queue that stands in for the approval rule's SNS target:
    moto's EventBridge delivers to SQS, log groups and event buses but raises
    NotImplementedError for an SNS target (moto 5.2), so :func:`deploy` swaps the target for
    the probe and records the targets the template declared in ``declared_targets``.
    """

    name: str
    outputs: dict[str, str]
    parameters: dict[str, str]
    declared_targets: tuple[dict[str, Any], ...]
    probe_queue_url: str

    @property
    def group(self) -> str:
        return self.outputs["ModelPackageGroupName"]

    @property
    def rule_name(self) -> str:
        return self.outputs["ApprovedRuleArn"].rsplit("/", 1)[-1]


def deploy(session: Any, *, name: str = "governance", **parameters: str) -> Stack:
    """Create the stack (moto subset) with the given parameters; put the probe in place."""
    template, _ = moto_template()
    cfn = session.client("cloudformation")
    cfn.create_stack(
        StackName=name,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM"],
    )
    described = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE", described.get("StackStatusReason")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    rule = outputs["ApprovedRuleArn"].rsplit("/", 1)[-1]
    events = session.client("events")
    declared = events.list_targets_by_rule(Rule=rule)["Targets"]
    sqs = session.client("sqs")
    queue_url = sqs.create_queue(QueueName=f"{name}-approval-probe")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])
    events.remove_targets(Rule=rule, Ids=[target["Id"] for target in declared])
    events.put_targets(
        Rule=rule, Targets=[{"Id": "probe", "Arn": queue_arn["Attributes"]["QueueArn"]}]
    )
    return Stack(
        name=name,
        outputs=outputs,
        parameters=dict(parameters),
        declared_targets=tuple(declared),
        probe_queue_url=queue_url,
    )


def role_policy_documents(session: Any, role_arn: str) -> list[dict[str, Any]]:
    """The identity policy documents of a role, as IAM stores them (inline and attached)."""
    iam = session.client("iam")
    role_name = role_arn.rsplit("/", 1)[-1]
    documents: list[dict[str, Any]] = []
    for policy_name in iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role_name, PolicyName=policy_name)
        documents.append(_as_document(document["PolicyDocument"]))
    for attached in iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]:
        policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
        version = iam.get_policy_version(
            PolicyArn=attached["PolicyArn"], VersionId=policy["DefaultVersionId"]
        )["PolicyVersion"]
        documents.append(_as_document(version["Document"]))
    return documents


def _as_document(document: Any) -> dict[str, Any]:
    parsed = json.loads(document) if isinstance(document, str) else document
    assert isinstance(parsed, dict)
    return parsed
