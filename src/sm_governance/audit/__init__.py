"""Governance after the click: re-certification that falls due, and an account-wide audit.

- :func:`scan_due`: Approved versions whose approval is older than the policy's
  ``review_every`` at their risk rating (``smgov due``).
- :func:`scan`: every version's posture, as :class:`Finding` objects (``smgov audit``), with
  :func:`to_sarif` for security tooling.

Both read SageMaker in ``Search`` pages of 100 versions and each Approved version's ledger.

Example:
    >>> from sm_governance.audit import Finding
    >>> Finding("arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1",
    ...         "no_datazone_project", "The version names no DataZone project.").severity
    'low'
"""

from __future__ import annotations

from sm_governance.audit._due import DueItem, scan_due
from sm_governance.audit._findings import KINDS, SEVERITIES, Finding, severity_at_least, to_sarif
from sm_governance.audit._scan import AuditReport, scan

__all__ = [
    "KINDS",
    "SEVERITIES",
    "AuditReport",
    "DueItem",
    "Finding",
    "scan",
    "scan_due",
    "severity_at_least",
    "to_sarif",
]
