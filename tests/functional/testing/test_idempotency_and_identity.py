"""ClientToken idempotency, and CreatedBy/LastModifiedBy carrying the real caller."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from sm_governance.testing import People, assume_role, create_user


def test_same_token_and_request_give_the_same_version(
    sagemaker_client: Any, group: str, make_request: Any
) -> None:
    # GIVEN a registration with a client token
    request = make_request(ClientToken="register-run-42")
    first = sagemaker_client.create_model_package(**request)["ModelPackageArn"]
    # WHEN it is retried
    again = sagemaker_client.create_model_package(**request)["ModelPackageArn"]
    # THEN the same ARN, and no second version
    assert again == first
    listed = sagemaker_client.list_model_packages(ModelPackageGroupName=group)
    assert [p["ModelPackageArn"] for p in listed["ModelPackageSummaryList"]] == [first]


def test_same_token_with_a_different_request_is_a_conflict(
    sagemaker_client: Any, group: str, make_request: Any
) -> None:
    sagemaker_client.create_model_package(**make_request(ClientToken="tok-1"))
    with pytest.raises(ClientError) as caught:
        sagemaker_client.create_model_package(
            **make_request(ClientToken="tok-1", ModelPackageDescription="another model")
        )
    assert caught.value.response["Error"]["Code"] == "ConflictException"
    assert (
        len(
            sagemaker_client.list_model_packages(ModelPackageGroupName=group)[
                "ModelPackageSummaryList"
            ]
        )
        == 1
    )


def test_without_a_token_every_call_registers(sagemaker_client: Any, register: Any) -> None:
    assert register() != register()


def test_created_by_and_last_modified_by_are_the_callers(
    two_people: People, group: str, make_request: Any
) -> None:
    # GIVEN a registrant and an officer, each with their own access key
    registrant = two_people.registrant.client("sagemaker")
    officer = two_people.officer.client("sagemaker")
    # WHEN the registrant registers and the officer approves
    arn = registrant.create_model_package(**make_request())["ModelPackageArn"]
    before = registrant.describe_model_package(ModelPackageName=arn)
    officer.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    after = officer.describe_model_package(ModelPackageName=arn)
    # THEN SageMaker records who did what, as IamIdentity ARNs
    assert before["CreatedBy"]["IamIdentity"]["Arn"] == two_people.registrant.arn
    assert "LastModifiedBy" not in before
    assert after["CreatedBy"]["IamIdentity"]["Arn"] == two_people.registrant.arn
    assert after["LastModifiedBy"]["IamIdentity"]["Arn"] == two_people.officer.arn
    assert two_people.registrant.arn.endswith(":user/data-scientist")
    assert two_people.officer.arn != two_people.registrant.arn


def test_identity_matches_sts_get_caller_identity(
    aws_session: Any, group: str, make_request: Any
) -> None:
    # GIVEN a person behind an assumed role
    person = assume_role("MLEngineer", session_name="alice", session=aws_session)
    sm = person.client("sagemaker")
    # WHEN they register
    arn = sm.create_model_package(**make_request())["ModelPackageArn"]
    created_by = sm.describe_model_package(ModelPackageName=arn)["CreatedBy"]["IamIdentity"]
    # THEN CreatedBy is the same principal STS reports
    me = person.client("sts").get_caller_identity()
    assert created_by["Arn"] == me["Arn"] == person.arn
    assert created_by["Arn"] == "arn:aws:sts::123456789012:assumed-role/MLEngineer/alice"
    assert created_by["PrincipalId"] == me["UserId"]


def test_default_credentials_are_the_default_moto_user(
    sagemaker_client: Any, sts_client: Any, register: Any
) -> None:
    arn = register()
    created_by = sagemaker_client.describe_model_package(ModelPackageName=arn)["CreatedBy"]
    assert created_by["IamIdentity"]["Arn"] == sts_client.get_caller_identity()["Arn"]


def test_group_created_by(aws_session: Any) -> None:
    person = create_user("platform", session=aws_session)
    sm = person.client("sagemaker")
    sm.create_model_package_group(ModelPackageGroupName="g1")
    described = sm.describe_model_package_group(ModelPackageGroupName="g1")
    assert described["CreatedBy"]["IamIdentity"]["Arn"] == person.arn
