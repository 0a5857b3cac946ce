"""ensure_group's checks and requests: a group is bound to one DataZone project."""

from __future__ import annotations

import pytest

from sm_governance.errors import GovernanceError, ValidationError
from sm_governance.registry import DATAZONE_PROJECT_TAG
from sm_governance.registry._groups import (
    bound_project,
    check_binding,
    create_group_params,
    prepare_group,
    tags_to_dict,
)


def test_a_new_group_request_carries_the_binding_tag() -> None:
    request = prepare_group(
        "churn",
        description="Churn models",
        datazone_project_id="proj-1",
        datazone_domain_id="dzd_abc",
        tags={"team": "risk"},
    )
    assert create_group_params(request) == {
        "ModelPackageGroupName": "churn",
        "ModelPackageGroupDescription": "Churn models",
        "Tags": [
            {"Key": "team", "Value": "risk"},
            {"Key": "datazone_project_id", "Value": "proj-1"},
            {"Key": "datazone_domain_id", "Value": "dzd_abc"},
        ],
    }


def test_a_bare_group_request() -> None:
    assert create_group_params(prepare_group("churn")) == {"ModelPackageGroupName": "churn"}


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare_group(
            "bad_name",
            description="bell\x07",
            datazone_project_id="not a project!",
            datazone_domain_id="4p9n6sw4qt9xgn",
            tags={"aws:x": "y", DATAZONE_PROJECT_TAG: "other"},
        )
    assert caught.value.paths == [
        "name",
        "description",
        "datazone_project_id",
        "datazone_domain_id",
        "tags['aws:x']",
        "tags['datazone_project_id']",
    ]
    assert caught.value.subject == "model package group"


def test_tags_must_be_a_mapping() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare_group("g", tags=[("team", "ds")])
    assert caught.value.paths == ["tags"]


def test_the_binding_tag_may_be_passed_once_consistently() -> None:
    request = prepare_group("g", datazone_project_id="p", tags={DATAZONE_PROJECT_TAG: "p"})
    assert request.tags == {DATAZONE_PROJECT_TAG: "p"}


def test_too_many_tags_with_the_binding() -> None:
    with pytest.raises(ValidationError, match="at most 50 tags in all"):
        prepare_group("g", datazone_project_id="p", tags={f"k{i}": "v" for i in range(50)})


def test_binding_reads_the_products_tag_then_aliases() -> None:
    assert bound_project({}) is None
    assert bound_project({"AmazonDataZoneProject": "dz"}) == "dz"
    assert bound_project({DATAZONE_PROJECT_TAG: "ours", "AmazonDataZoneProject": "dz"}) == "ours"


def test_a_group_bound_elsewhere_is_refused() -> None:
    check_binding("g", {DATAZONE_PROJECT_TAG: "p"}, "p")
    check_binding("g", {}, "p")
    check_binding("g", {DATAZONE_PROJECT_TAG: "p"}, None)
    with pytest.raises(GovernanceError, match="bound to DataZone project 'p', not 'q'"):
        check_binding("g", {DATAZONE_PROJECT_TAG: "p"}, "q")


def test_tags_to_dict() -> None:
    assert tags_to_dict(None) == {}
    assert tags_to_dict([{"Key": "a", "Value": "1"}, {"Key": "b"}]) == {"a": "1", "b": ""}
