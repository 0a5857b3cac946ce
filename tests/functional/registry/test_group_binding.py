"""ensure_group on the local SageMaker: idempotent, bound to one DataZone project."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from sm_governance.errors import AwsError, GovernanceError, NotFoundError, ValidationError
from sm_governance.registry import DATAZONE_PROJECT_TAG, ModelRegistry

from .conftest import PROJECT, Calls


def _tags(client: Any, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in client.list_tags(ResourceArn=arn)["Tags"]}


def test_a_new_group_is_created_with_its_datazone_binding(
    registry: ModelRegistry, sagemaker_client: Any, calls: Calls
) -> None:
    # WHEN a data scientist ensures a group that does not exist yet
    group = registry.ensure_group(
        "churn", description="Churn models", datazone_project_id=PROJECT, tags={"team": "ds"}
    )
    # THEN it is created, bound to the project by a tag, in two calls
    assert group.created
    assert group.datazone_project_id == PROJECT
    assert calls.names == ["DescribeModelPackageGroup", "CreateModelPackageGroup"]
    described = sagemaker_client.describe_model_package_group(ModelPackageGroupName="churn")
    assert described["ModelPackageGroupArn"] == group.arn
    assert described["ModelPackageGroupDescription"] == "Churn models"
    assert _tags(sagemaker_client, group.arn) == {DATAZONE_PROJECT_TAG: PROJECT, "team": "ds"}


def test_ensuring_again_changes_nothing(registry: ModelRegistry, calls: Calls) -> None:
    first = registry.ensure_group("churn", datazone_project_id=PROJECT)
    calls.reset()
    again = registry.ensure_group("churn", datazone_project_id=PROJECT)
    assert not again.created
    assert (again.arn, again.datazone_project_id) == (first.arn, PROJECT)
    assert calls.names == ["DescribeModelPackageGroup", "ListTags"]


def test_a_group_bound_to_another_project_is_never_rebound(
    registry: ModelRegistry, sagemaker_client: Any, calls: Calls
) -> None:
    group = registry.ensure_group("churn", datazone_project_id=PROJECT)
    calls.reset()
    with pytest.raises(GovernanceError, match="is bound to DataZone project"):
        registry.ensure_group("churn", datazone_project_id="another-project")
    assert "AddTags" not in calls.names
    assert _tags(sagemaker_client, group.arn)[DATAZONE_PROJECT_TAG] == PROJECT


def test_an_unbound_group_is_bound_by_adding_the_tag(
    registry: ModelRegistry, sagemaker_client: Any, calls: Calls
) -> None:
    arn = sagemaker_client.create_model_package_group(ModelPackageGroupName="legacy")[
        "ModelPackageGroupArn"
    ]
    group = registry.ensure_group("legacy", datazone_project_id=PROJECT, description="ignored")
    assert not group.created
    assert group.datazone_project_id == PROJECT
    assert group.description is None  # an existing group keeps its description
    assert calls.names == ["DescribeModelPackageGroup", "ListTags", "AddTags"]
    assert _tags(sagemaker_client, arn) == {DATAZONE_PROJECT_TAG: PROJECT}


def test_a_group_tagged_by_datazone_itself_counts_as_bound(
    registry: ModelRegistry, sagemaker_client: Any
) -> None:
    sagemaker_client.create_model_package_group(
        ModelPackageGroupName="dz", Tags=[{"Key": "AmazonDataZoneProject", "Value": PROJECT}]
    )
    group = registry.ensure_group("dz", datazone_project_id=PROJECT)
    assert group.datazone_project_id == PROJECT
    assert DATAZONE_PROJECT_TAG not in group.tags
    with pytest.raises(GovernanceError):
        registry.ensure_group("dz", datazone_project_id="elsewhere")


def test_an_existing_group_named_by_arn_is_checked(registry: ModelRegistry) -> None:
    group = registry.ensure_group("churn", datazone_project_id=PROJECT)
    by_arn = registry.ensure_group(group.arn, datazone_project_id=PROJECT)
    assert (by_arn.name, by_arn.arn, by_arn.created) == ("churn", group.arn, False)


def test_a_missing_group_named_by_arn_is_never_created(
    registry: ModelRegistry, sagemaker_client: Any
) -> None:
    arn = "arn:aws:sagemaker:us-east-1:210987654321:model-package-group/shared"
    with pytest.raises(NotFoundError):
        registry.ensure_group(arn, datazone_project_id=PROJECT)
    assert sagemaker_client.list_model_package_groups()["ModelPackageGroupSummaryList"] == []


def test_a_group_created_by_someone_else_meanwhile_is_adopted(
    registry: ModelRegistry, sagemaker_client: Any, calls: Calls
) -> None:
    # GIVEN another process creates the group between our describe and our create
    def create_first(**_: Any) -> None:
        sagemaker_client.create_model_package_group(
            ModelPackageGroupName="churn",
            Tags=[{"Key": DATAZONE_PROJECT_TAG, "Value": PROJECT}],
        )

    registry.client.meta.events.register_first(
        "before-call.sagemaker.CreateModelPackageGroup", create_first
    )
    # WHEN we ensure it THEN our create fails and the group is adopted after a re-read
    group = registry.ensure_group("churn", datazone_project_id=PROJECT)
    assert not group.created
    assert group.datazone_project_id == PROJECT
    assert calls.names == [
        "DescribeModelPackageGroup",
        "CreateModelPackageGroup",
        "DescribeModelPackageGroup",
        "ListTags",
    ]


def test_a_failed_create_of_a_still_missing_group_is_raised(registry: ModelRegistry) -> None:
    # GIVEN SageMaker refuses the create (here: the account's group quota is used up)
    def refuse(**_: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "ResourceLimitExceeded", "Message": "too many groups"}},
            "CreateModelPackageGroup",
        )

    registry.client.meta.events.register_first(
        "before-call.sagemaker.CreateModelPackageGroup", refuse
    )
    # THEN the refusal surfaces, since the group still does not exist
    with pytest.raises(AwsError) as caught:
        registry.ensure_group("churn")
    assert caught.value.code == "ResourceLimitExceeded"


def test_invalid_input_makes_no_call(registry: ModelRegistry, calls: Calls) -> None:
    with pytest.raises(ValidationError) as caught:
        registry.ensure_group("churn_models", datazone_project_id="no spaces allowed")
    assert caught.value.paths == ["name", "datazone_project_id"]
    assert calls.names == []
