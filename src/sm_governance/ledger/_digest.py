"""The subject digest: what a decision is about, as one versioned hash.

A version's subject is everything a deployment uses or a reviewer judged, taken from one
``DescribeModelPackage`` answer and grouped in *parts* so that drift can be named:

- ``identity``: group, version, and the DataZone project and domain IDs;
- ``card``: the card content (parsed and re-encoded canonically, so formatting does not
  count; content that is not JSON is hashed as its text);
- ``inference``: ``InferenceSpecification`` and ``AdditionalInferenceSpecifications``
  (images, image digests, model data URLs and sources with their ETags, environment);
- ``metrics``: ``ModelMetrics`` and ``DriftCheckBaselines``;
- ``source``: ``SourceUri``, ``SourceAlgorithmSpecification``, ``ValidationSpecification``;
- ``security``: ``SecurityConfig``;
- ``task``: ``Domain``, ``Task``, ``SamplePayloadUrl``, ``ModelPackageDescription``,
  ``SkipModelValidation``.

Not part of the subject: approval status and description, card status, lifecycle stage,
times, who created or modified the version, and any other metadata (governance
bookkeeping a decision itself changes).

The digest is ``sha256:v1:<hex>``: the SHA-256 of the canonical JSON of
``{"v": 1, "parts": {part: hex, ...}}``, where each part's hex is the SHA-256 of its
canonical JSON. The ``v1`` names this algorithm; a new algorithm gets a new number.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Final

from sm_governance.ledger._canonical import canonical_json

__all__ = [
    "DIGEST_VERSION",
    "PART_NAMES",
    "digest_of_parts",
    "drifted_parts",
    "subject_digest",
    "subject_parts",
]

DIGEST_VERSION: Final = "v1"
_PREFIX: Final = f"sha256:{DIGEST_VERSION}:"

PART_NAMES: Final[dict[str, str]] = {
    "identity": "the group, version or DataZone IDs",
    "card": "the card",
    "inference": "the inference specification (images, model data, environment)",
    "metrics": "the model metrics or drift check baselines",
    "source": "the source or validation specification",
    "security": "the security configuration",
    "task": "the domain, task, sample payload or description",
}
_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "inference": ("InferenceSpecification", "AdditionalInferenceSpecifications"),
    "metrics": ("ModelMetrics", "DriftCheckBaselines"),
    "source": ("SourceUri", "SourceAlgorithmSpecification", "ValidationSpecification"),
    "security": ("SecurityConfig",),
    "task": (
        "Domain",
        "Task",
        "SamplePayloadUrl",
        "ModelPackageDescription",
        "SkipModelValidation",
    ),
}
_DATAZONE_KEYS: Final = ("datazone_project_id", "datazone_domain_id")


def plain(value: Any) -> Any:
    """A JSON-ready copy of a botocore value (times become ISO text, bytes base64)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat()
    if isinstance(value, (bytes, bytearray)):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _card(description: Mapping[str, Any]) -> Any:
    content = (description.get("ModelCard") or {}).get("ModelCardContent")
    if content is None:
        return None
    try:
        parsed = json.loads(content)
        canonical_json(parsed)
    except (ValueError, RecursionError):
        return {"text": str(content)}
    return {"json": parsed}


def subject_parts(description: Mapping[str, Any]) -> dict[str, str]:
    """The SHA-256 (hex) of each part of a version's subject (see the module doc).

    Args:
        description: a ``DescribeModelPackage`` response.
    """
    metadata = description.get("CustomerMetadataProperties") or {}
    version = description.get("ModelPackageVersion")
    material: dict[str, Any] = {
        "identity": {
            "group": description.get("ModelPackageGroupName"),
            "version": int(version) if version is not None else None,
            **{key: metadata.get(key) for key in _DATAZONE_KEYS},
        },
        "card": _card(description),
    }
    for part, fields in _FIELDS.items():
        material[part] = {f: plain(description[f]) for f in fields if f in description}
    return {part: hashlib.sha256(canonical_json(material[part])).hexdigest() for part in PART_NAMES}


def digest_of_parts(parts: Mapping[str, str]) -> str:
    """The subject digest made from :func:`subject_parts`."""
    body = canonical_json({"v": 1, "parts": dict(parts)})
    return _PREFIX + hashlib.sha256(body).hexdigest()


def subject_digest(description: Mapping[str, Any]) -> str:
    """The subject digest of a version, ``sha256:v1:<64 hex>`` (pure; see the module doc).

    Args:
        description: a ``DescribeModelPackage`` response.

    Example:
        >>> subject_digest({"ModelPackageGroupName": "credit", "ModelPackageVersion": 1})[:10]
        'sha256:v1:'
    """
    return digest_of_parts(subject_parts(description))


def drifted_parts(signed: Mapping[str, Any] | None, now: Mapping[str, str]) -> list[str]:
    """The names of the parts that differ between a signed record and now (all if unknown)."""
    if not isinstance(signed, Mapping):
        return list(PART_NAMES)
    return [part for part in PART_NAMES if signed.get(part) != now.get(part)]
