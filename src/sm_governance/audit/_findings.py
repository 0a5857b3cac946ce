"""Posture findings: one problem with one version, in words an auditor reads.

=======================  ==========  ========================================================
kind                     severity    meaning
=======================  ==========  ========================================================
``self_approved``        critical    the approver is the registrant (the same person)
``drift``                critical    the version changed after its approval was signed
``unverified_approval``  high        Approved without a valid signed ledger decision
``quorum_missing``       high        fewer distinct officers approved than the policy needs
``approval_expired``     medium      the policy's re-certification interval has passed
``policy_unavailable``   high        the policy (the single one, or the one the group names)
                                     cannot be read: quorum and re-certification were not
                                     checked
``card_not_approved``    medium      an Approved version whose card is Draft or PendingReview
``no_datazone_project``  low         the version names no Amazon DataZone project
=======================  ==========  ========================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "KINDS",
    "SEVERITIES",
    "Finding",
    "findings_from_verification",
    "sarif_text",
    "severity_at_least",
]

#: Severity names, most severe first.
SEVERITIES: Final = ("critical", "high", "medium", "low")

#: Every finding kind: its severity and one line on what it means.
KINDS: Final[dict[str, tuple[str, str]]] = {
    "self_approved": ("critical", "The approver is the person who registered the version."),
    "drift": ("critical", "The version changed after its approval was signed."),
    "unverified_approval": (
        "high",
        "The version is Approved without a valid signed decision in the ledger.",
    ),
    "quorum_missing": (
        "high",
        "Fewer distinct officers approved the version than its policy requires.",
    ),
    "policy_unavailable": (
        "high",
        "The policy that applies to the version's group cannot be read, so its quorum and "
        "review interval were not checked.",
    ),
    "approval_expired": ("medium", "The approval is older than the policy's review interval."),
    "card_not_approved": (
        "medium",
        "The version is Approved but its model card is Draft or PendingReview.",
    ),
    "no_datazone_project": ("low", "The version names no Amazon DataZone project."),
}


@dataclass(frozen=True)
class Finding:
    """One posture problem with one model package version.

    Example:
        >>> Finding("arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1", "drift",
        ...         "the card changed since the decision of 2026-01-01").severity
        'critical'
    """

    arn: str
    kind: str
    message: str

    @property
    def severity(self) -> str:
        """``critical``, ``high``, ``medium`` or ``low`` (fixed per kind)."""
        return KINDS[self.kind][0]

    def to_json(self) -> dict[str, str]:
        """``{"arn", "kind", "severity", "message"}``."""
        return {
            "arn": self.arn,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
        }


def severity_at_least(severity: str, threshold: str) -> bool:
    """Whether ``severity`` is ``threshold`` or more severe."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


#: verify's problem for an ``anomaly`` entry recording that SageMaker saw the registrant
#: write the approval (a self-approval seen only after the status write).
_SELF_APPROVAL_ANOMALY = re.compile(r"anomaly at ([1-9][0-9]*): self-approval: ")
#: The start of each problem verify names an entry that does not verify with (the position
#: always comes first, before any text quoted from the entry).
_UNPROVEN = re.compile(r"(?:signature invalid at|chain broken at|entry) ([1-9][0-9]*)\b")
#: verify's problem for an entry whose ``seq`` is not its position: the ``seq`` it claims
#: (which its anomaly problem names) is unproven too.
_CLAIMED = re.compile(r"chain broken at [1-9][0-9]*: the entry says seq ([0-9]+)")


def _kind_of(problem: str, unproven: set[str]) -> str:
    # By the fixed word verify starts each problem with, never by words further on: those
    # can quote text someone else wrote (an entry's fields, an object key in the ledger).
    text = problem.lower()
    if text.startswith("drift"):
        return "drift"
    if text.startswith("self-approved:"):
        return "self_approved"
    anomaly = _SELF_APPROVAL_ANOMALY.match(problem)
    if anomaly is not None and anomaly.group(1) not in unproven:
        return "self_approved"  # recorded by the approval itself, in an entry that verifies
    if text.startswith("quorum:"):
        return "quorum_missing"
    return "unverified_approval"


def findings_from_verification(arn: str, problems: list[str]) -> list[Finding]:
    """Turn ``verify``'s problems into findings, one per kind (messages joined)."""
    unproven = {m.group(1) for p in problems if (m := _UNPROVEN.match(p))}
    unproven |= {m.group(1) for p in problems if (m := _CLAIMED.fullmatch(p))}
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        grouped.setdefault(_kind_of(problem, unproven), []).append(problem)
    return [Finding(arn, kind, "; ".join(texts)) for kind, texts in grouped.items()]


def sarif_text(text: str) -> str:
    """``text`` as a SARIF plain-text message that shows exactly as written.

    A finding's message can hold text from people the auditor does not control (a ledger
    entry's fields, an object key planted in the bucket). SARIF viewers render
    ``[text](target)`` in a plain-text message as a link (SARIF 2.1.0, 3.11.6) and replace
    ``{0}`` with an argument (3.11.5): brackets and backslashes are escaped with a backslash,
    braces doubled, and control and bidirectional characters shown as escapes.

    Example:
        >>> sarif_text("see [here](https://example.com) {0}")
        'see \\\\[here\\\\](https://example.com) {{0}}'
    """
    from sm_governance._untrusted import visible

    escaped = visible(text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return escaped.replace("{", "{{").replace("}", "}}")


def to_sarif(findings: list[Finding], *, version: str) -> dict[str, Any]:
    """The findings as a SARIF 2.1.0 log, one rule per kind, one result per finding.

    Messages go through :func:`sarif_text`, so no text in them acts as a link or a
    placeholder in a SARIF viewer.
    """
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    rules = [
        {
            "id": kind,
            "name": "".join(part.title() for part in kind.split("_")),
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": levels[severity]},
            "properties": {"severity": severity},
        }
        for kind, (severity, text) in KINDS.items()
    ]
    index = {kind: i for i, kind in enumerate(KINDS)}
    results = [
        {
            "ruleId": f.kind,
            "ruleIndex": index[f.kind],
            "level": levels[f.severity],
            "message": {"text": sarif_text(f.message)},
            "locations": [
                {
                    "logicalLocations": [
                        {"fullyQualifiedName": f.arn, "kind": "resource", "name": f.arn}
                    ]
                }
            ],
            "properties": {"severity": f.severity, "arn": f.arn},
        }
        for f in findings
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sm-governance",
                        "version": version,
                        "informationUri": "https://github.com/sm-governance/sm-governance",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
