"""Names and ARNs of model package groups and versions, parsed and checked locally.

Wherever the registry takes a group it accepts either the group's name (in the caller's
account) or the group's ARN, which may be in another account (a cross-account registry shared
with a resource policy). Versions are named by their ARN
(``arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>``) or, for reads, by
any name ``DescribeModelPackage`` accepts.

The patterns are SageMaker's own (``EntityName``, ``ArnOrName``, ``ModelPackageArn`` in the
service model), anchored; a string that fails them is a :class:`~sm_governance.errors.Problem`
naming the field, before any AWS call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sm_governance.errors import Problem

__all__ = ["GroupRef", "VersionRef", "check_version_name", "parse_group", "parse_version_arn"]

_NAME = r"[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}"
_NAME_RE = re.compile(_NAME)
_PREFIX = r"arn:(aws[a-z-]*):sagemaker:([a-z0-9-]*):([0-9]{12})"
_GROUP_ARN_RE = re.compile(rf"{_PREFIX}:model-package-group/({_NAME})")
_VERSION_ARN_RE = re.compile(rf"{_PREFIX}:model-package/({_NAME})/([0-9]{{1,9}})")
_ANY_ARN_RE = re.compile(rf"{_PREFIX}:([a-z-]*)/(.*)")
_VERSIONED_NAME_RE = re.compile(rf"(?:{_PREFIX}:[a-z-]*/)?{_NAME}(?:/[0-9]{{1,9}})?")

_GROUP_MAX = 170
_VERSION_NAME_MAX = 176
_PACKAGE_ARN_MAX = 2048
_NAME_RULE = "must be 1-63 letters, digits or hyphens, starting and ending with a letter or digit"


@dataclass(frozen=True)
class GroupRef:
    """A model package group named by the caller.

    ``value`` is what goes to SageMaker (the name, or the ARN as given); ``name`` is the
    group's name; ``account`` and ``region`` are known only for an ARN.
    """

    value: str
    name: str
    arn: str | None = None
    account: str | None = None
    region: str | None = None

    @property
    def is_arn(self) -> bool:
        """Whether the group was named by ARN (possibly in another account)."""
        return self.arn is not None


@dataclass(frozen=True)
class VersionRef:
    """The parts of a model package version ARN."""

    arn: str
    partition: str
    region: str
    account: str
    group: str
    version: int


def parse_group(value: object, path: str = "group") -> GroupRef | Problem:
    """Parse a group name or ARN; a :class:`Problem` at ``path`` when it is neither."""
    if not isinstance(value, str):
        return Problem(path, "must be a model package group name or ARN (a string)")
    if not value:
        return Problem(path, "must not be empty")
    if len(value) > _GROUP_MAX:
        return Problem(path, f"must be at most {_GROUP_MAX} characters")
    if value.startswith("arn:"):
        match = _GROUP_ARN_RE.fullmatch(value)
        if match is not None:
            _, region, account, name = match.groups()
            return GroupRef(value=value, name=name, arn=value, account=account, region=region)
        other = _ANY_ARN_RE.fullmatch(value)
        if other is not None and other.group(4) == "model-package":
            return Problem(path, "is a model package version ARN, not a model package group ARN")
        return Problem(
            path,
            "is not a model package group ARN "
            "(arn:aws:sagemaker:<region>:<account>:model-package-group/<name>)",
        )
    if not _NAME_RE.fullmatch(value):
        return Problem(path, f"is not a valid group name: {_NAME_RULE}")
    return GroupRef(value=value, name=value)


def parse_version_arn(value: object, path: str = "arn") -> VersionRef | Problem:
    """Parse a model package version ARN; a :class:`Problem` at ``path`` when it is not one."""
    if not isinstance(value, str):
        return Problem(path, "must be a model package version ARN (a string)")
    if len(value) > _PACKAGE_ARN_MAX:
        return Problem(path, f"must be at most {_PACKAGE_ARN_MAX} characters")
    match = _VERSION_ARN_RE.fullmatch(value)
    if match is None:
        if _GROUP_ARN_RE.fullmatch(value):
            return Problem(path, "is a model package group ARN, not a version ARN")
        return Problem(
            path,
            "is not a model package version ARN "
            "(arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>)",
        )
    partition, region, account, group, version = match.groups()
    return VersionRef(
        arn=value,
        partition=partition,
        region=region,
        account=account,
        group=group,
        version=int(version),
    )


def check_version_name(value: object, path: str = "arn_or_name") -> Problem | None:
    """Check a name ``DescribeModelPackage`` accepts: a version ARN or a package name."""
    if not isinstance(value, str):
        return Problem(path, "must be a model package version ARN or name (a string)")
    if not value:
        return Problem(path, "must not be empty")
    if value.startswith("arn:"):
        problem = parse_version_arn(value, path)
        return problem if isinstance(problem, Problem) else None
    if len(value) > _VERSION_NAME_MAX or not _VERSIONED_NAME_RE.fullmatch(value):
        return Problem(path, "is neither a model package version ARN nor a model package name")
    return None
