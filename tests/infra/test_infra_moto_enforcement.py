"""What moto's own IAM enforcement shows about the deployed roles, and where it stops.

moto 5.2 enforces (with ``enable_iam_authentication``): request signatures, role trust policies
on ``sts:AssumeRole`` (the caller's ARN against the trust policy's AWS principals), the Action
and Resource of identity policies, and explicit Deny over Allow. It does not give identity
policies any condition context, so it never reads ``sagemaker:ModelApprovalStatus``; and it
authorises SageMaker calls against the resource ``"*"`` because its SageMaker responses name no
resource. The ``scoped_resources`` fixture gives moto the ARN SageMaker authorises (the model
package), so the roles' resource-scoped statements are matched as AWS matches them; the
condition-dependent decisions are tested in test_infra_separation_of_duties.py.

moto cannot evaluate the builder role's trust policy: a statement with a ``Service`` principal
makes its principal check fail with TypeError (pinned below). The builder's session is therefore
obtained before enforcement is switched on; the officer's and auditor's trust policies are
enforced by moto.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto.core import disable_iam_authentication, enable_iam_authentication
from tests.infra.infra_stack import ACCOUNT, FAKE_ENV, REGION, Stack, deploy

from sm_governance.testing import Identity, create_user, mock_governance

GROUP = "credit-risk"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/credit-risk:1"
# Every person may call sts:AssumeRole on any role: only the roles' trust policies decide.
MAY_ASSUME_ANY_ROLE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
    }
)


def _register_params(status: str) -> dict[str, Any]:
    return {
        "ModelPackageGroupName": GROUP,
        "ModelApprovalStatus": status,
        "InferenceSpecification": {
            "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://models/v.tar.gz"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    }


def _resource(self: Any) -> str:
    """The ARN SageMaker authorises a model package call against, for moto's check."""
    from moto.sagemaker.models import sagemaker_backends

    params = json.loads(self.body or "{}")
    arn = params.get("ModelPackageArn") or params.get("ModelPackageName")
    if isinstance(arn, str) and arn.startswith("arn:"):
        return arn
    group = params.get("ModelPackageGroupName")
    if self._get_action() == "CreateModelPackage" and isinstance(group, str):
        backend = sagemaker_backends[ACCOUNT][REGION]
        taken = [p for p in backend.model_packages.values() if p.model_package_group_name == group]
        return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{group}/{len(taken) + 1}"
    return "*"


@dataclass(frozen=True)
class World:
    """The deployed stack, one person per duty, and the builder's role session."""

    stack: Stack
    people: dict[str, Identity]
    admin: boto3.Session
    builder: Any
    builder_s3: Any

    def role(self, duty: str) -> str:
        return self.stack.outputs[f"{duty.capitalize()}RoleArn"]

    def pending_version(self) -> str:
        """A new Pending version, registered with enforcement off (the test's own setup)."""
        with disable_iam_authentication():
            created = self.admin.client("sagemaker").create_model_package(
                **_register_params("PendingManualApproval")
            )
        return str(created["ModelPackageArn"])

    def session_as(self, duty: str) -> Any:
        """A SageMaker client as the duty's role, assumed under moto's trust check."""
        return _assume(self.people[duty], self.role(duty)).client("sagemaker")


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """Deployed once for the module: the stack trusting one IAM user per duty."""
    from moto.sagemaker.responses import SageMakerResponse

    with pytest.MonkeyPatch.context() as patch:
        for name, value in FAKE_ENV.items():
            patch.setenv(name, value)
        patch.setattr(SageMakerResponse, "_determine_resource", _resource, raising=False)
        with mock_governance():
            admin = boto3.Session(region_name=REGION)
            iam = admin.client("iam")
            people = {}
            for duty in ("builder", "officer", "auditor", "outsider"):
                person = create_user(f"{duty}-person", session=admin, region_name=REGION)
                iam.put_user_policy(
                    UserName=person.name,
                    PolicyName="assume-any",
                    PolicyDocument=MAY_ASSUME_ANY_ROLE,
                )
                people[duty] = person
            stack = deploy(
                admin,
                ModelPackageGroupName=GROUP,
                DataZoneProjectId="p1",
                BuilderPrincipalArns=people["builder"].arn,
                OfficerPrincipalArns=people["officer"].arn,
                AuditorPrincipalArns=people["auditor"].arn,
            )
            sagemaker = admin.client("sagemaker")
            sagemaker.create_model_package_group(ModelPackageGroupName=GROUP)
            sagemaker.create_model_package_group(ModelPackageGroupName="other-models")
            sagemaker.create_model_package(
                **{
                    **_register_params("PendingManualApproval"),
                    "ModelPackageGroupName": "other-models",
                }
            )
            builder_role = stack.outputs["BuilderRoleArn"]
            builder_session = _assume(people["builder"], builder_role)
            yield World(
                stack=stack,
                people=people,
                admin=admin,
                builder=builder_session.client("sagemaker"),
                builder_s3=builder_session.client("s3"),
            )


@pytest.fixture
def enforced(world: World) -> Iterator[World]:
    """moto's IAM enforcement on for the test."""
    with enable_iam_authentication():
        yield world


