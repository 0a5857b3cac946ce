"""Deploy infra/governance.yaml into moto's CloudFormation and read back what it created.

moto's CloudFormation does not implement ``AWS::SageMaker::ModelPackageGroup``,
``AWS::RAM::ResourceShare``, ``AWS::SNS::TopicPolicy``, ``AWS::S3::BucketPolicy`` nor
``AWS::CodeBuild::Project``; :func:`moto_template` removes exactly those (and the outputs and
``DependsOn`` entries that refer to them) and nothing else, and says which it removed. The tests
create the group on the local SageMaker themselves, and read the removed policies as
CloudFormation resolves them with :meth:`Stack.resolve`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ACCOUNT",
    "FAKE_ENV",
    "MOTO_UNSUPPORTED_TYPES",
    "REGION",
    "TEMPLATE_PATH",
    "Stack",
    "deploy",
    "load_template",
    "moto_template",
    "role_policy_documents",
]

ACCOUNT = "123456789012"
REGION = "us-east-1"
# Fake credentials for a stack deployed under the mock: no real AWS account or config is read.
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
}
TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "infra" / "governance.yaml"
MOTO_UNSUPPORTED_TYPES = frozenset(
    {
        "AWS::SageMaker::ModelPackageGroup",
        "AWS::RAM::ResourceShare",
        "AWS::SNS::TopicPolicy",
        "AWS::S3::BucketPolicy",
        "AWS::CodeBuild::Project",
    }
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
    for resource in template["Resources"].values():
        depends = resource.get("DependsOn")
        if depends is not None:
            kept = [
                d for d in ([depends] if isinstance(depends, str) else depends) if d not in names
            ]
            if kept:
                resource["DependsOn"] = kept
            else:
                del resource["DependsOn"]
    for name, resource in template["Resources"].items():
        assert not _refers_to(resource, names), f"{name} depends on a resource moto lacks"
    template["Outputs"] = {
        key: output for key, output in template["Outputs"].items() if not _refers_to(output, names)
    }
    return template, removed


@dataclass(frozen=True)
class Stack:
    """The deployed stack's outputs, the parameters it was given, and the approval probe.

    ``probe_queue_url`` is an SQS queue that stands in for the approval rule's target (the
    deployment gate, a CodeBuild project): moto's EventBridge delivers to SQS, log groups and
    event buses only (moto 5.2), so :func:`deploy` swaps the target for the probe, with the
    declared input transformer, and records the targets the template declared in
    ``declared_targets``.
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

    def resolve(self, node: Any) -> Any:
        """A piece of the template with its intrinsic functions resolved as moto's CloudFormation
        resolved them for this stack (parameters, resource names, ARNs); for the properties of
        resources moto cannot create, such as the ledger's bucket policy."""
        from moto.cloudformation.models import cloudformation_backends
        from moto.cloudformation.parsing import clean_json

        backend = cloudformation_backends["123456789012"]["us-east-1"]
        (stack,) = [s for s in backend.stacks.values() if s.name == self.name]
        return clean_json(node, stack.resource_map)

    def resolved_property(self, logical_id: str, name: str) -> Any:
        """A property of a resource of the full template, resolved for this stack."""
        return self.resolve(load_template()["Resources"][logical_id]["Properties"][name])

    def physical_id(self, session: Any, logical_id: str) -> str:
        """The physical ID CloudFormation gave a resource of the stack."""
        cfn = session.client("cloudformation")
        resource = cfn.describe_stack_resource(StackName=self.name, LogicalResourceId=logical_id)
        return str(resource["StackResourceDetail"]["PhysicalResourceId"])


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
    # The probe takes the declared target's input transformer: it receives what the gate would.
    probe: dict[str, Any] = {"Id": "probe", "Arn": queue_arn["Attributes"]["QueueArn"]}
    for target in declared[:1]:
        if "InputTransformer" in target:
            probe["InputTransformer"] = target["InputTransformer"]
    events.put_targets(Rule=rule, Targets=[probe])
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
