"""Model package groups: the checks and requests behind ``ModelRegistry.ensure_group``.

A group is bound to at most one Amazon DataZone project, recorded as the tag
:data:`~sm_governance.registry.DATAZONE_PROJECT_TAG`. ``ensure_group`` creates a missing group
with that tag, binds an existing unbound group by adding it, accepts a group already bound to
the same project, and refuses (never overwrites) a group bound to another project.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sm_governance.errors import (
    AwsError,
    GovernanceError,
    NotFoundError,
    Problem,
    ValidationError,
    map_client_errors,
)
from sm_governance.registry._arns import GroupRef, parse_group
from sm_governance.registry._checks import (
    LIMITS,
    check_datazone_domain,
    check_datazone_id,
    check_description,
    check_tags,
)
from sm_governance.registry._keys import (
    DATAZONE_DOMAIN_TAG,
    DATAZONE_PROJECT_TAG,
    DATAZONE_PROJECT_TAG_ALIASES,
)

__all__ = [
    "GroupRequest",
    "ModelGroup",
    "bound_project",
    "check_binding",
    "create_group_params",
    "ensure",
    "prepare_group",
    "tags_to_dict",
]


@dataclass(frozen=True)
class ModelGroup:
    """A model package group as ``ensure_group`` left it.

    Attributes:
        name: the group's name.
        arn: the group's ARN.
        description: ``ModelPackageGroupDescription``.
        datazone_project_id: the DataZone project the group is bound to, if any.
        tags: the group's tags after the call.
        created: whether this call created the group.

    Example:
        >>> g = ModelGroup(name="churn", arn="arn:aws:sagemaker:us-east-1:111122223333:"
        ...                "model-package-group/churn", datazone_project_id="p1")
        >>> g.datazone_project_id
        'p1'
    """

    name: str
    arn: str
    description: str | None = None
    datazone_project_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    created: bool = False


@dataclass(frozen=True)
class GroupRequest:
    """A checked ``ensure_group`` request."""

    ref: GroupRef
    description: str | None
    datazone_project_id: str | None
    datazone_domain_id: str | None
    tags: dict[str, str]


def prepare_group(
    name: object,
    *,
    description: object = None,
    datazone_project_id: object = None,
    datazone_domain_id: object = None,
    tags: object = None,
) -> GroupRequest:
    """Check every argument of ``ensure_group``; raise one error listing every problem."""
    problems: list[Problem] = []
    ref = parse_group(name, "name")
    if isinstance(ref, Problem):
        problems.append(ref)
    if description is not None:
        problems += check_description(
            description, "description", max_len=LIMITS["EntityDescription"]
        )
    if datazone_project_id is not None:
        problems += check_datazone_id(datazone_project_id, "datazone_project_id")
    if datazone_domain_id is not None:
        problems += check_datazone_domain(datazone_domain_id, "datazone_domain_id")
    merged: dict[str, str] = {}
    if tags is not None:
        problems += check_tags(tags, "tags")
        if isinstance(tags, Mapping):
            merged.update({str(k): v for k, v in tags.items()})
    for key, value in (
        (DATAZONE_PROJECT_TAG, datazone_project_id),
        (DATAZONE_DOMAIN_TAG, datazone_domain_id),
    ):
        if value is None:
            continue
        if key in merged and merged[key] != value:
            problems.append(
                Problem(f"tags[{key!r}]", f"contradicts {key}; pass the ID once, as {key}")
            )
        merged[key] = str(value)
    if len(merged) > LIMITS["TagList"]:
        problems.append(Problem("tags", f"must have at most {LIMITS['TagList']} tags in all"))
    if problems or isinstance(ref, Problem):
        raise ValidationError(problems, subject="model package group")
    return GroupRequest(
        ref=ref,
        description=description if isinstance(description, str) else None,
        datazone_project_id=datazone_project_id if isinstance(datazone_project_id, str) else None,
        datazone_domain_id=datazone_domain_id if isinstance(datazone_domain_id, str) else None,
        tags=merged,
    )


def tags_to_dict(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """SageMaker's ``[{"Key": k, "Value": v}]`` as a dict."""
    return {str(tag["Key"]): str(tag.get("Value", "")) for tag in tags or ()}