def _assume(person: Identity, role_arn: str) -> boto3.Session:
    credentials = person.client("sts").assume_role(RoleArn=role_arn, RoleSessionName=person.name)
    creds = credentials["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=REGION,
    )


def _denied(call: Callable[[], object]) -> None:
    """moto answers 403 (its SageMaker error body is XML, so botocore reads the code as "403");
    each test also shows the same session succeeding where it is allowed, so the 403 is not a
    signature or credentials failure."""
    with pytest.raises(ClientError) as caught:
        call()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert caught.value.response["Error"]["Code"] in {"AccessDenied", "403"}


def test_only_the_trusted_person_assumes_each_role(enforced: World) -> None:
    for duty in ("officer", "auditor"):
        # GIVEN a role whose trust policy names one person
        for who, person in enforced.people.items():
            # WHEN each person tries to assume it
            if who == duty:
                _assume(person, enforced.role(duty))
            else:
                # THEN everyone else is refused by moto's trust policy check
                _denied(partial(_assume, person, enforced.role(duty)))


def test_officer_approves_and_builder_cannot(enforced: World) -> None:
    arn = enforced.pending_version()
    officer = enforced.session_as("officer")
    # WHEN the builder tries to approve THEN moto refuses (the builder's explicit deny)
    _denied(
        lambda: enforced.builder.update_model_package(
            ModelPackageArn=arn, ModelApprovalStatus="Approved"
        )
    )
    # WHEN the officer approves THEN moto lets it through (the officer's scoped allow)
    officer.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    described = officer.describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == "Approved"


def test_officer_cannot_register_nor_act_outside_the_group(enforced: World) -> None:
    officer = enforced.session_as("officer")
    # THEN registration is refused (explicit deny) whatever the status
    for status in ("PendingManualApproval", "Approved"):
        _denied(partial(officer.create_model_package, **_register_params(status)))
    # AND an approval of a package in another group matches no allow (resource scoping)
    other = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/other-models/1"
    _denied(
        lambda: officer.update_model_package(ModelPackageArn=other, ModelApprovalStatus="Approved")
    )
    _denied(lambda: officer.describe_model_package(ModelPackageName=other))
    # while the same session may read in its own group
    assert officer.list_model_package_groups()["ModelPackageGroupSummaryList"]


def test_auditor_reads_but_changes_nothing(enforced: World) -> None:
    arn = enforced.pending_version()
    auditor = enforced.session_as("auditor")
    assert auditor.describe_model_package(ModelPackageName=arn)["ModelPackageArn"] == arn
    _denied(
        lambda: auditor.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Rejected")
    )
    _denied(lambda: auditor.create_model_package(**_register_params("PendingManualApproval")))


def test_moto_does_not_read_the_condition_key(enforced: World) -> None:
    """Pins moto's gap down: if this starts failing, moto began evaluating the key.

    On AWS the builder's Pending registration and card-only update are allowed (see
    test_infra_separation_of_duties.py). moto ignores the conditions, so the builder's
    conditional denies act as unconditional ones and refuse both.
    """
    arn = enforced.pending_version()
    builder = enforced.builder
    _denied(lambda: builder.create_model_package(**_register_params("PendingManualApproval")))
    _denied(
        lambda: builder.update_model_package(
            ModelPackageArn=arn,
            ModelCard={"ModelCardContent": json.dumps({"model_overview": {"model_creator": "ds"}})},
        )
    )
    # The same session is not broken: a read its policy allows without conditions goes through.
    assert builder.describe_model_package(ModelPackageName=arn)["ModelPackageArn"] == arn


def test_moto_cannot_evaluate_a_trust_policy_with_a_service_principal(enforced: World) -> None:
    """Pins moto's gap down: if this starts failing, enforce the builder's trust policy too."""
    with pytest.raises(TypeError):
        _assume(enforced.people["builder"], enforced.role("builder"))


def test_only_the_officer_writes_ledger_entries(enforced: World) -> None:
    """moto enforces the roles' S3 statements (not the bucket policy, which moto's
    CloudFormation does not create; test_infra_ledger.py evaluates both together)."""
    bucket = enforced.stack.outputs["LedgerBucketName"]
    entry = f"decisions/{ACCOUNT}/{REGION}/credit-risk/1/1.json"

    def s3(duty: str) -> Any:
        return _assume(enforced.people[duty], enforced.role(duty)).client("s3")

    officer = s3("officer")
    # WHEN the officer writes an entry under the prefix THEN it lands, and every duty reads it
    officer.put_object(Bucket=bucket, Key=entry, Body=b'{"seq": 1}')
    assert officer.get_object(Bucket=bucket, Key=entry)["Body"].read() == b'{"seq": 1}'
    assert s3("auditor").get_object(Bucket=bucket, Key=entry)["Body"].read() == b'{"seq": 1}'
    # AND the officer cannot write outside the prefix (no statement allows it)
    _denied(lambda: officer.put_object(Bucket=bucket, Key="elsewhere/1.json", Body=b"{}"))
    # AND the builder and the auditor cannot write an entry (their explicit denies)
    _denied(lambda: enforced.builder_s3.put_object(Bucket=bucket, Key=entry, Body=b"{}"))
    _denied(lambda: s3("auditor").put_object(Bucket=bucket, Key=entry, Body=b"{}"))
