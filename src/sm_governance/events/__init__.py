"""Governance on every registration: an AWS Lambda handler for model package state changes.

Point an EventBridge rule for ``"SageMaker Model Package State Change"`` at
``sm_governance.events.handler`` (``infra/continuous.yaml`` does). New versions get the policy
gate's outcome recorded on them; Approved versions are verified again on every change, and an
approval that no longer holds is sent back to ``PendingManualApproval`` (or only reported).

Example:
    >>> from sm_governance.events import handler
    >>> handler({"source": "aws.events", "detail-type": "Scheduled Event"})  # doctest: +SKIP
    {'action': 'ignored', 'reason': 'not a model package version state change'}
"""

from __future__ import annotations

from sm_governance.events._config import HandlerConfig
from sm_governance.events._handler import DETAIL_TYPE, Runtime, handle, handler

__all__ = ["DETAIL_TYPE", "HandlerConfig", "Runtime", "handle", "handler"]
