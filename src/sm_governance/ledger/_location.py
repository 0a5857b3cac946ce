"""Where the ledger lives: ``s3://BUCKET/PREFIX``, and where a version's entries are in it.

A version's entries are under ``PREFIX/<account>/<region>/<group>/<version>/``, every part
taken from the version's ARN as SageMaker returned it. One bucket may serve several accounts
and regions (a central governance account): ``credit-risk/1`` of two accounts or two regions
are two versions, so they get two folders. The partition is left out: region codes belong to
one partition each (``us-east-1``, ``cn-north-1``, ``us-gov-west-1``), so the region already
names it, and a bucket is reachable only from its own partition. Account first, so that a
bucket policy can confine each account's principals to ``PREFIX/${aws:PrincipalAccount}/*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sm_governance.errors import Problem, ValidationError

__all__ = ["LedgerLocation"]

# Amazon S3 general purpose bucket naming rules: 3-63 characters, lowercase letters, digits,
# dots and hyphens, beginning and ending with a letter or digit.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
# leaves room for "/<account>/<region>/<group>/<version>/<seq>.json" within S3's 1,024-byte keys
_MAX_PREFIX = 512


@dataclass(frozen=True)
class LedgerLocation:
    """A ledger's bucket and key prefix.

    Example:
        >>> LedgerLocation.parse("s3://governance-ledger/decisions").prefix
        'decisions'
    """

    bucket: str
    prefix: str = ""

    @classmethod
    def parse(cls, url: str, *, field: str = "ledger") -> LedgerLocation:
        """Parse ``s3://BUCKET`` or ``s3://BUCKET/PREFIX``.

        Raises:
            ValidationError: not such a URL (one problem naming ``field``).
        """
        text = url.strip() if isinstance(url, str) else ""
        if not text.startswith("s3://"):
            raise ValidationError(
                [Problem(field, f"must be s3://BUCKET/PREFIX; got {url!r}")], subject="ledger"
            )
        bucket, _, prefix = text[5:].partition("/")
        prefix = prefix.strip("/")
        problems: list[Problem] = []
        if not _BUCKET.fullmatch(bucket) or ".." in bucket:
            problems.append(
                Problem(field, f"bucket {bucket!r} is not a valid S3 bucket name (S3 naming rules)")
            )
        if len(prefix.encode("utf-8")) > _MAX_PREFIX:
            problems.append(Problem(field, f"prefix must be at most {_MAX_PREFIX} bytes"))
        if problems:
            raise ValidationError(problems, subject="ledger")
        return cls(bucket, prefix)

    @property
    def url(self) -> str:
        """``s3://BUCKET/PREFIX``."""
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def folder(self, arn: str) -> str:
        """The key prefix of one version's entries (ends with ``/``), from its ARN.

        Raises:
            ValidationError: ``arn`` is not a model package version ARN.

        Example:
            >>> LedgerLocation("ledger", "decisions").folder(
            ...     "arn:aws:sagemaker:eu-west-1:111122223333:model-package/credit-risk/3"
            ... )
            'decisions/111122223333/eu-west-1/credit-risk/3/'
        """
        from sm_governance.registry._arns import parse_version_arn

        ref = parse_version_arn(arn)
        if isinstance(ref, Problem):
            raise ValidationError([ref], subject="ledger")
        head = f"{self.prefix}/" if self.prefix else ""
        return f"{head}{ref.account}/{ref.region}/{ref.group}/{ref.version}/"
