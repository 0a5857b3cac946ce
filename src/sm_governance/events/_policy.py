"""Finding the gate's policy for a group: a file, an S3 object, or a group's named policy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_governance.errors import Problem, ValidationError, map_client_errors

if TYPE_CHECKING:
    from sm_governance.policy import Policy

__all__ = ["POLICY_TAG", "PolicyNotNamedError", "PolicySource"]

#: The model package group tag that names a group's policy in a policy folder.
POLICY_TAG = "governance:policy"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class PolicyNotNamedError(ValidationError):
    """The group has no ``governance:policy`` tag (a policy folder needs one per group)."""


class PolicySource:
    """Loads (and caches per process) the policy that applies to a model package group.

    Args:
        where: ``SMGOV_POLICY``: a file path, ``s3://bucket/key``, or ``s3://bucket/prefix/``.
        s3: an S3 client, for ``s3://`` sources.
        sagemaker: a SageMaker client, for a folder (to read the group's tag).
    """

    def __init__(self, where: str, *, s3: Any = None, sagemaker: Any = None) -> None:
        self._where = where
        self._s3 = s3
        self._sagemaker = sagemaker
        self._cache: dict[str, Policy] = {}

    @property
    def is_folder(self) -> bool:
        """Whether each group names its policy (``s3://bucket/prefix/``)."""
        return self._where.startswith("s3://") and self._where.endswith("/")

    def for_group(self, group_arn: str) -> Policy:
        """The policy for the group with this ARN.

        Raises:
            PolicyNotNamedError: the group names no policy.
            ValidationError: the policy (the single one, or the one the group names in the
                folder) does not exist or is not valid.
        """
        from sm_governance.errors import NotFoundError

        if not self.is_folder:
            try:
                return self._load(self._where)
            except NotFoundError as exc:
                raise ValidationError(
                    [Problem("SMGOV_POLICY", f"{self._where} does not exist")],
                    subject="event handler configuration",
                ) from exc
        name = self._group_policy_name(group_arn)
        uri = self._where + name + ".yaml"
        try:
            return self._load(uri)
        except NotFoundError as exc:
            raise ValidationError(
                [Problem(POLICY_TAG, f"names the policy {name!r}, but {uri} does not exist")],
                subject=group_arn,
            ) from exc

    def _group_policy_name(self, group_arn: str) -> str:
        with map_client_errors("ListTags"):
            tags = self._sagemaker.list_tags(ResourceArn=group_arn).get("Tags", [])
        names = [t["Value"] for t in tags if t.get("Key") == POLICY_TAG]
        if not names:
            raise PolicyNotNamedError(
                [Problem(POLICY_TAG, f"the group has no {POLICY_TAG} tag naming its policy")],
                subject=group_arn,
            )
        name = str(names[0])
        if not _NAME.match(name):
            raise ValidationError(
                [Problem(POLICY_TAG, "is not a policy name (letters, digits, _ . -)")],
                subject=group_arn,
            )
        return name

    def _load(self, where: str) -> Policy:
        if where in self._cache:
            return self._cache[where]
        if where.startswith("s3://"):
            from sm_governance.policy._s3 import load_s3_policy

            policy = load_s3_policy(where, lambda: self._s3)
        else:
            from sm_governance.policy import load_policy

            policy = load_policy(Path(where))
        self._cache[where] = policy
        return policy
