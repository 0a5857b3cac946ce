"""The policy gate on the command line: which policy applies, cards from files, JUnit XML.

``smgov check`` takes version ARNs and card files alike: a file is read and checked locally
(no region, credentials or network), an ARN with one ``DescribeModelPackage``. ``approve``
asks :func:`policy_for_approval` which policy to run; it never skips the gate silently.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sm_governance.policy import Policy, PolicyReport

__all__ = [
    "POLICY_ENV",
    "CardCheck",
    "is_remote",
    "junit_xml",
    "policy_for_approval",
]

#: The environment variable naming the default policy (a file path or an ``s3://`` URI).
POLICY_ENV = "SMGOV_POLICY"

# XML 1.0 allows neither C0 controls (other than tab, newline, carriage return) nor these.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_remote(source: str) -> bool:
    """Whether ``source`` names a version in AWS (an ARN, or ``GROUP/VERSION`` that is no file)."""
    from sm_governance.cli._context import REF

    if source.startswith("arn:"):
        return True
    return REF.fullmatch(source) is not None and not Path(source).exists()


def policy_for_approval(option: str | Path | None, no_policy: bool) -> tuple[str | None, str]:
    """The policy an approval runs, and where that choice came from.

    Returns ``(policy, origin)``: ``policy`` is a path or URI (``None`` with ``--no-policy``),
    ``origin`` is ``--policy``, ``SMGOV_POLICY`` or ``--no-policy``.

    Raises:
        ValueError: with the message for the user, when both or neither are given.
    """
    if option is not None and no_policy:
        raise ValueError("give either --policy or --no-policy, not both")
    if option is not None:
        return os.fspath(option), "--policy"
    if no_policy:
        return None, "--no-policy"
    default = os.environ.get(POLICY_ENV, "").strip()
    if default:
        return default, POLICY_ENV
    raise ValueError(
        "approve runs the policy gate: give --policy FILE, set SMGOV_POLICY to a default "
        "policy file, or pass --no-policy to approve without a gate (recorded as not-run)"
    )


def load_named_policy(source: str, s3: Callable[[], Any]) -> Policy:
    """Load the policy at a path, a bundled policy's name or an ``s3://BUCKET/KEY`` URI.

    The S3 client ``s3()`` (the command's, from its settings) is made only for an ``s3://``
    location: a file needs no AWS.
    """
    if not source.startswith("s3://"):
        from sm_governance.policy import load_policy

        return load_policy(source)
    from sm_governance.policy._s3 import load_s3_policy

    return load_s3_policy(source, s3)


@dataclass
class CardCheck:
    """One card checked against the policy: its report, or why it could not be checked."""

    source: str
    report: PolicyReport | None = None
    subject_digest: str | None = None
    error: str | None = None
    kind: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Whether the card was read and passed every rule."""
        return self.report is not None and self.report.passed

    def to_dict(self) -> dict[str, Any]:
        """JSON data: the source, then the report's keys (or the error)."""
        if self.report is not None:
            return {
                "source": self.source,
                **self.report.to_dict(),
                "subject_digest": self.subject_digest,
            }
        return {
            "source": self.source,
            "passed": False,
            "error": {"kind": self.kind, "message": self.error},
        }


def _text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def junit_xml(checks: list[CardCheck], policy: str) -> bytes:
    """A JUnit XML report: one test suite per card, one test case per rule.

    A failed rule is a ``<failure>``, a card that could not be read an ``<error>``, a
    ``when`` rule for another risk rating ``<skipped>``. Card text is untrusted: it is
    escaped by the XML writer, and characters XML cannot carry become U+FFFD.
    """
    root = ET.Element("testsuites", name=_text(f"smgov check --policy {policy}"))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for check in checks:
        suite = ET.SubElement(root, "testsuite", name=_text(check.source))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if check.report is None:
            case = ET.SubElement(suite, "testcase", classname=_text(check.source), name="card")
            error = ET.SubElement(case, "error", type=_text(check.kind or "error"))
            error.set("message", _text(check.error or ""))
            counts["tests"] += 1
            counts["errors"] += 1
        else:
            for rule in check.report.rules:
                case = ET.SubElement(
                    suite, "testcase", classname=_text(check.source), name=_text(rule.rule)
                )
                counts["tests"] += 1
                if not rule.passed:
                    failure = ET.SubElement(case, "failure", type="policy")
                    failure.set("message", _text(rule.reason))
                    failure.text = _text(f"seen: {rule.seen!r}")
                    counts["failures"] += 1
            for rule in check.report.not_applicable:
                case = ET.SubElement(
                    suite, "testcase", classname=_text(check.source), name=_text(rule.rule)
                )
                ET.SubElement(case, "skipped", message=_text(rule.reason))
                counts["tests"] += 1
                counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