def bound_project(tags: Mapping[str, str]) -> str | None:
    """The DataZone project a group's tags bind it to (the product's tag, then aliases)."""
    for key in (DATAZONE_PROJECT_TAG, *DATAZONE_PROJECT_TAG_ALIASES):
        value = tags.get(key)
        if value:
            return value
    return None


def check_binding(group_name: str, tags: Mapping[str, str], wanted: str | None) -> None:
    """Refuse a group bound to another DataZone project than ``wanted``.

    Raises:
        GovernanceError: the group is already bound to a different project.
    """
    current = bound_project(tags)
    if wanted is not None and current is not None and current != wanted:
        raise GovernanceError(
            f"model package group {group_name!r} is bound to DataZone project {current!r}, "
            f"not {wanted!r}; a group is never rebound (use another group, or retag it "
            "deliberately outside sm-governance)"
        )


def create_group_params(request: GroupRequest) -> dict[str, Any]:
    """The ``CreateModelPackageGroup`` parameters for a checked request."""
    params: dict[str, Any] = {"ModelPackageGroupName": request.ref.name}
    if request.description is not None:
        params["ModelPackageGroupDescription"] = request.description
    if request.tags:
        params["Tags"] = [{"Key": k, "Value": v} for k, v in request.tags.items()]
    return params


def ensure(client: Any, request: GroupRequest) -> ModelGroup:
    """Carry out a checked ``ensure_group`` request with ``client``."""
    try:
        described = _describe(client, request.ref.value)
    except NotFoundError:
        if request.ref.is_arn:
            raise
        return _create(client, request)
    return _adopt(client, request, described)


def _describe(client: Any, name: str) -> dict[str, Any]:
    with map_client_errors("DescribeModelPackageGroup"):
        return dict(client.describe_model_package_group(ModelPackageGroupName=name))


def _create(client: Any, request: GroupRequest) -> ModelGroup:
    try:
        with map_client_errors("CreateModelPackageGroup"):
            response = client.create_model_package_group(**create_group_params(request))
    except AwsError as exc:
        # Another process may have created the group since we looked: adopt it if so.
        try:
            described = _describe(client, request.ref.value)
        except NotFoundError:
            raise exc from None
        return _adopt(client, request, described)
    return ModelGroup(
        name=request.ref.name,
        arn=response["ModelPackageGroupArn"],
        description=request.description,
        datazone_project_id=request.datazone_project_id,
        tags=dict(request.tags),
        created=True,
    )


def _tags(client: Any, arn: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    kwargs: dict[str, Any] = {"ResourceArn": arn}
    with map_client_errors("ListTags"):
        while True:
            page = client.list_tags(**kwargs)
            tags.update(tags_to_dict(page.get("Tags")))
            token = page.get("NextToken")
            if not token:
                return tags
            kwargs["NextToken"] = token


def _adopt(client: Any, request: GroupRequest, described: Mapping[str, Any]) -> ModelGroup:
    arn = str(described["ModelPackageGroupArn"])
    group_name = str(described.get("ModelPackageGroupName") or request.ref.name)
    tags = _tags(client, arn)
    check_binding(group_name, tags, request.datazone_project_id)
    missing = {k: v for k, v in request.tags.items() if k not in tags}
    if bound_project(tags) is not None:
        # never add a second binding next to an alias tag that already binds the group
        missing.pop(DATAZONE_PROJECT_TAG, None)
        missing.pop(DATAZONE_DOMAIN_TAG, None)
    if missing:
        with map_client_errors("AddTags"):
            client.add_tags(
                ResourceArn=arn, Tags=[{"Key": k, "Value": v} for k, v in missing.items()]
            )
        tags.update(missing)
    return ModelGroup(
        name=group_name,
        arn=arn,
        description=described.get("ModelPackageGroupDescription"),
        datazone_project_id=bound_project(tags),
        tags=tags,
        created=False,
    )
