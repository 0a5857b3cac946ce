"""The answer of a verification: is this approval proven, and if not, why not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["VerifyResult"]


@dataclass(frozen=True)
class VerifyResult:
    """Whether a version's approval is proven by the ledger.

    Attributes:
        arn: the version.
        verified: ``True`` only when there are no problems.
        problems: one line per problem (``drift: the card changed ...``, ``no ledger entry``,
            ``signature invalid at 2``, ``chain broken at 3``, ``self-approved: ...``).
        decision: the decision entry checked, when there is one: the latest in the ledger
            or, while a re-certification round is still collecting approvals, the last
            approval of the round in force (its signature may be among the problems).
        subject_digest: the version's subject digest now.

    Example:
        >>> VerifyResult("arn", problems=("no ledger entry",)).verified
        False
    """

    arn: str
    problems: tuple[str, ...] = ()
    decision: dict[str, Any] | None = None
    subject_digest: str | None = None

    @property
    def verified(self) -> bool:
        """Whether the approval is proven (no problems at all)."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """``{"arn", "verified", "problems", "decision", "subject_digest"}``."""
        return {
            "arn": self.arn,
            "verified": self.verified,
            "problems": list(self.problems),
            "decision": self.decision,
            "subject_digest": self.subject_digest,
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
