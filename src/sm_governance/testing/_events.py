"""The "SageMaker Model Package State Change" event, put on moto's default EventBridge bus.

SageMaker sends this event when a model package version is created and when its approval status
or its ``ModelLifeCycle`` changes. The detail follows the example in the SageMaker developer
guide ("Events that Amazon SageMaker AI sends to Amazon EventBridge"): the package's
description with times as ISO 8601 strings. The model card content is sensitive and is never
part of an event.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

__all__ = ["DETAIL_TYPE", "SOURCE", "build_detail", "put_state_change"]

SOURCE = "aws.sagemaker"
DETAIL_TYPE = "SageMaker Model Package State Change"

# DescribeModelPackage members that go into the detail, in the documented order.
_DETAIL_KEYS = (
    "ModelPackageGroupName",
    "ModelPackageVersion",
    "ModelPackageArn",
    "ModelPackageName",
    "ModelPackageDescription",
    "CreationTime",
    "InferenceSpecification",
    "ModelPackageStatus",
    "ModelPackageStatusDetails",
    "CertifyForMarketplace",
    "ModelApprovalStatus",
    "ApprovalDescription",
    "MetadataProperties",
    "ModelMetrics",
    "CustomerMetadataProperties",
    "ModelLifeCycle",
    "CreatedBy",
    "LastModifiedTime",
    "LastModifiedBy",
)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def build_detail(description: Mapping[str, Any]) -> dict[str, Any]:
    """The event detail for a package, from its ``DescribeModelPackage`` response.

    Args:
        description: the package as DescribeModelPackage returns it.

    Returns:
        A JSON-ready dict: the documented members that are present, without the model card.
    """
    return {key: _iso(description[key]) for key in _DETAIL_KEYS if key in description}


def put_state_change(account_id: str, region: str, description: Mapping[str, Any]) -> None:
    """Put a state change event for a package on the account's default event bus in moto.

    moto fills in the envelope (``id``, ``time``, ``account``, ``region``) itself.
    """
    from moto.events.models import events_backends

    detail = build_detail(description)
    events_backends[account_id][region].put_events(
        [
            {
                "Source": SOURCE,
                "DetailType": DETAIL_TYPE,
                "Detail": json.dumps(detail, default=str),
                "Resources": [description["ModelPackageArn"]],
            }
        ]
    )
